"""Source independence: syndicated wire copy and reposts count as one source.

Two outlets carrying the same text are one report, not two. Inside an incident, the sources of its
claims are joined into *source units* (union-find) when either

- **their documents are near-duplicates**: word 5-shingles (hashed with CRC-32, stable across runs)
  with Jaccard similarity at least ``DOCUMENT_JACCARD``, or containment (shared shingles over the
  smaller document's) at least ``DOCUMENT_CONTAINMENT`` — a repost that trims or extends the copy;
  documents need ``MIN_SHINGLES`` shingles to be compared, and dataset rows are never compared; or
- **two of their claims in the outlet's own voice are near-identical sentences** of at least
  ``SENTENCE_MIN_CHARS`` characters (rapidfuzz ``ratio`` at least ``SENTENCE_SIMILARITY`` after
  folding case and spaces). Quotations of a speaker are left out: two outlets quoting the same
  press release verbatim are each relaying that speaker, which ``voices`` already accounts for.

Shingle sets are computed once per document and shared by every incident of a run.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Mapping
from dataclasses import dataclass

from rapidfuzz import fuzz

SHINGLE_WORDS = 5
DOCUMENT_JACCARD = 0.5
DOCUMENT_CONTAINMENT = 0.8
MIN_SHINGLES = 20
SENTENCE_MIN_CHARS = 40
SENTENCE_SIMILARITY = 92.0
MAX_TEXT_CHARS = 200_000  # enough of any article; a huge file is compared on its beginning

_WORD = re.compile(r"\w+")


def shingles(text: str, size: int = SHINGLE_WORDS) -> frozenset[int]:
    words = _WORD.findall(text[:MAX_TEXT_CHARS].casefold())
    if len(words) < size:
        return frozenset()
    return frozenset(
        zlib.crc32(" ".join(words[i : i + size]).encode("utf-8")) for i in range(len(words) - size + 1)
    )


def fold(text: str) -> str:
    return " ".join(text.casefold().split())


@dataclass(frozen=True)
class Similarity:
    jaccard: float
    containment: float

    @property
    def near_duplicate(self) -> bool:
        return self.jaccard >= DOCUMENT_JACCARD or self.containment >= DOCUMENT_CONTAINMENT

    def describe(self) -> str:
        return f"document texts {self.jaccard:.0%} alike (containment {self.containment:.0%})"


class TextIndex:
    """Document texts by id, shingled lazily and once."""

    def __init__(self, texts: Mapping[str, str | None]):
        self._texts = texts
        self._shingles: dict[str, frozenset[int]] = {}
        self._pairs: dict[tuple[str, str], Similarity | None] = {}

    def shingles(self, document_id: str) -> frozenset[int]:
        found = self._shingles.get(document_id)
        if found is None:
            text = self._texts.get(document_id)
            found = shingles(text) if text else frozenset()
            self._shingles[document_id] = found
        return found

    def similarity(self, a: str, b: str) -> Similarity | None:
        """How alike two documents are, or None when either is too short to tell."""
        if a == b:
            return None
        key = (a, b) if a < b else (b, a)
        if key not in self._pairs:
            left, right = self.shingles(key[0]), self.shingles(key[1])
            if len(left) < MIN_SHINGLES or len(right) < MIN_SHINGLES:
                self._pairs[key] = None
            else:
                shared = len(left & right)
                self._pairs[key] = Similarity(
                    jaccard=shared / len(left | right), containment=shared / min(len(left), len(right))
                )
        return self._pairs[key]


def same_sentence(a: str, b: str) -> float | None:
    """The similarity (0-100) of two own-voice sentences when they are one syndicated text."""
    left, right = fold(a), fold(b)
    if min(len(left), len(right)) < SENTENCE_MIN_CHARS:
        return None
    score = 100.0 if left == right else fuzz.ratio(left, right)
    return score if score >= SENTENCE_SIMILARITY else None
