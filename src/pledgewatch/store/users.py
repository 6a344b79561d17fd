"""Users, API tokens and the server's own secrets (team server).

Passwords are stored as argon2id hashes (argon2-cffi), API tokens as the sha256 of a random token
that is shown once and never stored. Every change to users and tokens goes into the hash-chained
audit log in the same transaction, with who did it; password hashes and tokens never do.

Like ``repository``, every function works inside the caller's session and never commits.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, Session, mapped_column

from pledgewatch.errors import NotFoundError, PledgewatchError
from pledgewatch.models import ROLES, ApiToken, User
from pledgewatch.store.repository import _insert_if_absent, _utc, _utcnow, append_audit
from pledgewatch.store.tables import Base, UtcDateTime

__all__ = [
    "MIN_PASSWORD_LENGTH",
    "UserError",
    "add_user",
    "authenticate",
    "count_users",
    "create_token",
    "get_user",
    "get_user_by_id",
    "list_tokens",
    "list_users",
    "normalise_name",
    "remove_user",
    "revoke_token",
    "server_secret",
    "set_password",
    "set_role",
    "token_lookup",
    "touch_token",
    "user_for_token",
]

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1024  # argon2 takes any length; this only stops absurd request bodies
TOKEN_PREFIX = "pw_"
_NAME = re.compile(r"^[a-z0-9][a-z0-9_.@-]{0,63}$")
# a token's last-use time is written at most this often, so reads do not each become a write
_LAST_USED_RESOLUTION = timedelta(minutes=5)


class UserError(PledgewatchError):
    """A user or token request that cannot be done as asked (bad name, short password, last admin)."""

    code = "PW600"


# --- tables ----------------------------------------------------------------------------------


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(sa.String(64), unique=True, index=True)
    role: Mapped[str] = mapped_column(sa.String(20))
    password_hash: Mapped[str] = mapped_column(sa.Text)
    session_epoch: Mapped[int] = mapped_column(sa.Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ApiTokenRow(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(
        sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    label: Mapped[str] = mapped_column(sa.String(200))
    prefix: Mapped[str] = mapped_column(sa.String(16))
    # sha256 hex of the token; a unique index (not a constraint) so both backends report it alike
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class ServerSecretRow(Base):
    """Secrets the server generates for itself on first run (e.g. the session signing key)."""

    __tablename__ = "server_secrets"

    name: Mapped[str] = mapped_column(sa.String(100), primary_key=True)
    value: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


# --- helpers ---------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _hasher():
    from argon2 import PasswordHasher

    return PasswordHasher()  # argon2id with argon2-cffi's recommended parameters


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """A hash to verify against when the user does not exist, so both cases take as long."""
    return _hasher().hash(secrets.token_urlsafe(16))


def _user_from_row(row: UserRow) -> User:
    return User(
        id=row.id,
        name=row.name,
        role=row.role,
        created_at=_utc(row.created_at),
        session_epoch=row.session_epoch or 0,
    )


def _token_from_row(row: ApiTokenRow, user_name: str) -> ApiToken:
    return ApiToken(
        id=row.id,
        user=user_name,
        label=row.label,
        prefix=row.prefix,
        created_at=_utc(row.created_at),
        last_used_at=_utc(row.last_used_at) if row.last_used_at else None,
    )


def normalise_name(name: str) -> str:
    """User names are case-insensitive: stored lower-case; letters, digits and ``_ . @ -``."""
    cleaned = (name or "").strip().lower()
    if not _NAME.match(cleaned):
        raise UserError(
            f"{name!r} is not a usable user name",
            hint="use 1–64 letters, digits, '_', '.', '@' or '-', starting with a letter or digit",
        )
    return cleaned


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise UserError(f"unknown role {role!r}", hint=f"use one of {', '.join(ROLES)}")
    return role


def _check_password(password: str) -> str:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise UserError(
            f"the password is too short ({len(password or '')} characters)",
            hint=f"use at least {MIN_PASSWORD_LENGTH} characters; a few random words work well",
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise UserError(f"the password is longer than {MAX_PASSWORD_LENGTH} characters")
    if "\x00" in password:
        raise UserError("the password contains a NUL character")
    return password


def _row(session: Session, name: str) -> UserRow:
    row = session.scalar(sa.select(UserRow).where(UserRow.name == normalise_name(name)))
    if row is None:
        raise NotFoundError(f"no user {name!r}", hint="list users with `pledgewatch user list`")
    return row


def _admins(session: Session) -> int:
    return int(session.scalar(sa.select(sa.func.count()).select_from(UserRow).where(UserRow.role == "admin")))


def _audit(session: Session, *, actor: str, action: str, name: str, before: Any, after: Any, reason: str):
    append_audit(
        session, actor=actor, action=action, entity=f"user:{name}", before=before, after=after, reason=reason
    )


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


# --- users -----------------------------------------------------------------------------------


def add_user(
    session: Session, *, name: str, role: str, password: str, actor: str, reason: str | None = None
) -> User:
    """Create a user with an argon2id password hash; audited as ``user.add``."""
    name = normalise_name(name)
    _check_role(role)
    _check_password(password)
    session.flush()
    if session.scalar(sa.select(UserRow.id).where(UserRow.name == name)) is not None:
        raise UserError(f"a user named {name!r} exists already", hint="pick another name")
    row = UserRow(
        name=name, role=role, password_hash=_hasher().hash(password), session_epoch=0, created_at=_utcnow()
    )
    session.add(row)
    session.flush()
    _audit(
        session,
        actor=actor,
        action="user.add",
        name=name,
        before=None,
        after={"role": role},
        reason=reason or f"user {name} added with role {role}",
    )
    return _user_from_row(row)


def remove_user(session: Session, *, name: str, actor: str, reason: str | None = None) -> None:
    """Delete a user and its API tokens; the last admin cannot be removed. Audited."""
    row = _row(session, name)
    if row.role == "admin" and _admins(session) <= 1:
        raise UserError(
            f"{row.name} is the last admin", hint="make another user admin first, then remove this one"
        )
    tokens = int(
        session.scalar(
            sa.select(sa.func.count()).select_from(ApiTokenRow).where(ApiTokenRow.user_id == row.id)
        )
    )
    _audit(
        session,
        actor=actor,
        action="user.remove",
        name=row.name,
        before={"role": row.role, "tokens": tokens},
        after=None,
        reason=reason or f"user {row.name} removed",
    )
    session.execute(sa.delete(ApiTokenRow.__table__).where(ApiTokenRow.user_id == row.id))
    session.delete(row)
    session.flush()


def set_role(session: Session, *, name: str, role: str, actor: str, reason: str | None = None) -> User:
    """Change a user's role (effective on their next request); the last admin stays admin."""
    _check_role(role)
    row = _row(session, name)
    if row.role == role:
        return _user_from_row(row)
    if row.role == "admin" and _admins(session) <= 1:
        raise UserError(f"{row.name} is the last admin", hint="make another user admin first")
    before = {"role": row.role}
    row.role = role
    session.flush()
    _audit(
        session,
        actor=actor,
        action="user.role",
        name=row.name,
        before=before,
        after={"role": role},
        reason=reason or f"role of {row.name} changed to {role}",
    )
    return _user_from_row(row)


def set_password(
    session: Session, *, name: str, password: str, actor: str, reason: str | None = None
) -> User:
    """Set a new password; every session signed before it stops working. Audited (without the hash)."""
    _check_password(password)
    row = _row(session, name)
    row.password_hash = _hasher().hash(password)
    row.session_epoch = (row.session_epoch or 0) + 1
    session.flush()
    _audit(
        session,
        actor=actor,
        action="user.password",
        name=row.name,
        before=None,
        after={"session_epoch": row.session_epoch},
        reason=reason or f"password of {row.name} changed",
    )
    return _user_from_row(row)


def get_user(session: Session, *, name: str) -> User | None:
    try:
        cleaned = normalise_name(name)
    except UserError:
        return None
    row = session.scalar(sa.select(UserRow).where(UserRow.name == cleaned))
    return _user_from_row(row) if row is not None else None


def get_user_by_id(session: Session, *, user_id: int) -> User | None:
    row = session.get(UserRow, user_id)
    return _user_from_row(row) if row is not None else None


def list_users(session: Session) -> list[User]:
    return [_user_from_row(row) for row in session.scalars(sa.select(UserRow).order_by(UserRow.name))]


def count_users(session: Session) -> int:
    return int(session.scalar(sa.select(sa.func.count()).select_from(UserRow)) or 0)


def authenticate(session: Session, *, name: str, password: str) -> User | None:
    """The user when ``password`` is theirs, else None (unknown users take as long as wrong passwords).

    A hash made with older argon2 parameters is replaced by one with the current parameters."""
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        row = session.scalar(sa.select(UserRow).where(UserRow.name == normalise_name(name)))
    except UserError:
        row = None
    if not password or len(password) > MAX_PASSWORD_LENGTH:
        return None
    hasher = _hasher()
    try:
        hasher.verify(row.password_hash if row is not None else _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return None
    if row is None:
        return None
    if hasher.check_needs_rehash(row.password_hash):
        row.password_hash = hasher.hash(password)
        session.flush()
    return _user_from_row(row)


# --- API tokens ------------------------------------------------------------------------------


def create_token(
    session: Session, *, name: str, label: str = "", actor: str, reason: str | None = None
) -> tuple[str, ApiToken]:
    """A new API token for the user: ``(token, record)``. The token is returned this once; only its
    sha256 is stored. Audited as ``token.create`` (with its id and prefix, never the token)."""
    row = _row(session, name)
    label = (label or "").strip()[:200] or "api token"
    if "\x00" in label:
        raise UserError("the token label contains a NUL character")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token_row = ApiTokenRow(
        user_id=row.id,
        label=label,
        prefix=token[:10],
        token_hash=token_digest(token),
        created_at=_utcnow(),
        last_used_at=None,
    )
    session.add(token_row)
    session.flush()
    _audit(
        session,
        actor=actor,
        action="token.create",
        name=row.name,
        before=None,
        after={"token_id": token_row.id, "label": label, "prefix": token_row.prefix},
        reason=reason or f"API token {token_row.prefix}… created for {row.name}",
    )
    return token, _token_from_row(token_row, row.name)


def token_lookup(session: Session, *, token: str) -> tuple[User, bool] | None:
    """``(user, stale)`` for a valid API token, else None; ``stale`` when its last-use time is older
    than a few minutes (then ``touch_token`` it). Reads only: under load, readers must not each
    take SQLite's write lock."""
    if not token or not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    digest = token_digest(token)
    found = session.execute(
        sa.select(ApiTokenRow.token_hash, ApiTokenRow.last_used_at, UserRow)
        .join(UserRow, UserRow.id == ApiTokenRow.user_id)
        .where(ApiTokenRow.token_hash == digest)
    ).first()
    if found is None:
        return None
    stored_hash, last_used_at, user_row = found
    # the index lookup already matched; compare again in constant time as a matter of habit
    if not hmac.compare_digest(stored_hash, digest):
        return None
    stale = last_used_at is None or _utcnow() - _utc(last_used_at) > _LAST_USED_RESOLUTION
    return _user_from_row(user_row), stale


def touch_token(session: Session, *, token: str) -> None:
    """Record that a token was used now (one conditional UPDATE; run it in a transaction of its own,
    so SQLite takes the write lock at its start instead of upgrading a reader's snapshot)."""
    now = _utcnow()
    session.execute(
        sa.update(ApiTokenRow.__table__)
        .where(
            ApiTokenRow.token_hash == token_digest(token),
            sa.or_(
                ApiTokenRow.last_used_at.is_(None), ApiTokenRow.last_used_at < now - _LAST_USED_RESOLUTION
            ),
        )
        .values(last_used_at=now)
    )


def user_for_token(session: Session, *, token: str) -> User | None:
    """The user an API token belongs to, or None for an unknown or revoked token; stamps its
    last use (at most every few minutes)."""
    found = token_lookup(session, token=token)
    if found is None:
        return None
    user, stale = found
    if stale:
        touch_token(session, token=token)
    return user


def list_tokens(session: Session, *, name: str | None = None) -> list[ApiToken]:
    statement = sa.select(ApiTokenRow, UserRow.name).join(UserRow, UserRow.id == ApiTokenRow.user_id)
    if name is not None:
        statement = statement.where(UserRow.id == _row(session, name).id)
    statement = statement.order_by(UserRow.name, ApiTokenRow.id)
    return [_token_from_row(row, user_name) for row, user_name in session.execute(statement)]


def revoke_token(session: Session, *, token_id: int, actor: str, reason: str | None = None) -> ApiToken:
    found = session.execute(
        sa.select(ApiTokenRow, UserRow.name)
        .join(UserRow, UserRow.id == ApiTokenRow.user_id)
        .where(ApiTokenRow.id == token_id)
    ).first()
    if found is None:
        raise NotFoundError(f"no API token with id {token_id}")
    row, user_name = found
    record = _token_from_row(row, user_name)
    _audit(
        session,
        actor=actor,
        action="token.revoke",
        name=user_name,
        before={"token_id": row.id, "label": row.label, "prefix": row.prefix},
        after=None,
        reason=reason or f"API token {row.prefix}… of {user_name} revoked",
    )
    session.delete(row)
    session.flush()
    return record


# --- server secrets --------------------------------------------------------------------------


def server_secret(session: Session, *, name: str) -> str:
    """The secret stored under ``name``, generated (256 random bits) and stored on first use.

    Concurrent first uses agree: the first insert wins and everyone reads it back."""
    session.flush()
    _insert_if_absent(
        session,
        ServerSecretRow.__table__,
        {"name": name, "value": secrets.token_urlsafe(32), "created_at": _utcnow()},
        ["name"],
    )
    return session.scalar(sa.select(ServerSecretRow.value).where(ServerSecretRow.name == name))
