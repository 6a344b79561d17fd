"""Wires the dataset importers (``ingest.datasets``) to the store: ``pledgewatch import-events``.

Streaming and constant memory: rows are read one at a time, mapped to claims and written in batches
of ``batch_size``, one transaction per batch, so an interrupted import keeps whole batches and running
it again completes it (ids are stable; stored ids are skipped). Re-importing a file adds nothing.

A large file is mapped in a second process while this one writes (two cores busy instead of one; a
thread would not help, the mapping is pure Python and holds the GIL). At most two mapped batches wait
between them, so memory stays flat whatever the file size.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
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
from pledgewatch.store.datasets import ROW_ID, ROW_SPAN_START, ROW_TEXT, claim_row

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
    writer = _BatchWriter(engine=engine, dataset=dataset, report=report, extractor=extractor)
    at = _byte_progress(progress, "Importing", dataset.scan.size)
    if workers > 1 and not extract_notes:
        batches = _map_in_child_process(dataset, settings=settings, batch_size=batch_size)
    else:
        context = MappingContext(
            actors=DatasetActors.load(knowledge.actors, _dataset_actors_path(settings)),
            gazetteer=knowledge.gazetteer,
            with_notes=extract_notes,
        )
        batches = _map_batches(dataset, context, batch_size)
    for batch in batches:
        writer.write(batch)
        at(batch.position)
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
    """Up to ``batch_size`` rows mapped to ``claim_row`` tuples, with what the mapping found."""

    rows: list[tuple] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    flagged: list[bool] = field(default_factory=list)  # the row has (non-rejecting) problems
    notes: list[Document | None] = field(default_factory=list)  # only with --extract-notes
    problems: list[RowProblem] = field(default_factory=list)  # the first of each reason
    problem_counts: Counter[str] = field(default_factory=Counter)
    rules: Counter[str] = field(default_factory=Counter)
    read: int = 0
    rejected: int = 0
    position: int = 0  # bytes of the file read so far


def _map_batches(dataset: DatasetFile, context: MappingContext, batch_size: int) -> Iterator[MappedBatch]:
    document_id = dataset.document_id
    position = 0

    def at(value: int) -> None:
        nonlocal position
        position = value

    batch = MappedBatch()
    for outcome in dataset.rows(context, on_bytes=at):
        batch.read += 1
        if outcome.problems:
            for problem in outcome.problems:
                batch.problem_counts[problem.reason] += 1
                if batch.problem_counts[problem.reason] <= MAX_PROBLEMS_PER_REASON:
                    batch.problems.append(problem)
        if outcome.rules:
            batch.rules.update(outcome.rules)
        if outcome.claim_data is None:
            batch.rejected += 1
            continue
        batch.rows.append(claim_row(outcome.claim_data, document_id=document_id))
        batch.lines.append(outcome.line)
        batch.flagged.append(bool(outcome.problems))
        if context.with_notes:
            batch.notes.append(outcome.note)
        if len(batch.rows) >= batch_size:
            batch.position = position
            yield batch
            batch = MappedBatch()
    batch.position = dataset.scan.size
    yield batch


def _child_main(
    dataset: DatasetFile, settings: Settings, batch_size: int, out: multiprocessing.Queue
) -> None:
    """In the mapping process: build the knowledge once, map every row, hand batches back."""
    try:
        from pledgewatch.pipeline import Knowledge

        knowledge = Knowledge(settings)
        context = MappingContext(
            actors=DatasetActors.load(knowledge.actors, _dataset_actors_path(settings)),
            gazetteer=knowledge.gazetteer,
        )
        for batch in _map_batches(dataset, context, batch_size):
            out.put(("batch", batch))
        out.put(("done", None))
    except PledgewatchError as error:
        out.put(("error", (type(error).__name__, error.problem, error.where, error.hint)))
    except Exception as error:  # reported to the parent, which raises it as a StoreError
        out.put(("error", ("Exception", f"{type(error).__name__}: {error}", str(dataset.path), None)))


def _map_in_child_process(
    dataset: DatasetFile, *, settings: Settings, batch_size: int
) -> Iterator[MappedBatch]:
    # fork where there is one: spawn would re-run a user's script that lacks an `if __name__ ==
    # "__main__"` guard. The child touches no inherited connection and leaves through os._exit, so
    # nothing the parent holds is closed or flushed from it.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    out = context.Queue(maxsize=2)
    child = context.Process(
        target=_child_main,
        args=(dataset, settings, batch_size, out),
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
                yield payload
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


# --- writing ---------------------------------------------------------------------------------


class _BatchWriter:
    """Writes mapped batches, one transaction each, and counts what happened to every row."""

    def __init__(self, *, engine: Engine, dataset: DatasetFile, report: ImportReport, extractor=None):
        self.engine = engine
        self.dataset = dataset
        self.report = report
        self.extractor = extractor
        prefix = dataset.format.name.replace("-", "_")
        self.hash_prefix = f"{prefix}_r"

    def write(self, batch: MappedBatch) -> None:
        from pledgewatch.store import session_scope
        from pledgewatch.store.datasets import add_dataset_rows, stored_claim_refs

        report = self.report
        report.rows += batch.read
        report.rejected += batch.rejected
        report.imported_with_problems += sum(batch.flagged)
        report.problems_by_reason.update(batch.problem_counts)
        for problem in batch.problems:
            report.add_problem(problem, counted=True)
        report.rules.update(batch.rules)
        if not batch.rows:
            return
        document_id = self.dataset.document_id
        # within the batch first: the same id twice is a duplicate row (or key) of this file
        unique: list[int] = []
        seen: dict[str, int] = {}
        for index, row in enumerate(batch.rows):
            first = seen.get(row[ROW_ID])
            if first is not None:
                self._duplicate(
                    batch, index, earlier_line=batch.lines[first], earlier_text=batch.rows[first][ROW_TEXT]
                )
                continue
            seen[row[ROW_ID]] = index
            unique.append(index)
        # a file imported before (or partly, then interrupted) has stored rows: check before writing;
        # a new file is written straight away and checked only if some rows were not new
        careful = not report.document_stored or self.extractor is not None
        with session_scope(self.engine) as session:
            if careful:
                stored = stored_claim_refs(session, ids=[batch.rows[i][ROW_ID] for i in unique])
                new = [i for i in unique if not self._is_stored(batch, i, stored.get(batch.rows[i][ROW_ID]))]
                report.imported += add_dataset_rows(session, rows=[batch.rows[i] for i in new])
                if self.extractor is not None and batch.notes:
                    self._extract_notes(session, [batch.notes[i] for i in new])
                return
            inserted = add_dataset_rows(session, rows=[batch.rows[i] for i in unique])
            report.imported += inserted
            if inserted < len(unique):
                stored = stored_claim_refs(session, ids=[batch.rows[i][ROW_ID] for i in unique])
                for i in unique:
                    ref = stored.get(batch.rows[i][ROW_ID])
                    if ref is not None and not (
                        ref.document_id == document_id and ref.span_start == batch.rows[i][ROW_SPAN_START]
                    ):
                        self._is_stored(batch, i, ref)

    def _is_stored(self, batch: MappedBatch, index: int, ref) -> bool:
        """Whether a row's claim is stored already, counting how (re-import, other file, duplicate)."""
        if ref is None:
            return False
        row = batch.rows[index]
        report = self.report
        if ref.document_id != self.dataset.document_id:
            report.stored_from_other_file += 1
            if ref.text != row[ROW_TEXT]:
                report.changed_since_stored += 1
        elif ref.span_start == row[ROW_SPAN_START]:
            report.already_stored += 1
        else:
            self._duplicate(batch, index, earlier_line=None, earlier_text=ref.text)
        return True

    def _duplicate(
        self, batch: MappedBatch, index: int, *, earlier_line: int | None, earlier_text: str
    ) -> None:
        fmt = self.dataset.format
        row = batch.rows[index]
        claim_id = row[ROW_ID]
        where = f"line {earlier_line}" if earlier_line is not None else "an earlier row of this file"
        from_hash = claim_id.startswith(self.hash_prefix)
        if from_hash or earlier_text == row[ROW_TEXT]:
            reason = "duplicate_row"
            detail = (
                "apart from the unnamed index column " if from_hash and earlier_text != row[ROW_TEXT] else ""
            )
            message = (
                f"the same values as {where} {detail}(claim {claim_id}): imported once; if these are "
                f"distinct events, the file needs its {fmt.key_column} column"
            )
        else:
            reason = "duplicate_key"
            message = (
                f"{fmt.key_column} of claim {claim_id} is already used by {where}; the first row was kept"
            )
        report = self.report
        report.rejected += 1
        if batch.flagged[index]:
            report.imported_with_problems -= 1
        report.add_problem(RowProblem(batch.lines[index], reason, message))

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
