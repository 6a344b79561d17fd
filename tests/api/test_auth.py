"""Logins, sessions, API tokens and CSRF: how each can fail, and that failing is safe."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from pledgewatch.api import create_app
from pledgewatch.api.sessions import COOKIE_NAME
from pledgewatch.config import Settings
from tests.api.conftest import PASSWORD, csrf_of, form_token, log_in


def _cookie_header(response) -> str:
    return next(v for k, v in response.headers.multi_items() if k == "set-cookie" and COOKIE_NAME in v)


def test_login_sets_a_signed_http_only_cookie(anonymous) -> None:
    page = anonymous.get("/login")
    assert page.status_code == 200 and "Log in" in page.text
    response = anonymous.post(
        "/login",
        data={"name": "vic", "password": PASSWORD, "csrf_token": csrf_of(page.text), "next": "/incidents"},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == "/incidents"
    cookie = _cookie_header(response)
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie  # session_cookie_secure is off by default (plain-HTTP laptops)
    assert PASSWORD not in cookie
    assert anonymous.get("/incidents").status_code == 200
    assert anonymous.get("/api/me").json() == {"name": "vic", "role": "viewer", "authenticated_by": "session"}


def test_secure_cookie_when_configured(fresh_store) -> None:
    client, _, _ = fresh_store(session_cookie_secure=True)
    page = client.get("/login")
    assert "Secure" in _cookie_header(page)


@pytest.mark.parametrize(("name", "password"), [("vic", "wrong password!"), ("nobody", PASSWORD), ("", "")])
def test_failed_login_says_the_same_thing_whatever_was_wrong(anonymous, name: str, password: str) -> None:
    page = anonymous.get("/login")
    response = anonymous.post(
        "/login", data={"name": name, "password": password, "csrf_token": csrf_of(page.text)}
    )
    assert response.status_code == 401
    assert "Wrong name or password." in response.text
    assert anonymous.get("/", follow_redirects=False).status_code == 303  # still logged out


def test_login_needs_the_forms_csrf_token(anonymous) -> None:
    anonymous.get("/login")
    response = anonymous.post("/login", data={"name": "vic", "password": PASSWORD})
    assert response.status_code == 403
    assert "CSRF" in response.text
    assert anonymous.get("/", follow_redirects=False).status_code == 303


@pytest.mark.parametrize(
    "target", ["//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"]
)
def test_login_never_redirects_off_site(anonymous, target: str) -> None:
    page = anonymous.get("/login")
    response = anonymous.post(
        "/login",
        data={"name": "vic", "password": PASSWORD, "csrf_token": csrf_of(page.text), "next": target},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == "/"


def test_pages_send_anonymous_visitors_to_the_login_page(anonymous) -> None:
    response = anonymous.get("/incidents?status=contested", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/incidents%3Fstatus%3Dcontested"
    api = anonymous.get("/api/incidents")
    assert api.status_code == 401 and api.headers["www-authenticate"] == "Bearer"
    assert "log in" in api.json()["detail"]


def test_the_login_page_explains_how_to_create_the_first_admin(empty_client) -> None:
    html = empty_client.get("/login").text
    assert "pledgewatch user add admin --role admin" in html


def test_a_tampered_cookie_is_ignored(app) -> None:
    with TestClient(app) as client:
        log_in(client, "vic")
        value = client.cookies.get(COOKIE_NAME)
        client.cookies.set(COOKIE_NAME, value[:-2] + ("AA" if not value.endswith("AA") else "BB"))
        assert client.get("/", follow_redirects=False).status_code == 303


def test_logout_ends_the_session(app) -> None:
    with TestClient(app) as client:
        log_in(client, "vic")
        token = form_token(client)
        response = client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
        assert response.status_code == 303
        assert client.get("/", follow_redirects=False).status_code == 303


def test_sessions_expire(app, monkeypatch) -> None:
    import pledgewatch.api.auth as auth

    with TestClient(app) as client:
        log_in(client, "vic")
        assert client.get("/", follow_redirects=False).status_code == 200
        later = auth.time.time() + app.state.settings.session_max_age_seconds + 60
        monkeypatch.setattr(auth.time, "time", lambda: later)
        assert client.get("/", follow_redirects=False).status_code == 303


def test_a_new_password_ends_other_sessions_and_roles_apply_at_once(fresh_store) -> None:
    other, _, tokens = fresh_store("ana")
    admin_api = {"Authorization": f"Bearer {tokens['admin']}"}
    viewer, _, _ = other, None, None
    # role change: effective on the very next request, no new login
    assert other.get("/review", follow_redirects=False).status_code == 200
    assert other.patch("/api/users/ana", json={"role": "viewer"}, headers=admin_api).status_code == 200
    assert viewer.get("/review", follow_redirects=False).status_code == 403
    # password change: the old session is over
    response = other.patch("/api/users/ana", json={"password": "a brand new passphrase"}, headers=admin_api)
    assert response.status_code == 200
    assert other.get("/", follow_redirects=False).status_code == 303


def test_a_removed_user_is_logged_out(fresh_store) -> None:
    client, _, tokens = fresh_store("vic")
    assert (
        client.delete("/api/users/vic", headers={"Authorization": f"Bearer {tokens['admin']}"}).status_code
        == 204
    )
    assert client.get("/", follow_redirects=False).status_code == 303
    # and their API token is gone with them
    assert (
        client.get("/api/incidents", headers={"Authorization": f"Bearer {tokens['vic']}"}).status_code == 401
    )


def test_changing_ones_own_password(fresh_store) -> None:
    client, _, _ = fresh_store("vic")
    token = form_token(client)
    wrong = client.post(
        "/account/password", data={"csrf_token": token, "current": "nope", "password": "x" * 12}
    )
    assert "current password is wrong" in wrong.text
    right = client.post(
        "/account/password",
        data={"csrf_token": token, "current": PASSWORD, "password": "new and long enough"},
    )
    assert "Password changed" in right.text
    assert client.get("/", follow_redirects=False).status_code == 200  # this session continues


@pytest.mark.parametrize(
    "header", ["Bearer pw_not-a-real-token", "Bearer ", "Basic dmljOnBhc3N3b3Jk", "pw_without_scheme"]
)
def test_bad_credentials_are_a_401(app, header: str) -> None:
    with TestClient(app) as client:
        response = client.get("/api/incidents", headers={"Authorization": header})
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"


def test_revoked_tokens_stop_working(fresh_store) -> None:
    client, _, tokens = fresh_store()
    admin = {"Authorization": f"Bearer {tokens['admin']}"}
    created = client.post("/api/users/vic/tokens", json={"label": "nightly export"}, headers=admin)
    assert created.status_code == 201
    body = created.json()
    assert body["token"].startswith("pw_") and body["prefix"] == body["token"][:10]
    script = {"Authorization": f"Bearer {body['token']}"}
    assert client.get("/api/me", headers=script).json()["name"] == "vic"
    listed = client.get("/api/users/vic/tokens", headers=admin).json()
    assert "token" not in listed["data"][0]  # never shown again
    assert client.delete(f"/api/tokens/{body['id']}", headers=admin).status_code == 204
    assert client.get("/api/me", headers=script).status_code == 401


def test_tokens_are_stored_hashed(fresh_store) -> None:
    client, url, tokens = fresh_store()
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        stored = connection.execute(sa.text("select token_hash, prefix from api_tokens")).all()
        hashes = connection.execute(sa.text("select password_hash from users")).scalars().all()
    engine.dispose()
    assert stored and all(len(row.token_hash) == 64 for row in stored)
    assert not any(token in {row.token_hash for row in stored} for token in tokens.values())
    assert all(h.startswith("$argon2id$") for h in hashes)


def test_api_writes_by_cookie_need_the_csrf_header(fresh_store) -> None:
    client, _, _ = fresh_store("ana")
    body = {"status": "confirmed", "reason": "UNAMA confirms"}
    assert client.post("/api/incidents/inc_kurram_20251012/status", json=body).status_code == 403
    token = form_token(client)
    response = client.post(
        "/api/incidents/inc_kurram_20251012/status", json=body, headers={"X-CSRF-Token": token}
    )
    assert response.status_code == 200 and response.json()["status"] == "confirmed"


def test_page_forms_need_the_csrf_token(fresh_store) -> None:
    client, _, _ = fresh_store("ana")
    data = {"action": "confirm", "reason": "checked"}
    assert client.post("/claims/clm_ispr_kurram/review", data=data).status_code == 403
    assert (
        client.post("/claims/clm_ispr_kurram/review", data={**data, "csrf_token": "forged"}).status_code
        == 403
    )
    other_session = TestClient(client.app)
    log_in(other_session, "ana")
    foreign = form_token(other_session)  # a valid token, of another session
    assert (
        client.post("/claims/clm_ispr_kurram/review", data={**data, "csrf_token": foreign}).status_code == 403
    )
    assert client.get("/api/claims/clm_ispr_kurram").json()["review"] == "machine"


def test_the_signing_key_is_generated_once_and_kept_in_the_database(fresh_store) -> None:
    client, url, _ = fresh_store("vic")
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        keys = connection.execute(sa.text("select name, value from server_secrets")).all()
    engine.dispose()
    assert [k.name for k in keys] == ["session-signing-key"] and len(keys[0].value) >= 40
    # a second server process on the same database accepts the session
    with TestClient(create_app(Settings(database_url=url))) as second:
        second.cookies.set(COOKIE_NAME, client.cookies.get(COOKIE_NAME))
        assert second.get("/", follow_redirects=False).status_code == 200
    # a server with another configured key does not
    with TestClient(create_app(Settings(database_url=url, secret_key="another key entirely"))) as third:
        third.cookies.set(COOKIE_NAME, client.cookies.get(COOKIE_NAME))
        assert third.get("/", follow_redirects=False).status_code == 303


def test_there_is_no_default_secret() -> None:
    assert Settings().secret_key is None
    assert Settings().public_read is False


def test_pages_carry_security_headers_and_no_inline_script(client) -> None:
    from importlib.resources import files

    response = client.get("/incidents")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert "form-action 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["cache-control"] == "no-store"
    for template in (files("pledgewatch.web") / "templates").iterdir():
        source = template.read_text(encoding="utf-8")
        assert "<script" not in source, template.name
        assert not re.search(r"\son[a-z]+=", source), template.name  # no inline event handlers
        assert "style=" not in source, template.name  # the CSP blocks inline styles


def test_password_guessing_is_throttled(fresh_store) -> None:
    client, _, _ = fresh_store()
    page = client.get("/login")
    token = csrf_of(page.text)
    for _ in range(10):
        wrong = client.post("/login", data={"name": "vic", "password": "guess guess", "csrf_token": token})
        assert wrong.status_code == 401
    blocked = client.post("/login", data={"name": "vic", "password": PASSWORD, "csrf_token": token})
    assert blocked.status_code == 429 and "Too many failed logins" in blocked.text
    # another name is not affected
    other = client.post(
        "/login", data={"name": "ana", "password": PASSWORD, "csrf_token": token}, follow_redirects=False
    )
    assert other.status_code == 303
