"""Hostile text, from documents and from users, comes out inert on every page.

The store holds a document whose title and claim carry markup, and users then put markup into a
review reason, an edited speaker name and an API token's label. Every page of the app's route table
is fetched as an admin (who sees the most); none may contain the markup as markup."""

from __future__ import annotations

import re

import pytest
from fastapi import routing
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from pledgewatch.api import create_app
from pledgewatch.config import Settings
from tests.api.conftest import _database, form_token, log_in
from tests.api.sample import HOSTILE, build_sample

IN_REASON = '<img src=x onerror="alert(2)">'
IN_SPEAKER = '"><svg onload=alert(3)>'
IN_LABEL = "</code><script>alert(4)</script>"
IN_PATH = "<b onclick=alert(6)>"
RAW = [HOSTILE, IN_REASON, IN_SPEAKER, IN_LABEL, "<script", "<svg onload", "<img src=x", "<b onclick"]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> tuple[TestClient, dict[str, str]]:
    sample = build_sample(hostile=True)
    url, tokens = _database(tmp_path_factory.mktemp("xss") / "xss.db", sample)
    client = TestClient(create_app(Settings(database_url=url)))
    client.__enter__()
    admin = {"Authorization": f"Bearer {tokens['admin']}"}
    assert (
        client.post(
            "/api/claims/clm_ispr_kurram/review",
            json={"action": "confirm", "reason": IN_REASON},
            headers=admin,
        ).status_code
        == 200
    )
    edit = {
        "action": "edit",
        "reason": IN_REASON,
        "changes": {"speaker": {"name": IN_SPEAKER, "actor": "AFG"}, "about": IN_SPEAKER},
    }
    assert client.post("/api/claims/clm_iea_kurram/review", json=edit, headers=admin).status_code == 200
    assert (
        client.post(
            "/api/incidents/inc_kurram_20251012/status",
            json={"status": "confirmed", "reason": IN_REASON},
            headers=admin,
        ).status_code
        == 200
    )
    assert client.post("/api/users/vic/tokens", json={"label": IN_LABEL}, headers=admin).status_code == 201
    log_in(client, "admin")
    ids = {
        "incident_id": "inc_kurram_20251012",
        "document_id": sample.documents[0].id,
        "claim_id": "clm_iea_kurram",
        "party": "AFG",
        "commitment_id": "doha-2025-afg-no-safe-haven",
    }
    yield client, ids
    client.__exit__(None, None, None)


def _page_paths(app, ids) -> list[str]:
    paths = []
    for route in routing.iter_route_contexts(app.routes):
        if not isinstance(route.original_route, APIRoute) or "GET" not in route.methods:
            continue
        if route.path.startswith("/api/") or route.path == "/docs":
            continue
        paths.append(re.sub(r"{(\w+)}", lambda m: ids[m.group(1)], route.path))
    return sorted(paths)


def test_every_page_renders_hostile_text_inert(hostile) -> None:
    client, ids = hostile
    paths = _page_paths(client.app, ids)
    assert {"/", "/incidents", "/review", "/audit", "/admin/users", "/parties/AFG"} <= set(paths)
    extra = ["/incidents?status=confirmed", "/audit?verify=1", f"/documents/{ids['document_id']}"]
    for path in paths + extra:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        html = response.text
        for raw in RAW:
            assert raw not in html, f"{raw!r} unescaped on {path}"
        assert "javascript:" not in html, path


def test_the_escaped_text_is_still_shown(hostile) -> None:
    client, ids = hostile
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in client.get("/incidents/inc_kurram_20251012").text
    assert "&lt;img src=x onerror=" in client.get("/audit").text
    assert "&lt;/code&gt;&lt;script&gt;alert(4)" in client.get("/admin/users").text
    assert "&#34;&gt;&lt;svg onload=alert(3)&gt;" in client.get("/claims/clm_iea_kurram/edit").text


def test_hostile_ids_in_paths_and_forms_are_escaped(hostile) -> None:
    client, _ = hostile
    token = form_token(client, "/review")
    response = client.post(
        f"/claims/{IN_PATH}/review",
        data={"action": "confirm", "reason": "x", "csrf_token": token, "next": "/review"},
    )
    assert IN_PATH not in response.text and "&lt;b onclick=alert(6)&gt;" in response.text
    assert IN_PATH not in client.get(f"/incidents/{IN_PATH}").text
    assert IN_PATH not in client.get("/incidents", params={"admin1": IN_PATH}).text
    # a hostile "next" never leaves the site, and never becomes markup
    login = client.get("/login", params={"next": '"><script>alert(5)</script>'}).text
    assert "<script>alert(5)" not in login
