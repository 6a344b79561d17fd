"""Verification benchmarks, scored 0-3 (Peace Accords Matrix) per party and month, alike for every party.

Evidence for a benchmark and a party = the implementation evidence, over the look-back window (the
month scored and the ``lookback_months - 1`` before it), of

- the party's commitments that name the benchmark, and
- the benchmark's own indicators, with ``$party`` / ``$party_country`` / ``$others`` /
  ``$other_country`` filled in for that party (judged by the same rules as a commitment's indicators:
  the party's own account of its compliance is words, not evidence).

Each distinct evidence id is one item, at its heaviest weight. The score is the highest level whose
criteria hold together with every lower level's: ``min_items`` items, their summed weight at least
``min_weight``, at least ``min_independent`` of them independent (resting on a source that speaks for
no party), and, when ``max_breach`` is set, a breach weight in the month scored (the feeding
commitments' plus the benchmark's own breach indicators) below it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from pledgewatch.assess.periods import month_periods, period_bounds
from pledgewatch.models import Benchmark, BenchmarkLevel, BenchmarkScore, Commitment, Indicator

DEFAULT_LOOKBACK_MONTHS = 6
LEVEL_NAMES = {0: "not initiated", 1: "minimal", 2: "intermediate", 3: "full"}
DEFAULT_LEVELS: tuple[BenchmarkLevel, ...] = (
    BenchmarkLevel(level=1, text="at least one item of implementation evidence", min_items=1),
    BenchmarkLevel(level=2, text="two or more items weighing at least 0.75", min_items=2, min_weight=0.75),
    BenchmarkLevel(
        level=3,
        text="three or more items weighing at least 1.5, one independent, breach below 0.5 in the month",
        min_items=3,
        min_weight=1.5,
        min_independent=1,
        max_breach=0.5,
    ),
)


def default_benchmarks(commitments: Sequence[Commitment]) -> list[Benchmark]:
    """Without a benchmarks file: every benchmark id any commitment names, with the default levels."""
    ids = sorted({b for c in commitments for b in c.benchmarks})
    return [Benchmark(id=i, title=i.replace("_", " "), question="", levels=list(DEFAULT_LEVELS)) for i in ids]


def window_periods(period: str, lookback_months: int) -> list[str]:
    """The month scored and the ``lookback_months - 1`` months before it, oldest first."""
    start, _ = period_bounds(period)
    month = start.month - (lookback_months - 1)
    year = start.year
    while month < 1:
        month += 12
        year -= 1
    return month_periods(date(year, month, 1), start)


def materialise(
    indicators: Sequence[Indicator], party: str, parties: Sequence[str], country_of
) -> list[Indicator]:
    """The benchmark's indicators written for ``party``. An indicator naming ``$party_country`` is
    dropped when the party's territory is unknown; one naming ``$other_country`` is applied once per
    other party whose territory is known."""
    others = [p for p in parties if p != party]
    own_country = country_of(party)
    out: list[Indicator] = []
    for indicator in indicators:

        def actors(values: list[str]) -> list[str]:
            filled: list[str] = []
            for value in values:
                if value == "$party":
                    filled.append(party)
                elif value == "$others":
                    filled.extend(others)
                else:
                    filled.append(value)
            return list(dict.fromkeys(filled))

        base = indicator.model_copy(
            update={"perpetrators": actors(indicator.perpetrators), "targets": actors(indicator.targets)}
        )
        if (indicator.perpetrators and not base.perpetrators) or (indicator.targets and not base.targets):
            continue  # "$others" with no other party: the rule cannot apply
        variants = [base]
        for field in ("origin_country", "target_country"):
            value = getattr(indicator, field)
            if value == "$party_country":
                variants = (
                    [v.model_copy(update={field: own_country}) for v in variants] if own_country else []
                )
            elif value == "$other_country":
                countries = sorted({c for c in (country_of(o) for o in others) if c})
                variants = [v.model_copy(update={field: c}) for v in variants for c in countries]
        out.extend(variants)
    return out


@dataclass(frozen=True)
class Item:
    weight: float
    independent: bool


class BenchmarkScorer:
    """Scores every benchmark for a party and month; built once per assessment run."""

    def __init__(self, *, benchmarks, commitments, evidence, verdicts, lookback_months=None) -> None:
        self.benchmarks = list(benchmarks) if benchmarks is not None else default_benchmarks(commitments)
        self.evidence = evidence
        self.verdicts = verdicts
        self.lookback = lookback_months or DEFAULT_LOOKBACK_MONTHS
        self._own: dict[tuple[str, str], Commitment] = {}

    def own_rules(self, benchmark: Benchmark, party: str) -> Commitment | None:
        """The benchmark's own indicators for ``party``, as a commitment in force at all times, so that
        they are judged by exactly the rules a commitment's indicators are."""
        key = (benchmark.id, party)
        if key not in self._own:
            lookup = self.evidence.lookup
            indicators = materialise(benchmark.indicators, party, self.evidence.parties, lookup.country)
            self._own[key] = (
                Commitment(
                    id=f"benchmark.{benchmark.id}.{party}",
                    obligor=party,
                    category="benchmark",
                    text=benchmark.title,
                    made_on=date.min,
                    instrument="verification benchmark",
                    source_document="knowledge/benchmarks.yaml",
                    valid_from=date.min,
                    indicators=indicators,
                )
                if indicators
                else None
            )
        return self._own[key]

    def feeding(
        self, benchmark: Benchmark, party: str, commitments: Sequence[Commitment]
    ) -> list[Commitment]:
        found = [c for c in commitments if benchmark.id in c.benchmarks]
        own = self.own_rules(benchmark, party)
        return found + ([own] if own is not None else [])

    def score(self, party: str, period: str, commitments: Sequence[Commitment]) -> list[BenchmarkScore]:
        return [self.score_one(b, party, period, commitments) for b in self.benchmarks]

    def score_one(
        self, benchmark: Benchmark, party: str, period: str, commitments: Sequence[Commitment]
    ) -> BenchmarkScore:
        sources = self.feeding(benchmark, party, commitments)
        window = window_periods(period, self.lookback)
        items: dict[str, Item] = {}
        breaches: dict[str, float] = {}
        for commitment in sources:
            for month in window:
                verdict = self.verdicts.get(commitment, month)
                if verdict is None:
                    continue
                for item, support in verdict.support.items():
                    seen = items.get(item, Item(0.0, False))
                    items[item] = Item(
                        max(seen.weight, support.weight), seen.independent or support.independent
                    )
                if month == period:
                    for item, against in verdict.breaches.items():
                        breaches[item] = max(breaches.get(item, 0.0), against.weight)
        breach = round(sum(breaches[i] for i in sorted(breaches)), 6)
        found = sorted(items)
        weight = round(sum(items[i].weight for i in found), 6)
        independent = sum(1 for i in found if items[i].independent)
        score, missing = 0, ""
        for level in sorted(benchmark.levels, key=lambda lv: lv.level):
            unmet = _unmet(level, len(found), weight, independent, breach)
            if unmet:
                missing = f"level {level.level} needs {unmet}"
                break
            score = level.level
        span = window[0] if len(window) == 1 else f"{window[0]}..{window[-1]}"
        reason = (
            f"{score} ({LEVEL_NAMES[score]}): {len(found)} implementation item(s) in {span}, weight "
            f"{weight:g}, {independent} independent; breach weight {breach:g} in {period}"
            + (f"; {missing}" if missing else "")
        )
        return BenchmarkScore(
            id=benchmark.id,
            score=score,
            evidence=found,
            reason=reason,
            weight=weight,
            independent=independent,
            breach_weight=breach,
            window=f"{window[0]}..{window[-1]}",
            next_level=missing,
        )


def _unmet(level: BenchmarkLevel, items: int, weight: float, independent: int, breach: float) -> str:
    needs = []
    if items < level.min_items:
        needs.append(f"{level.min_items} item(s)")
    if weight < level.min_weight:
        needs.append(f"weight {level.min_weight:g}")
    if independent < level.min_independent:
        needs.append(f"{level.min_independent} independent item(s)")
    if level.max_breach is not None and breach >= level.max_breach:
        needs.append(f"breach weight below {level.max_breach:g} in the month")
    return ", ".join(needs)
