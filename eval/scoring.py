"""Pure scoring: matching predicted items to gold items, and precision / recall / F1.

Nothing here imports spaCy or a pipeline stage, so ``tests/eval_harness`` runs in the default suite.
Matching is greedy and one-to-one within a document: each gold item takes the first unused
prediction that satisfies the strictest criterion, then the next criterion, and so on.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Generic, TypeVar

G = TypeVar("G")
P = TypeVar("P")


def ratio(numerator: int, denominator: int) -> float | None:
    """``numerator / denominator``, or None when there is nothing to divide (shown as "n/a")."""
    return numerator / denominator if denominator else None


@dataclass(frozen=True)
class Score:
    """Counts of true positives, false positives and false negatives, summed micro-style."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Score) -> Score:
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float:
        # nothing predicted: perfect only if there was also nothing to find
        if self.tp + self.fp == 0:
            return 1.0 if self.fn == 0 else 0.0
        return self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float:
        if self.tp + self.fn == 0:
            return 1.0 if self.fp == 0 else 0.0
        return self.tp / (self.tp + self.fn)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def counts(self) -> str:
        return f"tp={self.tp} fp={self.fp} fn={self.fn}"


@dataclass
class Match(Generic[G, P]):
    """Result of matching one document's gold items with its predictions."""

    pairs: list[tuple[G, P]] = field(default_factory=list)
    missed: list[G] = field(default_factory=list)  # gold items nothing matched (false negatives)
    spurious: list[P] = field(default_factory=list)  # predictions matching no gold item (false positives)

    @property
    def score(self) -> Score:
        return Score(tp=len(self.pairs), fp=len(self.spurious), fn=len(self.missed))


def greedy_match(gold: Sequence[G], predicted: Sequence[P], *criteria: Callable[[G, P], bool]) -> Match[G, P]:
    """One-to-one matching: criteria are tried from strictest to loosest; pairs keep gold order."""
    gold_left = list(range(len(gold)))
    pred_left = list(range(len(predicted)))
    chosen: list[tuple[int, int]] = []
    for criterion in criteria:
        for gi in list(gold_left):
            for pi in pred_left:
                if criterion(gold[gi], predicted[pi]):
                    chosen.append((gi, pi))
                    gold_left.remove(gi)
                    pred_left.remove(pi)
                    break
    chosen.sort()
    return Match(
        pairs=[(gold[gi], predicted[pi]) for gi, pi in chosen],
        missed=[gold[gi] for gi in gold_left],
        spurious=[predicted[pi] for pi in pred_left],
    )


# --- casualty figures --------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """A casualty figure with the actor id of whoever asserts it (None = document voice/unresolved)."""

    outcome: str
    group: str
    side: str | None
    low: int
    high: int | None
    speaker: str | None = None
    text: str | None = field(default=None, compare=False)

    @property
    def key(self) -> tuple:
        """What a figure match requires (the speaker is scored separately, as attribution)."""
        return (self.outcome, self.group, self.side, self.low, self.high)

    @property
    def identity(self) -> tuple:
        return (*self.key, self.speaker)

    def describe(self) -> str:
        high = "open" if self.high is None else str(self.high)
        value = str(self.low) if self.high == self.low else f"{self.low}..{high}"
        return f"{self.outcome} {self.group}/{self.side or '-'} {value} (speaker {self.speaker or 'null'})"


def dedupe(items: Iterable[P], key: Callable[[P], object]) -> tuple[list[P], int]:
    """Keep the first item per key; return the kept items and how many were dropped."""
    seen: set = set()
    kept: list[P] = []
    dropped = 0
    for item in items:
        k = key(item)
        if k in seen:
            dropped += 1
            continue
        seen.add(k)
        kept.append(item)
    return kept, dropped


def match_figures(gold: Sequence[Figure], predicted: Sequence[Figure]) -> Match[Figure, Figure]:
    """Match on (outcome, group, side, low, high); among equal figures prefer the same speaker."""
    return greedy_match(
        gold,
        predicted,
        lambda g, p: g.identity == p.identity,
        lambda g, p: g.key == p.key,
    )


def same_speaker(gold: str | None, predicted: str | None, *, voice: str | None = None) -> bool:
    """Strict when ``voice`` is None; otherwise the document's own voice and its issuer are one."""
    if voice is not None:
        gold = gold or voice
        predicted = predicted or voice
    return gold == predicted


@dataclass
class Attribution:
    correct: int = 0
    total: int = 0

    def __add__(self, other: Attribution) -> Attribution:
        return Attribution(self.correct + other.correct, self.total + other.total)

    @property
    def accuracy(self) -> float | None:
        return ratio(self.correct, self.total)


def attribution(pairs: Iterable[tuple[Figure, Figure]], *, voice: str | None = None) -> Attribution:
    result = Attribution()
    for g, p in pairs:
        result.total += 1
        result.correct += same_speaker(g.speaker, p.speaker, voice=voice)
    return result


FIGURE_FIELDS = ("group", "side", "high", "speaker")


@dataclass
class FieldAgreement:
    """Per-field agreement on figure pairs anchored on (outcome, low), for debugging."""

    gold: int = 0
    anchored: int = 0
    agree: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIGURE_FIELDS, 0))

    def __add__(self, other: FieldAgreement) -> FieldAgreement:
        return FieldAgreement(
            gold=self.gold + other.gold,
            anchored=self.anchored + other.anchored,
            agree={name: self.agree[name] + other.agree[name] for name in FIGURE_FIELDS},
        )


def field_agreement(gold: Sequence[Figure], predicted: Sequence[Figure]) -> FieldAgreement:
    def agreeing(g: Figure, p: Figure) -> int:
        return sum(getattr(g, name) == getattr(p, name) for name in FIGURE_FIELDS)

    def anchored(g: Figure, p: Figure) -> bool:
        return g.outcome == p.outcome and g.low == p.low

    def agreeing_exactly(n: int) -> Callable[[Figure, Figure], bool]:
        return lambda g, p: anchored(g, p) and agreeing(g, p) == n

    # strictest first, so each gold figure is paired with the most similar anchored prediction
    criteria = [agreeing_exactly(n) for n in range(len(FIGURE_FIELDS), -1, -1)]
    match = greedy_match(gold, predicted, *criteria)
    result = FieldAgreement(gold=len(gold), anchored=len(match.pairs))
    for g, p in match.pairs:
        for name in FIGURE_FIELDS:
            result.agree[name] += getattr(g, name) == getattr(p, name)
    return result


# --- statements ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Statement:
    kind: str
    speaker: str | None
    text: str | None = field(default=None, compare=False)

    def describe(self) -> str:
        return f"{self.kind} (speaker {self.speaker or 'null'})"


def match_statements(
    gold: Sequence[Statement], predicted: Sequence[Statement], *, voice: str | None = None, kind_only=False
) -> Match[Statement, Statement]:
    if kind_only:
        return greedy_match(gold, predicted, lambda g, p: g.kind == p.kind)
    return greedy_match(
        gold,
        predicted,
        lambda g, p: g.kind == p.kind and same_speaker(g.speaker, p.speaker, voice=voice),
    )


# --- events -------------------------------------------------------------------------------------

PlaceMatcher = Callable[[str, str], bool]

_PLACE_SUFFIXES = re.compile(
    r"\s+(district|province|city|town|tehsil|agency|tribal district|border crossing|crossing|area)$"
)


def normalize_place(name: str) -> str:
    text = name.casefold().replace("\u2013", " ").replace("-", " ").replace(".", "")
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"^the ", "", text)
    return _PLACE_SUFFIXES.sub("", text)


def names_equal(gold_name: str, predicted_name: str) -> bool:
    return normalize_place(gold_name) == normalize_place(predicted_name)


@dataclass(frozen=True)
class GoldEvent:
    type: str
    place: str | None
    place_also: tuple[str, ...] = ()
    date: date | None = None
    date_end: date | None = None

    def describe(self) -> str:
        place = self.place or "-"
        if self.place_also:
            place += f" (or {', '.join(self.place_also)})"
        when = "-" if self.date is None else self.date.isoformat()
        if self.date_end:
            when += f"..{self.date_end.isoformat()}"
        return f"{self.type} @ {place} on {when}"


@dataclass(frozen=True)
class PredictedEvent:
    type: str | None
    place: str | None
    date: date | None = None
    date_end: date | None = None

    def describe(self) -> str:
        when = "-" if self.date is None else self.date.isoformat()
        if self.date_end and self.date_end != self.date:
            when += f"..{self.date_end.isoformat()}"
        return f"{self.type} @ {self.place or '-'} on {when}"


def place_matches(
    gold: GoldEvent, predicted_place: str | None, same_place: PlaceMatcher = names_equal
) -> bool:
    if predicted_place is None:
        return gold.place is None
    names = [name for name in (gold.place, *gold.place_also) if name]
    return any(same_place(name, predicted_place) for name in names)


def date_matches(gold: GoldEvent, predicted: PredictedEvent) -> bool:
    """Exact start; the end too when the gold gives one. A null gold date forbids an invented one."""
    if gold.date is None:
        return predicted.date is None
    if predicted.date != gold.date:
        return False
    return gold.date_end is None or predicted.date_end == gold.date_end


@dataclass
class EventMatch(Match[GoldEvent, PredictedEvent]):
    # unmatched predictions that only restate part of a gold event (e.g. the same clash without
    # a place, from another sentence): neither true nor false positives
    redundant: list[PredictedEvent] = field(default_factory=list)


def match_events(
    gold: Sequence[GoldEvent], predicted: Sequence[PredictedEvent], same_place: PlaceMatcher = names_equal
) -> EventMatch:
    def full(g: GoldEvent, p: PredictedEvent) -> bool:
        return g.type == p.type and place_matches(g, p.place, same_place) and date_matches(g, p)

    def partial(g: GoldEvent, p: PredictedEvent) -> bool:
        if g.type != p.type:
            return False
        if p.place is not None and not place_matches(g, p.place, same_place):
            return False
        return p.date is None or (g.date is not None and p.date == g.date)

    base = greedy_match(gold, predicted, full)
    redundant = [p for p in base.spurious if any(partial(g, p) for g in gold)]
    spurious = [p for p in base.spurious if not any(partial(g, p) for g in gold)]
    return EventMatch(pairs=base.pairs, missed=base.missed, spurious=spurious, redundant=redundant)


@dataclass
class EventFields:
    """Place and date agreement on events paired by type alone, for debugging."""

    gold: int = 0
    typed: int = 0
    place: int = 0
    date: int = 0

    def __add__(self, other: EventFields) -> EventFields:
        return EventFields(
            self.gold + other.gold, self.typed + other.typed, self.place + other.place, self.date + other.date
        )


def event_field_agreement(
    gold: Sequence[GoldEvent], predicted: Sequence[PredictedEvent], same_place: PlaceMatcher = names_equal
) -> EventFields:
    def place_ok(g: GoldEvent, p: PredictedEvent) -> bool:
        return place_matches(g, p.place, same_place)

    match = greedy_match(
        gold,
        predicted,
        lambda g, p: g.type == p.type and place_ok(g, p) and date_matches(g, p),
        lambda g, p: g.type == p.type and (place_ok(g, p) or date_matches(g, p)),
        lambda g, p: g.type == p.type,
    )
    result = EventFields(gold=len(gold), typed=len(match.pairs))
    for g, p in match.pairs:
        result.place += place_ok(g, p)
        result.date += date_matches(g, p)
    return result
