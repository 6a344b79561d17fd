"""Keyword-only functions that read and write the store, mapping rows to domain models and back.

This is the only module with SQL in it. Every function works inside the caller's session and never
commits: ``session_scope`` makes one transaction of everything done in a block, so a failure leaves
nothing half-written. Table rows never leave this module; callers get ``pledgewatch.models`` objects.

Human decisions win over machine output: ``replace_machine_claims`` never touches a claim a human
reviewed, and ``replace_incidents`` re-applies the status a human gave an incident.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date, datetime
from typing import Any, get_args

import sqlalchemy as sa
from pydantic import BaseModel
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from pledgewatch.errors import NotFoundError, ReviewError, StoreError
from pledgewatch.models import (
    Actor,
    ActorRef,
    AssessmentReport,
    AuditEntry,
    Casualty,
    Claim,
    Commitment,
    DateRange,
    Document,
    Estimate,
    Event,
    Incident,
    IncidentClaim,
    IncidentStatus,
    Location,
    PartyAssessment,
    Place,
    ReviewState,
    Source,
    document_id_for,
)
from pledgewatch.store.tables import (
    ActorRow,
    AssessmentReportRow,
    AssessmentRow,
    AuditEntryRow,
    ClaimRow,
    CommitmentRow,
    DocumentRow,
    ExtractionRunRow,
    IncidentClaimRow,
    IncidentRow,
    PlaceRow,
    SourceRow,
)

__all__ = [
    "GENESIS_HASH",
    "add_document",
    "append_audit",
    "audit_hash",
    "counts",
    "documents_needing_extraction",
    "get_assessment",
    "get_claim",
    "get_commitment",
    "get_document",
    "get_document_raw",
    "get_incident",
    "get_sources",
    "list_actors",
    "list_audit",
    "list_claims",
    "list_commitments",
    "list_documents",
    "list_incidents",
    "list_places",
    "replace_incidents",
    "replace_machine_claims",
    "save_assessment",
    "set_claim_review",
    "set_incident_status",
    "sync_actors",
    "sync_commitments",
    "sync_places",
    "upsert_source",
    "verify_audit",
]

GENESIS_HASH = "0" * 64
REVIEW_STATES: tuple[str, ...] = get_args(ReviewState)
INCIDENT_STATUSES: tuple[str, ...] = get_args(IncidentStatus)
_CURRENT_REPORT_ID = 1  # one current assessment report
_IN_CHUNK = 500  # keeps IN (...) lists under every backend's bound-parameter limit


# --- helpers ---------------------------------------------------------------------------------


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _utc(value: datetime) -> datetime:
    """SQLite returns naive datetimes (stored as UTC); PostgreSQL returns aware ones in its zone."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def _as_utc(value: datetime | None) -> datetime | None:
    return _utc(value) if value is not None else None


def _chunks(items: Sequence[Any], size: int = _IN_CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _paginate(statement: sa.Select, *, limit: int | None, offset: int) -> sa.Select:
    if offset:
        statement = statement.offset(offset)
    if limit is not None:
        statement = statement.limit(limit)
    return statement


def _insert_if_absent(session: Session, table: sa.Table, values: dict[str, Any], keys: list[str]) -> bool:
    """INSERT ... ON CONFLICT DO NOTHING: True when the row was inserted, False when it was there."""
    dialect = session.get_bind().dialect.name
    if dialect in ("postgresql", "sqlite"):
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        statement = (
            insert(table)
            .values(**values)
            .on_conflict_do_nothing(index_elements=keys)
            .returning(*(table.c[key] for key in keys))
        )
        # RETURNING, not rowcount: drivers may report -1 for an INSERT's rowcount
        return session.execute(statement).first() is not None
    # other backends: check, then insert (a concurrent duplicate raises instead of being ignored)
    where = [table.c[key] == values[key] for key in keys]
    if session.execute(sa.select(sa.literal(1)).select_from(table).where(*where)).first() is not None:
        return False
    session.execute(sa.insert(table).values(**values))
    return True


def _forget(session: Session, *row_classes: type) -> None:
    """Drop rows of these classes from the identity map after bulk statements changed their tables.

    Safe because rows never leave this module: callers hold domain models, not rows.
    """
    for instance in list(session.identity_map.values()):
        if isinstance(instance, row_classes):
            session.expunge(instance)


def _duplicates(ids: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    repeated: list[str] = []
    for item in ids:
        if item in seen and item not in repeated:
            repeated.append(item)
        seen.add(item)
    return repeated


# --- documents and sources -------------------------------------------------------------------


def _document_from_row(row: DocumentRow) -> Document:
    return Document(
        id=row.id,
        path=row.path,
        title=row.title,
        source=row.source,
        published=row.published,
        published_from=row.published_from,
        url=row.url,
        language=row.language,
        media_type=row.media_type,
        text=row.text,
        ingested_at=_as_utc(row.ingested_at),
    )


def add_document(session: Session, *, document: Document, raw: bytes) -> bool:
    """Store a document and its raw bytes. False (and nothing changed) when those bytes are stored.

    The id must be the content address of ``raw``. An outlet seen for the first time is added to
    ``sources`` as ``kind=unknown``; a known source is left as it is.
    """
    expected = document_id_for(raw)
    if document.id != expected:
        raise StoreError(
            f"document id {document.id!r} is not the content address of its raw bytes ({expected})",
            where=document.path or document.url,
            hint="build the id with pledgewatch.models.document_id_for(raw)",
        )
    values = {
        "id": document.id,
        "raw": bytes(raw),
        "text": document.text,
        "title": document.title,
        "url": document.url,
        "path": document.path,
        "source": document.source,
        "published": document.published,
        "published_from": document.published_from,
        "language": document.language,
        "media_type": document.media_type,
        "ingested_at": _utcnow(),
    }
    session.flush()
    stored = _insert_if_absent(session, DocumentRow.__table__, values, ["id"])
    if stored and document.source:
        _insert_if_absent(
            session,
            SourceRow.__table__,
            {"name": document.source, "kind": "unknown", "affiliation": None},
            ["name"],
        )
    return stored


def get_document(session: Session, *, document_id: str) -> Document | None:
    row = session.get(DocumentRow, document_id)
    return _document_from_row(row) if row is not None else None


def get_document_raw(session: Session, *, document_id: str) -> bytes | None:
    raw = session.scalar(sa.select(DocumentRow.raw).where(DocumentRow.id == document_id))
    return bytes(raw) if raw is not None else None


def list_documents(session: Session, *, limit: int | None = None, offset: int = 0) -> list[Document]:
    """Documents in the order they were ingested."""
    statement = sa.select(DocumentRow).order_by(DocumentRow.ingested_at, DocumentRow.id)
    rows = session.scalars(_paginate(statement, limit=limit, offset=offset))
    return [_document_from_row(row) for row in rows]


def documents_needing_extraction(session: Session, *, extractor: str) -> list[Document]:
    """Documents with no claims from ``extractor`` and no run of it that found nothing."""
    has_claims = (
        sa.select(ClaimRow.id)
        .where(ClaimRow.document_id == DocumentRow.id, ClaimRow.extractor == extractor)
        .exists()
    )
    found_nothing = (
        sa.select(ExtractionRunRow.document_id)
        .where(
            ExtractionRunRow.document_id == DocumentRow.id,
            ExtractionRunRow.extractor == extractor,
            ExtractionRunRow.claim_count == 0,
        )
        .exists()
    )
    statement = (
        sa.select(DocumentRow)
        .where(~has_claims, ~found_nothing)
        .order_by(DocumentRow.ingested_at, DocumentRow.id)
    )
    return [_document_from_row(row) for row in session.scalars(statement)]


def upsert_source(session: Session, *, source: Source) -> None:
    row = session.get(SourceRow, source.name)
    if row is None:
        session.add(SourceRow(name=source.name, kind=source.kind, affiliation=source.affiliation))
    else:
        row.kind = source.kind
        row.affiliation = source.affiliation
    session.flush()


def get_sources(session: Session) -> dict[str, Source]:
    rows = session.scalars(sa.select(SourceRow).order_by(SourceRow.name))
    return {row.name: Source(name=row.name, kind=row.kind, affiliation=row.affiliation) for row in rows}


# --- knowledge: actors, places ---------------------------------------------------------------


def _replace_table(session: Session, row_class: type, rows: list[dict[str, Any]], *, what: str) -> None:
    """Make a knowledge table hold exactly ``rows`` (nothing references these tables by key)."""
    repeated = _duplicates(str(row["id"]) for row in rows)
    if repeated:
        raise StoreError(
            f"{what} ids repeated: {', '.join(repeated[:5])}", hint=f"give every {what} its own id"
        )
    session.flush()
    table = row_class.__table__
    session.execute(sa.delete(table))
    _forget(session, row_class)
    if rows:
        session.execute(sa.insert(table), rows)


def sync_actors(session: Session, *, actors: list[Actor]) -> None:
    """Make the stored actors exactly ``actors`` (added, updated, and the missing ones removed)."""
    rows = [actor.model_dump(mode="json") for actor in actors]
    _replace_table(session, ActorRow, rows, what="actor")


def list_actors(session: Session) -> list[Actor]:
    rows = session.scalars(sa.select(ActorRow).order_by(ActorRow.id))
    return [
        Actor(
            id=row.id,
            name=row.name,
            aliases=list(row.aliases or []),
            type=row.type,
            parent=row.parent,
            country=row.country,
        )
        for row in rows
    ]


def sync_places(session: Session, *, places: list[Place]) -> None:
    """Make the stored gazetteer exactly ``places``."""
    rows = [place.model_dump(mode="json") for place in places]
    _replace_table(session, PlaceRow, rows, what="place")


def list_places(session: Session) -> list[Place]:
    rows = session.scalars(sa.select(PlaceRow).order_by(PlaceRow.id))
    return [
        Place(
            id=row.id,
            name=row.name,
            aliases=list(row.aliases or []),
            feature=row.feature,
            country=row.country,
            admin1=row.admin1,
            admin2=row.admin2,
            lat=row.lat,
            lon=row.lon,
        )
        for row in rows
    ]


# --- claims ----------------------------------------------------------------------------------


def _claim_values(claim: Claim) -> dict[str, Any]:
    """Columns derived from a claim's content (not id, document, extractor, review, timestamps)."""
    event = claim.event
    location = event.location if event else None
    when = event.date if event else None
    return {
        "kind": claim.kind,
        "polarity": claim.polarity,
        "speaker_name": claim.speaker.name if claim.speaker else None,
        "speaker_actor": claim.speaker.actor if claim.speaker else None,
        "text": claim.text,
        "span_start": claim.span[0],
        "span_end": claim.span[1],
        "about": claim.about,
        "targets": [target.model_dump(mode="json") for target in claim.targets],
        "event": event.model_dump(mode="json") if event else None,
        "event_type": event.type if event else None,
        "event_date_start": when.start if when else None,
        "event_date_end": when.end if when else None,
        "event_country": location.country if location else None,
        "event_admin1": location.admin1 if location else None,
        "casualties": [casualty.model_dump(mode="json") for casualty in claim.casualties],
        "confidence": claim.confidence,
    }


def _claim_from_row(row: Any) -> Claim:
    """From a ClaimRow or a Core row of the claims table."""
    speaker = (
        ActorRef(name=row.speaker_name, actor=row.speaker_actor) if row.speaker_name is not None else None
    )
    return Claim(
        id=row.id,
        kind=row.kind,
        text=row.text,
        span=(row.span_start, row.span_end),
        speaker=speaker,
        polarity=row.polarity,
        about=row.about,
        targets=[ActorRef.model_validate(target) for target in row.targets or []],
        event=Event.model_validate(row.event) if row.event is not None else None,
        casualties=[Casualty.model_validate(casualty) for casualty in row.casualties or []],
        confidence=row.confidence,
        extractor=row.extractor,
        document_id=row.document_id,
        review=row.review,
    )


def replace_machine_claims(session: Session, *, document_id: str, extractor: str, claims: list[Claim]) -> int:
    """Replace the document's unreviewed claims from ``extractor`` with ``claims``; returns how many
    were written.

    Claims a human confirmed, edited or rejected stay as they are, and a new claim with the id of
    such a claim is skipped. The run is recorded (also when it found nothing) so
    ``documents_needing_extraction`` does not return the document again. Stored claims get
    ``document_id``, ``extractor`` and ``review="machine"`` from here, whatever the objects carry.
    """
    session.flush()
    if session.scalar(sa.select(DocumentRow.id).where(DocumentRow.id == document_id)) is None:
        raise NotFoundError(
            f"no document {document_id!r} in the store", hint="ingest the document before storing its claims"
        )
    repeated = _duplicates(claim.id for claim in claims)
    if repeated:
        raise StoreError(
            f"claim ids repeated in one extraction of {document_id}: {', '.join(repeated[:5])}",
            hint=f"the extractor {extractor!r} must give every claim of a document its own id",
        )
    for claim in claims:
        if claim.document_id not in (None, document_id):
            raise StoreError(f"claim {claim.id} belongs to document {claim.document_id}, not {document_id}")

    table = ClaimRow.__table__
    session.execute(
        sa.delete(table).where(
            table.c.document_id == document_id, table.c.extractor == extractor, table.c.review == "machine"
        )
    )
    _forget(session, ClaimRow)

    ids = [claim.id for claim in claims]
    existing: dict[str, Any] = {}
    for chunk in _chunks(ids):
        statement = sa.select(table.c.id, table.c.document_id, table.c.extractor, table.c.review).where(
            table.c.id.in_(chunk)
        )
        existing.update({row.id: row for row in session.execute(statement)})

    now = _utcnow()
    rows: list[dict[str, Any]] = []
    for claim in claims:
        other = existing.get(claim.id)
        if other is not None:
            if other.review != "machine":
                continue  # a human decided on this claim; re-extraction must not undo it
            raise StoreError(
                f"claim id {claim.id} is already stored for document {other.document_id} "
                f"by extractor {other.extractor!r}",
                hint="claim ids must be unique across documents and extractors (derive them from both)",
            )
        rows.append(
            {
                "id": claim.id,
                "document_id": document_id,
                "extractor": extractor,
                "review": "machine",
                "created_at": now,
                "reviewed_at": None,
                **_claim_values(claim),
            }
        )
    if rows:
        session.execute(sa.insert(table), rows)

    run = session.get(ExtractionRunRow, (document_id, extractor))
    if run is None:
        session.add(
            ExtractionRunRow(document_id=document_id, extractor=extractor, claim_count=len(rows), at=now)
        )
    else:
        run.claim_count = len(rows)
        run.at = now
    session.flush()
    return len(rows)


def list_claims(
    session: Session,
    *,
    document_id: str | None = None,
    kind: str | None = None,
    speaker: str | None = None,
    include_rejected: bool = False,
    limit: int | None = None,
    offset: int = 0,
    review: str | None = None,
) -> list[Claim]:
    """Claims by document and position. ``speaker`` matches the speaker's actor id or the words used;
    ``review`` (an addition to the documented interface) keeps one review state, e.g. the review
    queue's ``"machine"``."""
    statement = sa.select(ClaimRow)
    if document_id is not None:
        statement = statement.where(ClaimRow.document_id == document_id)
    if kind is not None:
        statement = statement.where(ClaimRow.kind == kind)
    if speaker is not None:
        statement = statement.where(
            sa.or_(ClaimRow.speaker_actor == speaker, ClaimRow.speaker_name == speaker)
        )
    if review is not None:
        statement = statement.where(ClaimRow.review == review)
    elif not include_rejected:
        statement = statement.where(ClaimRow.review != "rejected")
    statement = statement.order_by(ClaimRow.document_id, ClaimRow.span_start, ClaimRow.id)
    return [_claim_from_row(row) for row in session.scalars(_paginate(statement, limit=limit, offset=offset))]


def get_claim(session: Session, *, claim_id: str) -> Claim | None:
    row = session.get(ClaimRow, claim_id)
    return _claim_from_row(row) if row is not None else None


def set_claim_review(session: Session, *, claim_id: str, review: str, claim: Claim | None = None) -> Claim:
    """Record a human review of a claim. With ``claim`` (required for ``edited``), its content replaces
    the stored one; id, document and extractor stay. Log the decision with ``append_audit``."""
    if review not in REVIEW_STATES:
        raise ReviewError(f"unknown review state {review!r}", hint=f"use one of {', '.join(REVIEW_STATES)}")
    row = session.get(ClaimRow, claim_id)
    if row is None:
        raise NotFoundError(f"no claim {claim_id!r} in the store")
    if claim is not None:
        if claim.id != claim_id:
            raise ReviewError(
                f"the edited claim has id {claim.id!r}, not {claim_id!r}", hint="keep the claim's id"
            )
        for column, value in _claim_values(claim).items():
            setattr(row, column, value)
    elif review == "edited":
        raise ReviewError(
            f"review 'edited' of claim {claim_id} needs the edited claim", hint="pass claim=..."
        )
    row.review = review
    row.reviewed_at = _utcnow()
    session.flush()
    return _claim_from_row(row)


# --- incidents -------------------------------------------------------------------------------


def _incident_values(incident: Incident, now: datetime) -> dict[str, Any]:
    """Columns of an incident from reconciliation (everything but the status columns)."""
    when = incident.date
    location = incident.location
    return {
        "type": incident.type,
        "tags": list(incident.tags),
        "date_start": when.start if when else None,
        "date_end": when.end if when else None,
        "date_precision": when.precision if when else None,
        "date_text": when.text if when else None,
        "location": location.model_dump(mode="json") if location else None,
        "country": location.country if location else None,
        "admin1": location.admin1 if location else None,
        "reason": incident.reason,
        "rule": incident.rule,
        "estimates": [estimate.model_dump(mode="json") for estimate in incident.estimates],
        "sources": incident.sources,
        "actors": [actor.model_dump(mode="json") for actor in incident.actors],
        "updated_at": now,
    }


def _incident_link_rows(incident: Incident) -> list[dict[str, Any]]:
    return [
        {
            "incident_id": incident.id,
            "claim_id": link.claim_id,
            "relation": link.relation,
            "document_id": link.document_id,
            "source": link.source,
            "speaker": link.speaker,
            "position": position,
            "superseded_by": link.superseded_by,
        }
        for position, link in enumerate(incident.claims)
    ]


def _incidents_from_rows(session: Session, rows: Sequence[IncidentRow]) -> list[Incident]:
    links: dict[str, list[IncidentClaim]] = {row.id: [] for row in rows}
    ids = list(links)
    for chunk in _chunks(ids):
        statement = (
            sa.select(IncidentClaimRow)
            .where(IncidentClaimRow.incident_id.in_(chunk))
            .order_by(IncidentClaimRow.incident_id, IncidentClaimRow.position)
        )
        for link in session.scalars(statement):
            links[link.incident_id].append(
                IncidentClaim(
                    claim_id=link.claim_id,
                    document_id=link.document_id,
                    source=link.source,
                    speaker=link.speaker,
                    relation=link.relation,
                    superseded_by=link.superseded_by,
                )
            )
    incidents = []
    for row in rows:
        when = None
        if row.date_start is not None and row.date_end is not None and row.date_precision is not None:
            when = DateRange(
                start=row.date_start, end=row.date_end, precision=row.date_precision, text=row.date_text
            )
        incidents.append(
            Incident(
                id=row.id,
                type=row.type,
                tags=list(row.tags or []),
                date=when,
                location=Location.model_validate(row.location) if row.location is not None else None,
                actors=[ActorRef.model_validate(actor) for actor in row.actors or []],
                status=row.status,
                reason=row.reason,
                rule=row.rule,
                estimates=[Estimate.model_validate(estimate) for estimate in row.estimates or []],
                sources=row.sources,
                claims=links[row.id],
            )
        )
    return incidents


def replace_incidents(session: Session, *, incidents: list[Incident]) -> int:
    """Replace the reconciled incidents with ``incidents``; returns how many were written.

    Incidents without a human status are deleted and rewritten. An incident a human gave a status
    (``set_incident_status``) keeps it: when reconciliation returns the same id, the row takes the new
    machine content and links but shows the human status; when it does not, the row stays as it was,
    so no human decision is lost.
    """
    repeated = _duplicates(incident.id for incident in incidents)
    if repeated:
        raise StoreError(
            f"incident ids repeated in one reconciliation: {', '.join(repeated[:5])}",
            hint="each incident needs its own id",
        )
    session.flush()
    incidents_table = IncidentRow.__table__
    links_table = IncidentClaimRow.__table__

    human = {
        row.id: row.human_status
        for row in session.execute(
            sa.select(incidents_table.c.id, incidents_table.c.human_status).where(
                incidents_table.c.human_status.is_not(None)
            )
        )
    }
    machine_ids = sa.select(incidents_table.c.id).where(incidents_table.c.human_status.is_(None))
    session.execute(sa.delete(links_table).where(links_table.c.incident_id.in_(machine_ids)))
    session.execute(sa.delete(incidents_table).where(incidents_table.c.human_status.is_(None)))
    kept_ids = [incident.id for incident in incidents if incident.id in human]
    for chunk in _chunks(kept_ids):
        session.execute(sa.delete(links_table).where(links_table.c.incident_id.in_(chunk)))
    _forget(session, IncidentRow, IncidentClaimRow)

    now = _utcnow()
    new_rows: list[dict[str, Any]] = []
    link_rows: list[dict[str, Any]] = []
    for incident in incidents:
        values = _incident_values(incident, now)
        if incident.id in human:
            session.execute(
                sa.update(incidents_table)
                .where(incidents_table.c.id == incident.id)
                .values(machine_status=incident.status, status=human[incident.id], **values)
            )
        else:
            new_rows.append(
                {
                    "id": incident.id,
                    "status": incident.status,
                    "machine_status": incident.status,
                    "human_status": None,
                    "human_status_at": None,
                    **values,
                }
            )
        link_rows.extend(_incident_link_rows(incident))
    if new_rows:
        session.execute(sa.insert(incidents_table), new_rows)
    repeated_links = _duplicates(f"{row['incident_id']}\x1f{row['claim_id']}" for row in link_rows)
    if repeated_links:
        incident_id, claim_id = repeated_links[0].split("\x1f")
        raise StoreError(f"incident {incident_id} links claim {claim_id} twice", hint="link each claim once")
    if link_rows:
        session.execute(sa.insert(links_table), link_rows)
    return len(incidents)


def list_incidents(
    session: Session, *, status: str | None = None, limit: int | None = None, offset: int = 0
) -> list[Incident]:
    """Incidents, newest start date first (undated last)."""
    statement = sa.select(IncidentRow)
    if status is not None:
        statement = statement.where(IncidentRow.status == status)
    statement = statement.order_by(IncidentRow.date_start.desc().nulls_last(), IncidentRow.id)
    rows = list(session.scalars(_paginate(statement, limit=limit, offset=offset)))
    return _incidents_from_rows(session, rows)


def get_incident(session: Session, *, incident_id: str) -> Incident | None:
    row = session.get(IncidentRow, incident_id)
    return _incidents_from_rows(session, [row])[0] if row is not None else None


def set_incident_status(session: Session, *, incident_id: str, status: str) -> Incident:
    """A human decision on an incident's status (usually confirmed or retracted); re-running
    reconciliation keeps it. Log the decision with ``append_audit``."""
    if status not in INCIDENT_STATUSES:
        raise ReviewError(
            f"unknown incident status {status!r}", hint=f"use one of {', '.join(INCIDENT_STATUSES)}"
        )
    row = session.get(IncidentRow, incident_id)
    if row is None:
        raise NotFoundError(f"no incident {incident_id!r} in the store")
    now = _utcnow()
    row.human_status = status
    row.human_status_at = now
    row.status = status
    row.updated_at = now
    session.flush()
    return _incidents_from_rows(session, [row])[0]


# --- commitments and assessments -------------------------------------------------------------


def sync_commitments(session: Session, *, commitments: list[Commitment]) -> None:
    """Make the stored commitments exactly ``commitments``."""
    rows = [
        {
            "id": commitment.id,
            "obligor": commitment.obligor,
            "category": commitment.category,
            "made_on": commitment.made_on,
            "valid_from": commitment.valid_from,
            "valid_to": commitment.valid_to,
            "payload": commitment.model_dump(mode="json"),
        }
        for commitment in commitments
    ]
    _replace_table(session, CommitmentRow, rows, what="commitment")


def list_commitments(session: Session) -> list[Commitment]:
    rows = session.scalars(sa.select(CommitmentRow).order_by(CommitmentRow.id))
    return [Commitment.model_validate(row.payload) for row in rows]


def get_commitment(session: Session, *, commitment_id: str) -> Commitment | None:
    row = session.get(CommitmentRow, commitment_id)
    return Commitment.model_validate(row.payload) if row is not None else None


def save_assessment(session: Session, *, report: AssessmentReport) -> None:
    """Replace the current assessment report (header + one row per party × period)."""
    repeated = _duplicates(f"{party.party} {party.period}" for party in report.parties)
    if repeated:
        raise StoreError(
            f"the assessment report has party × period {repeated[0]!r} more than once",
            hint="assess each party once per period",
        )
    session.flush()
    session.execute(sa.delete(AssessmentRow.__table__))
    session.execute(sa.delete(AssessmentReportRow.__table__))
    _forget(session, AssessmentRow, AssessmentReportRow)
    session.execute(
        sa.insert(AssessmentReportRow.__table__),
        [
            {
                "id": _CURRENT_REPORT_ID,
                "method": report.method,
                "periods": list(report.periods),
                "saved_at": _utcnow(),
            }
        ],
    )
    rows = [
        {
            "party": party.party,
            "period": party.period,
            "method": report.method,
            "words": party.words,
            "breach_weight": party.breach_weight,
            "gap_value": party.gap.value,
            "gap_low": party.gap.low,
            "gap_high": party.gap.high,
            "position": position,
            "payload": party.model_dump(mode="json"),
        }
        for position, party in enumerate(report.parties)
    ]
    if rows:
        session.execute(sa.insert(AssessmentRow.__table__), rows)


def get_assessment(session: Session) -> AssessmentReport | None:
    header = session.get(AssessmentReportRow, _CURRENT_REPORT_ID)
    if header is None:
        return None
    rows = session.scalars(sa.select(AssessmentRow).order_by(AssessmentRow.position))
    return AssessmentReport(
        method=header.method,
        periods=list(header.periods),
        parties=[PartyAssessment.model_validate(row.payload) for row in rows],
    )


# --- audit -----------------------------------------------------------------------------------


def _json_default(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _plain_json(value: dict | None, *, field: str) -> dict | None:
    """``value`` as it will come back from the database: what is stored is what is hashed."""
    if value is None:
        return None
    try:
        return json.loads(json.dumps(value, default=_json_default, allow_nan=False))
    except (TypeError, ValueError) as error:
        raise StoreError(f"audit {field!r} cannot be stored as JSON: {error}") from error


def audit_hash(
    *,
    seq: int,
    actor: str,
    at: datetime,
    action: str,
    entity: str,
    before: dict | None,
    after: dict | None,
    reason: str,
    prev_hash: str,
) -> str:
    """sha256 hex of the canonical JSON of an entry, so anyone can re-check the chain outside the app.

    Canonical JSON: an object with the keys seq, actor, at, action, entity, before, after, reason,
    prev_hash; ``at`` as ISO 8601 in UTC (``datetime.isoformat()``, ``+00:00``); keys sorted, no
    whitespace (separators ``,`` and ``:``), non-ASCII kept as UTF-8.
    """
    payload = {
        "seq": seq,
        "actor": actor,
        "at": _utc(at).isoformat(),
        "action": action,
        "entity": entity,
        "before": before,
        "after": after,
        "reason": reason,
        "prev_hash": prev_hash,
    }
    canonical = json.dumps(
        payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _audit_from_row(row: Any) -> AuditEntry:
    return AuditEntry(
        seq=row.seq,
        actor=row.actor,
        at=_utc(row.at),
        action=row.action,
        entity=row.entity,
        before=row.before,
        after=row.after,
        reason=row.reason,
        prev_hash=row.prev_hash,
        hash=row.hash,
    )


def append_audit(
    session: Session,
    *,
    actor: str,
    action: str,
    entity: str,
    before: dict | None,
    after: dict | None,
    reason: str,
) -> AuditEntry:
    """Append an entry to the hash chain (``prev_hash`` of the first entry is 64 zeros)."""
    if not reason or not reason.strip():
        raise ReviewError(f"a reason is required to record {action!r} on {entity}", hint="say why")
    before = _plain_json(before, field="before")
    after = _plain_json(after, field="after")
    session.flush()
    if session.get_bind().dialect.name == "postgresql":
        # Serialise appenders so two transactions cannot chain onto the same predecessor.
        # (SQLite: the INSERT below takes the database write lock before the predecessor is read.)
        session.execute(sa.text(f"LOCK TABLE {AuditEntryRow.__tablename__} IN SHARE ROW EXCLUSIVE MODE"))
    at = _utcnow()
    # the hash covers seq, which the database assigns: insert, then fill prev_hash and hash
    row = AuditEntryRow(
        actor=actor,
        at=at,
        action=action,
        entity=entity,
        before=before,
        after=after,
        reason=reason,
        prev_hash="",
        hash="",
    )
    session.add(row)
    session.flush()  # assigns seq
    prev_hash = session.scalar(
        sa.select(AuditEntryRow.hash)
        .where(AuditEntryRow.seq < row.seq)
        .order_by(AuditEntryRow.seq.desc())
        .limit(1)
    )
    row.prev_hash = prev_hash or GENESIS_HASH
    row.hash = audit_hash(
        seq=row.seq,
        actor=actor,
        at=at,
        action=action,
        entity=entity,
        before=before,
        after=after,
        reason=reason,
        prev_hash=row.prev_hash,
    )
    session.flush()
    return _audit_from_row(row)


def list_audit(session: Session, *, entity: str | None = None, limit: int | None = None) -> list[AuditEntry]:
    """Audit entries, newest first (``limit`` keeps the newest)."""
    statement = sa.select(AuditEntryRow.__table__)
    if entity is not None:
        statement = statement.where(AuditEntryRow.entity == entity)
    statement = statement.order_by(AuditEntryRow.seq.desc())
    if limit is not None:
        statement = statement.limit(limit)
    return [_audit_from_row(row) for row in session.execute(statement)]


def verify_audit(session: Session) -> tuple[bool, int | None]:
    """Recompute the chain. ``(True, None)`` when intact, else ``(False, seq of the first broken entry)``:
    an entry whose content no longer matches its hash, or whose ``prev_hash`` is not the hash of the
    entry before it (an entry removed or inserted behind the app's back)."""
    session.flush()
    expected_prev = GENESIS_HASH
    statement = sa.select(AuditEntryRow.__table__).order_by(AuditEntryRow.seq)
    for row in session.execute(statement):
        recomputed = audit_hash(
            seq=row.seq,
            actor=row.actor,
            at=row.at,
            action=row.action,
            entity=row.entity,
            before=row.before,
            after=row.after,
            reason=row.reason,
            prev_hash=row.prev_hash,
        )
        if row.prev_hash != expected_prev or recomputed != row.hash:
            return False, row.seq
        expected_prev = row.hash
    return True, None


# --- summary ---------------------------------------------------------------------------------


def counts(session: Session) -> dict[str, int]:
    """How many of each thing the store holds (all claims, rejected included)."""

    def count(statement: sa.Select) -> int:
        return int(session.scalar(statement) or 0)

    session.flush()
    return {
        "documents": count(sa.select(sa.func.count()).select_from(DocumentRow)),
        "claims": count(sa.select(sa.func.count()).select_from(ClaimRow)),
        "incidents": count(sa.select(sa.func.count()).select_from(IncidentRow)),
        "contested_incidents": count(
            sa.select(sa.func.count()).select_from(IncidentRow).where(IncidentRow.status == "contested")
        ),
        "commitments": count(sa.select(sa.func.count()).select_from(CommitmentRow)),
        "assessments": count(sa.select(sa.func.count()).select_from(AssessmentRow)),
        "audit_entries": count(sa.select(sa.func.count()).select_from(AuditEntryRow)),
    }
