"""Store functions for imported event datasets: the file's document and its rows' claims, written fast.

A dataset file is a document whose id is the sha256 of the whole file but whose ``raw`` is only the
header line: the rows live in their claims (see ``pledgewatch.ingest.datasets``), so a file of a
million rows is never held in memory or stored twice. Claims are written in batches straight through
the driver — ``executemany`` on SQLite, ``COPY`` on PostgreSQL — inside the caller's session and
transaction, like every other repository function.

An import moves only what differs between the rows of a file (``DATASET_ROW_COLUMNS``, see
``dataset_row``); what every row of the file shares (its document, kind, extractor, ...) is a
``DatasetClaims`` written into the statement once. ``encode_dataset_rows`` prepares a batch for the
backend in the mapping process (PostgreSQL gets its COPY text there), so the writing process does
little more than hand the batch to the database.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
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
    "DATASET_ROW_COLUMNS",
    "DatasetClaims",
    "DatasetRows",
    "DatasetWrite",
    "StoredClaimRef",
    "add_dataset_claims",
    "add_dataset_document",
    "add_dataset_rows",
    "claim_row",
    "dataset_claim_count",
    "dataset_row",
    "encode_dataset_rows",
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


def add_dataset_claims(
    session: Session, *, document_id: str, claims: Sequence[Claim | Mapping[str, Any]]
) -> int:
    """Insert claims of a dataset document; ids already stored are skipped. Returns how many were new."""
    return _add_claim_rows(session, rows=[claim_row(claim, document_id=document_id) for claim in claims])


# --- an import's rows: only what differs from row to row -------------------------------------

# the claims columns a dataset row fills with values of its own, in ``dataset_row`` order
DATASET_ROW_COLUMNS: tuple[str, ...] = (
    "id",
    "text",
    "span_start",
    "span_end",
    "event",
    "event_type",
    "event_date_start",
    "event_date_end",
    "event_country",
    "event_admin1",
    "casualties",
)
# positions in a dataset_row tuple that callers read
ROW_ID, ROW_TEXT, ROW_SPAN_START = 0, 1, 2


@dataclass(frozen=True)
class DatasetClaims:
    """What every claim of one dataset file shares (``ingest.datasets``: a row is an ``event_report``
    in the dataset's own voice, confidence 1, no targets), so it is written once per statement."""

    document_id: str
    extractor: str
    created_at: datetime

    def __post_init__(self) -> None:
        # both end up as SQL literals (SQLite) and COPY text (PostgreSQL): only safe characters
        if not _DOCUMENT_ID.match(self.document_id):
            raise StoreError(f"dataset document id {self.document_id!r} is not 'sha256:' + 64 hex digits")
        if not _SAFE_LITERAL.match(self.extractor):
            raise StoreError(f"extractor name {self.extractor!r} holds characters an import cannot write")

    def values(self) -> dict[str, Any]:
        """The other claims columns, by name."""
        return {
            "document_id": self.document_id,
            "kind": "event_report",
            "polarity": "asserted",
            "speaker_name": None,
            "speaker_actor": None,
            "about": None,
            "targets": "[]",
            "confidence": 1.0,
            "extractor": self.extractor,
            "review": "machine",
            "created_at": self.created_at,
            "reviewed_at": None,
        }

    def full_row(self, row: tuple) -> tuple:
        """A ``dataset_row`` tuple as a ``claim_row`` tuple (``CLAIM_COLUMNS`` without the timestamps)."""
        values = dict(zip(DATASET_ROW_COLUMNS, row, strict=True)) | self.values()
        return tuple(values[column] for column in CLAIM_COLUMNS[:-2])


_SAFE_LITERAL = re.compile(r"^[A-Za-z0-9_.:/ -]{1,200}$")
_SHARED_COLUMNS = tuple(column for column in CLAIM_COLUMNS if column not in DATASET_ROW_COLUMNS)


def dataset_row(claim: Mapping[str, Any]) -> tuple:
    """The values of a mapped row's claim (schema-v1 plain data) that differ from row to row, in
    ``DATASET_ROW_COLUMNS`` order, JSON already serialised. The rest is the file's ``DatasetClaims``."""
    event = claim["event"]
    span = claim["span"]
    if event is None:
        return (claim["id"], claim["text"], span[0], span[1], None, None, None, None, None, None,
                _dumps(claim["casualties"]))  # fmt: skip
    when = event["date"]
    where = event["location"]
    return (
        claim["id"],
        claim["text"],
        span[0],
        span[1],
        _dumps(event),
        event["type"],
        _iso(when["start"]) if when else None,
        _iso(when["end"]) if when else None,
        where["country"] if where else None,
        where["admin1"] if where else None,
        _dumps(claim["casualties"]),
    )


@dataclass
class DatasetRows:
    """A batch of ``dataset_row`` tuples prepared for one backend by ``encode_dataset_rows``: the
    tuples themselves, or (PostgreSQL) their COPY text, which pickles to one object instead of
    hundreds of thousands."""

    ids: list[str]
    span_starts: list[int]
    rows: list[tuple] | None = None
    copy_text: bytes | None = None

    def __len__(self) -> int:
        return len(self.ids)


@dataclass
class DatasetWrite:
    """What ``add_dataset_rows`` did: how many rows were new, and for each row left out because its id
    was stored already, the stored claim and the row's own text (to tell a re-import from a duplicate
    or a changed row)."""

    inserted: int = 0
    stored: dict[str, tuple[StoredClaimRef, str]] = field(default_factory=dict)


def encode_dataset_rows(rows: list[tuple], *, shared: DatasetClaims, dialect: str) -> DatasetRows:
    """Prepare ``dataset_row`` tuples for ``add_dataset_rows`` on ``dialect`` (the engine's dialect name,
    plus ``+psycopg`` for PostgreSQL through psycopg 3, which takes COPY text). A pure function, so an
    import can run it in its mapping process."""
    ids = [row[0] for row in rows]
    span_starts = [row[2] for row in rows]
    if dialect != "postgresql+psycopg":
        return DatasetRows(ids=ids, span_starts=span_starts, rows=rows)
    return DatasetRows(ids=ids, span_starts=span_starts, copy_text=_copy_text(rows, shared))


# COPY text: one line per row, tab between fields, \N for NULL, and backslash, tab, newline and
# carriage return escaped. Most batches hold none of these four in their values: each line is then
# one f-string (the shared columns a fixed suffix), and counting tabs, line breaks and backslashes
# over the whole batch proves it (C speed). A batch where the counts differ is encoded value by value.
_N = "\\N"


def _copy_text(rows: list[tuple], shared: DatasetClaims) -> bytes:
    if not rows:
        return b""
    values = shared.values()
    suffix = "\t".join(
        _N if values[column] is None else _copy_escape(_copy_scalar(values[column]))
        for column in _SHARED_COLUMNS
    )
    # the layout of dataset_row: id, text, span_start, span_end and casualties are never None
    text = "".join(
        [
            f"{r[0]}\t{r[1]}\t{r[2]}\t{r[3]}\t{_N if r[4] is None else r[4]}\t"
            f"{_N if r[5] is None else r[5]}\t{_N if r[6] is None else r[6]}\t"
            f"{_N if r[7] is None else r[7]}\t{_N if r[8] is None else r[8]}\t"
            f"{_N if r[9] is None else r[9]}\t{r[10]}\t{suffix}\n"
            for r in rows
        ]
    )
    nulls = sum(row[4:10].count(None) for row in rows)  # each wrote one backslash
    fields = len(DATASET_ROW_COLUMNS) + len(_SHARED_COLUMNS)
    if (
        text.count("\t") == len(rows) * (fields - 1)
        and text.count("\n") == len(rows)
        and text.count("\\") == nulls + len(rows) * suffix.count("\\")
        and "\r" not in text
    ):
        return text.encode("utf-8")
    lines = ["\t".join(_N if value is None else _copy_escape(str(value)) for value in row) for row in rows]
    return "".join(f"{line}\t{suffix}\n" for line in lines).encode("utf-8")


def _copy_scalar(value: Any) -> str:
    return value.isoformat() if isinstance(value, datetime) else str(value)


def _copy_escape(text: str) -> str:
    if "\\" in text:
        text = text.replace("\\", "\\\\")
    if "\t" in text:
        text = text.replace("\t", "\\t")
    if "\n" in text:
        text = text.replace("\n", "\\n")
    if "\r" in text:
        text = text.replace("\r", "\\r")
    return text


def add_dataset_rows(
    session: Session,
    *,
    rows: DatasetRows,
    shared: DatasetClaims,
    skip_stored: bool = False,
    wait_for_flush: bool = True,
) -> DatasetWrite:
    """Insert a batch from ``encode_dataset_rows``; ids already stored are left out and reported.

    ``skip_stored``: look stored ids up first (a file imported before); otherwise the batch is
    written straight away and stored ids are looked up only when some rows were not new.
    ``wait_for_flush=False`` (PostgreSQL): this transaction's COMMIT returns before its WAL is on
    disk (``synchronous_commit = off`` for this transaction only). A server crash can then lose the
    last such commits, never half of one, and never corrupts anything; SQLite is unchanged (WAL with
    ``synchronous=NORMAL`` already).
    """
    if not len(rows):
        return DatasetWrite()
    session.flush()
    connection = session.connection()
    if rows.copy_text is not None:
        import psycopg

        if not wait_for_flush:
            connection.exec_driver_sql("SET LOCAL synchronous_commit = off")

        if not skip_stored:
            try:
                with session.begin_nested():
                    _copy_dataset_postgresql(session.connection(), rows.copy_text, "claims")
                return DatasetWrite(inserted=len(rows))
            except psycopg.errors.UniqueViolation:
                pass  # some ids are stored already: go through a temporary table that skips them
        return _copy_dataset_postgresql_skipping(session.connection(), rows, shared)
    stored: dict[str, StoredClaimRef] = {}
    new = rows.rows
    if skip_stored:
        stored = stored_claim_refs(session, ids=rows.ids)
        if stored:
            new = [row for row in new if row[ROW_ID] not in stored]
    if connection.dialect.name == "sqlite":
        # the reference every row makes, proved once for the batch: inside this transaction (SQLite:
        # one writer at a time) the document cannot go away before the commit, so an import may run
        # without per-row foreign-key checks (``store.engine.without_foreign_key_checks``)
        _require_document(connection, shared.document_id)
        inserted = _insert_dataset_sqlite(connection, new, shared)
    else:
        inserted = _insert_core(connection, [shared.full_row(row) for row in new], shared.created_at)
    if not skip_stored and inserted < len(new):
        # not written: ids stored from another file, or used by an earlier row of this file (the
        # rows just written are stored with their own span)
        span_starts = dict(zip(rows.ids, rows.span_starts, strict=True))
        stored = {
            claim_id: ref
            for claim_id, ref in stored_claim_refs(session, ids=rows.ids).items()
            if not (ref.document_id == shared.document_id and ref.span_start == span_starts[claim_id])
        }
    texts = {row[ROW_ID]: row[ROW_TEXT] for row in rows.rows if row[ROW_ID] in stored}
    return DatasetWrite(inserted=inserted, stored={k: (ref, texts[k]) for k, ref in stored.items()})


def _insert_dataset_sqlite(connection: sa.Connection, rows: Sequence[tuple], shared: DatasetClaims) -> int:
    if not rows:
        return 0
    to_datetime = ClaimRow.__table__.c.created_at.type.dialect_impl(connection.dialect).bind_processor(
        connection.dialect
    )
    literals = {
        column: _sql_literal(to_datetime(value) if column == "created_at" and to_datetime else value)
        for column, value in shared.values().items()
    }
    placeholders = ", ".join(("?",) * len(DATASET_ROW_COLUMNS) + tuple(literals.values()))
    sql = (
        f"INSERT INTO {ClaimRow.__tablename__} ({', '.join(DATASET_ROW_COLUMNS + tuple(literals))}) "
        f"VALUES ({placeholders}) ON CONFLICT (id) DO NOTHING"
    )
    driver = connection.connection.driver_connection
    _tune_sqlite_import(driver)
    cursor = driver.cursor()
    try:
        cursor.executemany(sql, rows)
        return max(cursor.rowcount, 0)
    finally:
        cursor.close()


def _require_document(connection: sa.Connection, document_id: str) -> None:
    table = DocumentRow.__table__
    if connection.scalar(sa.select(table.c.id).where(table.c.id == document_id)) is None:
        raise StoreError(
            f"the dataset's document {document_id} is not stored (deleted while importing?)",
            hint="run the import again: it stores the document first",
        )


def _sql_literal(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, int | float):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def _tune_sqlite_import(driver) -> None:
    # for this connection while it imports: index pages of a large claims table stay in memory, and
    # the WAL is copied back into the database every 64 MiB rather than every 4 MiB (fewer rewrites)
    driver.execute(f"PRAGMA cache_size=-{SQLITE_IMPORT_CACHE_KIB}")
    driver.execute(f"PRAGMA wal_autocheckpoint={SQLITE_IMPORT_CHECKPOINT_PAGES}")


_COPY_COLUMNS = DATASET_ROW_COLUMNS + _SHARED_COLUMNS


def _copy_dataset_postgresql(connection: sa.Connection, copy_text: bytes, table: str) -> None:
    driver = connection.connection.driver_connection
    with (
        driver.cursor() as cursor,
        cursor.copy(f"COPY {table} ({', '.join(_COPY_COLUMNS)}) FROM STDIN") as copy,
    ):
        copy.write(copy_text)


def _copy_dataset_postgresql_skipping(
    connection: sa.Connection, rows: DatasetRows, shared: DatasetClaims
) -> DatasetWrite:
    """COPY into a temporary table; report the rows whose id is stored, then INSERT the others."""
    table = ClaimRow.__tablename__
    columns = ", ".join(_COPY_COLUMNS)
    driver = connection.connection.driver_connection
    with driver.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS pw_import_claims (LIKE {table} INCLUDING DEFAULTS) "
            "ON COMMIT DELETE ROWS"
        )
        _copy_dataset_postgresql(connection, rows.copy_text, "pw_import_claims")
        cursor.execute(
            f"SELECT s.id, c.document_id, c.span_start, c.text, s.text FROM pw_import_claims s "
            f"JOIN {table} c ON c.id = s.id"
        )
        stored = {
            claim_id: (StoredClaimRef(document_id, span_start, text), own_text)
            for claim_id, document_id, span_start, text, own_text in cursor.fetchall()
        }
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT {columns} FROM pw_import_claims "
            "ON CONFLICT (id) DO NOTHING"
        )
        inserted = max(cursor.rowcount, 0)
        cursor.execute("TRUNCATE pw_import_claims")
    return DatasetWrite(inserted=inserted, stored=stored)


# --- claims of any shape (add_dataset_claims) -------------------------------------------------


def _add_claim_rows(session: Session, *, rows: Sequence[tuple]) -> int:
    """Insert ``claim_row`` tuples; ids already stored are skipped. Returns how many were new."""
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
    _tune_sqlite_import(driver)
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
