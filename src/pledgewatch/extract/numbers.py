"""Reading figures: digits ("1,093"), number words ("twenty-three", "two hundred and five", "a dozen")
and ranges ("15-20", "15 to 20", "between 15 and 20", "15 or 16").

Pure functions over strings; which numbers are head counts is decided in ``casualties.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "both": 2,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")
_RANGE = re.compile(r"^(?:between\s+)?(?P<a>.+?)\s*(?:-|–|—|\bto\b|\bor\b|\band\b)\s*(?P<b>.+)$")
NUMBER_WORDS = frozenset([*_UNITS, *_TENS, "hundred", "thousand", "dozen", "a", "an", "and"])


def parse_count(text: str) -> int | None:
    """An exact count written in digits or words, or None if ``text`` is not one."""
    text = text.strip().lower()
    if _DIGITS.fullmatch(text):
        return int(text.replace(",", ""))
    words = [w for w in re.split(r"[\s\-‐–]+", text) if w]
    if not words or not any(w in _UNITS or w in _TENS or w == "dozen" for w in words):
        return None
    total = current = 0
    for position, word in enumerate(words):
        if word == "and":
            if position == 0 or words[position - 1] not in ("hundred", "thousand"):
                return None  # "two hundred and five" is one number; "six and eight" is two
            continue
        if word in ("a", "an"):
            # only "a dozen" / "a hundred": a bare "a" is not a number
            if position + 1 >= len(words) or words[position + 1] not in ("dozen", "hundred", "thousand"):
                return None
            current = max(current, 1)
        elif word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word == "thousand":
            total += max(current, 1) * 1000
            current = 0
        elif word == "dozen":
            current = max(current, 1) * 12
        else:
            return None
    return total + current


@dataclass(frozen=True)
class Figure:
    low: int
    high: int | None
    is_range: bool


def parse_figure(text: str) -> Figure | None:
    """A count or a range; "twenty-three" is one number, "15-20" a range (low < high)."""
    text = text.strip().lower()
    count = parse_count(text)
    if count is not None:
        return Figure(count, count, False)
    match = _RANGE.match(text)
    if match is None:
        return None
    if " and " in f" {text} " and not text.startswith("between"):
        return None  # "12 and one" is a list, not a range
    low, high = parse_count(match.group("a")), parse_count(match.group("b"))
    if low is None or high is None or low >= high:
        return None
    return Figure(low, high, True)


def is_number_word(word: str) -> bool:
    """True for tokens that can be part of a number ("23", "1,093", "twenty", "hundred")."""
    lowered = word.lower()
    return (
        bool(_DIGITS.fullmatch(lowered))
        or lowered in _UNITS
        or lowered in _TENS
        or lowered in ("hundred", "thousand", "dozen")
    )
