"""Load and validate the gold annotations in ``eval/gold/extraction`` (conventions: its README.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, get_args

import yaml

from eval.scoring import Figure, GoldEvent, Statement
from pledgewatch.models import EVENT_TYPES, CasualtyGroup, ClaimKind, Outcome

GOLD_DIR = Path(__file__).resolve().parent / "gold" / "extraction"

# DESIGN.md "Actor ids": part of the output contract, so a gold id outside it is a typo
ACTOR_IDS = frozenset(
    {
        *("PAK", "PAK.MIL", "PAK.POL", "AFG", "AFG.MIL", "TTP", "ISKP", "AQ", "AQIS", "HGB", "JUA"),
        *("BLA", "BLF", "IND", "USA", "CHN", "RUS", "QAT", "TUR", "SAU", "IRN"),
        *("UN", "UN.UNAMA", "UN.MT", "JUIF", "CIV"),
    }
)
OUTCOMES = frozenset(get_args(Outcome))
GROUPS = frozenset(get_args(CasualtyGroup))
STATEMENT_KINDS = frozenset(get_args(ClaimKind)) - {"event_report"}

STYLES = {
    "ispr": "ISPR release / press conference",
    "mofa": "Pakistan Foreign Office",
    "iea": "Islamic Emirate spokesman",
    "wire": "wire report (both sides)",
    "un": "UN report / statement",
    "oped": "op-ed (no date)",
    "police": "police statement",
}
MIN_WORDS, MAX_WORDS = 60, 250


class GoldError(ValueError):
    """A gold file that breaks the conventions; the message names the file and the item."""


@dataclass(frozen=True)
class GoldDocument:
    name: str
    path: Path  # the .md document
    front_matter: dict[str, Any]
    body: str
    voice: str | None
    figures: tuple[Figure, ...]
    statements: tuple[Statement, ...]
    events: tuple[GoldEvent, ...]

    @property
    def style(self) -> str:
        return self.name.split("_", 1)[0]

    @property
    def raw(self) -> bytes:
        return self.path.read_bytes()

    @property
    def published(self) -> date | None:
        return _as_date(self.front_matter.get("published"))

    @property
    def word_count(self) -> int:
        return len(self.body.split())


def split_front_matter(text: str, *, where: Path | str) -> tuple[dict[str, Any], str]:
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise GoldError(f"{where}: no YAML front matter (the first line must be ---)")
    try:
        end = next(i for i, line in enumerate(lines[1:], start=1) if line.strip() == "---")
    except StopIteration:
        raise GoldError(f"{where}: front matter is not closed by a --- line") from None
    meta = yaml.safe_load("\n".join(lines[1:end])) or {}
    if not isinstance(meta, dict):
        raise GoldError(f"{where}: front matter must be a mapping")
    return meta, "\n".join(lines[end + 1 :]).strip()


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _field(item: dict, name: str, where: str, *, allowed: frozenset | None = None, nullable=False):
    if name not in item:
        raise GoldError(f"{where}: missing field '{name}'")
    value = item[name]
    if value is None:
        if nullable:
            return None
        raise GoldError(f"{where}.{name}: must not be null")
    if allowed is not None and value not in allowed:
        raise GoldError(f"{where}.{name}: {value!r} is not one of {', '.join(sorted(allowed))}")
    return value


def _int(item: dict, name: str, where: str, *, nullable=False) -> int | None:
    value = _field(item, name, where, nullable=nullable)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise GoldError(f"{where}.{name}: {value!r} must be a whole number >= 0")
    return value


def _date(item: dict, name: str, where: str) -> date | None:
    try:
        return _as_date(item.get(name))
    except ValueError:
        raise GoldError(f"{where}.{name}: {item.get(name)!r} is not an ISO date (YYYY-MM-DD)") from None


def _items(data: dict, section: str, where: Path) -> list[tuple[str, dict]]:
    if section not in data:
        raise GoldError(f"{where}: missing section '{section}' (write '{section}: []' when there is none)")
    items = data[section] or []
    if not isinstance(items, list):
        raise GoldError(f"{where}: '{section}' must be a list")
    out = []
    for index, item in enumerate(items):
        label = f"{where}: {section}[{index}]"
        if not isinstance(item, dict):
            raise GoldError(f"{label}: must be a mapping")
        out.append((label, item))
    return out


ParsedGold = tuple[str | None, list[Figure], list[Statement], list[GoldEvent]]


def parse_gold(data: Any, *, where: Path) -> ParsedGold:
    if not isinstance(data, dict):
        raise GoldError(f"{where}: the gold file must be a mapping with casualties, statements, events")
    unknown = set(data) - {"voice", "casualties", "statements", "events"}
    if unknown:
        raise GoldError(f"{where}: unknown top-level keys {sorted(unknown)}")
    voice = _field(data, "voice", str(where), allowed=ACTOR_IDS, nullable=True) if "voice" in data else None

    figures = []
    for label, item in _items(data, "casualties", where):
        low = _int(item, "low", label)
        high = _int(item, "high", label, nullable=True)
        if high is not None and high < low:
            raise GoldError(f"{label}: high {high} is below low {low}")
        figures.append(
            Figure(
                outcome=_field(item, "outcome", label, allowed=OUTCOMES),
                group=_field(item, "group", label, allowed=GROUPS),
                side=_field(item, "side", label, allowed=ACTOR_IDS, nullable=True),
                low=low,
                high=high,
                speaker=_field(item, "speaker", label, allowed=ACTOR_IDS, nullable=True),
                text=item.get("text"),
            )
        )
    seen = [f.identity for f in figures]
    if len(seen) != len(set(seen)):
        raise GoldError(f"{where}: the same figure is listed twice (list each distinct figure once)")

    statements = [
        Statement(
            kind=_field(item, "kind", label, allowed=STATEMENT_KINDS),
            speaker=_field(item, "speaker", label, allowed=ACTOR_IDS, nullable=True),
            text=item.get("text"),
        )
        for label, item in _items(data, "statements", where)
    ]

    events = []
    for label, item in _items(data, "events", where):
        place_also = item.get("place_also") or []
        if not isinstance(place_also, list) or not all(isinstance(n, str) for n in place_also):
            raise GoldError(f"{label}.place_also: must be a list of place names")
        start, end = _date(item, "date", label), _date(item, "date_end", label)
        if "date" not in item:
            raise GoldError(f"{label}: missing field 'date' (null when the text gives none)")
        if end is not None and (start is None or end < start):
            raise GoldError(f"{label}.date_end: {end} needs a date on or before it")
        place = _field(item, "place", label, nullable=True)
        events.append(
            GoldEvent(
                type=_field(item, "type", label, allowed=frozenset(EVENT_TYPES)),
                place=str(place) if place is not None else None,
                place_also=tuple(place_also),
                date=start,
                date_end=end,
            )
        )
    return voice, figures, statements, events


def load_document(md_path: Path) -> GoldDocument:
    gold_path = md_path.with_suffix(".gold.yaml")
    if not gold_path.is_file():
        raise GoldError(f"{md_path}: no gold file beside it (expected {gold_path.name})")
    meta, body = split_front_matter(md_path.read_text(encoding="utf-8"), where=md_path)
    for key in ("title", "source", "url"):
        if not meta.get(key):
            raise GoldError(f"{md_path}: front matter lacks '{key}'")
    try:
        _as_date(meta.get("published"))
    except ValueError:
        raise GoldError(f"{md_path}: published {meta.get('published')!r} is not an ISO date") from None
    try:
        data = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise GoldError(f"{gold_path}: not valid YAML: {error}") from None
    voice, figures, statements, events = parse_gold(data, where=gold_path)
    return GoldDocument(
        name=md_path.stem,
        path=md_path,
        front_matter=meta,
        body=body,
        voice=voice,
        figures=tuple(figures),
        statements=tuple(statements),
        events=tuple(events),
    )


def load_gold(directory: Path = GOLD_DIR) -> list[GoldDocument]:
    """Every ``*.md`` document (README excepted) with its gold file, sorted by name."""
    paths = sorted(p for p in directory.glob("*.md") if p.name != "README.md")
    orphans = sorted(
        p.name
        for p in directory.glob("*.gold.yaml")
        if not p.with_name(p.name.removesuffix(".gold.yaml") + ".md").is_file()
    )
    if orphans:
        raise GoldError(f"{directory}: gold files without a document: {', '.join(orphans)}")
    return [load_document(path) for path in paths]
