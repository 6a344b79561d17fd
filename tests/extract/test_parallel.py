"""Extraction over processes gives exactly what one process gives (ids, spans, figures, order)."""

from __future__ import annotations

from pathlib import Path

from pledgewatch.config import Settings
from pledgewatch.ingest import read_document
from pledgewatch.pipeline import extract_documents

CORPUS = Path(__file__).resolve().parents[2] / "examples" / "corpus"
FILES = [
    "2025-10-11-ispr-di-khan-police-training-school.md",
    "2025-10-12-international-wire-border-clashes.md",
    "2025-10-12-islamic-emirate-border-operations.md",
    "2025-10-16-unama-ceasefire-civilians.md",
    "2025-10-18-regional-observer-paktika-strikes.md",
]


# about 4 s (two worker processes each load the model once): fast enough for the default run
def test_two_workers_give_the_same_claims_as_one(extractor):
    settings = Settings()
    documents = [read_document(CORPUS / name, settings=settings)[0] for name in FILES]

    def run(workers: int) -> list[list[dict]]:
        kwargs = {"extractor": extractor} if workers == 1 else {}
        results = extract_documents(documents, settings=settings, workers=workers, **kwargs)
        return [[claim.contract_dict() for claim in claims] for _, claims in results]

    one = run(1)
    assert sum(len(claims) for claims in one) > 20
    assert run(2) == one
