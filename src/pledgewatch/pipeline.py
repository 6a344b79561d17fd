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

    @cached_property
    def benchmarks(self):
        from pledgewatch.knowledge.benchmark_registry import load_benchmarks

        return load_benchmarks(self._path("benchmarks.yaml"))

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

# Documents from a dataset are whole export files: their rows are claims, their text is no article.
_NO_TEXT_KINDS = frozenset({"dataset"})


def _claim_contexts(documents, knowledge: Knowledge) -> dict:
    from pledgewatch.reconcile import ClaimContext

    contexts = {}
    for document in documents:
        source = knowledge.sources.resolve(document.source)
        contexts[document.id] = ClaimContext(
            document_id=document.id,
            source=source,
            published=document.published,
            text=None if source.kind in _NO_TEXT_KINDS else document.text,
        )
    return contexts


def _reconcile_options(settings: Settings, knowledge: Knowledge) -> dict:
    return {
        "ancestors": knowledge.actors.ancestors,
        "conflict_parties": knowledge.sources.conflict_parties,
        "window_days": settings.reconcile_window_days,
        "contested_ratio": settings.contested_ratio,
        "is_partisan": lambda source: knowledge.sources.is_partisan(source, knowledge.actors.ancestors),
    }


def reconcile_stored(
    *,
    engine: Engine,
    settings: Settings,
    knowledge: Knowledge | None = None,
    previous_overrides: dict[str, str | None] | None = None,
) -> dict[str, int]:
    """Rebuild machine incidents from every stored, non-rejected claim.

    Analysts' merges and splits (``store.list_decisions``) are replayed as must-link and cannot-link
    constraints, and each claim's incident from the last run is passed on, so incidents keep their ids
    and new claims join them; statuses an analyst gave are kept by the store. ``previous_overrides``
    (claim id -> incident id, or None to forget) lets a merge or split say which incident keeps its id.
    """
    from pledgewatch.reconcile import constraints_from_decisions, reconcile
    from pledgewatch.store import claim_incidents, list_decisions, session_scope
    from pledgewatch.store import repository as repo

    knowledge = knowledge or Knowledge(settings)
    with session_scope(engine) as session:
        claims = repo.list_claims(session)
        documents = repo.list_documents(session)
        decisions = list_decisions(session)
        previous = claim_incidents(session)
    for claim_id, incident_id in (previous_overrides or {}).items():
        if incident_id is None:
            previous.pop(claim_id, None)
        else:
            previous[claim_id] = incident_id
    must_link, cannot_link = constraints_from_decisions(decisions)
    result = reconcile(
        claims,
        contexts=_claim_contexts(documents, knowledge),
        must_link=must_link,
        cannot_link=cannot_link,
        previous=previous,
        **_reconcile_options(settings, knowledge),
    )
    with session_scope(engine) as session:
        repo.replace_incidents(session, incidents=result.incidents)
    return result.counts


def merge_incidents(
    incident_ids: Sequence[str],
    *,
    engine: Engine,
    settings: Settings,
    actor: str,
    reason: str,
    knowledge: Knowledge | None = None,
) -> dict[str, int | str]:
    """Record that these incidents are one event, then re-reconcile. The first id is kept.

    The decision is stored by claim ids (and audited), so every later run keeps the claims together.
    An analyst's status on an absorbed incident moves to the kept one when that has none; two
    different analysts' statuses cannot be merged silently (ReviewError: set one status first).
    """
    from pledgewatch.errors import ReviewError
    from pledgewatch.store import (
        human_statuses,
        incident_claim_ids,
        record_merge,
        retire_incidents,
        session_scope,
    )
    from pledgewatch.store import repository as repo

    ids = list(dict.fromkeys(incident_ids))
    target = ids[0] if ids else ""
    with session_scope(engine) as session:
        members = {incident_id: incident_claim_ids(session, incident_id=incident_id) for incident_id in ids}
        statuses = human_statuses(session, incident_ids=ids)
        absorbed_statuses = {statuses[i] for i in ids[1:] if i in statuses}
        if target not in statuses and len(absorbed_statuses) > 1:
            raise ReviewError(
                "the incidents to merge carry different analysts' statuses: "
                + ", ".join(sorted(absorbed_statuses)),
                hint=f"set the status of {target} first, then merge",
            )
        decision = record_merge(session, incident_ids=ids, actor=actor, reason=reason)
    overrides: dict[str, str | None] = {c: target for claim_ids in members.values() for c in claim_ids}
    counts: dict[str, int | str] = dict(
        reconcile_stored(engine=engine, settings=settings, knowledge=knowledge, previous_overrides=overrides)
    )
    with session_scope(engine) as session:
        carried = next(iter(absorbed_statuses)) if target not in statuses and absorbed_statuses else None
        if carried is not None and repo.get_incident(session, incident_id=target) is not None:
            repo.set_incident_status(session, incident_id=target, status=carried)
        absorbed = [i for i in ids[1:] if i in statuses]
        retire_incidents(
            session, incident_ids=absorbed, actor=actor, reason=f"merged into {target}: {reason}"
        )
    counts.update({"decision": decision.id or 0, "kept_incident": target})
    return counts


def split_incident(
    incident_id: str,
    claim_ids: Sequence[str],
    *,
    engine: Engine,
    settings: Settings,
    actor: str,
    reason: str,
    knowledge: Knowledge | None = None,
) -> dict[str, int | str]:
    """Record that ``claim_ids`` do not belong with the rest of the incident, then re-reconcile.

    The rest keeps the incident's id; the part split off becomes an incident of its own (or joins
    another one it matches) and never again shares an incident with the rest.
    """
    from pledgewatch.store import claim_incidents, record_split, session_scope

    with session_scope(engine) as session:
        decision = record_split(
            session, incident_id=incident_id, claim_ids=claim_ids, actor=actor, reason=reason
        )
    overrides: dict[str, str | None] = dict.fromkeys(decision.claim_ids, None)
    counts: dict[str, int | str] = dict(
        reconcile_stored(engine=engine, settings=settings, knowledge=knowledge, previous_overrides=overrides)
    )
    with session_scope(engine) as session:
        now = claim_incidents(session)
    split_to = sorted({now[c] for c in decision.claim_ids if c in now})
    counts.update(
        {"decision": decision.id or 0, "kept_incident": incident_id, "split_to": ", ".join(split_to)}
    )
    return counts


def explain_incident(
    *, engine: Engine, settings: Settings, incident_id: str, knowledge: Knowledge | None = None
):
    """Why an incident holds its claims, how its estimates were chosen, what would change its status
    (``reconcile.explain.Explanation``)."""
    from pledgewatch.errors import NotFoundError
    from pledgewatch.reconcile.explain import explain_incident as explain
    from pledgewatch.store import human_statuses, list_decisions, session_scope
    from pledgewatch.store import repository as repo

    knowledge = knowledge or Knowledge(settings)
    with session_scope(engine) as session:
        incident = repo.get_incident(session, incident_id=incident_id)
        if incident is None:
            raise NotFoundError(
                f"no incident {incident_id!r} in the store",
                hint="list them with `pledgewatch export incidents`",
            )
        claim_ids = [link.claim_id for link in incident.claims]
        claims = [c for c in (repo.get_claim(session, claim_id=i) for i in claim_ids) if c is not None]
        documents = [
            d
            for d in (repo.get_document(session, document_id=i) for i in {c.document_id for c in claims})
            if d
        ]
        decisions = list_decisions(session, claim_ids=claim_ids)
        human = human_statuses(session, incident_ids=[incident_id]).get(incident_id)
    return explain(
        incident,
        claims,
        contexts=_claim_contexts(documents, knowledge),
        decisions=decisions,
        human_status=human,
        **_reconcile_options(settings, knowledge),
    )


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
    inputs = _assessment_inputs(engine=engine, knowledge=knowledge)
    report = assess(
        periods=periods,
        benchmarks=knowledge.benchmarks.benchmarks,
        lookback_months=knowledge.benchmarks.lookback_months,
        **inputs,
    )
    with session_scope(engine) as session:
        repo.save_assessment(session, report=report)
    return report


def _assessment_inputs(*, engine: Engine, knowledge: Knowledge) -> dict:
    """What assess and explain read: commitments, incidents, claims, when each was said, whose voice."""
    from pledgewatch.store import repository as repo
    from pledgewatch.store import session_scope

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
    return {
        "commitments": commitments,
        "incidents": incidents,
        "claims": claims,
        "ancestors": knowledge.actors.ancestors,
        "country_of": knowledge.actors.country_of,
        "claim_dates": claim_dates,
        "document_affiliations": affiliations,
    }


def explain_commitment(
    *,
    engine: Engine,
    settings: Settings,
    commitment_id: str,
    knowledge: Knowledge | None = None,
    all_periods: bool = False,
):
    """How a commitment was judged, month by month (``assess.explain.CommitmentExplanation``)."""
    from pledgewatch.assess.explain import explain_commitment as explain

    knowledge = knowledge or Knowledge(settings)
    names = {actor.id: actor.name for actor in knowledge.actor_list}
    return explain(
        commitment_id,
        actor_names=names,
        all_periods=all_periods,
        **_assessment_inputs(engine=engine, knowledge=knowledge),
    )


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


def write_report(
    *, engine: Engine, out: Path | None = None, settings: Settings | None = None, pdf: Path | None = None
) -> Path:
    """Write the briefing of what is stored: self-contained HTML to ``out`` (a ``.pdf`` suffix writes a
    PDF instead) and, when given, a PDF to ``pdf``. Built once, so both files show the same numbers.
    Returns the first path written."""
    from datetime import UTC, datetime

    from pledgewatch.report import write_briefings
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
    paths = [p for p in (out, pdf) if p is not None] or [Path("briefing.html")]
    written = write_briefings(
        paths,
        generated_at=datetime.now(UTC),
        actor_names=names,
        benchmarks=knowledge.benchmarks.benchmarks,
        lookback_months=knowledge.benchmarks.lookback_months,
        places=knowledge.places,
        **data,
    )
    return written[0]
