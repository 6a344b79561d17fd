"""The FastAPI application: REST API under /api, dashboard pages at /, static assets at /static.

Nothing is built at import time: ``create_app(settings)`` makes the engine and stores it, with the
settings, on ``app.state``; dependencies read them from there.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException as StarletteHTTPException

from pledgewatch import __version__
from pledgewatch.api.auth import Anyone
from pledgewatch.api.routes import api_router
from pledgewatch.api.sessions import SignedSessionMiddleware, secret_provider
from pledgewatch.config import Settings
from pledgewatch.errors import (
    AuthError,
    ConfigError,
    ForbiddenError,
    NotFoundError,
    PledgewatchError,
    ReviewError,
    StoreError,
)
from pledgewatch.store import create_engine_for
from pledgewatch.web import pages, review, team

logger = logging.getLogger(__name__)

DESCRIPTION = """
Claims, incidents, commitments and say–do assessments stored by pledgewatch.

Every figure is a **claim by its source** (`speaker`, `document_id`, the quoted `text`), never a fact;
incidents carry low/best/high estimates with the rule and the claim ids that gave each value.

**Authentication.** Send an API token as `Authorization: Bearer <token>` (create one with
`pledgewatch user token NAME`, or on the Users page; use **Authorize** here). Roles: *viewer* reads,
*analyst* also reviews (claims, incident statuses, merges, splits) and reads the audit log, *admin*
also manages users and tokens. Every decision needs a `reason` and is kept in the hash-chained audit
log. Calls made with the dashboard's session cookie instead must send its CSRF token as
`X-CSRF-Token`.
"""

# Content-Security-Policy for the dashboard: everything from this server, images may be inline
# (charts), no inline script. Document text is untrusted; this is the second line after escaping.
DASHBOARD_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
# Swagger UI starts from an inline script; it still loads nothing from outside.
DOCS_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)

_STATUS_BY_ERROR: tuple[tuple[type[PledgewatchError], int], ...] = (
    (NotFoundError, 404),
    (AuthError, 401),
    (ForbiddenError, 403),
    (ReviewError, 409),
    (StoreError, 503),
    (ConfigError, 500),
)


def status_for(error: PledgewatchError) -> int:
    for kind, status in _STATUS_BY_ERROR:
        if isinstance(error, kind):
            return status
    return 400


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api") or request.url.path == "/openapi.json"


def create_app(settings: Settings) -> FastAPI:
    """The dashboard and REST API over the database named in ``settings``."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        app.state.engine.dispose()

    app = FastAPI(
        lifespan=lifespan,
        title="pledgewatch",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,  # served below from local files: the default loads Swagger UI from a CDN
        redoc_url=None,
        openapi_tags=[
            {"name": "claims", "description": "Attributed claims: who says what, in which sentence."},
            {"name": "incidents", "description": "Reconciled incidents with low/best/high estimates."},
            {"name": "commitments", "description": "Every party's commitments and their indicators."},
            {"name": "assessments", "description": "Say–do scorecards per party and month."},
            {"name": "documents", "description": "Ingested documents (content-addressed)."},
            {"name": "audit", "description": "The hash-chained log of every human decision."},
            {"name": "users", "description": "Users, roles and API tokens (admins)."},
            {"name": "service", "description": "Health, counts, who am I."},
        ],
    )
    app.state.settings = settings
    app.state.engine = create_engine_for(settings.database_url)

    app.mount("/static", StaticFiles(packages=[("pledgewatch.web", "static")]), name="static")
    app.include_router(api_router)
    app.include_router(pages.router)
    app.include_router(review.router)
    app.include_router(team.router)
    _add_docs(app)
    _add_error_handlers(app)
    _add_security_headers(app)
    # outermost: every route, error page included, sees the session
    app.add_middleware(
        SignedSessionMiddleware,
        secret=secret_provider(settings, app.state.engine),
        max_age=settings.session_max_age_seconds,
        secure=settings.session_cookie_secure,
    )

    return app


def _add_docs(app: FastAPI) -> None:
    @app.get("/docs", include_in_schema=False)
    def swagger_ui(request: Request, _: Anyone) -> HTMLResponse:
        static = request.scope.get("root_path", "") + request.app.url_path_for("static", path="/")
        return get_swagger_ui_html(
            openapi_url=request.scope.get("root_path", "") + (app.openapi_url or "/openapi.json"),
            title="pledgewatch API",
            swagger_js_url=f"{static}swagger-ui-bundle.js",
            swagger_css_url=f"{static}swagger-ui.css",
            swagger_favicon_url=f"{static}favicon.svg",
            swagger_ui_parameters={"validatorUrl": None, "defaultModelsExpandDepth": 0},
        )


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(PledgewatchError)
    async def pledgewatch_error(request: Request, error: PledgewatchError) -> Response:
        status = status_for(error)
        if status >= 500:
            logger.error("%s %s: %s", request.method, request.url.path, error.message)
        if _wants_json(request):
            headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
            return JSONResponse(
                {"detail": error.message, "code": error.code}, status_code=status, headers=headers
            )
        if status == 401 and request.method in ("GET", "HEAD"):
            return pages.login_redirect(request)
        return pages.error_page(request, status=status, message=error.message)

    @app.exception_handler(SQLAlchemyError)
    async def database_error(request: Request, error: SQLAlchemyError) -> Response:
        logger.exception("database error on %s %s", request.method, request.url.path, exc_info=error)
        message = (
            "the database could not be read: it may not be initialised or reachable — "
            "run `pledgewatch init --db URL` (or `pledgewatch run PATH --db URL`) and check the URL"
        )
        if _wants_json(request):
            return JSONResponse({"detail": message, "code": StoreError.code}, status_code=503)
        return pages.error_page(request, status=503, message=message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        if _wants_json(request) or request.url.path.startswith("/static"):
            return JSONResponse(
                {"detail": str(error.detail), "code": f"HTTP{error.status_code}"},
                status_code=error.status_code,
                headers=getattr(error, "headers", None),
            )
        message = "no such page" if error.status_code == 404 else str(error.detail)
        return pages.error_page(request, status=error.status_code, message=message)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, error: RequestValidationError) -> Response:
        problems = "; ".join(f"{_field(item)}: {item.get('msg')}" for item in error.errors())
        if _wants_json(request):
            return JSONResponse(
                {
                    "detail": f"invalid request: {problems}",
                    "code": "PW422",
                    "errors": jsonable_encoder(error.errors()),
                },
                status_code=422,
            )
        return pages.error_page(request, status=422, message=f"invalid request: {problems}")


def _field(problem: dict) -> str:
    """``('query', 'limit')`` → ``limit``: the parameter's name as the user typed it."""
    return ".".join(str(part) for part in problem.get("loc", ()) if part not in ("query", "path", "body"))


def _add_security_headers(app: FastAPI) -> None:
    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        if response.headers.get("content-type", "").startswith("text/html"):
            csp = DOCS_CSP if request.url.path == "/docs" else DASHBOARD_CSP
            response.headers.setdefault("Content-Security-Policy", csp)
            response.headers.setdefault("X-Frame-Options", "DENY")
        if not request.url.path.startswith("/static"):
            # pages and API answers depend on who asks: no shared or browser caching
            response.headers.setdefault("Cache-Control", "no-store")
        return response
