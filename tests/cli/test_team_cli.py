"""`pledgewatch user ...` and `pledgewatch audit ...`: thin commands over the store."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from pledgewatch.cli import app

runner = CliRunner()


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch):
    from argon2 import PasswordHasher

    from pledgewatch.store import users

    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    monkeypatch.setattr(users, "_hasher", lambda: cheap)


@pytest.fixture
def db(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'team.db'}"
    assert runner.invoke(app, ["init", "--db", url]).exit_code == 0
    return url


def test_add_list_token_remove(db) -> None:
    added = runner.invoke(
        app,
        ["user", "add", "Admin", "--role", "admin", "--password-stdin", "--db", db],
        input="long enough pw\n",
    )
    assert added.exit_code == 0, added.output
    assert "Added admin (admin)" in added.output
    prompted = runner.invoke(
        app,
        ["user", "add", "ana", "--role", "analyst", "--db", db],
        input="another long pw\nanother long pw\n",
    )
    assert prompted.exit_code == 0, prompted.output
    token = runner.invoke(app, ["user", "token", "ana", "--label", "notebook", "--db", db])
    assert token.exit_code == 0
    assert token.stdout.strip().startswith("pw_") and len(token.stdout.strip().splitlines()) == 1
    listed = runner.invoke(app, ["user", "list", "--db", db])
    assert "admin" in listed.output and "analyst" in listed.output and "notebook" in listed.output
    assert token.stdout.strip() not in listed.output  # only the prefix is ever shown again
    role = runner.invoke(app, ["user", "role", "ana", "viewer", "--db", db])
    assert role.exit_code == 0 and "now viewer" in role.output
    removed = runner.invoke(app, ["user", "remove", "ana", "--db", db])
    assert removed.exit_code == 0
    assert "ana" not in runner.invoke(app, ["user", "list", "--db", db]).output


@pytest.mark.parametrize(
    ("args", "stdin", "words"),
    [
        (["user", "add", "bob", "--role", "viewer", "--password-stdin"], "short\n", "too short"),
        (
            ["user", "add", "bad name", "--role", "viewer", "--password-stdin"],
            "long enough pw\n",
            "user name",
        ),
        (["user", "remove", "ghost"], "", "no user"),
        (["user", "token", "ghost"], "", "no user"),
    ],
)
def test_refusals_are_one_clear_line(db, args, stdin, words) -> None:
    result = runner.invoke(app, [*args, "--db", db], input=stdin)
    assert result.exit_code == 2
    assert words in result.output


def test_the_last_admin_cannot_be_removed(db) -> None:
    runner.invoke(
        app,
        ["user", "add", "root", "--role", "admin", "--password-stdin", "--db", db],
        input="long enough pw\n",
    )
    result = runner.invoke(app, ["user", "remove", "root", "--db", db])
    assert result.exit_code == 2 and "last admin" in result.output


def test_audit_verify_names_the_first_tampered_entry(db) -> None:
    for name in ("root", "ana", "bob"):
        runner.invoke(
            app,
            ["user", "add", name, "--role", "admin", "--password-stdin", "--db", db],
            input="long enough pw\n",
        )
    ok = runner.invoke(app, ["audit", "verify", "--db", db])
    assert ok.exit_code == 0 and "intact: 3 entries" in ok.output
    listed = runner.invoke(app, ["audit", "list", "--db", db])
    assert listed.exit_code == 0 and "user.add" in listed.output

    engine = sa.create_engine(db)
    with engine.begin() as connection:
        connection.execute(sa.text('update audit_entries set after = \'{"role": "viewer"}\' where seq = 2'))
    engine.dispose()
    broken = runner.invoke(app, ["audit", "verify", "--db", db])
    assert broken.exit_code == 1
    assert "broken at entry #2" in broken.output


def test_serve_says_how_to_create_the_first_admin(db, monkeypatch) -> None:
    import pledgewatch.api as api

    monkeypatch.setattr(api, "serve", lambda *args, **kwargs: None)
    result = runner.invoke(app, ["serve", "--db", db])
    assert result.exit_code == 0
    assert "pledgewatch user add admin --role admin" in result.output
