"""Claim extraction: document text in, attributed claims (schema v1) out.

The rule-based extractor ``pledgewatch.rules`` needs no network: a spaCy English pipeline (built once
per process by ``build_nlp``), the actor dictionary, the gazetteer and the lexicon.
"""

from __future__ import annotations

from pledgewatch.extract.claims import (
    EXTRACTOR_NAME,
    EXTRACTOR_VERSION,
    Extractor,
    claims_payload,
    load_claims_schema,
)
from pledgewatch.extract.nlp import build_nlp

__all__ = [
    "EXTRACTOR_NAME",
    "EXTRACTOR_VERSION",
    "Extractor",
    "build_nlp",
    "claims_payload",
    "load_claims_schema",
]
