"""Ingest stage for documents: files (text, Markdown, HTML, PDF) become ``models.Document``.

Public interface::

    SUPPORTED_SUFFIXES
    discover(paths) -> Iterator[Path | IngestError]
    read_document(path, *, settings=None) -> (Document, raw bytes)
    parse_document(raw, *, path, suffix=None) -> Document

Nothing here prints or touches the store; the pipeline stores the raw bytes and sets ``ingested_at``.
"""

from __future__ import annotations

from pledgewatch.ingest.discover import discover
from pledgewatch.ingest.documents import SUPPORTED_SUFFIXES, parse_document, read_document

__all__ = ["SUPPORTED_SUFFIXES", "discover", "parse_document", "read_document"]
