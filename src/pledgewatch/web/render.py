"""Rendering for the dashboard: one Jinja environment (autoescape always on), and what every page
knows about who is looking (user, role, CSRF token, flash messages)."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote, urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context

from pledgewatch import __version__
from pledgewatch.api.auth import csrf_token, may, pop_flashes
from pledgewatch.report.views import (
    COMMITMENT_STATUS_HELP,
    STATUS_HELP,
    format_day,
    format_number,
    humanize,
    safe_url,
)

_PLACEHOLDER = "\x1fpledgewatch:{}\x1f"
_PATH_SAFE = ":@!$&'()*+,;=-._~"  # RFC 3986 pchar: left as they are in a path segment


def app_path(app, name: str, /, **params: object) -> str:
    """``app.url_path_for`` with the route's pattern looked up once per app and name (a page with
    100 incidents links 100 times; resolving each through the route table dominated its time) and
    the values percent-encoded, so an id with ``?`` or ``#`` in it still names the right page."""
    cache: dict = app.state.__dict__.setdefault("path_patterns", {})
    key = (name, tuple(sorted(params)))
    pattern = cache.get(key)
    if pattern is None:
        pattern = str(app.url_path_for(name, **{k: _PLACEHOLDER.format(k) for k in params}))
        cache[key] = pattern
    for param, value in params.items():
        text = str(value)
        pattern = pattern.replace(
            _PLACEHOLDER.format(param), text if param == "path" else quote(text, safe=_PATH_SAFE)
        )
    return pattern


@pass_context
def path_for(context, name: str, /, **params: object) -> str:
    """A root-relative link (``/incidents/...``): never an absolute URL built from the Host header."""
    request: Request = context["request"]
    return request.scope.get("root_path", "") + app_path(request.app, name, **params)


@pass_context
def csrf(context) -> str:
    """The session's CSRF token for a form (created on first use)."""
    return csrf_token(context["request"])


@pass_context
def current_path(context) -> str:
    """This page's path and query, for "come back here" links (always local)."""
    request: Request = context["request"]
    query = request.url.query
    return request.url.path + (f"?{query}" if query else "")


def with_query(path: str, **params: object) -> str:
    """``path?k=v&...`` with the empty parameters left out."""
    kept = {k: v for k, v in params.items() if v not in (None, "", False)}
    return f"{path}?{urlencode(kept)}" if kept else path


@lru_cache(maxsize=1)
def templates() -> Jinja2Templates:
    env = Environment(
        loader=PackageLoader("pledgewatch.web", "templates"),
        autoescape=True,  # never turned off: claim texts, titles and URLs come from documents
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = format_number
    env.filters["humanize"] = humanize
    env.filters["day"] = format_day
    env.filters["safe_url"] = safe_url
    env.globals["path_for"] = path_for
    env.globals["csrf"] = csrf
    env.globals["current_path"] = current_path
    env.globals["with_query"] = with_query
    env.globals["version"] = __version__
    env.globals["status_help"] = STATUS_HELP
    env.globals["commitment_status_help"] = COMMITMENT_STATUS_HELP
    return Jinja2Templates(env=env)


def render(request: Request, name: str, status_code: int = 200, **context) -> HTMLResponse:
    user = getattr(request.state, "user", None)
    context.setdefault("nav", "")
    context.update(
        user=user,
        can_review=may(user, "analyst"),
        is_admin=may(user, "admin"),
        flashes=pop_flashes(request),
        public_read=request.app.state.settings.public_read,
    )
    return templates().TemplateResponse(request, name, context, status_code=status_code)


def error_page(request: Request, *, status: int, message: str) -> HTMLResponse:
    return render(request, "error.html", status_code=status, status=status, message=message, nav="")


def local_path(value: str | None, default: str = "/") -> str:
    """``value`` when it is a path on this site (``/incidents?page=2``), else ``default``: a form's
    "next" must never send the browser to another site."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return default
    if any(ord(ch) < 32 for ch in value):
        return default
    return value


def login_redirect(request: Request) -> RedirectResponse:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    login = request.scope.get("root_path", "") + request.app.url_path_for("login_page")
    return RedirectResponse(f"{login}?next={quote(local_path(target), safe='/')}", status_code=303)


def redirect(request: Request, target: str) -> RedirectResponse:
    """303 See Other to a local path (post/redirect/get)."""
    return RedirectResponse(local_path(target), status_code=303)
