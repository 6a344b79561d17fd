"""Fixtures shared by every test package.

PostgreSQL: tests marked ``postgres`` use ``PLEDGEWATCH_TEST_POSTGRES_URL`` (CI's .ci/run sets it to
the server on 127.0.0.1:5432, database ``test``). Without it they try that default address; when no
server answers they skip with a message saying how to enable them — except under CI (``CI=true``),
where an unreachable server is a failure, because CI must run them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DIR = REPO_ROOT.parent / "shared"
REAL_DATA_DIR = SHARED_DIR / "data" / "real"
DEFAULT_TEST_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
POSTGRES_HOWTO = (
    "PostgreSQL tests skipped: no server at {url} ({error}). To run them, start PostgreSQL and set "
    "PLEDGEWATCH_TEST_POSTGRES_URL=postgresql+psycopg://USER@HOST:5432/DBNAME (CI does this in .ci/run)."
)


@pytest.fixture(scope="session")
def real_data_dir() -> Path:
    """``../shared/data/real`` beside the checkout; tests using it skip cleanly when it is absent."""
    if not REAL_DATA_DIR.is_dir():
        pytest.skip(
            f"real third-party data not found at {REAL_DATA_DIR} (it lives in ../shared beside the repo)"
        )
    return REAL_DATA_DIR


@pytest.fixture(scope="session")
def postgres_url() -> str:
    url = os.environ.get("PLEDGEWATCH_TEST_POSTGRES_URL", DEFAULT_TEST_POSTGRES_URL)
    try:
        import sqlalchemy as sa

        engine = sa.create_engine(url, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(sa.text("select 1"))
        engine.dispose()
    except Exception as error:  # any connection failure means "no server here"
        message = POSTGRES_HOWTO.format(url=url, error=type(error).__name__)
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(message.replace("skipped", "FAILED under CI"))
        pytest.skip(message)
    return url
