"""One extractor (and so one spaCy pipeline) for the whole test session."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from pledgewatch.config import Settings
from pledgewatch.extract import Extractor
from pledgewatch.models import Claim, Document, document_id_for

PUBLISHED = date(2025, 10, 12)  # a Sunday


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor(settings=Settings())


@pytest.fixture(scope="session")
def make_document() -> Callable[..., Document]:
    def make(text: str, published: date | None = PUBLISHED, **fields) -> Document:
        return Document(id=document_id_for(text.encode("utf-8")), text=text, published=published, **fields)

    return make


@pytest.fixture(scope="session")
def extract(extractor: Extractor, make_document) -> Callable[..., list[Claim]]:
    def run(text: str, published: date | None = PUBLISHED) -> list[Claim]:
        return extractor.extract(make_document(text, published))

    return run
