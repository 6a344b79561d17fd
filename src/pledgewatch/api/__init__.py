"""REST API and dashboard: ``create_app(settings)`` builds the app, ``serve(settings)`` runs it."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI

    from pledgewatch.config import Settings

__all__ = ["create_app", "serve"]


def create_app(settings: Settings) -> FastAPI:
    """See ``pledgewatch.api.app.create_app``; imported lazily so importing this package is cheap."""
    from pledgewatch.api.app import create_app as build

    return build(settings)


def serve(
    settings: Settings, *, host: str | None = None, port: int | None = None, log_level: str = "info"
) -> None:
    """Run the dashboard and API with uvicorn until interrupted (defaults: ``settings.host/port``)."""
    import uvicorn

    uvicorn.run(
        create_app(settings),
        host=host or settings.host,
        port=port or settings.port,
        log_level=log_level,
        proxy_headers=False,
    )
