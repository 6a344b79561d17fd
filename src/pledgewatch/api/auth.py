"""Who is asking, and may they: logins, API tokens, roles, CSRF.

Every route declares exactly one access rule by taking one of the typed dependencies at the bottom
(``Reader``, ``Analyst`` ...); ``tests/api/test_authorization.py`` walks the app's route table and
fails for a route without one. The rules:

=========  ==========================================================================
public     anyone (login page, API docs, liveness)
read       viewers and above; anyone when ``Settings.public_read`` is on
viewer     any logged-in user (own account page), whatever ``public_read`` says
analyst    analysts and admins: review claims, set incident statuses, merge, split, audit
admin      admins: users and tokens
=========  ==========================================================================

Identity comes from ``Authorization: Bearer <token>`` (scripts) or the signed session cookie
(browsers). A request that changes something and is authenticated by the cookie must carry the
session's CSRF token, in the form field ``csrf_token`` or the ``X-CSRF-Token`` header; a bearer
token is never sent by a browser on its own, so token requests need none.
"""

from __future__ import annotations

import hmac
import secrets
import time
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.exc import OperationalError

from pledgewatch.api.deps import SessionDep
from pledgewatch.errors import AuthError, ForbiddenError
from pledgewatch.models import ROLES, User
from pledgewatch.store import get_user_by_id
from pledgewatch.store.users import token_lookup, touch_token

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
ROLE_RANK = {role: rank for rank, role in enumerate(ROLES, start=1)}
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"

# Declared for OpenAPI (the "Authorize" button in /docs); the header is parsed in ``identify``.
bearer_scheme = HTTPBearer(
    auto_error=False,
    description="An API token from `pledgewatch user token NAME` or the users admin page.",
)


# --- session helpers -------------------------------------------------------------------------


def csrf_token(request: Request) -> str:
    """This session's CSRF token, created on first use (it goes into every form)."""
    token = request.session.get("csrf")
    if not isinstance(token, str) or len(token) < 20:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


def log_in(request: Request, user: User) -> None:
    """A fresh session for ``user`` (a new CSRF token too: nothing carries over from before)."""
    request.session.clear()
    request.session.update(
        uid=user.id, epoch=user.session_epoch, at=int(time.time()), csrf=secrets.token_urlsafe(32)
    )


def log_out(request: Request) -> None:
    request.session.clear()


def flash(request: Request, message: str, *, kind: str = "ok") -> None:
    """A message shown on the next page (after a redirect)."""
    pending = request.session.get("flash")
    if not isinstance(pending, list):
        pending = []
    pending.append([kind, message[:500]])
    request.session["flash"] = pending[-5:]


def pop_flashes(request: Request) -> list[tuple[str, str]]:
    if "session" not in request.scope:
        return []
    pending = request.session.pop("flash", None)
    if not isinstance(pending, list):
        return []
    return [(str(item[0]), str(item[1])) for item in pending if isinstance(item, list) and len(item) == 2]


# --- identity --------------------------------------------------------------------------------


def identify(request: Request, session: SessionDep) -> tuple[User | None, str | None]:
    """``(user, how)``: how is "token", "session" or None (anonymous). A bad token is an error
    (a script should hear about it); a stale session is simply logged out."""
    header = request.headers.get("authorization")
    if header is not None:
        scheme, _, token = header.partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            raise AuthError(
                "the Authorization header must be 'Bearer <API token>'",
                hint="create a token with `pledgewatch user token NAME`",
            )
        found = token_lookup(session, token=token)
        if found is None:
            raise AuthError("unknown or revoked API token", hint="ask an admin for a new token")
        user, stale = found
        if stale:
            _touch(session, token)
        return user, "token"
    if "session" not in request.scope:
        return None, None
    uid = request.session.get("uid")
    if not isinstance(uid, int):
        return None, None
    settings = request.app.state.settings
    user = get_user_by_id(session, user_id=uid)
    logged_in_at = request.session.get("at")
    if (
        user is None
        or request.session.get("epoch") != user.session_epoch
        or not isinstance(logged_in_at, int)
        or time.time() - logged_in_at > settings.session_max_age_seconds
    ):
        log_out(request)  # removed, password changed, or expired
        return None, None
    return user, "session"


def _touch(session, token: str) -> None:
    """Stamp the token's last use in a transaction of its own, best effort: a busy database must
    not fail the request that only reads."""
    session.commit()  # end the lookup's read transaction first
    try:
        touch_token(session, token=token)
        session.commit()
    except OperationalError:
        session.rollback()


async def submitted_csrf_token(request: Request) -> str | None:
    """The CSRF token a changing request carries (header, else form field); None for reads."""
    if request.method not in UNSAFE_METHODS:
        return None
    header = request.headers.get(CSRF_HEADER)
    if header:
        return header
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        return value if isinstance(value, str) else None
    return None


class Access:
    """One access rule, used as a dependency: checks who asks, their role and the CSRF token, and
    returns the user (None for anonymous readers). ``request.state.user`` is set for templates."""

    def __init__(self, rule: str, minimum: str | None, *, open_when_public_read: bool = False) -> None:
        self.rule = rule
        self.minimum = minimum
        self.open_when_public_read = open_when_public_read

    def __repr__(self) -> str:
        return f"Access({self.rule!r})"

    def __call__(
        self,
        request: Request,
        session: SessionDep,
        submitted_csrf: Annotated[str | None, Depends(submitted_csrf_token)],
        _bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
    ) -> User | None:
        user, how = identify(request, session)
        # end the read transaction now: actions that write open their own transactions, and SQLite
        # lets a reader that later writes fail when another writer came in between
        session.commit()
        request.state.user = user
        if self.minimum is not None:
            if user is None:
                if not (self.open_when_public_read and request.app.state.settings.public_read):
                    raise AuthError(
                        "log in to see this",
                        hint="scripts send 'Authorization: Bearer <token>' (`pledgewatch user token NAME`)",
                    )
            elif ROLE_RANK[user.role] < ROLE_RANK[self.minimum]:
                raise ForbiddenError(
                    f"the {user.role} role may not do this (it needs {self.minimum} or above)",
                    hint="ask an admin to change your role",
                )
        if request.method in UNSAFE_METHODS and how != "token":
            expected = request.session.get("csrf") if "session" in request.scope else None
            if not (
                isinstance(expected, str)
                and isinstance(submitted_csrf, str)
                and hmac.compare_digest(expected.encode(), submitted_csrf.encode())
            ):
                raise ForbiddenError(
                    "the form's security token is missing or out of date (CSRF check)",
                    hint="reload the page and submit it again",
                )
        return user


PUBLIC = Access("public", None)
READ = Access("read", "viewer", open_when_public_read=True)
LOGGED_IN = Access("viewer", "viewer")
ANALYST = Access("analyst", "analyst")
ADMIN = Access("admin", "admin")
RULES = (PUBLIC, READ, LOGGED_IN, ANALYST, ADMIN)

Anyone = Annotated[User | None, Depends(PUBLIC)]
Reader = Annotated[User | None, Depends(READ)]
Viewer = Annotated[User, Depends(LOGGED_IN)]
Analyst = Annotated[User, Depends(ANALYST)]
Admin = Annotated[User, Depends(ADMIN)]


def may(user: User | None, role: str) -> bool:
    return user is not None and ROLE_RANK[user.role] >= ROLE_RANK[role]
