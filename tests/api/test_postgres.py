"""The team server on PostgreSQL: every page renders, a review is recorded and audited."""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from pledgewatch.api import create_app
from pledgewatch.config import Settings
from pledgewatch.store import add_user, create_engine_for, session_scope, upgrade
from tests.api.conftest import PASSWORD, USERS, form_token, log_in
from tests.api.sample import build_sample, populate

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def pg_url(postgres_url) -> Iterator[str]:
    schema = f"pw_web_{secrets.token_hex(6)}"
    admin = sa.create_engine(postgres_url)
    with admin.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    url = sa.make_url(postgres_url).update_query_dict({"options": f"-csearch_path={schema}"})
    rendered = url.render_as_string(hide_password=False)
    engine = create_engine_for(rendered)
    try:
        upgrade(engine)
        with session_scope(engine) as session:
            populate(session, build_sample())
            for name, role in USERS.items():
                add_user(session, name=name, role=role, password=PASSWORD, actor="test-setup")
        yield rendered
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def test_pages_and_a_review_on_postgres(pg_url) -> None:
    with TestClient(create_app(Settings(database_url=pg_url))) as client:
        log_in(client, "ana")
        for path in [
            "/",
            "/incidents",
            "/incidents?status=contested&country=PK&from=2025-10-01&to=2025-10-31",
            "/incidents/inc_kurram_20251012",
            "/commitments",
            "/parties",
            "/parties/AFG",
            "/review",
            "/audit?verify=1",
        ]:
            response = client.get(path)
            assert response.status_code == 200, (path, response.text[:300])
        token = form_token(client, "/review")
        client.post(
            "/claims/clm_ispr_kurram/review",
            data={"action": "confirm", "reason": "checked on PostgreSQL", "csrf_token": token},
        )
        assert client.get("/api/claims/clm_ispr_kurram").json()["review"] == "confirmed"
        assert "chain is intact" in client.get("/audit?verify=1").text
        incidents = client.get("/api/incidents").json()["data"]
        assert [i["id"] for i in incidents] == ["inc_kurram_20251012", "inc_nwaz_20251009"]


@pytest.mark.parametrize("unit", ["day", "month", "year"])
def test_timeline_counts_on_postgres(pg_url, unit: str) -> None:
    from datetime import date

    from pledgewatch.store import browse

    engine = create_engine_for(pg_url)
    try:
        with session_scope(engine) as session:
            counts = browse.incident_timeline_counts(session, where=browse.IncidentFilter(), unit=unit)
    finally:
        engine.dispose()
    first = {"day": date(2025, 10, 9), "month": date(2025, 10, 1), "year": date(2025, 1, 1)}[unit]
    assert sum(n for *_, n in counts) == 2
    assert min(day for day, *_ in counts) == first
