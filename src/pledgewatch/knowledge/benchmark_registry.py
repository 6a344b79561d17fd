"""The verification benchmarks: ``knowledge/benchmarks.yaml``.

A mapping with ``about``, ``lookback_months``, optional ``lists`` (anchors, not loaded) and
``benchmarks``: entries that validate as :class:`pledgewatch.models.Benchmark`, each with indicators
written once for every party (``$party``, ``$party_country``, ``$others``, ``$other_country``) and
the criteria of levels 1, 2 and 3. :func:`validate_benchmark_file` reports every problem with file,
line and field; :func:`load_benchmarks` refuses a file with any problem. The file's header comment
explains how the assess stage scores them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from pledgewatch.errors import KnowledgeError
from pledgewatch.knowledge.commitment_registry import _field_name, _FileChecker, _line_of
from pledgewatch.knowledge.yamlnodes import YamlFile, duplicate_keys, read_yaml
from pledgewatch.models import Benchmark, BenchmarkLevel, Indicator

BENCHMARKS_FILE = Path(__file__).with_name("benchmarks.yaml")
DEFAULT_LOOKBACK_MONTHS = 6

# Placeholders an indicator may use instead of a party's actor id or territory.
ACTOR_PLACEHOLDERS = frozenset({"$party", "$others"})
COUNTRY_PLACEHOLDERS = frozenset({"$party_country", "$other_country"})

_TOP_FIELDS = {"about", "lookback_months", "lists", "benchmarks"}
_REQUIRED = ("id", "title", "question", "levels")


@dataclass(frozen=True)
class BenchmarkRegistry:
    benchmarks: list[Benchmark]
    lookback_months: int = DEFAULT_LOOKBACK_MONTHS
    about: str = ""

    @property
    def ids(self) -> list[str]:
        return [b.id for b in self.benchmarks]


class _BenchmarkChecker(_FileChecker):
    """The commitment checker's indicator rules, with the party placeholders allowed."""

    def __init__(self, doc: YamlFile, known_actors: set[str] | frozenset[str] | None):
        super().__init__(doc, known_actors, {})
        self.benchmarks: list[Benchmark] = []
        self.lookback = DEFAULT_LOOKBACK_MONTHS

    def check_actor(self, path: list[str | int], label: str, field: str, value: Any) -> None:
        if value in ACTOR_PLACEHOLDERS:
            return
        super().check_actor(path, label, field, value)

    def check(self) -> None:  # noqa: C901 - one pass over a small file, in file order
        self.problems.extend(duplicate_keys(self.doc))
        data = self.doc.data
        if not isinstance(data, dict):
            self.add([], "file", None, "expected a mapping with 'about', 'lookback_months' and 'benchmarks'")
            return
        for key in data:
            if key not in _TOP_FIELDS:
                self.add(
                    [key],
                    "file",
                    str(key),
                    "unknown top-level field",
                    hint=f"allowed: {', '.join(sorted(_TOP_FIELDS))}",
                )
        lookback = data.get("lookback_months", DEFAULT_LOOKBACK_MONTHS)
        if isinstance(lookback, bool) or not isinstance(lookback, int) or not 1 <= lookback <= 36:
            self.add(
                ["lookback_months"],
                "file",
                "lookback_months",
                f"{lookback!r} must be a whole number of months, 1 to 36",
            )
        else:
            self.lookback = lookback
        entries = data.get("benchmarks")
        if not isinstance(entries, list) or not entries:
            self.add(["benchmarks"], "file", "benchmarks", "must be a non-empty list of benchmarks")
            return
        seen: set[str] = set()
        for index, entry in enumerate(entries):
            self.check_benchmark(index, entry, seen)

    def check_benchmark(self, index: int, entry: Any, seen: set[str]) -> None:
        at: list[str | int] = ["benchmarks", index]
        if not isinstance(entry, dict):
            self.add(
                at, f"benchmark #{index + 1}", None, "must be a mapping of fields (id, title, levels, ...)"
            )
            return
        bid = entry.get("id")
        label = f"benchmark '{bid}'" if isinstance(bid, str) and bid else f"benchmark #{index + 1}"
        before = len(self.problems)
        for field in _REQUIRED:
            if entry.get(field) in (None, "", []):
                self.add([*at, field] if field in entry else at, label, field, "is required")
        if isinstance(bid, str) and bid:
            if bid in seen:
                self.add([*at, "id"], label, "id", "duplicate benchmark id")
            seen.add(bid)
        indicators = entry.get("indicators") or []
        if not isinstance(indicators, list):
            self.add([*at, "indicators"], label, "indicators", "must be a list of indicators")
            indicators = []
        seen_indicators: set[str] = set()
        for i, indicator in enumerate(indicators):
            shown = _without_country_placeholders(indicator)
            self.check_indicator([*at, "indicators", i], label, i, shown, seen_indicators)
        self.check_levels(at, label, entry.get("levels"))
        if len(self.problems) == before:
            try:
                self.benchmarks.append(Benchmark.model_validate(entry))
            except ValidationError as error:
                for item in error.errors():
                    loc = list(item["loc"])
                    text = "unknown field" if item["type"] == "extra_forbidden" else item["msg"]
                    hint = None
                    if item["type"] == "extra_forbidden":
                        model = (
                            Indicator
                            if loc and loc[0] == "indicators"
                            else (BenchmarkLevel if loc and loc[0] == "levels" else Benchmark)
                        )
                        hint = f"allowed: {', '.join(model.model_fields)}"
                    self.add([*at, *loc], label, _field_name(loc), text, hint=hint)

    def check_levels(self, at: list[str | int], label: str, levels: Any) -> None:
        if levels in (None, []):
            return  # reported as required
        if not isinstance(levels, list):
            self.add([*at, "levels"], label, "levels", "must be a list of levels 1, 2 and 3")
            return
        numbers = [lv.get("level") if isinstance(lv, dict) else None for lv in levels]
        if sorted(n for n in numbers if isinstance(n, int)) != [1, 2, 3] or len(numbers) != 3:
            self.add(
                [*at, "levels"], label, "levels", f"must define levels 1, 2 and 3 once each (got {numbers})"
            )
            return
        previous: dict[str, float] = {}
        for i, level in sorted(enumerate(levels), key=lambda pair: pair[1]["level"]):
            if not level.get("text"):
                self.add(
                    [*at, "levels", i], label, f"levels[{i}].text", "is required: say what evidence earns it"
                )
            for field in ("min_items", "min_weight", "min_independent"):
                value = level.get(field, 1 if field == "min_items" else 0)
                if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                    self.add(
                        [*at, "levels", i, field],
                        label,
                        f"levels[{i}].{field}",
                        f"{value!r} must be a number >= 0",
                    )
                    continue
                if value < previous.get(field, 0):
                    self.add(
                        [*at, "levels", i, field],
                        label,
                        f"levels[{i}].{field}",
                        f"{value} is lower than level {level['level'] - 1}'s: higher levels must ask for "
                        "more",
                    )
                previous[field] = value


def _without_country_placeholders(indicator: Any) -> Any:
    """The indicator with country placeholders replaced by a valid code, for the shared checks."""
    if not isinstance(indicator, dict):
        return indicator
    return {
        k: ("XX" if k in ("origin_country", "target_country") and v in COUNTRY_PLACEHOLDERS else v)
        for k, v in indicator.items()
    }


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(BENCHMARKS_FILE.parent.resolve()))
    except ValueError:
        return str(path)


def _check(path: Path, known_actors) -> tuple[list[KnowledgeError], BenchmarkRegistry | None]:
    try:
        doc = read_yaml(path, display=_display(path))
    except KnowledgeError as error:
        return [error], None
    checker = _BenchmarkChecker(doc, known_actors)
    checker.check()
    problems = sorted(checker.problems, key=_line_of)
    about = doc.data.get("about", "") if isinstance(doc.data, dict) else ""
    return problems, BenchmarkRegistry(checker.benchmarks, checker.lookback, str(about or "").strip())


def validate_benchmark_file(
    path: Path | None = None, *, known_actors: set[str] | frozenset[str] | None = None
) -> list[KnowledgeError]:
    """Every problem in a benchmarks file (default: the packaged one), each with file, line and field."""
    problems, _ = _check(Path(path or BENCHMARKS_FILE), known_actors)
    return problems


def load_benchmarks(
    path: Path | None = None, *, known_actors: set[str] | frozenset[str] | None = None
) -> BenchmarkRegistry:
    """The benchmarks (default: the packaged file); raises :class:`KnowledgeError` on the first problem."""
    problems, registry = _check(Path(path or BENCHMARKS_FILE), known_actors)
    if problems or registry is None:
        first = problems[0]
        more = f"{len(problems)} problem(s) in total; " if len(problems) > 1 else ""
        raise KnowledgeError(
            first.problem,
            where=first.where,
            hint=f"{more}run `pledgewatch commitments validate` to list them all",
        )
    return registry
