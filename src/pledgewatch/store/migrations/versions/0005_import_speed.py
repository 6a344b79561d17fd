"""Faster dataset imports: drop four claims indexes that no query uses.

Every imported dataset row is a claim, so each claims index is maintained a million times for a
million-row file. These four serve no query in the code (checked with grep when this was written):

- ``ix_claims_event_date_start``: place-and-date lookups use ``ix_claims_event_block`` (country,
  admin1, date); nothing filters on the date alone;
- ``ix_claims_event_date_end`` and ``ix_claims_event_type``: no query filters or sorts on them;
- ``ix_claims_speaker_actor``: the only filter is ``speaker_actor = ? OR speaker_name = ?``, which
  cannot use it (``speaker_name`` has no index), so both backends scan anyway.

Downgrade puts them back.

Revision ID: 0005_import_speed
Revises: 0004_users
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

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


def upgrade() -> None:
    for name, _columns in _DROPPED:
        op.drop_index(name, table_name="claims")


def downgrade() -> None:
    for name, columns in _DROPPED:
        op.create_index(name, "claims", columns)
