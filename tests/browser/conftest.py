"""Browser tests: Playwright (the `playwright` PyPI package) driving Debian's Chromium.

They need ``/usr/bin/chromium`` (Debian package ``chromium``; ``make browser-test`` installs it) and
skip with that message when it is missing. Playwright's own browser download is never used: it
fails on machines without internet access, and the project must not depend on it.

Each test module gets a live server: ``uvicorn`` in a subprocess on 127.0.0.1 and a free port,
over a SQLite file made for it. Screenshots go to ``test-artifacts/``.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO_ROOT / "test-artifacts"
CHROMIUM = os.environ.get("PLEDGEWATCH_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "correct horse battery"
USERS = {"admin": "admin", "ana": "analyst", "vic": "viewer"}


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.skip(
            f"browser tests skipped: no Chromium at {CHROMIUM} — install Debian's package "
            "(`apt-get install chromium`, or run `make browser-test`, which does)"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.skip("browser tests skipped: the `playwright` package is missing (pip install -e '.[dev]')")
    return CHROMIUM


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class LiveServer:
    url: str
    database_url: str
    process: subprocess.Popen

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


def start_server(database_url: str, **settings: str) -> LiveServer:
    """uvicorn in a child process on 127.0.0.1 (a free port), waiting until it answers."""
    port = free_port()
    code = (
        "import uvicorn\n"
        "from pledgewatch.api import create_app\n"
        "from pledgewatch.config import Settings\n"
        f"app = create_app(Settings(database_url={database_url!r}, **{settings!r}))\n"
        f"uvicorn.run(app, host='127.0.0.1', port={port}, log_level='warning', access_log=False)\n"
    )
    process = subprocess.Popen([sys.executable, "-c", code], cwd=REPO_ROOT)
    url = f"http://127.0.0.1:{port}"
    server = LiveServer(url=url, database_url=database_url, process=process)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the test server exited with code {process.returncode}")
        try:
            if httpx.get(f"{url}/api/health", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    server.stop()
    raise RuntimeError("the test server did not answer within 60 s")


def add_users(database_url: str) -> None:
    from pledgewatch.store import add_user, create_engine_for, session_scope

    engine = create_engine_for(database_url)
    try:
        with session_scope(engine) as session:
            for name, role in USERS.items():
                add_user(session, name=name, role=role, password=PASSWORD, actor="test-setup")
    finally:
        engine.dispose()


def log_in(page, base_url: str, name: str) -> None:
    page.goto(f"{base_url}/login")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "/login" not in page.url, f"login as {name} failed"


def sample_database(path: Path) -> str:
    from pledgewatch.store import create_engine_for, session_scope, upgrade
    from tests.api.sample import build_sample, populate

    url = f"sqlite:///{path}"
    engine = create_engine_for(url)
    try:
        upgrade(engine)
        with session_scope(engine) as session:
            populate(session, build_sample())
    finally:
        engine.dispose()
    add_users(url)
    return url


@pytest.fixture(scope="module")
def sample_server(tmp_path_factory, chromium_path) -> Iterator[LiveServer]:
    server = start_server(sample_database(tmp_path_factory.mktemp("browser") / "sample.db"))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def corpus_server(tmp_path_factory, chromium_path) -> Iterator[LiveServer]:
    """The example corpus through the whole pipeline (spaCy model needed), for screenshots that
    look like real use."""
    from pledgewatch.config import Settings
    from pledgewatch.errors import PledgewatchError
    from pledgewatch.pipeline import open_store, run

    corpus = REPO_ROOT / "examples" / "corpus"
    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'corpus.db'}"
    engine = open_store(url)
    try:
        run([corpus], engine=engine, settings=Settings(database_url=url))
    except PledgewatchError as error:  # e.g. no spaCy model here: not what these tests check
        pytest.skip(f"could not build the example corpus database: {error.message}")
    finally:
        engine.dispose()
    add_users(url)
    server = start_server(url)
    yield server
    server.stop()


@pytest.fixture
def page(browser) -> Iterator:
    """A fresh browser context (no cookies) with console errors collected in ``page.errors``."""
    context = browser.new_context(viewport={"width": 1360, "height": 900})
    new_page = context.new_page()
    new_page.errors = []
    new_page.on("console", lambda message: message.type == "error" and new_page.errors.append(message.text))
    new_page.on("pageerror", lambda error: new_page.errors.append(str(error)))
    yield new_page
    context.close()
