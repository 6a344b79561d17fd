"""Read queries behind the dashboard: filtered incident lists, map and timeline counts, the review
queue, the audit page, and batch lookups so a page of 100 incidents costs a handful of queries.

Reads only, keyword-only, inside the caller's session, returning ``pledgewatch.models`` objects or
plain counts. Filters use indexed columns (status, type, country/admin1/date_start, review).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from pledgewatch.models import AuditEntry, Claim, Document, Incident
from pledgewatch.store.repository import (
    _audit_from_row,
    _chunks,
    _document_from_row,
    _incidents_from_rows,
    _paginate,
)
from pledgewatch.store.tables import AuditEntryRow, ClaimRow, DocumentRow, IncidentClaimRow, IncidentRow

__all__ = [
    "INCIDENT_DATE_ID_INDEX",
    "INCIDENT_DATE_STATUS_INDEX",
    "IncidentFilter",
    "audit_entries",
    "claims_by_id",
    "claims_for_review",
    "count_audit",
    "count_incidents",
    "documents_by_id",
    "incident_days",
    "incident_timeline_counts",
    "incident_span",
    "incident_places",
    "incident_status_counts",
    "incident_type_counts",
    "incidents_awaiting_decision",
    "incidents_of_claim",
    "newest_first",
    "review_counts",
    "search_incidents",
]


# Indexes for these queries (created by migration 0004_users): the timeline counts incidents per day
# and status from an index alone, and "newest first" pages walk (date_start, id) backwards instead
# of sorting every incident — at 100,000 incidents that is 2 ms instead of 600 ms on SQLite.
INCIDENT_DATE_STATUS_INDEX = sa.Index("ix_incidents_date_status", IncidentRow.date_start, IncidentRow.status)
INCIDENT_DATE_ID_INDEX = sa.Index("ix_incidents_date_id", IncidentRow.date_start, IncidentRow.id)


def newest_first(session: Session) -> tuple:
    """ORDER BY for "newest start date first, undated last", in a form the (date_start, id) index
    serves: SQLite sorts NULL lowest, so DESC already puts undated incidents last."""
    if session.get_bind().dialect.name == "sqlite":
        return (IncidentRow.date_start.desc(), IncidentRow.id.desc())
    return (IncidentRow.date_start.desc().nulls_last(), IncidentRow.id.desc())


@dataclass(frozen=True)
class IncidentFilter:
    """What the incidents page filters on; every field optional."""

    status: str | None = None
    type: str | None = None
    country: str | None = None
    admin1: str | None = None
    date_from: date | None = None
    date_to: date | None = None

    def where(self) -> list[sa.ColumnElement[bool]]:
        clauses: list[sa.ColumnElement[bool]] = []
        if self.status:
            clauses.append(IncidentRow.status == self.status)
        if self.type:
            clauses.append(IncidentRow.type == self.type)
        if self.country:
            clauses.append(IncidentRow.country == self.country)
        if self.admin1:
            clauses.append(IncidentRow.admin1 == self.admin1)
        if self.date_from:
            clauses.append(IncidentRow.date_start >= self.date_from)
        if self.date_to:
            clauses.append(IncidentRow.date_start <= self.date_to)
        return clauses

    @property
    def is_empty(self) -> bool:
        return not any((self.status, self.type, self.country, self.admin1, self.date_from, self.date_to))


# --- incidents -------------------------------------------------------------------------------


def search_incidents(
    session: Session, *, where: IncidentFilter, limit: int | None = None, offset: int = 0
) -> list[Incident]:
    """Incidents matching the filter, newest start date first (undated last).

    The page's ids come from the index first and only those rows are read: skipping ``offset``
    rows then costs index entries, not whole incidents with their JSON."""
    ids_statement = sa.select(IncidentRow.id).where(*where.where()).order_by(*newest_first(session))
    ids = list(session.scalars(_paginate(ids_statement, limit=limit, offset=offset)))
    if not ids:
        return []
    rows: dict[str, IncidentRow] = {}
    for chunk in _chunks(ids):
        rows.update(
            {row.id: row for row in session.scalars(sa.select(IncidentRow).where(IncidentRow.id.in_(chunk)))}
        )
    return _incidents_from_rows(session, [rows[i] for i in ids if i in rows])


def count_incidents(session: Session, *, where: IncidentFilter) -> int:
    statement = sa.select(sa.func.count()).select_from(IncidentRow).where(*where.where())
    return int(session.scalar(statement) or 0)


def incident_places(session: Session, *, where: IncidentFilter) -> list[tuple[str | None, str | None, int]]:
    """(country, admin1, incidents) for the map, largest first."""
    count = sa.func.count().label("n")
    statement = (
        sa.select(IncidentRow.country, IncidentRow.admin1, count)
        .where(*where.where())
        .group_by(IncidentRow.country, IncidentRow.admin1)
        .order_by(count.desc())
    )
    return [(row.country, row.admin1, int(row.n)) for row in session.execute(statement)]


def incident_days(session: Session, *, where: IncidentFilter) -> list[tuple[date, str, int]]:
    """(start date, status, incidents) for the timeline; undated incidents are left out."""
    statement = (
        sa.select(IncidentRow.date_start, IncidentRow.status, sa.func.count().label("n"))
        .where(*where.where(), IncidentRow.date_start.is_not(None))
        .group_by(IncidentRow.date_start, IncidentRow.status)
    )
    return [(row.date_start, row.status, int(row.n)) for row in session.execute(statement)]


def _bucket_date(text: str) -> date:
    """ "2025-10-12" / "2025-10" / "2025" → the first day it stands for."""
    parts = [int(part) for part in text.split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def incident_span(session: Session, *, where: IncidentFilter) -> tuple[date | None, date | None]:
    """First and last start date among the matching incidents."""
    row = session.execute(
        sa.select(sa.func.min(IncidentRow.date_start), sa.func.max(IncidentRow.date_start)).where(
            *where.where()
        )
    ).one()
    return row[0], row[1]


def incident_timeline_counts(
    session: Session, *, where: IncidentFilter, unit: str
) -> list[tuple[date, str, int]]:
    """(day, or first day of the month or year, status, incidents) for the timeline.

    PostgreSQL counts per month or year itself; SQLite returns counts per day, read from the
    (date_start, status) index, because computing a month for each of 100,000 rows there costs
    more than moving a few thousand (day, status) rows to Python."""
    if unit not in ("day", "month", "year"):
        raise ValueError(f"unit must be day, month or year, not {unit!r}")
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        # the dates as stored (ISO text): no date object per row, just a prefix per bucket
        raw = sa.type_coerce(IncidentRow.date_start, sa.String)
        statement = (
            sa.select(raw.label("day"), IncidentRow.status, sa.func.count().label("n"))
            .where(*where.where(), IncidentRow.date_start.is_not(None))
            .group_by(IncidentRow.date_start, IncidentRow.status)
        )
        width = {"day": 10, "month": 7, "year": 4}[unit]
        totals: dict[tuple[str, str], int] = {}
        for day, status, n in session.execute(statement):
            key = (day[:width], status)
            totals[key] = totals.get(key, 0) + n
        return [(_bucket_date(bucket), status, n) for (bucket, status), n in totals.items()]
    if unit == "day":
        return incident_days(session, where=where)
    if dialect == "postgresql":
        bucket = sa.func.to_char(IncidentRow.date_start, "YYYY-MM" if unit == "month" else "YYYY")
    else:
        return incident_days(session, where=where)
    bucket = bucket.label("bucket")
    statement = (
        sa.select(bucket, IncidentRow.status, sa.func.count().label("n"))
        .where(*where.where(), IncidentRow.date_start.is_not(None))
        .group_by(bucket, IncidentRow.status)
    )
    found = []
    for row in session.execute(statement):
        year, _, month = str(row.bucket).partition("-")
        found.append((date(int(year), int(month or 1), 1), row.status, int(row.n)))
    return found


def incident_status_counts(session: Session, *, where: IncidentFilter) -> list[tuple[str, int]]:
    """(status, incidents) among those matching the filter, most frequent first."""
    count = sa.func.count().label("n")
    statement = (
        sa.select(IncidentRow.status, count)
        .where(*where.where())
        .group_by(IncidentRow.status)
        .order_by(count.desc(), IncidentRow.status)
    )
    return [(row.status, int(row.n)) for row in session.execute(statement)]


def incident_type_counts(session: Session) -> list[tuple[str, int]]:
    """Every stored event type with its number of incidents, most frequent first."""
    count = sa.func.count().label("n")
    statement = (
        sa.select(IncidentRow.type, count)
        .where(IncidentRow.type.is_not(None))
        .group_by(IncidentRow.type)
        .order_by(count.desc(), IncidentRow.type)
    )
    return [(row.type, int(row.n)) for row in session.execute(statement)]


def incidents_awaiting_decision(session: Session, *, limit: int = 20) -> tuple[list[Incident], int]:
    """Contested incidents no analyst has given a status yet (newest first), and how many there are."""
    where = (IncidentRow.status == "contested", IncidentRow.human_status.is_(None))
    total = int(session.scalar(sa.select(sa.func.count()).select_from(IncidentRow).where(*where)) or 0)
    statement = sa.select(IncidentRow).where(*where).order_by(*newest_first(session)).limit(limit)
    return _incidents_from_rows(session, list(session.scalars(statement))), total


def incidents_of_claim(session: Session, *, claim_id: str) -> list[str]:
    """The incidents a claim is linked to (usually one)."""
    statement = (
        sa.select(IncidentClaimRow.incident_id)
        .where(IncidentClaimRow.claim_id == claim_id)
        .order_by(IncidentClaimRow.incident_id)
    )
    return list(session.scalars(statement))


# --- claims and documents in batches ---------------------------------------------------------


def _claim_from_core_row(row) -> Claim:
    """Like ``repository._claim_from_row``, validated in one pass: a page quotes hundreds of claims."""
    return Claim.model_validate(
        {
            "id": row.id,
            "kind": row.kind,
            "text": row.text,
            "span": (row.span_start, row.span_end),
            "speaker": {"name": row.speaker_name, "actor": row.speaker_actor}
            if row.speaker_name is not None
            else None,
            "polarity": row.polarity,
            "about": row.about,
            "targets": row.targets or [],
            "event": row.event,
            "casualties": row.casualties or [],
            "confidence": row.confidence,
            "extractor": row.extractor,
            "document_id": row.document_id,
            "review": row.review,
        }
    )


def claims_by_id(session: Session, *, claim_ids: Collection[str]) -> dict[str, Claim]:
    found: dict[str, Claim] = {}
    table = ClaimRow.__table__
    for chunk in _chunks(sorted(set(claim_ids))):
        for row in session.execute(sa.select(table).where(table.c.id.in_(chunk))):
            found[row.id] = _claim_from_core_row(row)
    return found


def documents_by_id(session: Session, *, document_ids: Collection[str]) -> dict[str, Document]:
    """Documents with their text (the raw bytes stay in the database)."""
    found: dict[str, Document] = {}
    for chunk in _chunks(sorted(set(document_ids))):
        for row in session.scalars(sa.select(DocumentRow).where(DocumentRow.id.in_(chunk))):
            found[row.id] = _document_from_row(row)
    return found


def claims_for_review(
    session: Session, *, kind: str | None = None, limit: int = 50, offset: int = 0
) -> list[Claim]:
    """Claims nobody has reviewed yet, least confident first."""
    table = ClaimRow.__table__
    statement = sa.select(table).where(table.c.review == "machine")
    if kind:
        statement = statement.where(table.c.kind == kind)
    statement = statement.order_by(table.c.confidence, table.c.document_id, table.c.span_start, table.c.id)
    return [
        _claim_from_core_row(row) for row in session.execute(_paginate(statement, limit=limit, offset=offset))
    ]


def review_counts(session: Session, *, kind: str | None = None) -> dict[str, int]:
    """Claims per review state (machine, confirmed, rejected, edited)."""
    statement = sa.select(ClaimRow.review, sa.func.count().label("n")).group_by(ClaimRow.review)
    if kind:
        statement = statement.where(ClaimRow.kind == kind)
    counts = {"machine": 0, "confirmed": 0, "rejected": 0, "edited": 0}
    counts.update({row.review: int(row.n) for row in session.execute(statement)})
    return counts


# --- audit -----------------------------------------------------------------------------------


def _audit_where(actor: str | None, action: str | None, entity: str | None) -> list:
    clauses = []
    if actor:
        clauses.append(AuditEntryRow.actor == actor)
    if action:
        clauses.append(AuditEntryRow.action == action)
    if entity:
        clauses.append(AuditEntryRow.entity == entity)
    return clauses


def audit_entries(
    session: Session,
    *,
    actor: str | None = None,
    action: str | None = None,
    entity: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[AuditEntry]:
    """Audit entries, newest first."""
    statement = (
        sa.select(AuditEntryRow.__table__)
        .where(*_audit_where(actor, action, entity))
        .order_by(AuditEntryRow.seq.desc())
    )
    return [_audit_from_row(row) for row in session.execute(_paginate(statement, limit=limit, offset=offset))]


def count_audit(
    session: Session, *, actor: str | None = None, action: str | None = None, entity: str | None = None
) -> int:
    statement = (
        sa.select(sa.func.count()).select_from(AuditEntryRow).where(*_audit_where(actor, action, entity))
    )
    return int(session.scalar(statement) or 0)
