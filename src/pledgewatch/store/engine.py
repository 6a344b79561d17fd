"""Engines, sessions and migrations.

Nothing here runs at import time: callers build an engine from a URL when they need one.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import URL, Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

from pledgewatch.errors import StoreError

logger = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 30_000
_SQLITE_BEGIN_OPTION = "pledgewatch_sqlite_begin"
_SQLITE_FOREIGN_KEYS_OPTION = "pledgewatch_sqlite_foreign_keys"
# Decision: a new SQLite file gets 16 KiB pages instead of 4 KiB. Claims of dataset rows are 1-2 KiB
# each (the row's own line and its event as JSON); with 4 KiB pages only two or three fit a page and
# inserts split pages all the time. Measured on 200k ACLED rows (benchmarks/importing.py): 27% less
# time writing. An existing file keeps the page size it was created with.
SQLITE_PAGE_SIZE = 16384
# Alembic keeps the running migration in module globals (alembic.context, alembic.op): one at a time
# per process. Across processes, PostgreSQL takes an advisory lock (env.py), SQLite BEGIN IMMEDIATE.
_MIGRATION_LOCK = threading.Lock()


def _is_sqlite_memory(url: URL) -> bool:
    database = url.database or ""
    return database in ("", ":memory:") or "mode=memory" in database or url.query.get("mode") == "memory"


def create_engine_for(url: str | URL) -> Engine:
    """An engine for a database URL, set up for the store.

    SQLite: foreign keys on, a busy timeout so concurrent writers wait instead of failing, WAL for
    files (readers do not block the writer), real transactions (BEGIN at the first statement, so
    migrations are transactional too), and the file's folder is created. An in-memory SQLite
    database is one shared connection, so every thread (e.g. a test client) sees the same data.
    PostgreSQL and others: ``pool_pre_ping`` so a restarted server does not break the first request.
    """
    try:
        parsed = sa.make_url(url)
    except sa.exc.ArgumentError as error:
        raise StoreError(
            f"not a database URL: {url!r}",
            hint="use e.g. sqlite:///pledgewatch.db or postgresql+psycopg://user@host:5432/dbname",
        ) from error

    if parsed.get_backend_name() != "sqlite":
        return sa.create_engine(parsed, pool_pre_ping=True)

    memory = _is_sqlite_memory(parsed)
    if memory:
        engine = sa.create_engine(parsed, poolclass=StaticPool, connect_args={"check_same_thread": False})
    else:
        database = parsed.database or ""
        if not database.startswith("file:"):
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(parsed, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _sqlite_connect(dbapi_connection, _record):
        # Take transaction control away from the sqlite3 driver, whose legacy mode emits no BEGIN
        # before SELECT or DDL: reads inside a session would not be isolated, and a failed migration
        # would leave half its tables behind. ``_sqlite_begin`` emits BEGIN instead.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            if not memory:
                cursor.execute(f"PRAGMA page_size={SQLITE_PAGE_SIZE}")  # a no-op once the file has tables
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA synchronous=NORMAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _sqlite_begin(connection):
        # BEGIN IMMEDIATE (write lock up front, waiting out the busy timeout) where asked for
        options = connection.get_execution_options()
        # foreign-key checks can only be switched between transactions: set them for this one (see
        # ``without_foreign_key_checks``), remembered per driver connection so a pooled connection
        # never carries an import's setting into the next transaction
        checks = options.get(_SQLITE_FOREIGN_KEYS_OPTION, True)
        info = connection.connection.info
        if info.get(_SQLITE_FOREIGN_KEYS_OPTION, True) != checks:
            connection.exec_driver_sql(f"PRAGMA foreign_keys={'ON' if checks else 'OFF'}")
            info[_SQLITE_FOREIGN_KEYS_OPTION] = checks
        mode = options.get(_SQLITE_BEGIN_OPTION, "")
        connection.exec_driver_sql(f"BEGIN {mode}".rstrip())

    return engine


def _alembic_config(url: URL):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # configparser interpolation: a literal "%" in a password must be doubled
    config.set_main_option("sqlalchemy.url", url.render_as_string(hide_password=False).replace("%", "%%"))
    return config


def upgrade(engine_or_url: Engine | str | URL) -> None:
    """Bring the database schema to the newest migration (Alembic ``upgrade head``). Idempotent."""
    from alembic import command
    from alembic.util import CommandError

    owned = not isinstance(engine_or_url, Engine)
    engine = create_engine_for(engine_or_url) if owned else engine_or_url
    where = engine.url.render_as_string(hide_password=True)
    try:
        config = _alembic_config(engine.url)
        with _MIGRATION_LOCK, engine.connect() as connection:
            # SQLite: take the write lock before reading the schema version, so a second process
            # waits and then finds the schema at head instead of failing on "database is locked"
            connection.execution_options(**{_SQLITE_BEGIN_OPTION: "IMMEDIATE"})
            with connection.begin():
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
    except SQLAlchemyError as error:
        cause = getattr(error, "orig", None) or error
        raise StoreError(
            f"could not migrate the database: {type(error).__name__}: {cause}",
            where=where,
            hint="check that the server is reachable and the user may create tables",
        ) from error
    except CommandError as error:  # e.g. a revision this version of pledgewatch does not know
        raise StoreError(
            f"could not migrate the database: {error}",
            where=where,
            hint="the database may have been created by a newer pledgewatch; upgrade pledgewatch",
        ) from error
    finally:
        if owned:
            engine.dispose()


def without_foreign_key_checks(engine: Engine) -> Engine:
    """The same engine (and pool) whose SQLite transactions do not check foreign keys.

    Only for writers that prove their references themselves: a dataset import's rows all name the
    file's one document, stored before the first row and checked once per batch inside the batch's
    transaction (``store.datasets.add_dataset_rows``), where SQLite would look it up for every row.
    Other backends are unchanged (PostgreSQL cannot switch its checks off without superuser rights).
    """
    if engine.dialect.name != "sqlite":
        return engine
    return engine.execution_options(**{_SQLITE_FOREIGN_KEYS_OPTION: False})


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One transaction: commit when the block ends normally, roll back everything when it raises."""
    session = Session(engine, expire_on_commit=False)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
