"""One exception hierarchy. Every message says what was wrong, where, and what to do."""

from __future__ import annotations

from pathlib import Path


class PledgewatchError(Exception):
    """Base of every error the library raises on purpose. ``str(err)`` is the user-facing line."""

    code = "PW000"

    def __init__(self, problem: str, *, where: str | Path | None = None, hint: str | None = None):
        self.problem = problem
        self.where = str(where) if where is not None else None
        self.hint = hint
        super().__init__(self.message)

    @property
    def message(self) -> str:
        parts = []
        if self.where:
            parts.append(f"{self.where}: ")
        parts.append(self.problem)
        if self.hint:
            parts.append(f" — {self.hint}")
        return "".join(parts)


class ConfigError(PledgewatchError):
    code = "PW001"


class IngestError(PledgewatchError):
    """A file that cannot become a document (binary, empty, undecodable, not a PDF ...)."""

    code = "PW100"


class ImportRowError(PledgewatchError):
    code = "PW110"


class KnowledgeError(PledgewatchError):
    """A broken knowledge file (actors, places, commitments): names file, line and field."""

    code = "PW200"


class ModelNotInstalledError(PledgewatchError):
    code = "PW300"


class StoreError(PledgewatchError):
    code = "PW400"


class NotFoundError(PledgewatchError):
    code = "PW404"


class ReviewError(PledgewatchError):
    code = "PW500"


class AuthError(PledgewatchError):
    code = "PW401"


class ForbiddenError(PledgewatchError):
    """Logged in, but the role may not do this (or a form without its CSRF token)."""

    code = "PW403"


class ExportError(PledgewatchError):
    """An export that cannot be written as asked (a format a kind of record has no mapping for)."""

    code = "PW600"
