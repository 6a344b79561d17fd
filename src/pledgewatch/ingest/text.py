"""Plain-text and Markdown documents, with optional YAML front matter.

The text stored on the document is the body exactly as written after the front matter, with line
endings normalised to ``\\n`` (and a UTF-8 byte-order mark dropped): claim spans index into it, so
nothing else is stripped or rewritten.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import yaml

from pledgewatch.errors import IngestError
from pledgewatch.models import Document, document_id_for

logger = logging.getLogger(__name__)

UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff", b"\xff\xfe", b"\xfe\xff")
# Bytes that never occur in text files: C0 controls other than tab, newlines, form feed, escape.
_CONTROL_BYTES = frozenset([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])
# Past this share of control bytes in the sample, a file is binary, whatever its name says.
_BINARY_CONTROL_SHARE = 0.05
_BINARY_SAMPLE_BYTES = 8192

_FRONT_MATTER_OPEN = re.compile(r"---[ \t]*\n")
_FRONT_MATTER_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_ATX_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$", re.MULTILINE)
_SETEXT_UNDERLINE = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
TITLE_MAX_CHARS = 200

RESAVE_UTF8_HINT = "re-save it as UTF-8 (in most editors: Save As → Encoding: UTF-8) and ingest it again"


@dataclass(frozen=True)
class FrontMatter:
    """Metadata given at the top of a text file, and where its body starts."""

    title: str | None = None
    source: str | None = None
    published: date | None = None
    url: str | None = None
    language: str | None = None
    body_start: int = 0  # offset of the body in the decoded text
    extra: dict[str, Any] = field(default_factory=dict)  # keys we do not use, kept for logging only


# --- decoding ----------------------------------------------------------------------------------


def check_not_empty(raw: bytes, *, path: str) -> None:
    if not raw:
        raise IngestError(
            "file is empty (0 bytes)",
            where=path,
            hint="check that the download or export finished, then ingest it again; "
            "delete it if it is a placeholder",
        )


def check_not_binary(raw: bytes, *, path: str, kind: str) -> None:
    """Refuse bytes that are not text: UTF-16/32 text, NUL bytes, or many control bytes."""
    if raw.startswith(_UTF16_32_BOMS) and not raw.startswith(UTF8_BOM):
        raise IngestError(
            f"{kind} file is encoded as UTF-16 or UTF-32 (it starts with that byte-order mark), not UTF-8",
            where=path,
            hint=RESAVE_UTF8_HINT,
        )
    sample = raw[:_BINARY_SAMPLE_BYTES]
    if _looks_like_utf16(sample):
        raise IngestError(
            f"{kind} file looks encoded as UTF-16 (every other byte is NUL), not UTF-8",
            where=path,
            hint=RESAVE_UTF8_HINT,
        )
    controls = sum(1 for byte in sample if byte in _CONTROL_BYTES)
    if b"\x00" in raw or controls > _BINARY_CONTROL_SHARE * len(sample):
        raise IngestError(
            f"file is binary, not {kind} (it contains NUL or other control bytes)",
            where=path,
            hint="check what the file really is: if it is a PDF, a Word file or an image, give it its real "
            "extension or convert it to text first",
        )


def _looks_like_utf16(sample: bytes) -> bool:
    """BOM-less UTF-16 of mostly ASCII text: NUL in (almost) every even or every odd position."""
    if len(sample) < 8:
        return False
    pairs = len(sample) // 2
    even_nuls = sample[0 : pairs * 2 : 2].count(0)
    odd_nuls = sample[1 : pairs * 2 : 2].count(0)
    return max(even_nuls, odd_nuls) >= 0.9 * pairs and min(even_nuls, odd_nuls) <= 0.1 * pairs


def decode_utf8(raw: bytes, *, path: str) -> str:
    """Strict UTF-8 (a leading byte-order mark is accepted and dropped); newlines normalised to ``\\n``."""
    body = raw[len(UTF8_BOM) :] if raw.startswith(UTF8_BOM) else raw
    offset_shift = len(raw) - len(body)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        offset = error.start + offset_shift
        line = raw.count(b"\n", 0, offset) + 1
        raise IngestError(
            f"not valid UTF-8: byte 0x{raw[offset]:02X} at offset {offset} (line {line}) cannot be decoded",
            where=path,
            hint=RESAVE_UTF8_HINT,
        ) from None
    return normalise_newlines(text)


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --- front matter ------------------------------------------------------------------------------


def split_front_matter(text: str, *, path: str) -> FrontMatter:
    """Read a YAML block between ``---`` lines at the very top of ``text``; no block → empty metadata."""
    opening = _FRONT_MATTER_OPEN.match(text)
    if opening is None:
        return FrontMatter()
    closing = _FRONT_MATTER_CLOSE.search(text, opening.end())
    if closing is None:
        raise IngestError(
            "YAML front matter opened on line 1 is never closed",
            where=path,
            hint="end the front matter with a line containing only '---', or remove the '---' on line 1",
        )
    block = text[opening.end() : closing.start()]
    body_start = closing.end() + 1 if text[closing.end() : closing.end() + 1] == "\n" else closing.end()
    first_line = 2  # the block starts on the line after the opening '---'
    try:
        data = yaml.safe_load(block)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = first_line + mark.line if mark is not None else first_line
        reason = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise IngestError(
            f"malformed YAML front matter at line {line}: {reason}",
            where=path,
            hint="fix that line (write 'key: value'; quote values that contain ': ' or start with a special "
            "character) or remove the front matter",
        ) from None
    if data is None:
        return FrontMatter(body_start=body_start)
    if not isinstance(data, dict):
        raise IngestError(
            f"malformed YAML front matter at line {first_line}: expected 'key: value' lines, "
            f"found a {type(data).__name__}",
            where=path,
            hint="write the metadata as 'title: ...', 'source: ...', 'published: YYYY-MM-DD', 'url: ...'",
        )

    def line_of(key: str) -> int:
        for index, line in enumerate(block.split("\n")):
            if re.match(rf"\s*['\"]?{re.escape(key)}['\"]?\s*:", line):
                return first_line + index
        return first_line

    def text_value(key: str) -> str | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, dict | list):
            raise IngestError(
                f"malformed YAML front matter at line {line_of(key)}: '{key}' must be a single value, "
                f"not a {'list' if isinstance(value, list) else 'mapping'}",
                where=path,
                hint=f"write '{key}: ...' on one line",
            )
        value = str(value).strip()
        return value or None

    published_key = "published" if data.get("published") is not None else "date"
    published = _front_matter_date(
        data.get(published_key), key=published_key, path=path, line=line_of(published_key)
    )
    language = text_value("language")
    known = {"title", "source", "published", "date", "url", "language"}
    return FrontMatter(
        title=text_value("title"),
        source=text_value("source"),
        published=published,
        url=text_value("url"),
        language=language.lower() if language else None,
        body_start=body_start,
        extra={str(key): value for key, value in data.items() if key not in known},
    )


def _front_matter_date(value: object, *, key: str, path: str, line: int) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            pass
    raise IngestError(
        f"malformed YAML front matter at line {line}: '{key}' is not a date: {value!r}",
        where=path,
        hint=f"write it as YYYY-MM-DD, e.g. '{key}: 2025-10-19'",
    )


# --- titles ------------------------------------------------------------------------------------


def title_from_text(text: str) -> str | None:
    """The first Markdown heading (ATX ``# ...`` or setext), else the first non-blank line."""
    lines = text.split("\n")
    heading = _ATX_HEADING.search(text)
    heading_line = text.count("\n", 0, heading.start()) if heading else len(lines)
    for index, line in enumerate(lines[:heading_line]):
        # a setext heading (a line underlined with === or ---) before the first ATX heading
        if line.strip() and index + 1 < len(lines) and _SETEXT_UNDERLINE.match(lines[index + 1]):
            return clip_title(line)
    if heading:
        return clip_title(heading.group(1))
    for line in lines:
        if line.strip():
            return clip_title(line)
    return None


def clip_title(title: str) -> str | None:
    title = " ".join(title.split())
    if not title:
        return None
    if len(title) <= TITLE_MAX_CHARS:
        return title
    cut = title.rfind(" ", 0, TITLE_MAX_CHARS)
    return title[: cut if cut > TITLE_MAX_CHARS // 2 else TITLE_MAX_CHARS].rstrip() + "…"


# --- documents ---------------------------------------------------------------------------------


def parse_text(raw: bytes, *, path: str, media_type: str) -> Document:
    """A ``.txt`` or ``.md`` file: UTF-8 text with optional YAML front matter."""
    check_not_empty(raw, path=path)
    kind = "Markdown" if media_type == "text/markdown" else "text"
    check_not_binary(raw, path=path, kind=kind)
    text = decode_utf8(raw, path=path)
    if not text.strip():
        raise IngestError(
            "file contains only whitespace, no text",
            where=path,
            hint="check that the export finished, then ingest it again; delete it if it is a placeholder",
        )
    front = split_front_matter(text, path=path)
    body = text[front.body_start :]
    if not body.strip():
        raise IngestError(
            "file has YAML front matter but no text after it",
            where=path,
            hint="put the document's text below the closing '---' line",
        )
    if front.extra:
        logger.debug("%s: front matter keys not used: %s", path, ", ".join(sorted(front.extra)))
    optional: dict[str, Any] = {}
    if front.language:
        optional["language"] = front.language
    return Document(
        id=document_id_for(raw),
        path=path,
        title=clip_title(front.title) if front.title else title_from_text(body),
        source=front.source,
        published=front.published,
        published_from="front_matter" if front.published else "none",
        url=front.url,
        media_type=media_type,
        text=body,
        **optional,
    )
