"""Wires the dataset importers (``ingest.datasets``) to the store: ``pledgewatch import-events``.

Streaming and constant memory: rows are read one at a time, mapped to claims and written in batches
of ``batch_size``, one transaction per batch, so an interrupted import keeps whole batches and running
it again completes it (ids are stable; stored ids are skipped). Re-importing a file adds nothing.

A large file is mapped in a second process while this one writes (two cores busy instead of one; a
thread would not help, the mapping is pure Python and holds the GIL). At most two mapped batches wait
between them, so memory stays flat whatever the file size.

Where the time goes (``benchmarks/importing.py``): the mapping process parses, maps and encodes each
batch for the backend (only the values that differ from row to row, see ``store.datasets``; COPY
text for PostgreSQL), so the writing process hands batches to the database with little work of its
own. The writer is then bound by the database: SQLite's B-tree and index inserts, PostgreSQL's COPY
(indexes, WAL; the claim JSON columns are plain ``json``, not ``jsonb``, since migration 0005).
On SQLite the batches run without per-row foreign-key checks (every row names the file's document,
checked once per batch) in files created with 16 KiB pages (``store.engine``); at a million rows
the writer then keeps up with the mapping process, which bounds the import.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import pickle
import queue
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import Engine

from pledgewatch.config import Settings
from pledgewatch.errors import IngestError, PledgewatchError, StoreError
from pledgewatch.ingest.datasets import (
    FORMATS,
    DatasetActors,
    DatasetFile,
    MappingContext,
    RowProblem,
    open_dataset,
)
from pledgewatch.models import Document, Source
from pledgewatch.store.datasets import (
    ROW_ID,
    ROW_TEXT,
    DatasetClaims,
    DatasetRows,
    StoredClaimRef,
    dataset_row,
    encode_dataset_rows,
)

logger = logging.getLogger(__name__)

ProgressFactory = Callable[[str, int | None], Callable[[int], None]]
BATCH_SIZE = 10_000
# the report lists the first problem lines of each reason (the counts cover them all), so a rare
# rejected row is listed even in a file with thousands of minor problems
MAX_PROBLEMS_PER_REASON = 100
PARALLEL_MIN_BYTES = 32 * 1024 * 1024  # below this, starting a second process costs more than it saves


@dataclass
class ImportReport:
    """What an import did: counts for every row read, and the first problems with their lines."""

    path: str
    format: str = ""
    source: str = ""
    document_id: str = ""
    encoding: str = ""
    bytes: int = 0
    document_stored: bool = False
    rows: int = 0  # data rows read (the header not counted)
    imported: int = 0  # new claims
    already_stored: int = 0  # rows whose claim an earlier import of this file stored
    stored_from_other_file: int = 0  # the same dataset key stored earlier from another file
    changed_since_stored: int = 0  # ... whose row differs now (a newer export): the stored claim was kept
    rejected: int = 0  # rows not imported (each has a problem)
    imported_with_problems: int = 0
    problems_by_reason: Counter[str] = field(default_factory=Counter)
    problems: list[RowProblem] = field(default_factory=list)  # the first of each reason, by line
    rules: Counter[str] = field(default_factory=Counter)  # mapping rules used (see each format's docs)
    note_documents: int = 0
    note_claims: int = 0
    notices: list[str] = field(default_factory=list)
    seconds: float = 0.0
    _listed: Counter[str] = field(default_factory=Counter, repr=False)

    @property
    def problem_count(self) -> int:
        return sum(self.problems_by_reason.values())

    def add_problem(self, problem: RowProblem, *, counted: bool = False) -> None:
        if not counted:
            self.problems_by_reason[problem.reason] += 1
        if self._listed[problem.reason] < MAX_PROBLEMS_PER_REASON:
            self._listed[problem.reason] += 1
            self.problems.append(problem)

    def counts(self) -> dict[str, int]:
        return {
            "rows": self.rows,
            "imported": self.imported,
            "already_stored": self.already_stored,
            "stored_from_other_file": self.stored_from_other_file,
            "changed_since_stored": self.changed_since_stored,
            "rejected": self.rejected,
            "imported_with_problems": self.imported_with_problems,
            "note_documents": self.note_documents,
            "note_claims": self.note_claims,
        }


def _no_progress(label: str, total: int | None) -> Callable[[int], None]:
    return lambda n=1: None


def _byte_progress(progress: ProgressFactory | None, label: str, total: int) -> Callable[[int], None]:
    advance = (progress or _no_progress)(label, total)
    done = 0

    def at(position: int) -> None:
        nonlocal done
        if position > done:
            advance(position - done)
            done = position

    return at


def import_events(
    path: str | Path,
    *,
    engine: Engine,
    settings: Settings,
    fmt: str = "auto",
    encoding: str | None = None,
    extract_notes: bool = False,
    knowledge=None,
    progress: ProgressFactory | None = None,
    batch_size: int = BATCH_SIZE,
    workers: int | None = None,
    extractor=None,
) -> ImportReport:
    """Import an ACLED, UCDP GED or GTD file: one document for the file, one claim per row.

    A file the importer cannot read at all (missing columns, unknown format, wrong encoding) raises
    ``IngestError`` before anything is written; bad rows never stop it (see ``ImportReport``).
    ``workers``: 2 maps rows in a second process while this one writes, 1 does both here; by default
    2 for files over 32 MiB. ``extract_notes`` also runs the claim extractor over each row's notes
    (ACLED ``notes``, GTD ``summary``, UCDP ``source_headline``): every note becomes a small document of
    its own, with the dataset as its source and the event date as its publication date, so the
    extractor's spans index into it and what the notes attribute to others ("BLA claim five soldiers
    were killed") sits beside the coded figure as attributed claims.
    """
    from pledgewatch.pipeline import Knowledge
    from pledgewatch.store import session_scope, upsert_source
    from pledgewatch.store.datasets import add_dataset_document
    from pledgewatch.store.engine import without_foreign_key_checks

    started = time.perf_counter()
    path = Path(path)
    size = path.stat().st_size if path.is_file() else 0
    dataset = open_dataset(
        path, fmt=fmt, encoding=encoding, on_bytes=_byte_progress(progress, "Checking", size)
    )
    knowledge = knowledge or Knowledge(settings)
    source = knowledge.sources.resolve(dataset.format.source_name)
    if source.kind == "unknown":
        source = Source(name=dataset.format.source_name, kind="dataset", affiliation=None)
    report = ImportReport(
        path=str(path),
        format=dataset.format.name,
        source=source.name,
        document_id=dataset.document_id,
        encoding=dataset.source.encoding,
        bytes=dataset.scan.size,
        notices=list(dataset.notices),
    )
    document = Document(
        id=dataset.document_id,
        path=str(path),
        title=f"{dataset.format.label} export {path.name}",
        source=source.name,
        published=None,
        published_from="none",
        language=None,
        media_type="text/csv",
        text=dataset.header_text,
    )
    with session_scope(engine) as session:
        upsert_source(session, source=source)
        report.document_stored = add_dataset_document(session, document=document, header=dataset.header_bytes)

    if extract_notes and extractor is None:
        from pledgewatch.extract import Extractor

        extractor = Extractor(settings=settings, actors=knowledge.actors, gazetteer=knowledge.gazetteer)
    if workers is None:
        workers = (
            2
            if dataset.scan.size >= PARALLEL_MIN_BYTES and not extract_notes and (os.cpu_count() or 1) > 1
            else 1
        )
    shared = DatasetClaims(
        document_id=dataset.document_id, extractor=dataset.format.importer, created_at=datetime.now(UTC)
    )
    dialect = engine.dialect.name + ("+psycopg" if engine.dialect.driver == "psycopg" else "")
    writer = _BatchWriter(
        # rows of a dataset name one document, checked once per batch instead of once per row; with
        # --extract-notes the batches also store note documents and their claims: checked as usual
        engine=engine if extractor is not None else without_foreign_key_checks(engine),
        dataset=dataset,
        report=report,
        shared=shared,
        extractor=extractor,
    )
    at = _byte_progress(progress, "Importing", dataset.scan.size)
    context = MappingContext(
        actors=DatasetActors.load(knowledge.actors, _dataset_actors_path(settings)),
        gazetteer=knowledge.gazetteer,
        with_notes=extract_notes,
    )
    if workers > 1 and not extract_notes:
        batches = _map_in_child_process(
            dataset, settings=settings, batch_size=batch_size, shared=shared, dialect=dialect, mapping=context
        )
    else:
        batches = _map_batches(dataset, context, batch_size, shared=shared, dialect=dialect)
    # Batches make no reference cycles; with the cyclic collector on, receiving one (a few hundred
    # thousand new objects) sets it off again and again over the whole heap. Off while rows stream
    # through (not while the extractor runs here: its objects may), back as it was afterwards.
    collecting = gc.isenabled()
    if extractor is None:
        gc.disable()
    try:
        for batch in batches:
            writer.write(batch)
            at(batch.position)
    finally:
        if collecting:
            gc.enable()
    at(dataset.scan.size)
    report.problems.sort(key=lambda problem: problem.line)
    report.seconds = time.perf_counter() - started
    logger.info("imported %s: %s", path, report.counts())
    return report


def _dataset_actors_path(settings: Settings) -> Path | None:
    if settings.knowledge_dir is None:
        return None
    candidate = Path(settings.knowledge_dir) / "dataset_actors.yaml"
    return candidate if candidate.is_file() else None


# --- mapping: rows -> claim rows, in batches ---------------------------------------------------


@dataclass
class MappedBatch:
    """Up to ``batch_size`` rows mapped to ``dataset_row`` values and encoded for the store, with what
    the mapping found. A row whose id an earlier row of the batch has is left out here (a duplicate)."""

    rows: DatasetRows | None = None
    lines: list[int] = field(default_factory=list)
    flagged: list[bool] = field(default_factory=list)  # the row has (non-rejecting) problems
    notes: list[Document | None] = field(default_factory=list)  # only with --extract-notes
    problems: list[RowProblem] = field(default_factory=list)  # the first of each reason
    problem_counts: Counter[str] = field(default_factory=Counter)
    rules: Counter[str] = field(default_factory=Counter)
    read: int = 0
    rejected: int = 0
    position: int = 0  # bytes of the file read so far

    def add_problem(self, problem: RowProblem) -> None:
        self.problem_counts[problem.reason] += 1
        if self.problem_counts[problem.reason] <= MAX_PROBLEMS_PER_REASON:
            self.problems.append(problem)


def _map_batches(
    dataset: DatasetFile, context: MappingContext, batch_size: int, *, shared: DatasetClaims, dialect: str
) -> Iterator[MappedBatch]:
    position = 0

    def at(value: int) -> None:
        nonlocal position
        position = value

    batch = MappedBatch()
    rows: list[tuple] = []
    seen: dict[str, int] = {}  # id -> index in rows
    for outcome in dataset.rows(context, on_bytes=at):
        batch.read += 1
        for problem in outcome.problems:
            batch.add_problem(problem)
        if outcome.rules:
            batch.rules.update(outcome.rules)
        claim = outcome.claim_data
        if claim is None:
            batch.rejected += 1
            continue
        row = dataset_row(claim)
        first = seen.get(row[ROW_ID])
        if first is not None:
            # the same id twice in one batch: a duplicate row (or key) of this file
            batch.rejected += 1
            batch.add_problem(
                _duplicate_problem(
                    dataset.format,
                    row[ROW_ID],
                    outcome.line,
                    earlier=f"line {batch.lines[first]}",
                    same_text=rows[first][ROW_TEXT] == row[ROW_TEXT],
                )
            )
            continue
        seen[row[ROW_ID]] = len(rows)
        rows.append(row)
        batch.lines.append(outcome.line)
        batch.flagged.append(bool(outcome.problems))
        if context.with_notes:
            batch.notes.append(outcome.note)
        if len(rows) >= batch_size:
            batch.rows = encode_dataset_rows(rows, shared=shared, dialect=dialect)
            batch.position = position
            yield batch
            batch, rows, seen = MappedBatch(), [], {}
    batch.rows = encode_dataset_rows(rows, shared=shared, dialect=dialect)
    batch.position = dataset.scan.size
    yield batch


def _duplicate_problem(fmt, claim_id: str, line: int, *, earlier: str, same_text: bool) -> RowProblem:
    from_hash = claim_id.startswith(f"{fmt.name.replace('-', '_')}_r")
    if from_hash or same_text:
        detail = "apart from the unnamed index column " if from_hash and not same_text else ""
        return RowProblem(
            line,
            "duplicate_row",
            f"the same values as {earlier} {detail}(claim {claim_id}): imported once; if these are "
            f"distinct events, the file needs its {fmt.key_column} column",
        )
    return RowProblem(
        line,
        "duplicate_key",
        f"{fmt.key_column} of claim {claim_id} is already used by {earlier}; the first row was kept",
    )


def _child_main(
    dataset: DatasetFile,
    settings: Settings,
    batch_size: int,
    shared: DatasetClaims,
    dialect: str,
    spool: str,
    out: multiprocessing.Queue,
    context: MappingContext | None = None,
) -> None:
    """In the mapping process: build the knowledge once (unless a forked child got the parent's
    ``context``), map every row, hand batches back (each pickled into a file of ``spool``, its name
    through ``out``)."""
    # this process only maps and exits: rows make no reference cycles, so the cyclic collector
    # would only walk the growing heap again and again (about a tenth of the mapping time)
    gc.disable()
    try:
        if context is None:
            from pledgewatch.pipeline import Knowledge

            knowledge = Knowledge(settings)
            context = MappingContext(
                actors=DatasetActors.load(knowledge.actors, _dataset_actors_path(settings)),
                gazetteer=knowledge.gazetteer,
            )
        for number, batch in enumerate(
            _map_batches(dataset, context, batch_size, shared=shared, dialect=dialect)
        ):
            path = os.path.join(spool, f"batch-{number}.pickle")
            with open(path, "wb") as handle:
                pickle.dump(batch, handle, protocol=pickle.HIGHEST_PROTOCOL)
            out.put(("batch", path))
        out.put(("done", None))
    except PledgewatchError as error:
        out.put(("error", (type(error).__name__, error.problem, error.where, error.hint)))
    except Exception as error:  # reported to the parent, which raises it as a StoreError
        out.put(("error", ("Exception", f"{type(error).__name__}: {error}", str(dataset.path), None)))


def _map_in_child_process(
    dataset: DatasetFile,
    *,
    settings: Settings,
    batch_size: int,
    shared: DatasetClaims,
    dialect: str,
    mapping: MappingContext,
) -> Iterator[MappedBatch]:
    # fork where there is one: spawn would re-run a user's script that lacks an `if __name__ ==
    # "__main__"` guard. The child touches no inherited connection and leaves through os._exit, so
    # nothing the parent holds is closed or flushed from it.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    # Batches travel as files (in memory where /dev/shm exists), not through the queue's pipe: a
    # pipe moves a 20 MiB batch 64 KiB at a time and the receiving side, which also writes, paid
    # for every piece. At most two wait (the queue's bound), so the folder stays small.
    spool = tempfile.TemporaryDirectory(prefix="pledgewatch-import-", dir=_spool_parent())
    out = context.Queue(maxsize=2)
    child = context.Process(
        target=_child_main,
        # a forked child shares the parent's knowledge as it is; a spawned one loads its own
        args=(dataset, settings, batch_size, shared, dialect, spool.name, out)
        + ((mapping,) if method == "fork" else ()),
        name="pledgewatch-import-mapper",
        daemon=True,
    )
    child.start()
    try:
        while True:
            try:
                kind, payload = out.get(timeout=1.0)
            except queue.Empty:
                if not child.is_alive():
                    raise StoreError(
                        f"the mapping process stopped unexpectedly (exit code {child.exitcode})",
                        where=dataset.path,
                        hint="run again with workers=1 to see the error in this process",
                    ) from None
                continue
            if kind == "batch":
                with open(payload, "rb") as handle:
                    data = handle.read()
                os.unlink(payload)
                yield pickle.loads(data)
            elif kind == "done":
                return
            else:
                name, problem, where, hint = payload
                error_class = IngestError if name == "IngestError" else StoreError
                raise error_class(problem, where=where, hint=hint)
    finally:
        if child.is_alive():
            child.terminate()
        child.join(timeout=5)
        out.close()
        spool.cleanup()


def _spool_parent() -> str | None:
    shm = "/dev/shm"
    return shm if os.path.isdir(shm) and os.access(shm, os.W_OK) else None


# --- writing ---------------------------------------------------------------------------------


class _BatchWriter:
    """Writes mapped batches, one transaction each, and counts what happened to every row."""

    def __init__(
        self,
        *,
        engine: Engine,
        dataset: DatasetFile,
        report: ImportReport,
        shared: DatasetClaims,
        extractor=None,
    ):
        self.engine = engine
        self.dataset = dataset
        self.report = report
        self.shared = shared
        self.extractor = extractor

    def write(self, batch: MappedBatch) -> None:
        from pledgewatch.store import session_scope
        from pledgewatch.store.datasets import add_dataset_rows

        report = self.report
        report.rows += batch.read
        report.rejected += batch.rejected
        report.imported_with_problems += sum(batch.flagged)
        report.problems_by_reason.update(batch.problem_counts)
        for problem in batch.problems:
            report.add_problem(problem, counted=True)
        report.rules.update(batch.rules)
        if batch.rows is None or not len(batch.rows):
            return
        # a file imported before (or partly, then interrupted) has stored rows: check before writing;
        # a new file is written straight away and checked only if some rows were not new
        careful = not report.document_stored or self.extractor is not None
        with session_scope(self.engine) as session:
            # Decision: on PostgreSQL an import's batches commit without waiting for the WAL flush
            # (the next batch is sent while the server writes the last one to disk). Trade-off: a
            # server crash can lose the last few batches committed before it (whole batches, never
            # part of one); running the import again stores them, as after any interruption.
            written = add_dataset_rows(
                session, rows=batch.rows, shared=self.shared, skip_stored=careful, wait_for_flush=False
            )
            report.imported += written.inserted
            if written.stored:
                for index, claim_id in enumerate(batch.rows.ids):
                    found = written.stored.get(claim_id)
                    if found is not None:
                        self._stored(batch, index, *found)
            if self.extractor is not None and batch.notes:
                notes = [
                    note
                    for claim_id, note in zip(batch.rows.ids, batch.notes, strict=True)
                    if claim_id not in written.stored
                ]
                self._extract_notes(session, notes)

    def _stored(self, batch: MappedBatch, index: int, ref: StoredClaimRef, text: str) -> None:
        """Count a row whose claim id was stored already: a re-import, another file, a duplicate."""
        report = self.report
        if ref.document_id != self.dataset.document_id:
            report.stored_from_other_file += 1
            if ref.text != text:
                report.changed_since_stored += 1
        elif ref.span_start == batch.rows.span_starts[index]:
            report.already_stored += 1
        else:
            claim_id = batch.rows.ids[index]
            report.rejected += 1
            if batch.flagged[index]:
                report.imported_with_problems -= 1
            report.add_problem(
                _duplicate_problem(
                    self.dataset.format,
                    claim_id,
                    batch.lines[index],
                    earlier="an earlier row of this file",
                    same_text=ref.text == text,
                )
            )

    def _extract_notes(self, session, notes: list[Document | None]) -> None:
        from pledgewatch.store import add_document, replace_machine_claims

        extractor_id = f"{self.extractor.name}/{self.extractor.version}"
        for note in notes:
            if note is None:
                continue
            if not add_document(session, document=note, raw=note.text.encode("utf-8")):
                continue  # the same note text is stored (and was read) already
            claims = self.extractor.extract(note)
            self.report.note_documents += 1
            self.report.note_claims += replace_machine_claims(
                session, document_id=note.id, extractor=extractor_id, claims=claims
            )


def format_names() -> list[str]:
    return ["auto", *FORMATS]
