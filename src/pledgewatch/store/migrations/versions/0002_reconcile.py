"""Reconciliation decisions (analysts' merges and splits by claim ids) and superseded claim links.

Revision ID: 0002_reconcile
Revises: 0001
Create Date: 2026-05-10
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002_reconcile"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Spelled out here rather than imported from tables.py: a migration must not change when tables.py does.
JSONType = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
UtcDateTime = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "reconcile_decisions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("claim_ids", JSONType, nullable=False),
        sa.Column("other_claim_ids", JSONType, nullable=False),
        sa.Column("incident_ids", JSONType, nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("at", UtcDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_reconcile_decisions"),
    )
    op.create_index("ix_reconcile_decisions_at", "reconcile_decisions", ["at"])
    with op.batch_alter_table("incident_claims") as batch:
        batch.add_column(sa.Column("superseded_by", sa.String(100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("incident_claims") as batch:
        batch.drop_column("superseded_by")
    op.drop_table("reconcile_decisions")  # drops its index with it
