"""Signed session cookies for the dashboard (pure ASGI middleware, itsdangerous signatures).

The session is a small JSON object — user id, the password epoch it was signed for, login time,
CSRF token, pending flash messages — signed (not encrypted: it holds nothing secret) and sent back
only when it changed. The signing key comes from ``Settings.secret_key`` or, when that is unset,
from the database, where the server generates it on first use; it is looked up on the first request
that needs it, never at import or build time.
"""

from __future__ import annotations

import json
import logging
import secrets
import threading
from collections.abc import Callable
from typing import Any

import anyio.to_thread
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pledgewatch.config import Settings

logger = logging.getLogger(__name__)

COOKIE_NAME = "pledgewatch_session"
SIGNING_KEY_NAME = "session-signing-key"
_SALT = "pledgewatch.session.v1"


def secret_provider(settings: Settings, engine: Engine) -> Callable[[], str]:
    """The session signing key: configured, else stored in the database (generated on first run)."""

    def provide() -> str:
        if settings.secret_key is not None and settings.secret_key.get_secret_value():
            return settings.secret_key.get_secret_value()
        from pledgewatch.store import server_secret, session_scope

        try:
            with session_scope(engine) as session:
                return server_secret(session, name=SIGNING_KEY_NAME)
        except SQLAlchemyError as error:
            # an uninitialised database: sessions work until the server restarts
            logger.warning(
                "could not read or store the session signing key (%s); using a key for this process "
                "only — run `pledgewatch init` and restart, or set PLEDGEWATCH_SECRET_KEY",
                type(error).__name__,
            )
            return secrets.token_urlsafe(32)

    return provide


class SignedSessionMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        secret: Callable[[], str],
        max_age: int,
        secure: bool,
        cookie_name: str = COOKIE_NAME,
    ) -> None:
        self.app = app
        self._secret = secret
        self._serializer: URLSafeTimedSerializer | None = None
        self._lock = threading.Lock()
        self.max_age = max_age
        self.secure = secure
        self.cookie_name = cookie_name

    async def serializer(self) -> URLSafeTimedSerializer:
        if self._serializer is None:
            # the key may come from the database: look it up in a worker thread, once
            await anyio.to_thread.run_sync(self._load_serializer)
        assert self._serializer is not None
        return self._serializer

    def _load_serializer(self) -> None:
        with self._lock:
            if self._serializer is None:
                self._serializer = URLSafeTimedSerializer(self._secret(), salt=_SALT)

    def _cookie(self, value: str, max_age: int) -> str:
        parts = [f"{self.cookie_name}={value}", "Path=/", f"Max-Age={max_age}", "HttpOnly", "SameSite=Lax"]
        if self.secure:
            parts.append("Secure")
        return "; ".join(parts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        data: dict[str, Any] = {}
        raw = HTTPConnection(scope).cookies.get(self.cookie_name)
        if raw:
            try:
                loaded = (await self.serializer()).loads(raw, max_age=self.max_age)
            except BadSignature:  # also an expired signature
                loaded = None
            if isinstance(loaded, dict):
                data = loaded
        scope["session"] = data
        before = json.dumps(data, sort_keys=True)

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                session = scope["session"]
                if json.dumps(session, sort_keys=True) != before:
                    headers = MutableHeaders(scope=message)
                    if session:
                        value = (await self.serializer()).dumps(session)
                        headers.append("Set-Cookie", self._cookie(value, self.max_age))
                    else:
                        headers.append("Set-Cookie", self._cookie("", 0))
            await send(message)

        await self.app(scope, receive, send_with_cookie)
