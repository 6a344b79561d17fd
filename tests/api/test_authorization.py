"""Every route declares one access rule, the table below pins which, and every role gets exactly
what its rule says — on every route of the app's route table.

A new route without a rule, or missing from ``EXPECTED_RULES``, fails ``test_every_route_has_a_rule``
and ``test_the_rule_table_covers_every_route``; then decide who may call it and add it here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi import routing
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from starlette.routing import Mount, Route

from pledgewatch.api import create_app
from pledgewatch.api.auth import RULES, Access
from pledgewatch.config import Settings
from tests.api.conftest import form_token, log_in

# (method, path) -> rule. public: anyone; read: viewers and above (anyone with public_read);
# viewer: any logged-in user; analyst: analysts and admins; admin: admins.
EXPECTED_RULES: dict[tuple[str, str], str] = {
    # REST API
    ("GET", "/api/health"): "public",
    ("GET", "/api/me"): "viewer",
    ("GET", "/api/documents/{document_id}"): "read",
    ("GET", "/api/claims"): "read",
    ("GET", "/api/claims/{claim_id}"): "read",
    ("POST", "/api/claims/{claim_id}/review"): "analyst",
    ("GET", "/api/incidents"): "read",
    ("GET", "/api/incidents/{incident_id}"): "read",
    ("POST", "/api/incidents/merge"): "analyst",
    ("POST", "/api/incidents/{incident_id}/status"): "analyst",
    ("POST", "/api/incidents/{incident_id}/split"): "analyst",
    ("GET", "/api/commitments"): "read",
    ("GET", "/api/commitments/{commitment_id}"): "read",
    ("GET", "/api/assessments"): "read",
    ("GET", "/api/audit"): "analyst",
    ("GET", "/api/audit/verify"): "analyst",
    ("GET", "/api/users"): "admin",
    ("POST", "/api/users"): "admin",
    ("PATCH", "/api/users/{name}"): "admin",
    ("DELETE", "/api/users/{name}"): "admin",
    ("GET", "/api/users/{name}/tokens"): "admin",
    ("POST", "/api/users/{name}/tokens"): "admin",
    ("DELETE", "/api/tokens/{token_id}"): "admin",
    # pages
    ("GET", "/docs"): "public",
    ("GET", "/login"): "public",
    ("POST", "/login"): "public",
    ("POST", "/logout"): "public",
    ("GET", "/"): "read",
    ("GET", "/incidents"): "read",
    ("GET", "/incidents/{incident_id}"): "read",
    ("GET", "/documents/{document_id}"): "read",
    ("GET", "/commitments"): "read",
    ("GET", "/parties"): "read",
    ("GET", "/parties/{party}"): "read",
    ("GET", "/account"): "viewer",
    ("POST", "/account/password"): "viewer",
    ("GET", "/review"): "analyst",
    ("POST", "/claims/{claim_id}/review"): "analyst",
    ("GET", "/claims/{claim_id}/edit"): "analyst",
    ("POST", "/claims/{claim_id}/edit"): "analyst",
    ("POST", "/incidents/merge"): "analyst",
    ("POST", "/incidents/{incident_id}/status"): "analyst",
    ("POST", "/incidents/{incident_id}/split"): "analyst",
    ("GET", "/audit"): "analyst",
    ("GET", "/admin/users"): "admin",
    ("POST", "/admin/users"): "admin",
    ("POST", "/admin/users/{name}/role"): "admin",
    ("POST", "/admin/users/{name}/password"): "admin",
    ("POST", "/admin/users/{name}/remove"): "admin",
    ("POST", "/admin/users/{name}/tokens"): "admin",
    ("POST", "/admin/tokens/{token_id}/revoke"): "admin",
}
# Routes outside FastAPI's dependency system, public on purpose.
UNRULED = {
    "/openapi.json": "the API's own description, no data",
    "/static": "stylesheet, favicon, Swagger UI and the base map: no data",
}
ROLES = ("anonymous", "viewer", "analyst", "admin")
ALLOWED = {
    "public": set(ROLES),
    "read": {"viewer", "analyst", "admin"},
    "viewer": {"viewer", "analyst", "admin"},
    "analyst": {"analyst", "admin"},
    "admin": {"admin"},
}
LOGIN_OF_ROLE = {"viewer": "vic", "analyst": "ana", "admin": "admin"}
# Path parameters that exist nowhere: allowed requests end in 404 or a refused form, never a change.
PATH_VALUES = {
    "claim_id": "clm_nope",
    "incident_id": "inc_nope",
    "document_id": "sha256:nope",
    "commitment_id": "cmt_nope",
    "name": "nobody",
    "token_id": "999999",
    "party": "NOPE",
}


def _walk(dependant) -> Iterator:
    for sub in dependant.dependencies:
        yield sub
        yield from _walk(sub)


def rule_of(route) -> Access | None:
    """The access rule in a route's dependencies (router-level ones included)."""
    found = {sub.call for sub in _walk(route.dependant) if isinstance(sub.call, Access)}
    assert len(found) <= 1, f"{route.path} declares several access rules: {found}"
    return next(iter(found), None)


def route_table_of(app) -> list[tuple[str, str, object]]:
    """(method, full path, route) for every FastAPI route, included routers resolved."""
    table = []
    for route in routing.iter_route_contexts(app.routes):
        if isinstance(route.original_route, APIRoute):
            table.extend((method, route.path, route) for method in route.methods)
    return sorted(table, key=lambda item: (item[1], item[0]))


@pytest.fixture(scope="module")
def route_table(app) -> list[tuple[str, str, object]]:
    return route_table_of(app)


def test_every_route_has_a_rule(route_table) -> None:
    missing = [f"{method} {path}" for method, path, route in route_table if rule_of(route) is None]
    assert not missing, f"routes without an access rule (take Reader, Analyst, ...): {missing}"


def test_the_rule_table_covers_every_route(route_table) -> None:
    declared = {(method, path): rule_of(route).rule for method, path, route in route_table}
    assert declared == EXPECTED_RULES


def test_routes_outside_the_table_are_known(app) -> None:
    others = {
        route.path
        for route in routing.iter_route_contexts(app.routes)
        if not isinstance(route.original_route, APIRoute) and isinstance(route.original_route, Route | Mount)
    }
    assert others == set(UNRULED)


def test_rules_are_the_known_ones() -> None:
    assert {rule.rule for rule in RULES} == set(ALLOWED)


# --- behaviour: every route × every role ------------------------------------------------------


@pytest.fixture(scope="module")
def clients(app) -> Iterator[dict[str, tuple[TestClient, str | None]]]:
    """A client per role (logged in through the login form) and its CSRF token."""
    made: dict[str, tuple[TestClient, str | None]] = {}
    with TestClient(app) as anonymous:
        made["anonymous"] = (anonymous, form_token(anonymous, "/login"))
        opened = [anonymous]
        for role, name in LOGIN_OF_ROLE.items():
            client = TestClient(app)
            client.__enter__()
            opened.append(client)
            log_in(client, name)
            made[role] = (client, form_token(client, "/account"))
        yield made
        for client in opened[1:]:
            client.__exit__(None, None, None)


def _url(path: str) -> str:
    return re.sub(r"{(\w+)}", lambda m: PATH_VALUES[m.group(1)], path)


def _cases() -> list[tuple[str, str, str]]:
    cases = []
    for (method, path), rule in sorted(EXPECTED_RULES.items()):
        if rule == "public" and method != "GET":
            continue  # login/logout change the session itself: see test_auth.py
        for role in ROLES:
            cases.append((method, path, role))
    return cases


@pytest.mark.parametrize(("method", "path", "role"), _cases())
def test_each_role_gets_what_its_rule_says(clients, tokens, method: str, path: str, role: str) -> None:
    client, csrf = clients[role]
    url = _url(path)
    kwargs: dict = {"follow_redirects": False}
    if path.startswith("/api/"):
        # scripts: a bearer token (the cookie session is tested in test_auth.py)
        headers = {"Authorization": f"Bearer {tokens[LOGIN_OF_ROLE[role]]}"} if role != "anonymous" else {}
        if role == "anonymous":
            client = TestClient(client.app)  # no cookies at all
        kwargs["headers"] = headers
        if method in ("POST", "PATCH"):
            kwargs["json"] = {}
    elif method == "POST":
        kwargs["data"] = {"csrf_token": csrf}
    response = client.request(method, url, **kwargs)
    rule = EXPECTED_RULES[(method, path)]
    login_redirect = response.status_code == 303 and response.headers["location"].startswith("/login")
    if role in ALLOWED[rule]:
        assert response.status_code not in (401, 403) and not login_redirect, (
            f"{role} refused on {method} {path}: {response.status_code} {response.text[:200]}"
        )
        assert response.status_code < 500
    elif role == "anonymous":
        assert response.status_code == 401 or login_redirect, (method, path, response.status_code)
        if path.startswith("/api/"):
            assert response.headers.get("www-authenticate") == "Bearer"
    else:
        assert response.status_code == 403, (method, path, role, response.status_code)


def test_the_matrix_changed_nothing(clients, tokens) -> None:
    """Run after the matrix: nothing was written (only the setup's users and tokens are audited)."""
    body = (
        TestClient(clients["admin"][0].app)
        .get("/api/audit", headers={"Authorization": f"Bearer {tokens['admin']}"})
        .json()
    )
    assert {entry["action"] for entry in body["data"]} <= {"user.add", "token.create"}
    assert body["total"] == 6


@pytest.mark.parametrize(
    ("method", "path"), sorted(k for k, rule in EXPECTED_RULES.items() if rule == "read")
)
def test_public_read_opens_reading_only(tmp_path, method: str, path: str) -> None:
    """With public_read, anonymous readers see read routes; everything else still needs a login."""
    from tests.api.conftest import _database
    from tests.api.sample import build_sample

    url, _ = _database(tmp_path / "public.db", build_sample(), users=False)
    with TestClient(create_app(Settings(database_url=url, public_read=True))) as anonymous:
        response = anonymous.request(method, _url(path), follow_redirects=False)
        assert response.status_code not in (401, 403, 303)
        assert anonymous.get("/review", follow_redirects=False).status_code == 303
        assert anonymous.post("/api/incidents/merge", json={}).status_code == 401
        assert anonymous.get("/api/me").status_code == 401
