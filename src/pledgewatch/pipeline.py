"""The one place that wires the stages to the store.

Stages (ingest, extract, reconcile, assess) are pure and know nothing of the database; this module
loads their inputs from the store, calls them, and writes their outputs back, one transaction per
unit of work so that a failure never leaves anything half-written. Every function returns counts.
Progress is reported through a small callback so the CLI can draw bars and tests can ignore them.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path

from sqlalchemy.engine import Engine

from pledgewatch.config import Settings
from pledgewatch.errors import IngestError, PledgewatchError
from pledgewatch.models import AssessmentReport, Claim, Document

logger = logging.getLogger(__name__)

# A progress sink: called with (label, total) when a step starts, returns a function to call with the
# number of items just finished. The CLI draws Rich bars with it; library callers may pass None.
ProgressFactory = Callable[[str, int | None], Callable[[int], None]]


def _no_progress(label: str, total: int | None) -> Callable[[int], None]:
    return lambda n=1: None


# --- knowledge -------------------------------------------------------------------------------


@dataclass
class Knowledge:
    """Actors, places, sources and commitments, loaded once per command."""

    settings: Settings

    @cached_property
    def actor_list(self):
        from pledgewatch.knowledge.actors import load_actors

        return load_actors(self._path("actors.yaml"))

    @cached_property
    def actors(self):
        from pledgewatch.knowledge.actors import ActorIndex

        return ActorIndex(self.actor_list)

    @cached_property
    def places(self):
        from pledgewatch.knowledge.places import load_places

        return load_places(self._path("places.csv"))

    @cached_property
    def gazetteer(self):
        from pledgewatch.knowledge.places import Gazetteer

        return Gazetteer(self.places)

    @cached_property
    def sources(self):
        from pledgewatch.knowledge.sources import load_sources

        return load_sources(self._path("sources.yaml"))

    @cached_property
    def commitments(self):
        from pledgewatch.knowledge.commitment_registry import load_commitments

        return load_commitments(self.settings.commitments_dir)

    def _path(self, name: str) -> Path | None:
        if self.settings.knowledge_dir is None:
            return None
        candidate = self.settings.knowledge_dir / name
        return candidate if candidate.exists() else None


def open_store(database_url: str) -> Engine:
    """An engine on an up-to-date schema (migrations are idempotent)."""
    from pledgewatch.store import create_engine_for, upgrade

    engine = create_engine_for(database_url)
    upgrade(engine)
    return engine


def sync_knowledge(*, engine: Engine, knowledge: Knowledge) -> dict[str, int]:
    """Copy the knowledge files (actors, places, sources, commitments) into the store."""
    from pledgewatch.store import repository as repo
    from pledgewatch.store import session_scope

    with session_scope(engine) as session:
        repo.sync_actors(session, actors=knowledge.actor_list)
        repo.sync_places(session, places=knowledge.places)
        for source in knowledge.sources.all():
            repo.upsert_source(session, source=source)
        repo.sync_commitments(session, commitments=knowledge.commitments)
    return {
        "actors": len(knowledge.actor_list),
        "places": len(knowledge.places),
        "sources": len(knowledge.sources.all()),
        "commitments": len(knowledge.commitments),
    }


# --- ingest ----------------------------------------------------------------------------------


@dataclass
class IngestOutcome:
    path: str
    status: str  # "stored" | "already stored" | "failed"
    document_id: str | None = None
    title: str | None = None
    source: str | None = None
    error: str | None = None


@dataclass
class IngestReport:
    outcomes: list[IngestOutcome] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        counted = Counter(outcome.status for outcome in self.outcomes)
        return {
            "stored": counted["stored"],
            "already stored": counted["already stored"],
            "failed": counted["failed"],
        }

    @property
    def failures(self) -> list[IngestOutcome]:
        return [outcome for outcome in self.outcomes if outcome.status == "failed"]


def ingest_paths(
    paths: Sequence[str | Path],
    *,
    engine: Engine,
    settings: Settings,
    knowledge: Knowledge | None = None,
    progress: ProgressFactory | None = None,
) -> IngestReport:
    """Store every readable document under ``paths``; one transaction per file.

    A bad file becomes a ``failed`` outcome with a one-line message and the batch goes on; the same
    bytes stored earlier are reported as ``already stored`` and left untouched.
    """
    from pledgewatch.ingest import discover, read_document
    from pledgewatch.store import repository as repo
    from pledgewatch.store import session_scope

    knowledge = knowledge or Knowledge(settings)
    items = list(discover(paths))
    advance = (progress or _no_progress)("Ingesting", len(items))
    report = IngestReport()
    for item in items:
        if isinstance(item, IngestError):
            report.outcomes.append(IngestOutcome(path=item.where or "?", status="failed", error=item.message))
            advance(1)
            continue
        try:
            document, raw = read_document(item, settings=settings)
            source = knowledge.sources.resolve(document.source)
            with session_scope(engine) as session:
                repo.upsert_source(session, source=source)
                stored = repo.add_document(session, document=document, raw=raw)
            report.outcomes.append(
                IngestOutcome(
                    path=str(item),
                    status="stored" if stored else "already stored",
                    document_id=document.id,
                    title=document.title,
                    source=source.name,
                )
            )
        except PledgewatchError as error:
            report.outcomes.append(IngestOutcome(path=str(item), status="failed", error=error.message))
        advance(1)
    return report


# --- extract ---------------------------------------------------------------------------------

# One extractor per worker process, built by the pool initializer: building the spaCy pipeline is
# the expensive part, so it must happen once per process, not once per document.
_worker_extractor = None


def _init_worker(settings: Settings) -> None:
    global _worker_extractor
    from pledgewatch.extract import Extractor

    _worker_extractor = Extractor(settings=settings)


def _extract_in_worker(document: Document) -> list[Claim]:
    assert _worker_extractor is not None, "worker initializer did not run"
    return _worker_extractor.extract(document)


def extract_documents(
    documents: Sequence[Document],
    *,
    settings: Settings,
    workers: int = 1,
    extractor=None,
    progress: ProgressFactory | None = None,
) -> Iterator[tuple[Document, list[Claim]]]:
    """Claims for each document, in input order; ``workers > 1`` uses processes (same results)."""
    advance = (progress or _no_progress)("Extracting", len(documents))
    if workers <= 1 or len(documents) <= 1:
        if extractor is None:
            from pledgewatch.extract import Extractor

            extractor = Extractor(settings=settings)
        for document in documents:
            yield document, extractor.extract(document)
            advance(1)
        return
    chunksize = max(1, len(documents) // (workers * 4))
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(settings,)) as pool:
        for document, claims in zip(
            documents, pool.map(_extract_in_worker, documents, chunksize=chunksize), strict=True
        ):
            yield document, claims
            advance(1)


def extract_files(
    paths: Sequence[str | Path],
    *,
    settings: Settings,
    workers: int = 1,
    progress: ProgressFactory | None = None,
) -> Iterator[dict | IngestError]:
    """Schema-v1 payloads for files, without a database (``pledgewatch extract``)."""
    from pledgewatch.extract import claims_payload
    from pledgewatch.ingest import discover, read_document

    documents: list[Document] = []
    failures: list[IngestError] = []
    for item in discover(paths):
        if isinstance(item, IngestError):
            failures.append(item)
            continue
        try:
            documents.append(read_document(item, settings=settings)[0])
        except IngestError as error:
            failures.append(error)
    yield from failures
    for document, claims in extract_documents(
        documents, settings=settings, workers=workers, progress=progress
    ):
        yield claims_payload(document, claims)


def extract_stored(
    *,
    engine: Engine,
    settings: Settings,
    workers: int = 1,
    progress: ProgressFactory | None = None,
) -> dict[str, int]:
    """Extract claims for stored documents that the current extractor has not read yet."""
    from pledgewatch.extract import EXTRACTOR_NAME, EXTRACTOR_VERSION
    from pledgewatch.store import repository as repo
    from pledgewatch.store import session_scope

    extractor_id = f"{EXTRACTOR_NAME}/{EXTRACTOR_VERSION}"
    with session_scope(engine) as session:
        pending = repo.documents_needing_extraction(session, extractor=extractor_id)
    written = 0
    kinds: Counter[str] = Counter()
    for document, claims in extract_documents(pending, settings=settings, workers=workers, progress=progress):
        with session_scope(engine) as session:
            written += repo.replace_machine_claims(
                session, document_id=document.id, extractor=extractor_id, claims=claims
            )
        kinds.update(claim.kind for claim in claims)
    return {
        "documents": len(pending),
        "claims": written,
        **{f"kind:{k}": v for k, v in sorted(kinds.items())},
    }


# --- reconcile -------------------------------------------------------------------------------


def reconcile_stored(
    *, engine: Engine, settings: Settings, knowledge: Knowledge | None = None
) -> dict[str, int]:
    """Rebuild machine incidents from every stored, non-rejected claim (human decisions are kept)."""
    from pledgewatch.reconcile import ClaimContext, reconcile
    from pledgewatch.store import repository as repo
    from pledgewatch.store import session_scope

    knowledge = knowledge or Knowledge(settings)
    with session_scope(engine) as session:
        claims = repo.list_claims(session)
        documents = {document.id: document for document in repo.list_documents(session)}
    contexts = {
        doc_id: ClaimContext(
            document_id=doc_id,
            source=knowledge.sources.resolve(document.source),
            published=document.published,
        )
        for doc_id, document in documents.items()
    }
    result = reconcile(
        claims,
        contexts=contexts,
        ancestors=knowledge.actors.ancestors,
        conflict_parties=knowledge.sources.conflict_parties,
        window_days=settings.reconcile_window_days,
        contested_ratio=settings.contested_ratio,
        is_partisan=lambda source: knowledge.sources.is_partisan(source, knowledge.actors.ancestors),
    )
    with session_scope(engine) as session:
        repo.replace_incidents(session, incidents=result.incidents)
    return result.counts


# --- assess ----------------------------------------------------------------------------------


def assess_stored(
    *,
    engine: Engine,
    settings: Settings,
    knowledge: Knowledge | None = None,
    periods: Sequence[str] | None = None,
) -> AssessmentReport:
    """Score every party's commitments per month against the stored incidents and claims."""
    from pledgewatch.assess import assess
    from pledgewatch.store import repository as repo
    from pledgewatch.store import session_scope

    knowledge = knowledge or Knowledge(settings)
    commitments = knowledge.commitments
    with session_scope(engine) as session:
        repo.sync_commitments(session, commitments=commitments)
        incidents = repo.list_incidents(session)
        claims = repo.list_claims(session)
        documents = repo.list_documents(session)
    published: dict[str, date | None] = {d.id: d.published for d in documents}
    # A party's official outlet speaks for it even where no speaker is named, so its words are never
    # evidence of its own compliance. Only official voices count: a sports board or a party-aligned
    # newspaper is affiliated, but its statements are not the government's assurances.
    official = {"party_official", "party_military", "state_media"}
    affiliations = {}
    for d in documents:
        source = knowledge.sources.resolve(d.source)
        if source.kind in official and source.affiliation:
            affiliations[d.id] = source.affiliation
    claim_dates = {
        claim.id: published[claim.document_id]
        for claim in claims
        if claim.document_id in published and published[claim.document_id] is not None
    }
    report = assess(
        commitments=commitments,
        incidents=incidents,
        claims=claims,
        periods=periods,
        ancestors=knowledge.actors.ancestors,
        country_of=knowledge.actors.country_of,
        claim_dates=claim_dates,
        document_affiliations=affiliations,
    )
    with session_scope(engine) as session:
        repo.save_assessment(session, report=report)
    return report


# --- the whole pipeline ----------------------------------------------------------------------


@dataclass
class RunSummary:
    ingest: IngestReport
    extracted: dict[str, int]
    reconciled: dict[str, int]
    assessment: AssessmentReport
    counts: dict[str, int]


def run(
    paths: Iterable[str | Path],
    *,
    engine: Engine,
    settings: Settings,
    workers: int = 1,
    progress: ProgressFactory | None = None,
) -> RunSummary:
    """ingest → extract → reconcile → assess over ``paths`` and whatever is already stored."""
    from pledgewatch.store import repository as repo
    from pledgewatch.store import session_scope

    knowledge = Knowledge(settings)
    sync_knowledge(engine=engine, knowledge=knowledge)
    ingest_report = ingest_paths(
        list(paths), engine=engine, settings=settings, knowledge=knowledge, progress=progress
    )
    extracted = extract_stored(engine=engine, settings=settings, workers=workers, progress=progress)
    reconciled = reconcile_stored(engine=engine, settings=settings, knowledge=knowledge)
    assessment = assess_stored(engine=engine, settings=settings, knowledge=knowledge)
    with session_scope(engine) as session:
        counts = repo.counts(session)
    return RunSummary(
        ingest=ingest_report, extracted=extracted, reconciled=reconciled, assessment=assessment, counts=counts
    )


def write_report(*, engine: Engine, out: Path, settings: Settings | None = None) -> Path:
    """Write the self-contained HTML briefing of what is stored."""
    from datetime import UTC, datetime

    from pledgewatch.report import write_briefing
    from pledgewatch.store import repository as repo
    from pledgewatch.store import session_scope

    with session_scope(engine) as session:
        data = {
            "incidents": repo.list_incidents(session),
            "claims": repo.list_claims(session),
            "commitments": repo.list_commitments(session),
            "assessment": repo.get_assessment(session),
            "documents": repo.list_documents(session),
            "sources": repo.get_sources(session),
        }
    knowledge = Knowledge(settings or Settings())
    names = {actor.id: actor.name for actor in knowledge.actor_list}
    return write_briefing(out, generated_at=datetime.now(UTC), actor_names=names, **data)
