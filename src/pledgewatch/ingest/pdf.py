"""PDF reports (UN reports, press releases): the text layer of every page, and the PDF's own metadata.

Pages are joined with ``"\\n\\f\\n"`` so that a page boundary is one form feed, as in ``pdftotext``:
page *k* (0-based) of ``document.text`` is ``text.split("\\n\\f\\n")[k]``.
"""

from __future__ import annotations

import io
import logging
import re
from datetime import date

from pypdf import PasswordType, PdfReader

from pledgewatch.errors import IngestError
from pledgewatch.ingest.text import check_not_empty, clip_title, normalise_newlines, title_from_text
from pledgewatch.models import Document, document_id_for

logger = logging.getLogger(__name__)

PAGE_SEPARATOR = "\n\f\n"
PDF_HEADER = b"%PDF-"
# The PDF specification lets a header follow up to 1 KiB of junk (some generators emit a prefix).
_HEADER_WINDOW = 1024
# Fewer letters and digits than this in the whole file means only images (a scan), maybe a stray mark.
MIN_TEXT_CHARS = 20
_WORD_PROCESSOR_PREFIX = re.compile(r"^(?:Microsoft (?:Word|PowerPoint|Excel) - )", re.IGNORECASE)
_FILENAME_TITLE = re.compile(r"\.(?:docx?|odt|rtf|pptx?|xlsx?|pdf|indd|tex|txt)$", re.IGNORECASE)
_PLACEHOLDER_TITLES = {"untitled", "untitled document", "title", "document", "no title"}

DAMAGED_PDF_HINT = (
    "the file may be truncated or damaged: download it again, or open it in a PDF viewer and save a new copy"
)


def parse_pdf(raw: bytes, *, path: str) -> Document:
    check_not_empty(raw, path=path)
    if PDF_HEADER not in raw[:_HEADER_WINDOW]:
        raise IngestError(
            "not a PDF: the file does not start with a '%PDF-' header", where=path, hint=_not_pdf_hint(raw)
        )
    reader = _open(raw, path=path)

    pages: list[str] = []
    try:
        page_objects = list(reader.pages)
    except Exception as error:  # pypdf raises many exception types on a broken page tree
        raise IngestError(
            f"PDF cannot be read: {_describe(error)}", where=path, hint=DAMAGED_PDF_HINT
        ) from None
    for number, page in enumerate(page_objects, start=1):
        try:
            page_text = page.extract_text() or ""
        except Exception as error:  # one broken page must not lose the other pages' text
            logger.warning("%s: page %d: text not extracted (%s)", path, number, _describe(error))
            page_text = ""
        pages.append(normalise_newlines(page_text).replace("\f", "\n").rstrip("\n"))
    text = PAGE_SEPARATOR.join(pages)
    blank = sum(1 for page_text in pages if not page_text.strip())
    if blank and len(pages) > 1:
        # Partly scanned reports (a typed cover, scanned annexes) lose those pages' text silently otherwise.
        logger.warning(
            "%s: %d of %d pages have no text layer (scanned?); OCR them to keep their text",
            path,
            blank,
            len(pages),
        )
    if sum(char.isalnum() for char in text) < MIN_TEXT_CHARS:
        raise IngestError(
            f"PDF has no extractable text ({len(pages)} page{'s' if len(pages) != 1 else ''}); "
            "it is probably scanned images",
            where=path,
            hint="OCR it first (e.g. 'ocrmypdf --skip-text in.pdf out.pdf') and ingest the OCRed PDF",
        )

    title, published = _metadata(reader, path=path)
    return Document(
        id=document_id_for(raw),
        path=path,
        title=title or title_from_text(text),
        published=published,
        published_from="pdf_metadata" if published else "none",
        url=path if path.startswith(("http://", "https://")) else None,
        media_type="application/pdf",
        text=text,
    )


def _open(raw: bytes, *, path: str) -> PdfReader:
    try:
        reader = PdfReader(io.BytesIO(raw))
    except Exception as error:  # pypdf raises many exception types on corrupt input
        raise IngestError(
            f"PDF cannot be read: {_describe(error)}", where=path, hint=DAMAGED_PDF_HINT
        ) from None
    if reader.is_encrypted:
        # Many PDFs are "encrypted" with an empty user password only to restrict printing or copying.
        try:
            unlocked = reader.decrypt("") != PasswordType.NOT_DECRYPTED
        except Exception as error:  # e.g. AES without the optional 'cryptography' package
            logger.debug("%s: decryption failed: %s", path, _describe(error))
            unlocked = False
        if not unlocked:
            raise IngestError(
                "PDF is password-protected",
                where=path,
                hint="save an unprotected copy (e.g. 'qpdf --decrypt --password=PASSWORD in.pdf out.pdf') "
                "and ingest that",
            )
    return reader


def _metadata(reader: PdfReader, *, path: str) -> tuple[str | None, date | None]:
    try:
        info = reader.metadata
    except Exception as error:  # a broken /Info dictionary only costs us the metadata
        logger.debug("%s: PDF metadata unreadable: %s", path, _describe(error))
        return None, None
    if info is None:
        return None, None
    title = None
    try:
        title = _clean_title(info.title)
    except Exception as error:  # pypdf decodes /Title lazily and may fail on odd encodings
        logger.debug("%s: PDF title unreadable: %s", path, _describe(error))
    published = None
    try:
        created = info.creation_date
    except Exception as error:  # a malformed /CreationDate string
        logger.debug("%s: PDF creation date unreadable: %s", path, _describe(error))
        created = None
    if created is not None:
        # the date as written in the file (the issuer's local date), not converted to UTC
        published = created.date()
    return title, published


def _clean_title(title: str | None) -> str | None:
    """The metadata title, unless it is a word processor's file name or a placeholder."""
    if not title:
        return None
    title = _WORD_PROCESSOR_PREFIX.sub("", " ".join(str(title).split()))
    if not title or _FILENAME_TITLE.search(title) or title.lower() in _PLACEHOLDER_TITLES:
        return None
    return clip_title(title)


def _not_pdf_hint(raw: bytes) -> str:
    start = raw[:512].lstrip().lower()
    if start.startswith((b"<!doctype html", b"<html", b"<head", b"<?xml")) or b"<html" in start:
        return (
            "it is an HTML page (often an error or login page saved instead of the PDF): "
            "download the PDF again, or rename the file to .html if the page is what you want"
        )
    return "download the PDF again, or give the file the extension of its real type"


def _describe(error: Exception) -> str:
    message = str(error).strip()
    return f"{type(error).__name__}: {message}" if message else type(error).__name__
