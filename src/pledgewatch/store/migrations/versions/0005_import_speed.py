"""Faster dataset imports: drop four claims indexes that no query uses; plain JSON claim columns.

Every imported dataset row is a claim, so each claims index is maintained a million times for a
million-row file. These four serve no query in the code (checked with grep when this was written):

- ``ix_claims_event_date_start``: place-and-date lookups use ``ix_claims_event_block`` (country,
  admin1, date); nothing filters on the date alone;
- ``ix_claims_event_date_end`` and ``ix_claims_event_type``: no query filters or sorts on them;
- ``ix_claims_speaker_actor``: the only filter is ``speaker_actor = ? OR speaker_name = ?``, which
  cannot use it (``speaker_name`` has no index), so both backends scan anyway.

On PostgreSQL the claims' ``targets``, ``event`` and ``casualties`` become ``json`` instead of
``jsonb``: no query in the code uses a JSONB operator or index on them, and parsing into JSONB was
about a quarter of the server's time in a dataset import (200k ACLED rows: 6.7 s -> 5.0 s). ``json``
keeps the text as written; analysts' own SQL casts where it needs JSONB (``event::jsonb @> ...``).
On an existing store the type change rewrites the claims table once.

Downgrade puts them back.

Revision ID: 0005_import_speed
Revises: 0004_users
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0005_import_speed"
down_revision: str | None = "0004_users"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_DROPPED = (
    ("ix_claims_event_date_start", ["event_date_start"]),
    ("ix_claims_event_date_end", ["event_date_end"]),
    ("ix_claims_event_type", ["event_type"]),
    ("ix_claims_speaker_actor", ["speaker_actor"]),
)

_JSON_COLUMNS = ("targets", "event", "casualties")


def upgrade() -> None:
    for name, _columns in _DROPPED:
        op.drop_index(name, table_name="claims")
    if op.get_bind().dialect.name == "postgresql":
        for column in _JSON_COLUMNS:
            op.alter_column(
                "claims",
                column,
                type_=postgresql.JSON(),
                existing_type=postgresql.JSONB(),
                postgresql_using=f"{column}::json",
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for column in _JSON_COLUMNS:
            op.alter_column(
                "claims",
                column,
                type_=postgresql.JSONB(),
                existing_type=postgresql.JSON(),
                postgresql_using=f"{column}::jsonb",
            )
    for name, columns in _DROPPED:
        op.create_index(name, "claims", columns)
