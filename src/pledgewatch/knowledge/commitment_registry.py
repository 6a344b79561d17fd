"""The commitments registry: one YAML file per instrument under ``knowledge/commitments/``.

Each file is a mapping with ``about`` (free text), optional ``lists`` (named lists reused through YAML
anchors, ignored by the loader) and ``commitments``: entries that validate as
:class:`pledgewatch.models.Commitment`. :func:`validate_commitment_files` reports every problem with
file, line and field; :func:`load_commitments` refuses a registry with any problem.
See ``knowledge/commitments/README.md`` for the format and the sourcing of each instrument.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from pledgewatch.errors import KnowledgeError
from pledgewatch.knowledge.yamlnodes import YamlFile, duplicate_keys, read_yaml
from pledgewatch.models import EVENT_TAGS, EVENT_TYPES, Commitment, Indicator

COMMITMENTS_DIR = Path(__file__).with_name("commitments")

# DESIGN.md, "Vocabularies": commitment categories.
COMMITMENT_CATEGORIES: tuple[str, ...] = (
    "no_safe_haven",
    "non_interference",
    "border_respect",
    "ceasefire",
    "no_cross_border_strikes",
    "counterterrorism_cooperation",
    "monitoring_access",
    "legal_prohibition",
    "dismantle_camps",
    "cut_financing",
    "accountability",
    "border_cooperation",
    "consistent_messaging",
    "refugee_protection",
    "transit_trade",
    "dialogue",
)
# Verification benchmarks a commitment can feed (scored 0-3, Peace Accords Matrix style).
BENCHMARK_IDS: tuple[str, ...] = (
    "monitoring_access",
    "legal_prohibition_enforced",
    "border_cooperation",
    "camps_closed_financing_cut",
    "consistent_messaging",
    "accountability",
)

REQUIRED_FIELDS: tuple[str, ...] = (
    "id",
    "obligor",
    "category",
    "text",
    "made_on",
    "instrument",
    "source_document",
    "valid_from",
)
_TOP_FIELDS = {"about", "lists", "commitments"}
_COMMITMENT_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*(?:\.[a-z0-9_-]+)+$")
_INDICATOR_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_ACTOR_ID = re.compile(r"^[A-Z][A-Z0-9]*(?:\.[A-Z0-9]+)*$")
_ISO2 = re.compile(r"^[A-Z]{2}$")
_INDICATOR_CRITERIA = (
    "event_types",
    "tags",
    "perpetrators",
    "targets",
    "origin_country",
    "target_country",
    "claim_kinds",
    "keywords",
)


def default_commitment_files(directory: Path | None = None) -> list[Path]:
    """The ``*.yaml`` files of the registry, sorted by name (default: the packaged folder)."""
    folder = directory or COMMITMENTS_DIR
    return sorted(p for p in folder.glob("*.yaml") if p.is_file())


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(COMMITMENTS_DIR.parent.resolve()))
    except ValueError:
        return str(path)


def _short_list(values: Iterable[str], limit: int = 8) -> str:
    values = list(values)
    shown = ", ".join(values[:limit])
    return shown + (", ..." if len(values) > limit else "")


class _FileChecker:
    """Collects the problems of one file; ``seen_ids`` is shared across files for uniqueness."""

    def __init__(
        self, doc: YamlFile, known_actors: set[str] | frozenset[str] | None, seen_ids: dict[str, str]
    ):
        self.doc = doc
        self.known_actors = known_actors
        self.seen_ids = seen_ids
        self.problems: list[KnowledgeError] = []
        self.commitments: list[Commitment] = []

    def add(
        self, path: list[str | int], label: str, field: str | None, text: str, hint: str | None = None
    ) -> None:
        where = self.doc.where(path)
        problem = f"{label} field '{field}': {text}" if field else f"{label}: {text}"
        self.problems.append(KnowledgeError(problem, where=where, hint=hint))

    # --- file level --------------------------------------------------------------------------

    def check(self) -> None:
        self.problems.extend(duplicate_keys(self.doc))
        data = self.doc.data
        if data is None:
            self.add([], "file", None, "is empty; expected a mapping with 'about' and 'commitments'")
            return
        if not isinstance(data, dict):
            self.add([], "file", None, "expected a mapping with 'about' and 'commitments' at the top level")
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
        entries = data.get("commitments")
        if not isinstance(entries, list) or not entries:
            self.add(["commitments"], "file", "commitments", "must be a non-empty list of commitments")
            return
        for index, entry in enumerate(entries):
            self.check_entry(index, entry)

    # --- one commitment ----------------------------------------------------------------------

    def check_entry(self, index: int, entry: Any) -> None:
        at: list[str | int] = ["commitments", index]
        if not isinstance(entry, dict):
            self.add(
                at,
                f"commitment #{index + 1}",
                None,
                "must be a mapping of fields (id, obligor, category, ...)",
            )
            return
        cid = entry.get("id")
        label = f"commitment '{cid}'" if isinstance(cid, str) and cid else f"commitment #{index + 1}"
        before = len(self.problems)

        for field in REQUIRED_FIELDS:
            if entry.get(field) in (None, ""):
                self.add([*at, field] if field in entry else at, label, field, "is required")

        if isinstance(cid, str) and cid:
            if not _COMMITMENT_ID.match(cid):
                self.add(
                    [*at, "id"],
                    label,
                    "id",
                    f"'{cid}' is not a valid id (lower case, dotted: instrument.topic.party)",
                    hint="e.g. doha2025.ceasefire.afg",
                )
            elif cid in self.seen_ids:
                self.add([*at, "id"], label, "id", f"duplicate id, first defined in {self.seen_ids[cid]}")
            else:
                self.seen_ids[cid] = self.doc.where([*at, "id"])

        category = entry.get("category")
        if category not in (None, "") and category not in COMMITMENT_CATEGORIES:
            self.add(
                [*at, "category"],
                label,
                "category",
                f"{category!r} is not a known category ({_short_list(COMMITMENT_CATEGORIES, 20)})",
            )

        if "obligor" in entry and entry["obligor"] not in (None, ""):
            self.check_actor([*at, "obligor"], label, "obligor", entry["obligor"])
        self.check_actor_list(at, label, "beneficiaries", entry.get("beneficiaries"))

        benchmarks = entry.get("benchmarks")
        if benchmarks is not None:
            if not isinstance(benchmarks, list):
                self.add([*at, "benchmarks"], label, "benchmarks", "must be a list of benchmark ids")
            else:
                for i, bench in enumerate(benchmarks):
                    if bench not in BENCHMARK_IDS:
                        self.add(
                            [*at, "benchmarks", i],
                            label,
                            f"benchmarks[{i}]",
                            f"{bench!r} is not a known benchmark ({', '.join(BENCHMARK_IDS)})",
                        )

        self.check_dates(at, label, entry)

        indicators = entry.get("indicators")
        if indicators is None or indicators == []:
            self.add(
                [*at, "indicators"] if "indicators" in entry else at,
                label,
                "indicators",
                "at least one indicator is required",
                hint="add a breach indicator (what breaks it) and, if possible, an implementation one",
            )
        elif not isinstance(indicators, list):
            self.add([*at, "indicators"], label, "indicators", "must be a list of indicators")
        else:
            seen_indicators: set[str] = set()
            for i, indicator in enumerate(indicators):
                self.check_indicator([*at, "indicators", i], label, i, indicator, seen_indicators)

        self.check_model(at, label, entry)
        if len(self.problems) == before:
            self.commitments.append(Commitment.model_validate(entry))

    def check_dates(self, at: list[str | int], label: str, entry: dict) -> None:
        dates: dict[str, date] = {}
        for field in ("made_on", "valid_from", "valid_to"):
            value = entry.get(field)
            if value is None:
                continue
            parsed = _as_date(value)
            if parsed is None:
                self.add([*at, field], label, field, f"{value!r} is not a valid date (write YYYY-MM-DD)")
            else:
                dates[field] = parsed
        if "valid_from" in dates and "valid_to" in dates and dates["valid_to"] < dates["valid_from"]:
            self.add(
                [*at, "valid_to"],
                label,
                "valid_to",
                f"{dates['valid_to']} is before valid_from {dates['valid_from']}",
            )

    def check_actor(self, path: list[str | int], label: str, field: str, value: Any) -> None:
        if not isinstance(value, str) or not _ACTOR_ID.match(value):
            self.add(path, label, field, f"{value!r} is not an actor id (upper case, dotted: PAK, AFG.MIL)")
        elif self.known_actors is not None and value not in self.known_actors:
            self.add(
                path,
                label,
                field,
                f"'{value}' is not a known actor id",
                hint="add it to actors.yaml or fix the spelling",
            )

    def check_actor_list(self, at: list[str | int], label: str, field: str, values: Any) -> None:
        if values is None:
            return
        if not isinstance(values, list):
            self.add([*at, field], label, field, "must be a list of actor ids")
            return
        for i, value in enumerate(values):
            self.check_actor([*at, field, i], label, f"{field}[{i}]", value)

    # --- one indicator -----------------------------------------------------------------------

    def check_indicator(
        self, at: list[str | int], label: str, index: int, indicator: Any, seen: set[str]
    ) -> None:
        name = f"indicators[{index}]"
        if not isinstance(indicator, dict):
            self.add(at, label, name, "must be a mapping (id, effect, description, criteria)")
            return
        iid = indicator.get("id")
        if isinstance(iid, str) and iid:
            if not _INDICATOR_ID.match(iid):
                self.add(
                    [*at, "id"],
                    label,
                    f"{name}.id",
                    f"'{iid}' is not a valid indicator id (lower case, underscores)",
                )
            elif iid in seen:
                self.add(
                    [*at, "id"], label, f"{name}.id", f"duplicate indicator id '{iid}' in this commitment"
                )
            seen.add(iid)
        for field in ("event_types", "tags", "claim_kinds", "keywords"):
            if field in indicator and not isinstance(indicator[field], list):
                self.add([*at, field], label, f"{name}.{field}", "must be a list")
        for i, value in enumerate(_as_list(indicator.get("event_types"))):
            if value not in EVENT_TYPES:
                self.add(
                    [*at, "event_types", i],
                    label,
                    f"{name}.event_types[{i}]",
                    f"{value!r} is not an event type (ACLED sub-event types in snake_case, e.g. armed_clash, "
                    "air_drone_strike, suicide_bomb)",
                )
        for i, value in enumerate(_as_list(indicator.get("tags"))):
            if value not in EVENT_TAGS:
                self.add(
                    [*at, "tags", i],
                    label,
                    f"{name}.tags[{i}]",
                    f"{value!r} is not a tag ({', '.join(EVENT_TAGS)})",
                )
        for field in ("perpetrators", "targets"):
            values = indicator.get(field)
            if values is None:
                continue
            if not isinstance(values, list):
                self.add([*at, field], label, f"{name}.{field}", "must be a list of actor ids")
                continue
            for i, value in enumerate(values):
                self.check_actor([*at, field, i], label, f"{name}.{field}[{i}]", value)
        for field in ("origin_country", "target_country"):
            value = indicator.get(field)
            if value is not None and (not isinstance(value, str) or not _ISO2.match(value)):
                self.add(
                    [*at, field],
                    label,
                    f"{name}.{field}",
                    f"{value!r} is not an ISO 3166-1 alpha-2 country code (e.g. PK, AF)",
                )
        weight = indicator.get("weight")
        if isinstance(weight, int | float) and not isinstance(weight, bool) and weight <= 0:
            self.add([*at, "weight"], label, f"{name}.weight", f"{weight} must be greater than 0")
        if not any(indicator.get(c) not in (None, [], "") for c in _INDICATOR_CRITERIA):
            self.add(
                at,
                label,
                name,
                "has no criterion, so it would match every incident",
                hint=f"give at least one of {', '.join(_INDICATOR_CRITERIA)}",
            )

    # --- model-level checks (types, unknown fields, claim kinds, effect) ----------------------

    def check_model(self, at: list[str | int], label: str, entry: dict) -> None:
        try:
            Commitment.model_validate(entry)
        except ValidationError as error:
            reported = {p.problem for p in self.problems}
            for item in error.errors():
                loc = list(item["loc"])
                field = _field_name(loc)
                if item["type"] == "missing" and loc and loc[-1] in REQUIRED_FIELDS and len(loc) == 1:
                    continue  # already reported as "is required"
                if item["type"] == "missing" and len(loc) == 3 and loc[0] == "indicators":
                    problem = f"{label} field '{field}': is required"
                    if problem not in reported:
                        self.add([*at, *loc[:2]], label, field, "is required")
                    continue
                if item["type"] == "extra_forbidden":
                    allowed = (
                        Indicator.model_fields if loc and loc[0] == "indicators" else Commitment.model_fields
                    )
                    text = "unknown field"
                    hint = f"allowed: {', '.join(allowed)}"
                else:
                    text = f"{item['msg']} (got {item.get('input')!r})"
                    hint = None
                problem = f"{label} field '{field}': {text}"
                if problem in reported or _already_covered(field, self.problems, label):
                    continue
                self.add([*at, *loc], label, field, text, hint=hint)


def _line_of(problem: KnowledgeError) -> int:
    """The line number at the end of ``where`` ("file.yaml:14"), for listing problems in file order."""
    _, _, line = (problem.where or "").rpartition(":")
    return int(line) if line.isdigit() else 0


def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):  # YAML reads "2025-10-19 10:00" as a timestamp: not a day
        return None
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _as_list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _field_name(loc: list[Any]) -> str:
    name = ""
    for part in loc:
        if isinstance(part, int):
            name += f"[{part}]"
        else:
            name += f".{part}" if name else str(part)
    return name


def _already_covered(field: str, problems: list[KnowledgeError], label: str) -> bool:
    """Our own checks already explained this field (e.g. a bad date or category)."""
    prefix = f"{label} field '{field}'"
    return any(p.problem.startswith(prefix) for p in problems)


def validate_commitment_files(
    paths: Iterable[Path], *, known_actors: set[str] | frozenset[str] | None = None
) -> list[KnowledgeError]:
    """Every problem in the given commitment files, each naming file, line and field.

    Checks: YAML syntax, duplicate keys, required fields, unknown fields, types, categories
    (DESIGN.md), actor ids (against ``known_actors``; None checks only their shape), event types and
    tags (``models.EVENT_TYPES``, ``models.EVENT_TAGS``), claim kinds, country codes, benchmark ids,
    dates and ``valid_to >= valid_from``, unique commitment ids across files, unique indicator ids.
    """
    problems, _ = _check_files(paths, known_actors)
    return problems


def _check_files(
    paths: Iterable[Path], known_actors: set[str] | frozenset[str] | None
) -> tuple[list[KnowledgeError], list[Commitment]]:
    problems: list[KnowledgeError] = []
    commitments: list[Commitment] = []
    seen_ids: dict[str, str] = {}
    for path in paths:
        path = Path(path)
        try:
            doc = read_yaml(path, display=_display(path))
        except KnowledgeError as error:
            problems.append(error)
            continue
        checker = _FileChecker(doc, known_actors, seen_ids)
        checker.check()
        problems.extend(sorted(checker.problems, key=_line_of))
        commitments.extend(checker.commitments)
    return problems, commitments


def load_commitments(
    directory: Path | None = None, *, known_actors: set[str] | frozenset[str] | None = None
) -> list[Commitment]:
    """All commitments in ``directory`` (default: the packaged registry), in file then entry order.

    Raises :class:`KnowledgeError` for the first problem found (the hint gives the total and how to
    list them all); ids are unique across files.
    """
    files = default_commitment_files(directory)
    if not files:
        raise KnowledgeError(
            "no commitment files (*.yaml) found",
            where=directory or COMMITMENTS_DIR,
            hint="point PLEDGEWATCH_COMMITMENTS_DIR at a folder of commitment YAML files",
        )
    problems, commitments = _check_files(files, known_actors)
    if problems:
        first = problems[0]
        more = f"{len(problems)} problem(s) in total; " if len(problems) > 1 else ""
        raise KnowledgeError(
            first.problem,
            where=first.where,
            hint=f"{more}run `pledgewatch commitments validate` to list them all",
        )
    return commitments


def commitments_by_obligor(commitments: Iterable[Commitment]) -> dict[str, list[Commitment]]:
    """Commitments grouped by obligor actor id, in registry order."""
    grouped: dict[str, list[Commitment]] = {}
    for commitment in commitments:
        grouped.setdefault(commitment.obligor, []).append(commitment)
    return grouped
