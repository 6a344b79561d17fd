"""Users, API tokens and server secrets, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from pledgewatch.errors import NotFoundError
from pledgewatch.store import (
    UserError,
    add_user,
    authenticate,
    count_users,
    create_token,
    get_user,
    list_audit,
    list_tokens,
    list_users,
    remove_user,
    revoke_token,
    server_secret,
    session_scope,
    set_password,
    set_role,
    user_for_token,
    verify_audit,
)

PASSWORD = "a long enough passphrase"


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch, request):
    """Cheap argon2 parameters, except for tests marked real_argon2 (which also undo any cheap
    hasher another package's session fixture left in place)."""
    from argon2 import PasswordHasher

    from pledgewatch.store import users

    if "real_argon2" in request.keywords:
        real = PasswordHasher()
        monkeypatch.setattr(users, "_hasher", lambda: real)
        return
    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    monkeypatch.setattr(users, "_hasher", lambda: cheap)


@pytest.mark.real_argon2
def test_passwords_are_argon2id_with_the_librarys_parameters(engine) -> None:
    from argon2 import PasswordHasher

    with session_scope(engine) as session:
        add_user(session, name="ada", role="admin", password=PASSWORD, actor="setup")
    with engine.connect() as connection:
        stored = connection.execute(sa.text("select password_hash from users")).scalar_one()
    default = PasswordHasher()
    assert stored.startswith("$argon2id$")
    assert f"m={default.memory_cost},t={default.time_cost},p={default.parallelism}" in stored
    assert PASSWORD not in stored


def test_add_authenticate_and_list(engine) -> None:
    with session_scope(engine) as session:
        user = add_user(session, name=" Ada ", role="analyst", password=PASSWORD, actor="setup")
        assert user.name == "ada" and user.role == "analyst"
    with session_scope(engine) as session:
        assert authenticate(session, name="ADA", password=PASSWORD).name == "ada"
        assert authenticate(session, name="ada", password=PASSWORD + "x") is None
        assert authenticate(session, name="nobody", password=PASSWORD) is None
        assert authenticate(session, name="", password="") is None
        assert [u.name for u in list_users(session)] == ["ada"] and count_users(session) == 1
        assert get_user(session, name="Ada").id == user.id
        assert get_user(session, name="not a valid name!") is None


@pytest.mark.parametrize(
    ("name", "role", "password", "words"),
    [
        ("ada", "boss", PASSWORD, "unknown role"),
        ("ada", "viewer", "short", "too short"),
        ("has space", "viewer", PASSWORD, "not a usable user name"),
        ("-dash", "viewer", PASSWORD, "not a usable user name"),
        ("x" * 65, "viewer", PASSWORD, "not a usable user name"),
        ("ada", "viewer", "nul\x00 inside the password", "NUL"),
    ],
)
def test_bad_users_are_refused_with_a_reason(engine, name, role, password, words) -> None:
    with pytest.raises(UserError, match=words), session_scope(engine) as session:
        add_user(session, name=name, role=role, password=password, actor="setup")


def test_names_are_unique(engine) -> None:
    with session_scope(engine) as session:
        add_user(session, name="ada", role="viewer", password=PASSWORD, actor="setup")
    with pytest.raises(UserError, match="exists already"), session_scope(engine) as session:
        add_user(session, name="ADA", role="admin", password=PASSWORD, actor="setup")


def test_the_last_admin_stays(engine) -> None:
    with session_scope(engine) as session:
        add_user(session, name="root", role="admin", password=PASSWORD, actor="setup")
    with pytest.raises(UserError, match="last admin"), session_scope(engine) as session:
        remove_user(session, name="root", actor="root")
    with pytest.raises(UserError, match="last admin"), session_scope(engine) as session:
        set_role(session, name="root", role="viewer", actor="root")
    with session_scope(engine) as session:
        add_user(session, name="second", role="admin", password=PASSWORD, actor="root")
        set_role(session, name="root", role="analyst", actor="second")
        remove_user(session, name="root", actor="second")
        assert [u.name for u in list_users(session)] == ["second"]


def test_password_change_bumps_the_session_epoch(engine) -> None:
    with session_scope(engine) as session:
        before = add_user(session, name="ada", role="viewer", password=PASSWORD, actor="setup")
        after = set_password(session, name="ada", password="another passphrase", actor="ada")
        assert after.session_epoch == before.session_epoch + 1
        assert authenticate(session, name="ada", password=PASSWORD) is None
        assert authenticate(session, name="ada", password="another passphrase") is not None


def test_tokens_are_hashed_shown_once_and_revocable(engine) -> None:
    with session_scope(engine) as session:
        add_user(session, name="bot", role="viewer", password=PASSWORD, actor="setup")
        token, record = create_token(session, name="bot", label="nightly export", actor="admin")
    assert token.startswith("pw_") and len(token) > 40 and record.prefix == token[:10]
    with engine.connect() as connection:
        stored = connection.execute(sa.text("select token_hash from api_tokens")).scalar_one()
    assert token not in stored and len(stored) == 64
    with session_scope(engine) as session:
        assert user_for_token(session, token=token).name == "bot"
        assert user_for_token(session, token=token + "x") is None
        assert user_for_token(session, token="not-a-token") is None
        assert list_tokens(session, name="bot")[0].last_used_at is not None
        revoke_token(session, token_id=record.id, actor="admin")
        assert user_for_token(session, token=token) is None
    with pytest.raises(NotFoundError), session_scope(engine) as session:
        revoke_token(session, token_id=record.id, actor="admin")


def test_removing_a_user_removes_their_tokens(engine) -> None:
    with session_scope(engine) as session:
        add_user(session, name="root", role="admin", password=PASSWORD, actor="setup")
        add_user(session, name="bot", role="viewer", password=PASSWORD, actor="setup")
        token, _ = create_token(session, name="bot", actor="root")
        remove_user(session, name="bot", actor="root")
        assert user_for_token(session, token=token) is None
        assert list_tokens(session) == []


def test_every_change_is_audited_without_secrets(engine) -> None:
    with session_scope(engine) as session:
        add_user(session, name="root", role="admin", password=PASSWORD, actor="setup")
        add_user(session, name="ada", role="viewer", password=PASSWORD, actor="root")
        set_role(session, name="ada", role="analyst", actor="root", reason="joined the review team")
        set_password(session, name="ada", password="another passphrase", actor="ada")
        token, record = create_token(session, name="ada", actor="root")
        revoke_token(session, token_id=record.id, actor="root")
        remove_user(session, name="ada", actor="root")
    with session_scope(engine) as session:
        entries = list(reversed(list_audit(session)))
        assert [e.action for e in entries] == [
            "user.add",
            "user.add",
            "user.role",
            "user.password",
            "token.create",
            "token.revoke",
            "user.remove",
        ]
        assert entries[2].reason == "joined the review team" and entries[2].after == {"role": "analyst"}
        assert {e.actor for e in entries} == {"setup", "root", "ada"}
        dumped = repr([e.model_dump() for e in entries])
        assert token not in dumped and PASSWORD not in dumped and "argon2" not in dumped
        assert verify_audit(session) == (True, None)


def test_server_secret_is_made_once(engine) -> None:
    with session_scope(engine) as session:
        first = server_secret(session, name="session-signing-key")
    with session_scope(engine) as session:
        assert server_secret(session, name="session-signing-key") == first
        assert server_secret(session, name="something-else") != first
    assert len(first) >= 40
