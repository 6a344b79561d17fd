"""A small SQLite store built through the repository, and clients of the app over it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from pledgewatch.api import create_app
from pledgewatch.config import Settings
from pledgewatch.store import create_engine_for, session_scope, upgrade
from tests.api.sample import Sample, build_sample, populate


def _database(path: Path, sample: Sample) -> str:
    url = f"sqlite:///{path}"
    engine = create_engine_for(url)
    try:
        upgrade(engine)
        with session_scope(engine) as session:
            populate(session, sample)
    finally:
        engine.dispose()
    return url


@pytest.fixture(scope="session")
def sample() -> Sample:
    return build_sample()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory, sample: Sample) -> str:
    return _database(tmp_path_factory.mktemp("store") / "sample.db", sample)


@pytest.fixture(scope="session")
def client(database_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(database_url=database_url))) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def hostile_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The sample with markup planted in a document title, its URL and a claim text."""
    url = _database(tmp_path_factory.mktemp("hostile") / "hostile.db", build_sample(hostile=True))
    with TestClient(create_app(Settings(database_url=url))) as test_client:
        yield test_client


@pytest.fixture()
def empty_client(tmp_path: Path) -> Iterator[TestClient]:
    """A migrated database with nothing in it yet."""
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    upgrade(url)
    with TestClient(create_app(Settings(database_url=url))) as test_client:
        yield test_client
