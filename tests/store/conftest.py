"""A migrated, empty store on each backend: a SQLite file, and a fresh schema on PostgreSQL."""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from pledgewatch.store import create_engine_for, upgrade


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'nested' / 'store.db'}"


@pytest.fixture
def pg_schema_url(request) -> Iterator[str]:
    """A URL whose connections use a schema of their own (dropped afterwards) as search_path."""
    base_url = request.getfixturevalue("postgres_url")
    schema = f"pw_test_{secrets.token_hex(6)}"
    admin = sa.create_engine(base_url)
    with admin.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    url = sa.make_url(base_url).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request) -> str:
    """A migrated database URL on each backend."""
    url = request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "pg_schema_url")
    upgrade(url)
    return url


@pytest.fixture
def engine(db_url) -> Iterator[Engine]:
    engine = create_engine_for(db_url)
    try:
        yield engine
    finally:
        engine.dispose()
