"""The team around the data: logging in and out, one's own account, the users admin page (admins)
and the audit trail (analysts and admins)."""

from __future__ import annotations

import json
import threading
import time
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from pledgewatch.api.auth import Admin, Analyst, Anyone, Viewer, flash, log_in, log_out
from pledgewatch.api.deps import SessionDep
from pledgewatch.api.routes.audit import audit_verification
from pledgewatch.api.routes.users import TokenId
from pledgewatch.errors import NotFoundError
from pledgewatch.models import ROLES
from pledgewatch.store import (
    UserError,
    add_user,
    authenticate,
    browse,
    count_users,
    create_token,
    list_tokens,
    list_users,
    remove_user,
    revoke_token,
    session_scope,
    set_password,
    set_role,
)
from pledgewatch.store.users import MIN_PASSWORD_LENGTH
from pledgewatch.web.render import local_path, redirect, render, with_query

router = APIRouter(include_in_schema=False)

AUDIT_PAGE = 50


# --- login -----------------------------------------------------------------------------------


@router.get("/login", response_class=HTMLResponse)
def login_page(
    request: Request,
    session: SessionDep,
    user: Anyone,
    next_path: Annotated[str, Query(alias="next", max_length=2000)] = "/",
) -> HTMLResponse:
    return render(
        request,
        "login.html",
        nav="login",
        next=local_path(next_path),
        no_users=count_users(session) == 0,
        failed=False,
        typed_name="",
    )


class LoginThrottle:
    """Failed logins per (name, client address) in a sliding window, kept by this server process:
    past ``limit`` failures, that pair must wait (guessing passwords gets slow; other people and
    other addresses are not locked out)."""

    def __init__(self, *, limit: int = 10, window_seconds: float = 15 * 60) -> None:
        self.limit = limit
        self.window = window_seconds
        self._failures: dict[tuple[str, str], list[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: tuple[str, str], now: float) -> list[float]:
        kept = [t for t in self._failures.get(key, []) if now - t < self.window]
        if kept:
            self._failures[key] = kept
        else:
            self._failures.pop(key, None)
        return kept

    def wait_seconds(self, key: tuple[str, str]) -> int:
        with self._lock:
            now = time.monotonic()
            recent = self._recent(key, now)
            if len(recent) < self.limit:
                return 0
            return max(1, int(recent[0] + self.window - now))

    def failed(self, key: tuple[str, str]) -> None:
        with self._lock:
            now = time.monotonic()
            self._failures.setdefault(key, []).append(now)
            if len(self._failures) > 10_000:  # bound the memory an attacker can make us use
                for stale in [k for k in self._failures if not self._recent(k, now)]:
                    self._failures.pop(stale, None)

    def succeeded(self, key: tuple[str, str]) -> None:
        with self._lock:
            self._failures.pop(key, None)


def _throttle(request: Request) -> LoginThrottle:
    throttle = getattr(request.app.state, "login_throttle", None)
    if throttle is None:
        throttle = request.app.state.login_throttle = LoginThrottle()
    return throttle


@router.post("/login", response_class=HTMLResponse, response_model=None)
def login_form(
    request: Request,
    session: SessionDep,
    _: Anyone,
    name: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=2000)] = "",
    next_path: Annotated[str, Form(alias="next", max_length=2000)] = "/",
) -> HTMLResponse | RedirectResponse:
    throttle = _throttle(request)
    key = (name.strip().lower(), request.client.host if request.client else "")
    wait = throttle.wait_seconds(key)
    if wait:
        return render(
            request,
            "login.html",
            status_code=429,
            nav="login",
            next=local_path(next_path),
            no_users=False,
            failed=False,
            typed_name=name,
            wait_minutes=max(1, round(wait / 60)),
        )
    user = authenticate(session, name=name, password=password)
    if user is None:
        throttle.failed(key)
        return render(
            request,
            "login.html",
            status_code=401,
            nav="login",
            next=local_path(next_path),
            no_users=count_users(session) == 0,
            failed=True,
            typed_name=name,
        )
    throttle.succeeded(key)
    log_in(request, user)
    request.state.user = user
    return redirect(request, local_path(next_path))


@router.post("/logout")
def logout_form(request: Request, _: Anyone) -> RedirectResponse:
    log_out(request)
    flash(request, "Logged out.")
    return redirect(request, request.app.url_path_for("login_page"))


# --- own account -----------------------------------------------------------------------------


@router.get("/account", response_class=HTMLResponse)
def account_page(request: Request, session: SessionDep, user: Viewer) -> HTMLResponse:
    return render(
        request,
        "account.html",
        nav="account",
        tokens=list_tokens(session, name=user.name),
        min_password=MIN_PASSWORD_LENGTH,
    )


@router.post("/account/password")
def account_password_form(
    request: Request,
    session: SessionDep,
    user: Viewer,
    current: Annotated[str, Form(max_length=2000)] = "",
    password: Annotated[str, Form(max_length=2000)] = "",
) -> RedirectResponse:
    page = request.app.url_path_for("account_page")
    if authenticate(session, name=user.name, password=current) is None:
        flash(request, "Not changed: the current password is wrong.", kind="error")
        return redirect(request, page)
    try:
        updated = set_password(session, name=user.name, password=password, actor=user.name)
    except UserError as error:
        flash(request, f"Not changed: {error.message}", kind="error")
        return redirect(request, page)
    log_in(request, updated)  # this session continues; every other one ends
    flash(request, "Password changed. Other sessions of yours have been logged out.")
    return redirect(request, page)


# --- users admin -----------------------------------------------------------------------------


@router.get("/admin/users", response_class=HTMLResponse)
def users_page(request: Request, session: SessionDep, _: Admin) -> HTMLResponse:
    tokens = list_tokens(session)
    by_user: dict[str, list] = {}
    for token in tokens:
        by_user.setdefault(token.user, []).append(token)
    return render(
        request,
        "users.html",
        nav="users",
        users=list_users(session),
        tokens=by_user,
        roles=list(ROLES),
        min_password=MIN_PASSWORD_LENGTH,
        new_token=None,
    )


def _admin_action(request: Request, action, success: str) -> RedirectResponse:
    """Run one change in its own transaction; report success or the refusal on the users page."""
    try:
        with session_scope(request.app.state.engine) as session:
            action(session)
    except (UserError, NotFoundError) as error:
        flash(request, f"Not done: {error.message}", kind="error")
    else:
        flash(request, success)
    return redirect(request, request.app.url_path_for("users_page"))


@router.post("/admin/users")
def add_user_form(
    request: Request,
    admin: Admin,
    name: Annotated[str, Form(max_length=200)] = "",
    role: Annotated[str, Form(max_length=20)] = "viewer",
    password: Annotated[str, Form(max_length=2000)] = "",
) -> RedirectResponse:
    return _admin_action(
        request,
        lambda session: add_user(session, name=name, role=role, password=password, actor=admin.name),
        f"User {name.strip().lower()} added as {role}.",
    )


@router.post("/admin/users/{name}/role")
def user_role_form(
    name: str, request: Request, admin: Admin, role: Annotated[str, Form(max_length=20)]
) -> RedirectResponse:
    return _admin_action(
        request,
        lambda session: set_role(session, name=name, role=role, actor=admin.name),
        f"{name} is now {role}.",
    )


@router.post("/admin/users/{name}/password")
def user_password_form(
    name: str, request: Request, admin: Admin, password: Annotated[str, Form(max_length=2000)] = ""
) -> RedirectResponse:
    return _admin_action(
        request,
        lambda session: set_password(session, name=name, password=password, actor=admin.name),
        f"Password of {name} reset; their sessions have ended.",
    )


@router.post("/admin/users/{name}/remove")
def remove_user_form(name: str, request: Request, admin: Admin) -> RedirectResponse:
    return _admin_action(
        request,
        lambda session: remove_user(session, name=name, actor=admin.name),
        f"User {name} removed, with their API tokens.",
    )


@router.post("/admin/users/{name}/tokens", response_class=HTMLResponse, response_model=None)
def create_token_form(
    name: str,
    request: Request,
    session: SessionDep,
    admin: Admin,
    label: Annotated[str, Form(max_length=200)] = "",
) -> HTMLResponse | RedirectResponse:
    """Shows the new token once, on this response (never stored, never flashed into a cookie)."""
    try:
        token, record = create_token(session, name=name, label=label, actor=admin.name)
    except (UserError, NotFoundError) as error:
        flash(request, f"Not done: {error.message}", kind="error")
        return redirect(request, request.app.url_path_for("users_page"))
    session.commit()
    tokens = list_tokens(session)
    by_user: dict[str, list] = {}
    for item in tokens:
        by_user.setdefault(item.user, []).append(item)
    return render(
        request,
        "users.html",
        nav="users",
        users=list_users(session),
        tokens=by_user,
        roles=list(ROLES),
        min_password=MIN_PASSWORD_LENGTH,
        new_token={"token": token, "record": record},
    )


@router.post("/admin/tokens/{token_id}/revoke")
def revoke_token_form(token_id: TokenId, request: Request, admin: Admin) -> RedirectResponse:
    return _admin_action(
        request,
        lambda session: revoke_token(session, token_id=token_id, actor=admin.name),
        f"API token {token_id} revoked.",
    )


# --- audit -----------------------------------------------------------------------------------


@router.get("/audit", response_class=HTMLResponse)
def audit_page(
    request: Request,
    session: SessionDep,
    _: Analyst,
    actor: Annotated[str | None, Query(max_length=200)] = None,
    action: Annotated[str | None, Query(max_length=100)] = None,
    entity: Annotated[str | None, Query(max_length=300)] = None,
    verify: Annotated[bool, Query()] = False,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
) -> HTMLResponse:
    """Every human decision, newest first, with the hash chain that makes edits behind the app's
    back visible; "Verify" recomputes the chain."""
    filters = {"actor": actor or None, "action": action or None, "entity": entity or None}
    entries = browse.audit_entries(session, **filters, limit=AUDIT_PAGE, offset=(page - 1) * AUDIT_PAGE)
    total = browse.count_audit(session, **filters)
    base = request.app.url_path_for("audit_page")
    return render(
        request,
        "audit.html",
        nav="audit",
        entries=entries,
        total=total,
        filters=filters,
        verification=audit_verification(session) if verify else None,
        page=page,
        prev_href=with_query(base, **filters, page=page - 1) if page > 1 else None,
        next_href=with_query(base, **filters, page=page + 1) if page * AUDIT_PAGE < total else None,
        verify_href=with_query(base, **filters, verify=1),
        entity_link=entity_link,
        changed=changed_fields,
    )


def entity_link(request: Request, entry) -> str | None:
    """Where an audited entity can be seen: an incident's page, a claim in its document."""
    kind, _, key = entry.entity.partition(":")
    if kind == "incident" and key:
        return request.app.url_path_for("incident_page", incident_id=key)
    if kind == "claim" and key:
        document_id = (entry.after or entry.before or {}).get("document_id")
        if isinstance(document_id, str) and document_id:
            return request.app.url_path_for("document_page", document_id=document_id) + f"#{key}"
        return request.app.url_path_for("edit_claim_page", claim_id=key)
    return None


def _short(value, limit: int = 70) -> str:
    if value is None:
        return "—"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def changed_fields(entry) -> list[tuple[str, str, str]]:
    """The top-level fields an audit entry changed, as (field, before, after), shortened."""
    before = entry.before if isinstance(entry.before, dict) else {}
    after = entry.after if isinstance(entry.after, dict) else {}
    if not before and not after:
        return []
    if not before or not after:  # created or removed: say what it was
        shown = after or before
        return [
            (key, _short(None if after else value), _short(value if after else None))
            for key, value in shown.items()
        ][:6]
    return [
        (key, _short(before.get(key)), _short(after.get(key)))
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    ][:6]
