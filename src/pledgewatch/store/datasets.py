"""Store functions for imported event datasets: the file's document and its rows' claims, written fast.

A dataset file is a document whose id is the sha256 of the whole file but whose ``raw`` is only the
header line: the rows live in their claims (see ``pledgewatch.ingest.datasets``), so a file of a
million rows is never held in memory or stored twice. Claims are written in batches straight through
the driver — ``executemany`` on SQLite, ``COPY`` on PostgreSQL — inside the caller's session and
transaction, like every other repository function.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session

from pledgewatch.errors import StoreError
from pledgewatch.models import Claim, Document
from pledgewatch.store.repository import _chunks, _insert_if_absent
from pledgewatch.store.tables import ClaimRow, DocumentRow, SourceRow

__all__ = [
    "CLAIM_COLUMNS",
    "StoredClaimRef",
    "add_dataset_claims",
    "add_dataset_document",
    "add_dataset_rows",
    "claim_row",
    "dataset_claim_count",
    "stored_claim_refs",
]

SQLITE_IMPORT_CACHE_KIB = 64 * 1024
SQLITE_IMPORT_CHECKPOINT_PAGES = 16384

_DOCUMENT_ID = re.compile(r"^sha256:[0-9a-f]{64}$")
CLAIM_COLUMNS: tuple[str, ...] = (
    "id",
    "document_id",
    "kind",
    "polarity",
    "speaker_name",
    "speaker_actor",
    "text",
    "span_start",
    "span_end",
    "about",
    "targets",
    "event",
    "event_type",
    "event_date_start",
    "event_date_end",
    "event_country",
    "event_admin1",
    "casualties",
    "confidence",
    "extractor",
    "review",
    "created_at",
    "reviewed_at",
)


def add_dataset_document(session: Session, *, document: Document, header: bytes) -> bool:
    """Store a dataset file's document; False (nothing changed) when a document with its id is stored.

    Unlike ``add_document``, ``document.id`` is the sha256 of the whole file, computed by the caller
    while streaming it, and ``header`` (the file's first line) is kept as ``raw``.
    """
    if not _DOCUMENT_ID.match(document.id):
        raise StoreError(
            f"dataset document id {document.id!r} is not 'sha256:' + 64 hex digits",
            where=document.path,
            hint="use the sha256 of the file's bytes",
        )
    session.flush()
    values = {
        "id": document.id,
        "raw": bytes(header),
        "text": document.text,
        "title": document.title,
        "url": document.url,
        "path": document.path,
        "source": document.source,
        "published": document.published,
        "published_from": document.published_from,
        "language": document.language,
        "media_type": document.media_type,
        "ingested_at": datetime.now(UTC),
    }
    stored = _insert_if_absent(session, DocumentRow.__table__, values, ["id"])
    if stored and document.source:
        _insert_if_absent(
            session,
            SourceRow.__table__,
            {"name": document.source, "kind": "dataset", "affiliation": None},
            ["name"],
        )
    return stored


@dataclass(frozen=True)
class StoredClaimRef:
    """Where a stored claim came from: enough to tell a re-import from a duplicate row."""

    document_id: str
    span_start: int
    text: str


def stored_claim_refs(session: Session, *, ids: Sequence[str]) -> dict[str, StoredClaimRef]:
    """The stored claims among ``ids``."""
    table = ClaimRow.__table__
    found: dict[str, StoredClaimRef] = {}
    unique = list(dict.fromkeys(ids))
    if session.get_bind().dialect.name == "postgresql":
        # one array parameter instead of IN lists of 500
        statement = sa.text(
            f"SELECT id, document_id, span_start, text FROM {table.name} WHERE id = ANY(:ids)"
        ).bindparams(sa.bindparam("ids", type_=postgresql.ARRAY(sa.String)))
        for row in session.execute(statement, {"ids": unique}):
            found[row.id] = StoredClaimRef(row.document_id, row.span_start, row.text)
        return found
    for chunk in _chunks(unique):
        statement = sa.select(table.c.id, table.c.document_id, table.c.span_start, table.c.text).where(
            table.c.id.in_(chunk)
        )
        for row in session.execute(statement):
            found[row.id] = StoredClaimRef(row.document_id, row.span_start, row.text)
    return found


def dataset_claim_count(session: Session, *, document_id: str) -> int:
    table = ClaimRow.__table__
    statement = sa.select(sa.func.count()).select_from(table).where(table.c.document_id == document_id)
    return int(session.scalar(statement) or 0)


def _dumps(value: Any) -> str:
    return orjson.dumps(value).decode("utf-8")


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date) else str(value)


def claim_row(claim: Claim | Mapping[str, Any], *, document_id: str) -> tuple:
    """The claims-table values of a claim (a ``Claim`` or its schema-v1 plain data), in
    ``CLAIM_COLUMNS`` order without the two timestamps, JSON already serialised.

    A pure function, so an import can prepare rows in another process. Mirrors
    ``repository._claim_values``; ``tests/store/test_datasets.py`` reads claims written this way back
    through the repository to keep the two in step.
    """
    if isinstance(claim, Claim):
        claim = claim.model_dump(mode="json", exclude={"document_id", "review"})
    event = claim.get("event")
    where = event.get("location") if event else None
    when = event.get("date") if event else None
    speaker = claim.get("speaker")
    span = claim["span"]
    return (
        claim["id"],
        document_id,
        claim["kind"],
        claim.get("polarity", "asserted"),
        speaker["name"] if speaker else None,
        speaker.get("actor") if speaker else None,
        claim["text"],
        span[0],
        span[1],
        claim.get("about"),
        _dumps(claim.get("targets") or []),
        _dumps(event) if event is not None else None,
        event.get("type") if event else None,
        _iso(when["start"]) if when else None,
        _iso(when["end"]) if when else None,
        where.get("country") if where else None,
        where.get("admin1") if where else None,
        _dumps(claim.get("casualties") or []),
        float(claim["confidence"]),
        claim.get("extractor"),
        "machine",
    )


# positions in a claim_row tuple that callers read
ROW_ID, ROW_TEXT, ROW_SPAN_START = 0, 6, 7


def add_dataset_claims(
    session: Session, *, document_id: str, claims: Sequence[Claim | Mapping[str, Any]]
) -> int:
    """Insert claims of a dataset document; ids already stored are skipped. Returns how many were new."""
    return add_dataset_rows(session, rows=[claim_row(claim, document_id=document_id) for claim in claims])


def add_dataset_rows(session: Session, *, rows: Sequence[tuple]) -> int:
    """Insert ``claim_row`` tuples; ids already stored are skipped. Returns how many were new.

    Callers that need to know which rows were skipped (a re-import, a duplicate) ask
    ``stored_claim_refs`` before, or after when fewer rows than given were new.
    """
    if not rows:
        return 0
    session.flush()
    connection = session.connection()
    dialect = connection.dialect
    now = datetime.now(UTC)
    if dialect.name == "sqlite":
        return _insert_sqlite(connection, rows, now)
    if dialect.name == "postgresql" and dialect.driver == "psycopg":
        import psycopg

        try:
            with session.begin_nested():
                return _copy_postgresql(session.connection(), rows, now)
        except psycopg.errors.UniqueViolation:
            # some ids are stored already: go through a temporary table that skips them
            return _copy_postgresql_skipping(session.connection(), rows, now)
    return _insert_core(connection, rows, now)


def _insert_sqlite(connection: sa.Connection, rows: Sequence[tuple], now: datetime) -> int:
    table = ClaimRow.__table__
    to_datetime = table.c.created_at.type.dialect_impl(connection.dialect).bind_processor(connection.dialect)
    stamps = (to_datetime(now) if to_datetime else now, None)
    placeholders = ", ".join("?" for _ in CLAIM_COLUMNS)
    sql = (
        f"INSERT INTO {table.name} ({', '.join(CLAIM_COLUMNS)}) VALUES ({placeholders}) "
        "ON CONFLICT (id) DO NOTHING"
    )
    driver = connection.connection.driver_connection
    # for this connection while it imports: index pages of a large claims table stay in memory, and
    # the WAL is copied back into the database every 64 MiB rather than every 4 MiB (fewer rewrites)
    driver.execute(f"PRAGMA cache_size=-{SQLITE_IMPORT_CACHE_KIB}")
    driver.execute(f"PRAGMA wal_autocheckpoint={SQLITE_IMPORT_CHECKPOINT_PAGES}")
    cursor = driver.cursor()
    try:
        cursor.executemany(sql, [row + stamps for row in rows])
        return max(cursor.rowcount, 0)
    finally:
        cursor.close()


def _copy_postgresql(connection: sa.Connection, rows: Sequence[tuple], now: datetime) -> int:
    """COPY straight into the claims table (inside a savepoint: a stored id fails the whole COPY)."""
    driver = connection.connection.driver_connection
    stamps = (now, None)
    statement = f"COPY {ClaimRow.__tablename__} ({', '.join(CLAIM_COLUMNS)}) FROM STDIN"
    with driver.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row + stamps)
    return len(rows)


def _copy_postgresql_skipping(connection: sa.Connection, rows: Sequence[tuple], now: datetime) -> int:
    """COPY into a temporary table, then INSERT ... ON CONFLICT DO NOTHING: slower than a straight
    COPY, but a batch holding stored ids keeps the rest."""
    table = ClaimRow.__table__
    columns = ", ".join(CLAIM_COLUMNS)
    driver = connection.connection.driver_connection
    stamps = (now, None)
    with driver.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS pw_import_claims (LIKE {table.name} INCLUDING DEFAULTS) "
            "ON COMMIT DELETE ROWS"
        )
        with cursor.copy(f"COPY pw_import_claims ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row + stamps)
        cursor.execute(
            f"INSERT INTO {table.name} ({columns}) SELECT {columns} FROM pw_import_claims "
            "ON CONFLICT (id) DO NOTHING"
        )
        inserted = cursor.rowcount
        cursor.execute("TRUNCATE pw_import_claims")
    return max(inserted, 0)


def _insert_core(connection: sa.Connection, rows: Sequence[tuple], now: datetime) -> int:
    """Other backends: SQLAlchemy Core, one row at a time (correct, not tuned)."""
    table = ClaimRow.__table__
    existing = set(connection.scalars(sa.select(table.c.id).where(table.c.id.in_([r[ROW_ID] for r in rows]))))
    inserted = 0
    for row in rows:
        if row[ROW_ID] in existing:
            continue
        values = dict(zip(CLAIM_COLUMNS, (*row, now, None), strict=True))
        for column in ("targets", "event", "casualties"):
            if values[column] is not None:
                values[column] = orjson.loads(values[column])
        for column in ("event_date_start", "event_date_end"):
            if values[column] is not None:
                values[column] = date.fromisoformat(values[column])
        connection.execute(sa.insert(table).values(**values))
        existing.add(row[ROW_ID])
        inserted += 1
    return inserted
