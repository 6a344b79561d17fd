"""Migrations run on both backends, are idempotent, and build exactly the tables in tables.py."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest
import sqlalchemy as sa
from alembic.migration import MigrationContext

from pledgewatch.errors import StoreError
from pledgewatch.store import create_engine_for, upgrade
from pledgewatch.store.tables import metadata


def _revision(engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _head() -> str:
    """The newest migration (the chain grows: 0001, 0002_reconcile, ...)."""
    from alembic.script import ScriptDirectory

    from pledgewatch.store.engine import MIGRATIONS_DIR

    return ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()


def test_migrations_form_one_chain_from_0001():
    from alembic.script import ScriptDirectory

    from pledgewatch.store.engine import MIGRATIONS_DIR

    script = ScriptDirectory(str(MIGRATIONS_DIR))
    assert len(script.get_heads()) == 1
    chain = [revision.revision for revision in script.walk_revisions()]
    assert chain[-1] == "0001" and "0002_reconcile" in chain


def test_upgrade_is_idempotent(engine, db_url):
    assert _revision(engine) == _head()
    upgrade(engine)
    upgrade(db_url)
    assert _revision(engine) == _head()


def test_version_table_lands_in_the_store_schema(engine):
    inspector = sa.inspect(engine)
    assert "alembic_version" in inspector.get_table_names()
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            schema = connection.scalar(sa.text("select current_schema()"))
            found = connection.scalar(
                sa.text(
                    "select count(*) from information_schema.tables "
                    "where table_schema = :schema and table_name = 'alembic_version'"
                ),
                {"schema": schema},
            )
        assert schema.startswith("pw_test_")
        assert found == 1


def test_migrated_tables_match_the_metadata(engine):
    inspector = sa.inspect(engine)
    migrated = set(inspector.get_table_names()) - {"alembic_version"}
    assert migrated == set(metadata.tables)
    for name, table in metadata.tables.items():
        assert {column["name"] for column in inspector.get_columns(name)} == set(table.columns.keys()), name
        migrated_indexes = {index["name"] for index in inspector.get_indexes(name)}
        assert migrated_indexes == {index.name for index in table.indexes}, name


def test_migrated_schema_has_no_autogenerate_diff(engine):
    """Alembic's own comparison (types, nullability, keys, indexes) finds nothing to migrate."""
    from alembic.autogenerate import compare_metadata

    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, metadata) == []


def test_upgrade_creates_the_sqlite_folder(tmp_path):
    path = tmp_path / "a" / "b" / "store.db"
    upgrade(f"sqlite:///{path}")
    assert path.is_file()


def test_upgrade_of_an_unreachable_server_says_where(tmp_path):
    url = "postgresql+psycopg://nobody:secret@127.0.0.1:1/none?connect_timeout=1"
    with pytest.raises(StoreError) as caught:
        upgrade(url)
    assert "127.0.0.1:1" in str(caught.value)
    assert "secret" not in str(caught.value)


def test_a_bad_url_is_a_store_error():
    with pytest.raises(StoreError, match="not a database URL"):
        create_engine_for("not a url")


@pytest.mark.parametrize(
    "url_fixture", ["sqlite_url", pytest.param("pg_schema_url", marks=pytest.mark.postgres)]
)
def test_concurrent_first_upgrades_all_succeed(request, url_fixture):
    """An API server and pipeline runs starting together on an empty database (separate processes)."""
    url = request.getfixturevalue(url_fixture)
    script = "import sys; from pledgewatch.store import upgrade; upgrade(sys.argv[1])"
    processes = [
        subprocess.Popen([sys.executable, "-c", script, url], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(3)
    ]
    outcomes = [(process.wait(timeout=120), process.stderr.read().decode()) for process in processes]
    assert [code for code, _ in outcomes] == [0, 0, 0], [stderr for _, stderr in outcomes]
    engine = create_engine_for(url)
    try:
        assert _revision(engine) == _head()
    finally:
        engine.dispose()


def test_upgrade_from_threads_is_serialised(sqlite_url):
    """Alembic's migration context is process-global; upgrade() must not run two at once."""
    errors: list[BaseException] = []

    def migrate() -> None:
        try:
            upgrade(sqlite_url)
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=migrate) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


def test_a_database_from_a_newer_version_is_a_store_error(engine):
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(StoreError, match="newer pledgewatch"):
        upgrade(engine)


def test_0005_drops_four_claims_indexes_and_puts_them_back(sqlite_url):
    from alembic import command

    from pledgewatch.store.engine import _alembic_config

    upgrade(sqlite_url)
    engine = create_engine_for(sqlite_url)
    dropped = {"ix_claims_event_date_start", "ix_claims_event_date_end", "ix_claims_event_type"}
    dropped.add("ix_claims_speaker_actor")
    try:
        assert not dropped & {index["name"] for index in sa.inspect(engine).get_indexes("claims")}
        with engine.begin() as connection:
            config = _alembic_config(engine.url)
            config.attributes["connection"] = connection
            command.downgrade(config, "0004_users")
        assert dropped <= {index["name"] for index in sa.inspect(engine).get_indexes("claims")}
        upgrade(engine)
        assert _revision(engine) == _head()
        assert not dropped & {index["name"] for index in sa.inspect(engine).get_indexes("claims")}
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_0005_makes_claim_json_plain_json_on_postgresql_and_back(pg_schema_url):
    from alembic import command

    from pledgewatch.store.engine import _alembic_config

    def json_types() -> dict[str, str]:
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text(
                    "select column_name, data_type from information_schema.columns where "
                    "table_schema = current_schema() and table_name = 'claims' "
                    "and column_name in ('targets', 'event', 'casualties')"
                )
            )
            return dict(rows.all())

    upgrade(pg_schema_url)
    engine = create_engine_for(pg_schema_url)
    try:
        assert json_types() == {"targets": "json", "event": "json", "casualties": "json"}
        with engine.begin() as connection:
            config = _alembic_config(engine.url)
            config.attributes["connection"] = connection
            command.downgrade(config, "0004_users")
        assert json_types() == {"targets": "jsonb", "event": "jsonb", "casualties": "jsonb"}
        upgrade(engine)
        assert json_types() == {"targets": "json", "event": "json", "casualties": "json"}
    finally:
        engine.dispose()
