"""Initial schema: documents, sources, knowledge, claims, incidents, commitments, assessments, audit.

Revision ID: 0001
Revises:
Create Date: 2025-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Spelled out here rather than imported from tables.py: a migration must not change when tables.py does.
JSONType = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
UtcDateTime = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "sources",
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("affiliation", sa.String(40), nullable=True),
        sa.PrimaryKeyConstraint("name", name="pk_sources"),
    )

    op.create_table(
        "documents",
        sa.Column("id", sa.String(71), nullable=False),
        sa.Column("raw", sa.LargeBinary(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("path", sa.Text(), nullable=True),
        sa.Column("source", sa.String(300), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("published_from", sa.String(40), nullable=True),
        sa.Column("language", sa.String(20), nullable=True),
        sa.Column("media_type", sa.String(100), nullable=False),
        sa.Column("ingested_at", UtcDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_documents"),
    )
    op.create_index("ix_documents_ingested_at", "documents", ["ingested_at"])
    op.create_index("ix_documents_published", "documents", ["published"])
    op.create_index("ix_documents_source", "documents", ["source"])

    op.create_table(
        "extraction_runs",
        sa.Column("document_id", sa.String(71), nullable=False),
        sa.Column("extractor", sa.String(200), nullable=False),
        sa.Column("claim_count", sa.Integer(), nullable=False),
        sa.Column("at", UtcDateTime, nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name="fk_extraction_runs_document_id_documents",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("document_id", "extractor", name="pk_extraction_runs"),
    )

    op.create_table(
        "actors",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("aliases", JSONType, nullable=False),
        sa.Column("type", sa.String(40), nullable=False),
        sa.Column("parent", sa.String(40), nullable=True),
        sa.Column("country", sa.String(2), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_actors"),
    )

    op.create_table(
        "places",
        sa.Column("id", sa.String(100), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("aliases", JSONType, nullable=False),
        sa.Column("feature", sa.String(40), nullable=False),
        sa.Column("country", sa.String(2), nullable=False),
        sa.Column("admin1", sa.String(200), nullable=True),
        sa.Column("admin2", sa.String(200), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_places"),
    )
    op.create_index("ix_places_country", "places", ["country"])
    op.create_index("ix_places_name", "places", ["name"])

    op.create_table(
        "claims",
        sa.Column("id", sa.String(100), nullable=False),
        sa.Column("document_id", sa.String(71), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("polarity", sa.String(10), nullable=False),
        sa.Column("speaker_name", sa.Text(), nullable=True),
        sa.Column("speaker_actor", sa.String(40), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("span_start", sa.Integer(), nullable=False),
        sa.Column("span_end", sa.Integer(), nullable=False),
        sa.Column("about", sa.Text(), nullable=True),
        sa.Column("targets", JSONType, nullable=False),
        sa.Column("event", JSONType, nullable=True),
        sa.Column("event_type", sa.String(60), nullable=True),
        sa.Column("event_date_start", sa.Date(), nullable=True),
        sa.Column("event_date_end", sa.Date(), nullable=True),
        sa.Column("event_country", sa.String(2), nullable=True),
        sa.Column("event_admin1", sa.String(200), nullable=True),
        sa.Column("casualties", JSONType, nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("extractor", sa.String(200), nullable=True),
        sa.Column("review", sa.String(20), nullable=False),
        sa.Column("created_at", UtcDateTime, nullable=False),
        sa.Column("reviewed_at", UtcDateTime, nullable=True),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], name="fk_claims_document_id_documents"),
        sa.PrimaryKeyConstraint("id", name="pk_claims"),
    )
    op.create_index("ix_claims_document_extractor", "claims", ["document_id", "extractor"])
    op.create_index("ix_claims_event_block", "claims", ["event_country", "event_admin1", "event_date_start"])
    op.create_index("ix_claims_event_date_start", "claims", ["event_date_start"])
    op.create_index("ix_claims_event_date_end", "claims", ["event_date_end"])
    op.create_index("ix_claims_event_type", "claims", ["event_type"])
    op.create_index("ix_claims_kind", "claims", ["kind"])
    op.create_index("ix_claims_review", "claims", ["review"])
    op.create_index("ix_claims_speaker_actor", "claims", ["speaker_actor"])

    op.create_table(
        "incidents",
        sa.Column("id", sa.String(100), nullable=False),
        sa.Column("type", sa.String(60), nullable=True),
        sa.Column("tags", JSONType, nullable=False),
        sa.Column("date_start", sa.Date(), nullable=True),
        sa.Column("date_end", sa.Date(), nullable=True),
        sa.Column("date_precision", sa.String(10), nullable=True),
        sa.Column("date_text", sa.Text(), nullable=True),
        sa.Column("location", JSONType, nullable=True),
        sa.Column("country", sa.String(2), nullable=True),
        sa.Column("admin1", sa.String(200), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("machine_status", sa.String(20), nullable=False),
        sa.Column("human_status", sa.String(20), nullable=True),
        sa.Column("human_status_at", UtcDateTime, nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("rule", sa.String(200), nullable=False),
        sa.Column("estimates", JSONType, nullable=False),
        sa.Column("sources", sa.Integer(), nullable=False),
        sa.Column("actors", JSONType, nullable=False),
        sa.Column("updated_at", UtcDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_incidents"),
    )
    op.create_index("ix_incidents_date_start", "incidents", ["date_start"])
    op.create_index("ix_incidents_place_date", "incidents", ["country", "admin1", "date_start"])
    op.create_index("ix_incidents_status", "incidents", ["status"])
    op.create_index("ix_incidents_type", "incidents", ["type"])

    op.create_table(
        "incident_claims",
        sa.Column("incident_id", sa.String(100), nullable=False),
        sa.Column("claim_id", sa.String(100), nullable=False),
        sa.Column("relation", sa.String(20), nullable=False),
        sa.Column("document_id", sa.String(71), nullable=False),
        sa.Column("source", sa.String(300), nullable=True),
        sa.Column("speaker", sa.String(40), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incidents.id"],
            name="fk_incident_claims_incident_id_incidents",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("incident_id", "claim_id", name="pk_incident_claims"),
    )
    op.create_index("ix_incident_claims_claim_id", "incident_claims", ["claim_id"])

    op.create_table(
        "commitments",
        sa.Column("id", sa.String(100), nullable=False),
        sa.Column("obligor", sa.String(40), nullable=False),
        sa.Column("category", sa.String(60), nullable=False),
        sa.Column("made_on", sa.Date(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("payload", JSONType, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_commitments"),
    )
    op.create_index("ix_commitments_category", "commitments", ["category"])
    op.create_index("ix_commitments_obligor", "commitments", ["obligor"])

    op.create_table(
        "assessment_reports",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("method", sa.String(200), nullable=False),
        sa.Column("periods", JSONType, nullable=False),
        sa.Column("saved_at", UtcDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_assessment_reports"),
    )

    op.create_table(
        "assessments",
        sa.Column("party", sa.String(40), nullable=False),
        sa.Column("period", sa.String(20), nullable=False),
        sa.Column("method", sa.String(200), nullable=False),
        sa.Column("words", sa.Integer(), nullable=False),
        sa.Column("breach_weight", sa.Float(), nullable=False),
        sa.Column("gap_value", sa.Float(), nullable=False),
        sa.Column("gap_low", sa.Float(), nullable=False),
        sa.Column("gap_high", sa.Float(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("payload", JSONType, nullable=False),
        sa.PrimaryKeyConstraint("party", "period", name="pk_assessments"),
    )
    op.create_index("ix_assessments_period", "assessments", ["period"])

    op.create_table(
        "audit_entries",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("at", UtcDateTime, nullable=False),
        sa.Column("action", sa.String(100), nullable=False),
        sa.Column("entity", sa.String(300), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),  # plain JSON: hashed values must come back verbatim
        sa.Column("after", sa.JSON(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name="pk_audit_entries"),
    )
    op.create_index("ix_audit_entries_entity", "audit_entries", ["entity"])


def downgrade() -> None:
    for table in (
        "audit_entries",
        "assessments",
        "assessment_reports",
        "commitments",
        "incident_claims",
        "incidents",
        "claims",
        "places",
        "actors",
        "extraction_runs",
        "documents",
        "sources",
    ):
        op.drop_table(table)  # drops the table's indexes with it
