"""Turn a file (or bytes) into a ``Document``: the one entry point the pipeline calls per document."""

from __future__ import annotations

import errno
import logging
import os
import stat
from collections.abc import Callable
from pathlib import Path

from pledgewatch.config import Settings, get_settings
from pledgewatch.errors import IngestError
from pledgewatch.ingest.text import parse_text
from pledgewatch.models import Document

logger = logging.getLogger(__name__)

SUPPORTED_SUFFIXES: tuple[str, ...] = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf")

MEDIA_TYPES: dict[str, str] = {
    ".txt": "text/plain",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".html": "text/html",
    ".htm": "text/html",
    ".pdf": "application/pdf",
}


# HTML and PDF parsers load trafilatura/lxml and pypdf (a fifth of a second): only when a file needs
# them, so commands that never read one (import-events, export, serve) start faster
def _parse_html(raw: bytes, path: str) -> Document:
    from pledgewatch.ingest.html import parse_html

    return parse_html(raw, path=path)


def _parse_pdf(raw: bytes, path: str) -> Document:
    from pledgewatch.ingest.pdf import parse_pdf

    return parse_pdf(raw, path=path)


_PARSERS: dict[str, Callable[[bytes, str], Document]] = {
    "text/plain": lambda raw, path: parse_text(raw, path=path, media_type="text/plain"),
    "text/markdown": lambda raw, path: parse_text(raw, path=path, media_type="text/markdown"),
    "text/html": _parse_html,
    "application/pdf": _parse_pdf,
}


def normalise_suffix(suffix: str) -> str:
    """``"PDF"``, ``".PDF"`` and ``".pdf"`` are the same suffix."""
    suffix = suffix.strip().lower()
    return suffix if not suffix or suffix.startswith(".") else "." + suffix


def is_supported(path: str | Path) -> bool:
    return normalise_suffix(Path(path).suffix) in SUPPORTED_SUFFIXES


def unsupported_suffix_error(path: str | Path, suffix: str) -> IngestError:
    what = f"'{suffix}'" if suffix else "(the name has no extension)"
    return IngestError(
        f"unsupported file type {what}",
        where=str(path),
        hint=f"pledgewatch reads {', '.join(SUPPORTED_SUFFIXES)}; convert the file to one of these "
        "(e.g. save it as PDF or plain text), or rename it if the extension is wrong",
    )


def parse_document(raw: bytes, *, path: str, suffix: str | None = None) -> Document:
    """A ``Document`` from raw bytes; ``suffix`` (default: the suffix of ``path``) picks the reader.

    Deterministic: the same bytes and suffix always give the same document, apart from ``path``.
    Raises ``IngestError`` naming ``path``, the problem and what to do.
    """
    chosen = normalise_suffix(suffix if suffix is not None else Path(path).suffix)
    media_type = MEDIA_TYPES.get(chosen)
    if media_type is None:
        raise unsupported_suffix_error(path, chosen)
    document = _PARSERS[media_type](raw, path)
    logger.debug(
        "%s: %s, %d characters, published %s (%s)",
        path,
        media_type,
        len(document.text),
        document.published,
        document.published_from,
    )
    return document


def read_document(path: str | Path, *, settings: Settings | None = None) -> tuple[Document, bytes]:
    """Read one file and return its ``Document`` and raw bytes (to be stored verbatim).

    ``document.path`` is ``str(path)`` exactly as given. Raises ``IngestError`` for a missing,
    unreadable, oversized or unsupported file and for bytes that cannot become a document.
    """
    settings = settings or get_settings()
    where = str(path)
    suffix = normalise_suffix(Path(path).suffix)
    if suffix not in SUPPORTED_SUFFIXES:
        # Check existence first: "file not found" is the more useful message for a typo.
        _stat_regular_file(path)
        raise unsupported_suffix_error(path, suffix)
    size = _stat_regular_file(path).st_size
    limit = settings.max_document_bytes
    if size > limit:
        raise _too_large(where, size, limit)
    try:
        with open(path, "rb") as handle:
            raw = handle.read(limit + 1)  # never hold more than the limit, even if the file grew
    except OSError as error:
        raise path_error(where, error) from None
    if len(raw) > limit:
        raise _too_large(where, len(raw), limit)
    return parse_document(raw, path=where, suffix=suffix), raw


def _stat_regular_file(path: str | Path) -> os.stat_result:
    where = str(path)
    try:
        info = os.stat(path)
    except OSError as error:
        raise path_error(where, error) from None
    if stat.S_ISDIR(info.st_mode):
        raise IngestError(
            "is a folder, not a file",
            where=where,
            hint="name a file, or give the folder to 'pledgewatch ingest' (or discover()) to read "
            "every supported file inside it",
        )
    if not stat.S_ISREG(info.st_mode):
        raise IngestError(
            "is not a regular file (a device, pipe or socket)",
            where=where,
            hint="save the content to a file first and ingest that file",
        )
    return info


def path_error(where: str, error: OSError, *, what: str = "file") -> IngestError:
    """An ``OSError`` on ``where`` as a user-facing error; ``what`` names the thing ("file", "path")."""
    if error.errno == errno.ENOENT:
        relative = "" if os.path.isabs(where) else f" (relative paths start from {os.getcwd()})"
        return IngestError(
            f"{what} not found",
            where=where,
            hint=f"check the spelling of the path{relative}",
        )
    if error.errno in (errno.EACCES, errno.EPERM):
        return IngestError(
            f"cannot read the {what}: permission denied",
            where=where,
            hint="give your user read permission (e.g. 'chmod u+r FILE') or copy it somewhere readable",
        )
    if error.errno == errno.EISDIR:
        return IngestError(
            "is a folder, not a file", where=where, hint="name a file inside it, or the folder itself"
        )
    return IngestError(
        f"cannot read the {what}: {error.strerror or error}",
        where=where,
        hint="check that the path exists and is readable, then try again",
    )


def _too_large(where: str, size: int, limit: int) -> IngestError:
    return IngestError(
        f"file is too large: {_megabytes(size)}, the limit is {_megabytes(limit)}",
        where=where,
        hint="split the document, or raise the limit with PLEDGEWATCH_MAX_DOCUMENT_BYTES "
        "(Settings.max_document_bytes) if it really is one document",
    )


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB" if size >= 1024 * 1024 else f"{size} bytes"
