"""Helpers every dataset format shares: problems, numbers, dates, countries, actor names.

Nothing here knows a particular dataset's columns; ``acled.py``, ``ucdp.py`` and ``gtd.py`` do.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from pledgewatch.errors import KnowledgeError
from pledgewatch.knowledge import knowledge_path
from pledgewatch.knowledge.actors import ActorIndex, normalise_name
from pledgewatch.models import EVENT_TYPES, Claim, Document

DATASET_ACTORS_FILE = "dataset_actors.yaml"

# Reasons a row is reported. A *rejected* row is not imported; a *kept* row is imported with the
# offending field left empty. Both are listed with their line number and counted.
REJECTING_REASONS = frozenset(
    {"wrong_column_count", "truncated_row", "csv_error", "duplicate_row", "duplicate_key", "no_key"}
)


@dataclass(frozen=True)
class RowProblem:
    """Something wrong with one row: where (1-based line of the file), what, and whether it was kept."""

    line: int
    reason: str  # e.g. bad_date, bad_number, wrong_column_count (see REJECTING_REASONS)
    message: str

    @property
    def rejected(self) -> bool:
        return self.reason in REJECTING_REASONS

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" + (" — row not imported" if self.rejected else "")


@dataclass
class RowOutcome:
    """What one data row became: a claim (or nothing), its problems, and the note text it carries."""

    line: int
    start: int  # character offsets of the row in the decoded file
    end: int
    claim_data: dict[str, Any] | None = None  # a schema-v1 claim as plain data (see ``claim``)
    problems: list[RowProblem] = field(default_factory=list)
    note: Document | None = None  # the row's notes/summary as a small document (--extract-notes)
    rules: tuple[str, ...] = ()  # mapping rules worth counting (e.g. "country_from_admin1")

    @property
    def claim(self) -> Claim | None:
        """The row's claim, validated (the importer itself writes ``claim_data`` without building it)."""
        return Claim.model_validate(self.claim_data) if self.claim_data is not None else None


class RowContext:
    """Collects the problems of one row while its fields are read."""

    __slots__ = ("line", "problems", "rules")

    def __init__(self, line: int):
        self.line = line
        self.problems: list[RowProblem] = []
        self.rules: list[str] = []

    def problem(self, reason: str, message: str) -> None:
        self.problems.append(RowProblem(self.line, reason, message))


# --- numbers ---------------------------------------------------------------------------------


def parse_count(value: str, column: str, row: RowContext, *, required: bool) -> int | None:
    """A non-negative whole number ("26", "26.0"); empty is None (a problem when ``required``)."""
    text = value.strip()
    if not text:
        if required:
            row.problem("bad_number", f"{column} is empty (no figure stored)")
        return None
    try:
        number = int(text)
    except ValueError:
        try:
            as_float = float(text)
        except ValueError:
            row.problem("bad_number", f"{column} {value!r} is not a number (no figure stored)")
            return None
        if not as_float.is_integer():
            row.problem("bad_number", f"{column} {value!r} is not a whole number (no figure stored)")
            return None
        number = int(as_float)
    if number < 0:
        row.problem("bad_number", f"{column} {value!r} is negative (no figure stored)")
        return None
    return number


def parse_coordinate(value: str, column: str, row: RowContext, *, limit: float) -> float | None:
    text = value.strip()
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        row.problem("bad_coordinates", f"{column} {value!r} is not a number (no coordinates stored)")
        return None
    if not -limit <= number <= limit or number != number:  # NaN fails the second test
        row.problem(
            "bad_coordinates", f"{column} {value!r} is outside -{limit:g}..{limit:g} (no coordinates stored)"
        )
        return None
    return number


def parse_int_code(value: str) -> int | None:
    """A small integer code ("1", "1.0"), or None for anything else."""
    text = value.strip()
    if not text:
        return None
    try:
        return int(float(text))
    except ValueError:
        return None


# --- dates -----------------------------------------------------------------------------------

_DATE_FORMATS = ("%d %B %Y", "%d %b %Y", "%d-%b-%y", "%d-%B-%Y", "%d-%b-%Y", "%m/%d/%Y", "%Y/%m/%d")


def parse_date(
    value: str, column: str, row: RowContext, *, formats: Iterable[str] = _DATE_FORMATS
) -> date | None:
    """ISO dates first (what current exports use), then the spellings older exports and spreadsheets
    produce ("09 November 2024", "9-Nov-24"). Unparseable → a ``bad_date`` problem and None."""
    text = value.strip()
    if not text:
        row.problem("bad_date", f"{column} is empty (stored without a date)")
        return None
    if len(text) >= 10 and text[4] == "-" and (len(text) == 10 or text[10] in " T"):
        try:
            return date.fromisoformat(text[:10])
        except ValueError:
            pass
    try:
        return _parse_other(text, formats)
    except ValueError:
        row.problem("bad_date", f"{column} {value!r} is not a date (stored without a date)")
        return None


def _parse_other(text: str, formats: Iterable[str]) -> date:
    for fmt in formats:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def month_range(day: date) -> tuple[date, date]:
    last = calendar.monthrange(day.year, day.month)[1]
    return day.replace(day=1), day.replace(day=last)


def date_range(start: date, end: date, precision: str, text: str | None) -> dict[str, Any]:
    """A claim's ``event.date`` (schema v1) as plain data."""
    return {"start": start, "end": end, "precision": precision, "text": text}


def coded_date_range(day: date, precision_code: int | None, text: str) -> dict[str, Any]:
    """ACLED's time_precision: 1 the day, 2 the week around the coded date, 3 the month of it."""
    if precision_code == 2:
        return date_range(day - timedelta(days=3), day + timedelta(days=3), "week", text)
    if precision_code == 3:
        start, end = month_range(day)
        return date_range(start, end, "month", text)
    return date_range(day, day, "day", text)


def actor_ref(name: str, actor: str | None, role: str) -> dict[str, Any]:
    return {"name": name, "actor": actor, "role": role}


def casualty(
    outcome: str, group: str, low: int, high: int | None, text: str | None, side: str | None = None
) -> dict[str, Any]:
    return {"outcome": outcome, "group": group, "side": side, "low": low, "high": high, "text": text}


def location(
    name: str,
    country: str | None,
    admin1: str | None,
    admin2: str | None,
    lat: float | None,
    lon: float | None,
    precision: int | None,
) -> dict[str, Any]:
    # a point needs both coordinates: one without the other is dropped
    if lat is None or lon is None:
        lat = lon = None
    return {
        "name": name,
        "country": country,
        "admin1": admin1,
        "admin2": admin2,
        "lat": lat,
        "lon": lon,
        "precision": precision,
    }


def event(
    event_type: str | None, tags: list[str], actors: list[dict], where: dict | None, when: dict | None
) -> dict[str, Any]:
    return {"type": event_type, "tags": tags, "actors": actors, "location": where, "date": when}


# --- event types -----------------------------------------------------------------------------

_NON_WORD = re.compile(r"[^a-z0-9]+")
_EVENT_TYPE_SET = frozenset(EVENT_TYPES)


def snake_event_type(label: str) -> str | None:
    """ACLED's sub-event label → DESIGN.md's id ("Remote explosive/landmine/IED" →
    "remote_explosive_landmine_ied"); None when the label is not one of the 25."""
    key = _NON_WORD.sub("_", label.strip().lower()).strip("_")
    return key if key in _EVENT_TYPE_SET else None


# --- countries -------------------------------------------------------------------------------

# Names in ACLED, UCDP and GTD files that pycountry's lookup does not know (historical states are
# mapped to their successor's code, so a map of 1970s events still lands in the right place).
_COUNTRY_ALIASES: dict[str, str] = {
    "russia": "RU",
    "turkey": "TR",
    "ivory coast": "CI",
    "cote d'ivoire": "CI",
    "democratic republic of the congo": "CD",
    "democratic republic of congo": "CD",
    "dr congo": "CD",
    "drc": "CD",
    "zaire": "CD",
    "republic of congo": "CG",
    "republic of the congo": "CG",
    "people's republic of the congo": "CG",
    "congo": "CG",
    "kosovo": "XK",
    "palestine": "PS",
    "west bank and gaza strip": "PS",
    "cape verde": "CV",
    "swaziland": "SZ",
    "eswatini": "SZ",
    "bosnia-herzegovina": "BA",
    "bosnia and herzegovina": "BA",
    "macedonia": "MK",
    "north macedonia": "MK",
    "west germany (frg)": "DE",
    "east germany (gdr)": "DE",
    "germany": "DE",
    "soviet union": "SU",
    "yugoslavia": "YU",
    "czechoslovakia": "CS",
    "serbia-montenegro": "CS",
    "rhodesia": "ZW",
    "south vietnam": "VN",
    "north yemen": "YE",
    "south yemen": "YE",
    "burma": "MM",
    "myanmar (burma)": "MM",
    "east timor": "TL",
    "micronesia": "FM",
    "taiwan": "TW",
    "vatican city": "VA",
    "great britain": "GB",
    "united states": "US",
    "new hebrides": "VU",
    "slovak republic": "SK",
    "western sahara": "EH",
    "hong kong": "HK",
    "macau": "MO",
}


@lru_cache(maxsize=4096)
def country_code(name: str) -> str | None:
    """ISO 3166-1 alpha-2 of a country name as datasets spell it; None when unknown (never a guess)."""
    key = name.strip()
    if not key:
        return None
    alias = _COUNTRY_ALIASES.get(key.casefold())
    if alias:
        return alias
    import pycountry

    try:
        return pycountry.countries.lookup(key).alpha_2
    except LookupError:
        return None


@lru_cache(maxsize=1024)
def country_code_from_numeric(code: str) -> str | None:
    """ISO 3166-1 numeric ("586") → alpha-2 ("PK"); ACLED's ``iso`` column."""
    text = code.strip()
    if not text:
        return None
    try:
        number = int(float(text))
    except ValueError:
        return None
    if number == 0:
        return None
    import pycountry

    found = pycountry.countries.get(numeric=f"{number:03d}")
    return found.alpha_2 if found is not None else None


@lru_cache(maxsize=1024)
def country_code_from_alpha3(code: str) -> str | None:
    import pycountry

    found = pycountry.countries.get(alpha_3=code.strip().upper())
    return found.alpha_2 if found is not None else None


@lru_cache(maxsize=1024)
def country_name(alpha2: str | None) -> str:
    """The short English name of an ISO2 code ("PK" → "Pakistan"), "" when unknown."""
    if not alpha2:
        return ""
    import pycountry

    found = pycountry.countries.get(alpha_2=alpha2)
    if found is None:
        return ""
    return getattr(found, "common_name", None) or found.name


@lru_cache(maxsize=1024)
def country_numeric(alpha2: str | None) -> str:
    if not alpha2:
        return ""
    import pycountry

    found = pycountry.countries.get(alpha_2=alpha2)
    return str(int(found.numeric)) if found is not None else ""


# --- actors ----------------------------------------------------------------------------------

# "Military Forces of Pakistan (2022-) Frontier Corps": ACLED's state-force names carry a period
# and, after it, a unit.
_PERIOD = re.compile(r"^(?P<base>.+?)\s*\((?P<period>\d{4}\s*-\s*(?:\d{4})?)\)\s*(?P<unit>.*)$")
# "Civilians (Pakistan)", "Baloch Separatists (Pakistan)": a trailing qualifier in parentheses.
_QUALIFIER = re.compile(r"^(?P<base>.+?)\s*\((?P<qualifier>[^()]*)\)$")
# "BLA: Baloch Liberation Army"
_ABBREVIATION = re.compile(r"^(?P<abbr>[A-Z][A-Za-z0-9\-&.']{1,15}):\s*(?P<full>.+)$")


@dataclass(frozen=True)
class NameRule:
    """A dataset actor name → actor id, optionally only for events inside a date window."""

    actor: str | None
    valid_from: date | None = None
    valid_to: date | None = None

    def applies(self, on: date | None) -> bool:
        if on is None:
            # an undated row cannot be placed on either side of a window: leave it unresolved
            return self.valid_from is None and self.valid_to is None
        if self.valid_from is not None and on < self.valid_from:
            return False
        return not (self.valid_to is not None and on > self.valid_to)


class DatasetActors:
    """Resolves the actor names datasets use ("Military Forces of Pakistan (2022-)", "Taleban",
    "BLA: Baloch Liberation Army") to actor ids, conservatively: an explicit rule from
    ``knowledge/dataset_actors.yaml`` first, then an *exact* alias of the actor dictionary for the
    name, its abbreviation or its unit. Never a substring guess: "Baloch Separatists (Pakistan)" is not
    Pakistan, so an unmatched name keeps ``actor=None``.
    """

    def __init__(self, index: ActorIndex, rules: dict[str, list[NameRule]]):
        self.index = index
        self.rules = rules
        self._cache: dict[str, tuple[NameRule, ...]] = {}

    @classmethod
    def load(cls, index: ActorIndex, path: Path | None = None) -> DatasetActors:
        return cls(index, load_dataset_actor_rules(path, known=index))

    def resolve(self, name: str, on: date | None) -> str | None:
        candidates = self._cache.get(name)
        if candidates is None:
            candidates = self._candidates(name)
            if len(self._cache) < 100_000:  # bounded: names repeat, but a file could be adversarial
                self._cache[name] = candidates
        for rule in candidates:
            if rule.applies(on):
                return rule.actor
        return None

    def fixed(self, name: str) -> tuple[bool, str | None]:
        """``(True, actor)`` when ``resolve(name, day)`` is ``actor`` whatever the day (no rule for the
        name has a date window), so a mapper can resolve a repeated name once; else ``(False, None)``."""
        candidates = self._cache.get(name)
        if candidates is None:
            candidates = self._candidates(name)
            if len(self._cache) < 100_000:
                self._cache[name] = candidates
        if any(rule.valid_from is not None or rule.valid_to is not None for rule in candidates):
            return False, None
        return True, candidates[0].actor if candidates else None

    def _rules_for(self, name: str) -> tuple[NameRule, ...] | None:
        rules = self.rules.get(normalise_name(name))
        return tuple(rules) if rules else None

    def _exact(self, name: str) -> str | None:
        key = normalise_name(name)
        if not key:
            return None
        resolved = self.index.resolve(name)
        # accept only a whole-name alias match, never "the longest alias inside the name"
        if resolved is not None and any(
            normalise_name(alias) == key
            for alias in (self.index.get(resolved).name, *self.index.get(resolved).aliases)
        ):
            return resolved
        return None

    def _candidates(self, name: str) -> tuple[NameRule, ...]:
        text = name.strip()
        if not text:
            return ()
        explicit = self._rules_for(text)
        if explicit:
            return explicit
        period = _PERIOD.match(text)
        if period:
            base_rules = self._rules_for(period["base"]) or ()
            unit = period["unit"].strip()
            if unit:
                unit_actor = self._exact(unit)
                if unit_actor is not None:
                    # a unit counts only inside the state its base name belongs to (Frontier Corps
                    # of Pakistan, not of another country with a unit of that name)
                    roots = {self._root(rule.actor) for rule in base_rules if rule.actor}
                    if not roots or self._root(unit_actor) in roots:
                        windows = base_rules or (NameRule(None),)
                        return tuple(NameRule(unit_actor, r.valid_from, r.valid_to) for r in windows)
            if base_rules:
                return base_rules
            exact = self._exact(period["base"])
            return (NameRule(exact),) if exact else ()
        abbreviation = _ABBREVIATION.match(text)
        if abbreviation:
            for part in (abbreviation["abbr"], abbreviation["full"]):
                found = self._rules_for(part) or ((NameRule(a),) if (a := self._exact(part)) else None)
                if found:
                    return found
            return ()
        exact = self._exact(text)
        if exact:
            return (NameRule(exact),)
        qualified = _QUALIFIER.match(text)
        if qualified:
            base = qualified["base"]
            return self._rules_for(f"{base} ()") or ()
        return ()

    def _root(self, actor: str | None) -> str | None:
        if actor is None:
            return None
        chain = self.index.ancestors(actor)
        return chain[-1] if chain else actor


def load_dataset_actor_rules(
    path: Path | None = None, *, known: ActorIndex | None = None
) -> dict[str, list[NameRule]]:
    """Read ``dataset_actors.yaml``: ``names`` → actor id with an optional ``from`` / ``to`` window.

    A name ending in ``()`` matches any parenthesised qualifier: ``Civilians ()`` covers
    "Civilians (Pakistan)" and "Civilians (India)".
    """
    path = Path(path) if path is not None else knowledge_path(DATASET_ACTORS_FILE)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise KnowledgeError(f"cannot read the dataset actor names ({error.strerror})", where=path) from error
    except yaml.YAMLError as error:
        raise KnowledgeError(f"not valid YAML: {error}", where=path) from error
    entries = data.get("names") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise KnowledgeError("expected a top-level 'names:' list", where=path)
    rules: dict[str, list[NameRule]] = {}
    for number, entry in enumerate(entries, start=1):
        where = f"{path} (entry #{number})"
        if not isinstance(entry, dict) or not isinstance(entry.get("names"), list):
            raise KnowledgeError("each entry needs 'names' (a list) and 'actor'", where=where)
        actor = entry.get("actor")
        if actor is not None and known is not None and actor not in known:
            raise KnowledgeError(
                f"unknown actor id {actor!r}", where=where, hint="use an id from actors.yaml"
            )
        rule = NameRule(actor, _as_date(entry.get("from"), where), _as_date(entry.get("to"), where))
        for name in entry["names"]:
            rules.setdefault(normalise_name(str(name)), []).append(rule)
    return rules


def _as_date(value: Any, where: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as error:
        raise KnowledgeError(f"{value!r} is not a date (YYYY-MM-DD)", where=where) from error


def split_names(value: str) -> list[str]:
    """ACLED packs associated actors as "A; B"."""
    return [part.strip() for part in value.split(";") if part.strip()]
