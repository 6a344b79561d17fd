"""A small SQLite store built through the repository, its users, and clients of the app over it.

Users (password ``PASSWORD`` for all): ``admin`` (admin), ``ana`` (analyst), ``vic`` (viewer). The
session-scoped ``client`` is logged in as the viewer and must not change anything; tests that
change things build their own store with ``fresh_store``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from pledgewatch.api import create_app
from pledgewatch.config import Settings
from pledgewatch.store import add_user, create_engine_for, create_token, session_scope, upgrade
from tests.api.sample import Sample, build_sample, populate

PASSWORD = "correct horse battery"
USERS = {"admin": "admin", "ana": "analyst", "vic": "viewer"}
_CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')


def _database(path: Path, sample: Sample | None, *, users: bool = True) -> tuple[str, dict[str, str]]:
    """A migrated SQLite file with the sample (if any) and the users; returns (url, tokens by user)."""
    url = f"sqlite:///{path}"
    engine = create_engine_for(url)
    tokens: dict[str, str] = {}
    try:
        upgrade(engine)
        with session_scope(engine) as session:
            if sample is not None:
                populate(session, sample)
            if users:
                for name, role in USERS.items():
                    add_user(session, name=name, role=role, password=PASSWORD, actor="test-setup")
                    tokens[name], _ = create_token(session, name=name, label="tests", actor="test-setup")
    finally:
        engine.dispose()
    return url, tokens


def csrf_of(html: str) -> str:
    match = _CSRF_INPUT.search(html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def log_in(client: TestClient, name: str, password: str = PASSWORD) -> TestClient:
    page = client.get("/login")
    response = client.post(
        "/login",
        data={"name": name, "password": password, "csrf_token": csrf_of(page.text), "next": "/"},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text[:300]
    return client


def form_token(client: TestClient, path: str = "/account") -> str:
    """The logged-in session's CSRF token, read from a page with a form."""
    return csrf_of(client.get(path).text)


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing() -> Iterator[None]:
    """argon2 with minimal cost: production parameters take ~0.5 s a hash on a small machine, and
    these tests log in hundreds of times (tests/store/test_users.py checks the real parameters)."""
    from argon2 import PasswordHasher

    from pledgewatch.store import users

    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    patch = pytest.MonkeyPatch()
    patch.setattr(users, "_hasher", lambda: cheap)
    yield
    patch.undo()


@pytest.fixture(scope="session")
def sample() -> Sample:
    return build_sample()


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory: pytest.TempPathFactory, sample: Sample) -> tuple[str, dict[str, str]]:
    return _database(tmp_path_factory.mktemp("store") / "sample.db", sample)


@pytest.fixture(scope="session")
def database_url(sample_store) -> str:
    return sample_store[0]


@pytest.fixture(scope="session")
def tokens(sample_store) -> dict[str, str]:
    """API tokens of the sample store's users, by name."""
    return sample_store[1]


@pytest.fixture(scope="session")
def app(database_url: str):
    return create_app(Settings(database_url=database_url))


@pytest.fixture(scope="session")
def client(app) -> Iterator[TestClient]:
    """Logged in as the viewer (reads only)."""
    with TestClient(app) as test_client:
        yield log_in(test_client, "vic")


@pytest.fixture()
def anonymous(app) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def hostile_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, str]]:
    return _database(tmp_path_factory.mktemp("hostile") / "hostile.db", build_sample(hostile=True))


@pytest.fixture(scope="session")
def hostile_client(hostile_store) -> Iterator[TestClient]:
    """The sample with markup planted in a document title, its URL and a claim text; as an analyst,
    so the review forms render too."""
    with TestClient(create_app(Settings(database_url=hostile_store[0]))) as test_client:
        yield log_in(test_client, "ana")


@pytest.fixture()
def empty_client(tmp_path: Path) -> Iterator[TestClient]:
    """A migrated database with nothing in it yet, readable without logging in (public_read)."""
    url, _ = _database(tmp_path / "empty.db", None, users=False)
    with TestClient(create_app(Settings(database_url=url, public_read=True))) as test_client:
        yield test_client


@pytest.fixture()
def fresh_store(tmp_path: Path) -> Callable[..., tuple[TestClient, str, dict[str, str]]]:
    """A new sample store per call: ``(client logged in as NAME or anonymous, url, tokens)``."""
    clients: list[TestClient] = []

    def make(name: str | None = None, **settings) -> tuple[TestClient, str, dict[str, str]]:
        url, tokens = _database(tmp_path / f"store-{len(clients)}.db", build_sample())
        test_client = TestClient(create_app(Settings(database_url=url, **settings)))
        test_client.__enter__()
        clients.append(test_client)
        if name is not None:
            log_in(test_client, name)
        return test_client, url, tokens

    yield make
    for test_client in clients:
        test_client.__exit__(None, None, None)
