"""Saved web pages: the article text without navigation, boilerplate or reader comments.

trafilatura finds the main text and the page metadata; htmldate (called through trafilatura with
our parameters) finds the publication date, preferring the original date over a "last updated" one.
"""

from __future__ import annotations

import codecs
import logging
import re
from datetime import date
from typing import Any

import trafilatura

from pledgewatch.errors import IngestError
from pledgewatch.ingest.text import (
    RESAVE_UTF8_HINT,
    UTF8_BOM,
    check_not_binary,
    check_not_empty,
    clip_title,
    decode_utf8,
    normalise_newlines,
    title_from_text,
)
from pledgewatch.models import Document, document_id_for

logger = logging.getLogger(__name__)

# Passed to htmldate.find_date: the first publication, not the last edit; no slow full-text scan.
HTMLDATE_PARAMS: dict[str, Any] = {"original_date": True, "extensive_search": False}

# A line of the extracted text with fewer words than this is navigation, not article prose.
MIN_SENTENCE_WORDS = 8
_CHARSET_SNIFF_BYTES = 4096
_DECLARED_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9._:-]+)""",
    re.IGNORECASE,
)
_HTML_LANG = re.compile(r"""<html\b[^>]*?\blang\s*=\s*["']?([A-Za-z]{2,3})\b""", re.IGNORECASE)
# Browsers read these labels as windows-1252 (WHATWG Encoding Standard); so do we.
_WINDOWS_1252_LABELS = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "ascii", "us-ascii", "cp1252"}

NO_ARTICLE_HINT = (
    "save the article page itself (not a front page, search result, login or cookie-consent page), "
    "or paste the article text into a .txt file with YAML front matter (title, source, published, url)"
)


def parse_html(raw: bytes, *, path: str) -> Document:
    check_not_empty(raw, path=path)
    check_not_binary(raw, path=path, kind="HTML")
    page = decode_html(raw, path=path)
    if not page.strip():
        raise IngestError("file contains only whitespace, no HTML", where=path, hint=NO_ARTICLE_HINT)

    given_url = path if path.startswith(("http://", "https://")) else None
    try:
        extracted = trafilatura.bare_extraction(
            page,
            url=given_url,
            include_comments=False,
            with_metadata=True,
            date_extraction_params=dict(HTMLDATE_PARAMS),
        )
    except Exception as error:  # trafilatura catches the usual failures; lxml may still raise on odd markup
        raise IngestError(
            f"HTML cannot be parsed: {type(error).__name__}: {error}",
            where=path,
            hint="open the page in a browser and save it again (File → Save Page As → HTML only), "
            "or paste the article text into a .txt file",
        ) from None
    article = normalise_newlines(extracted.text or "") if extracted is not None else ""
    if not has_article_text(article):
        raise IngestError("HTML page has no article text", where=path, hint=NO_ARTICLE_HINT)

    published = _iso_date(extracted.date)
    optional: dict[str, Any] = {}
    language = _page_language(page)
    if language:
        optional["language"] = language
    return Document(
        id=document_id_for(raw),
        path=path,
        title=clip_title(extracted.title) if extracted.title else title_from_text(article),
        source=extracted.sitename or extracted.author or None,
        published=published,
        published_from="htmldate" if published else "none",
        url=extracted.url or given_url,
        media_type="text/html",
        text=article,
        **optional,
    )


def has_article_text(text: str) -> bool:
    """At least one line reads like a sentence, not like a menu item, a button or a footer link.

    trafilatura falls back to the whole page's text when it finds no article, so a login or index page
    comes back as "Home / Log in / Sign in"; such pages must be refused, not stored as documents.
    """
    return any(len(line.split()) >= MIN_SENTENCE_WORDS for line in text.split("\n"))


def decode_html(raw: bytes, *, path: str) -> str:
    """UTF-8 unless the page declares another charset; never a silent guess."""
    if raw.startswith(UTF8_BOM):
        return decode_utf8(raw, path=path)
    charset = declared_charset(raw)
    if charset is None or charset == "utf-8":
        return decode_utf8(raw, path=path)
    try:
        return raw.decode(charset)
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise IngestError(
            f"not valid {charset} (the charset the page declares): byte 0x{raw[error.start]:02X} "
            f"at offset {error.start} (line {line}) cannot be decoded",
            where=path,
            hint="fix the page's <meta charset> declaration, or " + RESAVE_UTF8_HINT,
        ) from None


def declared_charset(raw: bytes) -> str | None:
    """The Python codec name of the charset declared in ``<meta>`` or an XML declaration, if known."""
    match = _DECLARED_CHARSET.search(raw[:_CHARSET_SNIFF_BYTES])
    if match is None:
        return None
    label = (match.group(1) or match.group(2)).decode("ascii").lower()
    if label in _WINDOWS_1252_LABELS:
        return "cp1252"
    try:
        name = codecs.lookup(label).name
    except LookupError:
        logger.debug("unknown charset %r declared; reading the page as UTF-8", label)
        return None
    # a UTF-16/32 label inside a byte-oriented page is wrong by construction (WHATWG: read it as UTF-8)
    return "utf-8" if name.startswith(("utf-8", "utf-16", "utf-32")) else name


def _page_language(page: str) -> str | None:
    match = _HTML_LANG.search(page[:_CHARSET_SNIFF_BYTES])
    return match.group(1).lower() if match else None


def _iso_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        logger.debug("htmldate returned an unreadable date %r", value)
        return None
