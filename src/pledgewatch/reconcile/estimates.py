"""Casualty estimates per (outcome, group, side) and the comparison of figures.

Figures are grouped by (outcome, group, party root of the side): "23 soldiers martyred" (side
PAK.MIL) and "58 Pakistani soldiers killed" (side PAK) are the same key, PAK. The estimate's ``side``
is the most common specific side id among the figures (tie: the more specific id, then the one
stated first by claim id); figures with no side form their own key, never merged into a sided one.

- ``low``  = the lowest figure's ``low`` (ACLED's lowest credible figure);
- ``high`` = the largest stated number (a figure's ``high``, or its ``low`` when open-ended: "more
  than 200" counts as 200, and the rule says so);
- ``best`` = the median of the figures' midpoints from independent voices if there are any, else of
  all figures; rounded half up to a whole number.

Figures of denied claims are never counted (a denial of "50 civilians killed" is not a figure).
Before estimating, the caller drops figures *superseded* by a later report of the same source and
voice (a rising toll: 45, then 54, then 63) and counts identical copies of one figure once; the
rule names both, so the dropped figures stay one click away.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from fractions import Fraction
from typing import get_args

from pledgewatch.models import Casualty, CasualtyGroup, Estimate, Outcome

OUTCOME_ORDER = {name: i for i, name in enumerate(get_args(Outcome))}
GROUP_ORDER = {name: i for i, name in enumerate(get_args(CasualtyGroup))}

FigureKey = tuple[str, str, str | None]  # outcome, group, party root of the side


@dataclass(frozen=True)
class Figure:
    claim_id: str
    casualty: Casualty
    independent: bool
    voice_root: str | None
    side_root: str | None
    side_depth: int  # length of the side's ancestor chain: longer = more specific

    @property
    def key(self) -> FigureKey:
        return (self.casualty.outcome, self.casualty.group, self.side_root)

    @property
    def top(self) -> int:
        return self.casualty.high if self.casualty.high is not None else self.casualty.low

    @property
    def midpoint(self) -> Fraction:
        return Fraction(self.casualty.low + self.top, 2)


def _amount(casualty: Casualty) -> str:
    if casualty.high is None:
        return f"more than {casualty.low}"
    if casualty.high == casualty.low:
        return str(casualty.low)
    return f"{casualty.low}-{casualty.high}"


def describe(casualty: Casualty) -> str:
    side = f" ({casualty.side})" if casualty.side else ""
    return f"{_amount(casualty)} {casualty.outcome} {casualty.group}{side}"


def spread(a: tuple[int, int | None], b: tuple[int, int | None]) -> float:
    """How far apart two figures' ranges are, as a ratio (1.0 when they overlap).

    A range is (low, high), high None = open-ended. The ratio is the upper range's low over the lower
    range's high; a positive figure against zero is infinitely far apart.
    """
    (a_low, a_high), (b_low, b_high) = a, b
    a_top = math.inf if a_high is None else a_high
    b_top = math.inf if b_high is None else b_high
    if a_low <= b_top and b_low <= a_top:
        return 1.0
    upper_low, lower_high = (a_low, b_top) if a_low > b_top else (b_low, a_top)
    return math.inf if lower_high == 0 else upper_low / lower_high


def figure_range(figure: Figure) -> tuple[int, int | None]:
    return (figure.casualty.low, figure.casualty.high)


def key_order(figures: list[Figure]) -> tuple[int, int, str]:
    """Order keys by outcome, group, then the first claim stating them (never by actor name)."""
    first = figures[0].casualty
    return (OUTCOME_ORDER[first.outcome], GROUP_ORDER[first.group], min(f.claim_id for f in figures))


def _ids(figures: list[Figure]) -> list[str]:
    return sorted({f.claim_id for f in figures})


def estimate(
    figures: list[Figure],
    *,
    superseded: list[tuple[Figure, str]] = (),
    copies: list[tuple[Figure, str]] = (),
) -> Estimate:
    """The low/best/high estimate for the figures of one key (all share outcome, group, side root).

    ``superseded``: (figure left out, claim id of the later report that replaced it);
    ``copies``: (figure left out, claim id of the identical figure kept). Both only go into the rule.
    """
    figures = sorted(figures, key=lambda f: (f.claim_id, f.casualty.low, f.top))
    first = figures[0]

    sides = Counter(f.casualty.side for f in figures if f.casualty.side)
    side = None
    if sides:
        depth = {f.casualty.side: f.side_depth for f in figures if f.casualty.side}
        first_seen = {}
        for f in figures:
            first_seen.setdefault(f.casualty.side, f.claim_id)
        side = min(sides, key=lambda s: (-sides[s], -depth[s], first_seen[s]))

    low = min(f.casualty.low for f in figures)
    high = max(f.top for f in figures)
    at_high = [f for f in figures if f.top == high]
    open_ended = any(f.casualty.high is None for f in at_high)

    independent = [f for f in figures if f.independent]
    pool = independent or figures
    ranked = sorted(pool, key=lambda f: (f.midpoint, f.claim_id))
    middle = len(ranked) // 2
    chosen = ranked[middle : middle + 1] if len(ranked) % 2 else ranked[middle - 1 : middle + 1]
    median = sum((f.midpoint for f in chosen), Fraction(0)) / len(chosen)
    best = math.floor(median + Fraction(1, 2))

    rule = (
        "low=min, best=median(independent), high=max"
        if independent
        else ("low=min, best=median(all; no independent figure), high=max")
    )
    if open_ended:
        rule += f"; high is open-ended ('more than {high}'), taken at its stated number"
    if first.side_root and side and side != first.side_root:
        rule += f"; sides grouped under {first.side_root}"
    if superseded:
        rule += "; superseded by a later report of the same source: " + ", ".join(
            f"{old.claim_id} ({_amount(old.casualty)}) by {new}"
            for old, new in sorted(superseded, key=lambda t: (t[0].claim_id, t[1]))
        )
    if copies:
        rule += "; identical copies counted once: " + ", ".join(
            f"{copy.claim_id} = {kept}" for copy, kept in sorted(copies, key=lambda t: (t[0].claim_id, t[1]))
        )
    return Estimate(
        outcome=first.casualty.outcome,
        group=first.casualty.group,
        side=side,
        low=low,
        best=best,
        high=high,
        rule=rule,
        low_from=_ids([f for f in figures if f.casualty.low == low]),
        best_from=_ids(chosen),
        high_from=_ids(at_high),
    )
