"""Tables of the store (SQLAlchemy 2 typed declarative).

These are storage types only: stages never see them. ``repository.py`` maps rows to the domain models
in ``pledgewatch.models`` and back. Nested structures that are read whole (event, casualties,
estimates, payloads) are JSON; what is filtered or joined on (dates, countries, statuses, speakers) is
also kept in its own indexed column.

Every change here needs a new migration in ``migrations/versions``; ``tests/store`` checks that the
migrated schema matches this metadata.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Constraint names must be stable so later migrations can refer to them on both backends.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# JSON on SQLite, JSONB on PostgreSQL (indexable, queryable by analysts with their own SQL).
JSONType = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
UtcDateTime = sa.DateTime(timezone=True)


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


class SourceRow(Base):
    __tablename__ = "sources"

    name: Mapped[str] = mapped_column(sa.String(300), primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(40), default="unknown")
    affiliation: Mapped[str | None] = mapped_column(sa.String(40))


class DocumentRow(Base):
    __tablename__ = "documents"

    id: Mapped[str] = mapped_column(sa.String(71), primary_key=True)  # "sha256:" + 64 hex
    # deferred: listing documents must not pull every PDF into memory
    raw: Mapped[bytes] = mapped_column(sa.LargeBinary, deferred=True)
    text: Mapped[str] = mapped_column(sa.Text)
    title: Mapped[str | None] = mapped_column(sa.Text)
    url: Mapped[str | None] = mapped_column(sa.Text)
    path: Mapped[str | None] = mapped_column(sa.Text)
    source: Mapped[str | None] = mapped_column(sa.String(300), index=True)
    published: Mapped[date | None] = mapped_column(sa.Date, index=True)
    published_from: Mapped[str | None] = mapped_column(sa.String(40))
    language: Mapped[str | None] = mapped_column(sa.String(20))
    media_type: Mapped[str] = mapped_column(sa.String(100))
    ingested_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)


class ExtractionRunRow(Base):
    """The last extraction of a document by one extractor, so zero-claim documents are not redone."""

    __tablename__ = "extraction_runs"

    document_id: Mapped[str] = mapped_column(
        sa.String(71), sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    extractor: Mapped[str] = mapped_column(sa.String(200), primary_key=True)
    claim_count: Mapped[int] = mapped_column(sa.Integer)
    at: Mapped[datetime] = mapped_column(UtcDateTime)


class ActorRow(Base):
    __tablename__ = "actors"

    id: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(300))
    aliases: Mapped[list[str]] = mapped_column(JSONType)
    type: Mapped[str] = mapped_column(sa.String(40))
    parent: Mapped[str | None] = mapped_column(sa.String(40))
    country: Mapped[str | None] = mapped_column(sa.String(2))


class PlaceRow(Base):
    __tablename__ = "places"

    id: Mapped[str] = mapped_column(sa.String(100), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(300), index=True)
    aliases: Mapped[list[str]] = mapped_column(JSONType)
    feature: Mapped[str] = mapped_column(sa.String(40))
    country: Mapped[str] = mapped_column(sa.String(2), index=True)
    admin1: Mapped[str | None] = mapped_column(sa.String(200))
    admin2: Mapped[str | None] = mapped_column(sa.String(200))
    lat: Mapped[float | None] = mapped_column(sa.Float)
    lon: Mapped[float | None] = mapped_column(sa.Float)


class ClaimRow(Base):
    __tablename__ = "claims"
    __table_args__ = (
        # reconciliation blocks on place and date window
        sa.Index("ix_claims_event_block", "event_country", "event_admin1", "event_date_start"),
        sa.Index("ix_claims_document_extractor", "document_id", "extractor"),
    )

    id: Mapped[str] = mapped_column(sa.String(100), primary_key=True)
    # indexed through ix_claims_document_extractor (document_id first)
    document_id: Mapped[str] = mapped_column(sa.String(71), sa.ForeignKey("documents.id"))
    kind: Mapped[str] = mapped_column(sa.String(30), index=True)
    polarity: Mapped[str] = mapped_column(sa.String(10))
    speaker_name: Mapped[str | None] = mapped_column(sa.Text)
    # 0005: no index on speaker_actor, event_type or the dates alone; nothing queries them
    speaker_actor: Mapped[str | None] = mapped_column(sa.String(40))
    text: Mapped[str] = mapped_column(sa.Text)
    span_start: Mapped[int] = mapped_column(sa.Integer)
    span_end: Mapped[int] = mapped_column(sa.Integer)
    about: Mapped[str | None] = mapped_column(sa.Text)
    # 0005: plain JSON on PostgreSQL too (no query here uses JSONB operators; parsing JSONB was about a
    # quarter of a dataset import's time). Analysts' own SQL can cast: ``event::jsonb @> ...``.
    targets: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON)
    event: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    event_type: Mapped[str | None] = mapped_column(sa.String(60))
    event_date_start: Mapped[date | None] = mapped_column(sa.Date)
    event_date_end: Mapped[date | None] = mapped_column(sa.Date)
    event_country: Mapped[str | None] = mapped_column(sa.String(2))
    event_admin1: Mapped[str | None] = mapped_column(sa.String(200))
    casualties: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON)
    confidence: Mapped[float] = mapped_column(sa.Float)
    extractor: Mapped[str | None] = mapped_column(sa.String(200))
    review: Mapped[str] = mapped_column(sa.String(20), default="machine", index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    reviewed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class IncidentRow(Base):
    __tablename__ = "incidents"
    __table_args__ = (sa.Index("ix_incidents_place_date", "country", "admin1", "date_start"),)

    id: Mapped[str] = mapped_column(sa.String(100), primary_key=True)
    type: Mapped[str | None] = mapped_column(sa.String(60), index=True)
    tags: Mapped[list[str]] = mapped_column(JSONType)
    date_start: Mapped[date | None] = mapped_column(sa.Date, index=True)
    date_end: Mapped[date | None] = mapped_column(sa.Date)
    date_precision: Mapped[str | None] = mapped_column(sa.String(10))
    date_text: Mapped[str | None] = mapped_column(sa.Text)
    location: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    country: Mapped[str | None] = mapped_column(sa.String(2))
    admin1: Mapped[str | None] = mapped_column(sa.String(200))
    # status = what users see: human_status when a human decided, else machine_status
    status: Mapped[str] = mapped_column(sa.String(20), index=True)
    machine_status: Mapped[str] = mapped_column(sa.String(20))
    human_status: Mapped[str | None] = mapped_column(sa.String(20))
    human_status_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    reason: Mapped[str] = mapped_column(sa.Text)
    rule: Mapped[str] = mapped_column(sa.String(200))
    estimates: Mapped[list[dict[str, Any]]] = mapped_column(JSONType)
    sources: Mapped[int] = mapped_column(sa.Integer)
    actors: Mapped[list[dict[str, Any]]] = mapped_column(JSONType)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class IncidentClaimRow(Base):
    """Link from an incident to a claim. No foreign key to ``claims``: re-extraction replaces machine
    claims (same ids) and must not be blocked by, or cascade into, reconciled incidents."""

    __tablename__ = "incident_claims"

    incident_id: Mapped[str] = mapped_column(
        sa.String(100), sa.ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True
    )
    claim_id: Mapped[str] = mapped_column(sa.String(100), primary_key=True, index=True)
    relation: Mapped[str] = mapped_column(sa.String(20))
    document_id: Mapped[str] = mapped_column(sa.String(71))
    source: Mapped[str | None] = mapped_column(sa.String(300))
    speaker: Mapped[str | None] = mapped_column(sa.String(40))
    position: Mapped[int] = mapped_column(sa.Integer)
    # claim id of a later report of the same source that replaced this claim's figures (0002)
    superseded_by: Mapped[str | None] = mapped_column(sa.String(100))


class ReconcileDecisionRow(Base):
    """An analyst's merge or split, keyed by claim ids (incident ids change between runs; claim ids
    do not). Append-only: a later decision overrides an earlier one when they are replayed in order."""

    __tablename__ = "reconcile_decisions"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(sa.String(10))  # merge | split
    claim_ids: Mapped[list[str]] = mapped_column(JSONType)  # merged claims / the part split off
    other_claim_ids: Mapped[list[str]] = mapped_column(JSONType)  # split: the rest of the incident
    incident_ids: Mapped[list[str]] = mapped_column(JSONType)  # as the analyst saw them
    actor: Mapped[str] = mapped_column(sa.String(200))
    reason: Mapped[str] = mapped_column(sa.Text)
    at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)


class CommitmentRow(Base):
    __tablename__ = "commitments"

    id: Mapped[str] = mapped_column(sa.String(100), primary_key=True)
    obligor: Mapped[str] = mapped_column(sa.String(40), index=True)
    category: Mapped[str] = mapped_column(sa.String(60), index=True)
    made_on: Mapped[date] = mapped_column(sa.Date)
    valid_from: Mapped[date] = mapped_column(sa.Date)
    valid_to: Mapped[date | None] = mapped_column(sa.Date)
    payload: Mapped[dict[str, Any]] = mapped_column(JSONType)  # the whole Commitment


class AssessmentReportRow(Base):
    """The current assessment report's header (one row): method and periods."""

    __tablename__ = "assessment_reports"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=False)
    method: Mapped[str] = mapped_column(sa.String(200))
    periods: Mapped[list[str]] = mapped_column(JSONType)
    saved_at: Mapped[datetime] = mapped_column(UtcDateTime)


class AssessmentRow(Base):
    """One party × period of the current report; ``payload`` is the whole PartyAssessment."""

    __tablename__ = "assessments"

    party: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    period: Mapped[str] = mapped_column(sa.String(20), primary_key=True, index=True)
    method: Mapped[str] = mapped_column(sa.String(200))
    words: Mapped[int] = mapped_column(sa.Integer)
    breach_weight: Mapped[float] = mapped_column(sa.Float)
    gap_value: Mapped[float] = mapped_column(sa.Float)
    gap_low: Mapped[float] = mapped_column(sa.Float)
    gap_high: Mapped[float] = mapped_column(sa.Float)
    position: Mapped[int] = mapped_column(sa.Integer)
    payload: Mapped[dict[str, Any]] = mapped_column(JSONType)


class AuditEntryRow(Base):
    """Append-only, hash-chained log of human decisions.

    The app writes a row once (its hash is filled in the same transaction, once ``seq`` is known) and
    never changes it afterwards; ``verify_audit`` detects edits made behind its back."""

    __tablename__ = "audit_entries"

    seq: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    actor: Mapped[str] = mapped_column(sa.String(200))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    action: Mapped[str] = mapped_column(sa.String(100))
    entity: Mapped[str] = mapped_column(sa.String(300), index=True)
    # plain JSON, not JSONB, on PostgreSQL too: JSONB normalises numbers and drops duplicate keys,
    # and a hash chain needs the values back exactly as they were hashed
    before: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    reason: Mapped[str] = mapped_column(sa.Text)
    prev_hash: Mapped[str] = mapped_column(sa.String(64))
    hash: Mapped[str] = mapped_column(sa.String(64))


metadata = Base.metadata
