"""Typed dependencies shared by API routes and web pages."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from pledgewatch.config import Settings
from pledgewatch.store import session_scope


def get_settings(request: Request) -> Settings:
    """The Settings the app was built with (never the environment)."""
    return request.app.state.settings


def get_session(request: Request) -> Iterator[Session]:
    """One session per request, on the engine that ``create_app`` stored on ``app.state``."""
    with session_scope(request.app.state.engine) as session:
        yield session


# scope="function": the transaction commits before the response goes out, so a response never
# reports a change that then fails to commit
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
SettingsDep = Annotated[Settings, Depends(get_settings)]
