"""The gazetteer: load ``places.csv`` and match place names, exact before fuzzy.

Fuzzy matching only accepts a name that is clearly closer to one place than to any other: "Paktia"
and "Paktika" differ by one letter, and a wrong province is worse than no province.

A ``region`` may span countries (the Afghanistan–Pakistan border, which Afghanistan calls the Durand
Line and does not recognise): its ``country`` column is empty, read as ``""`` (``Place.country`` is a
required string), and its claim location has ``country`` null. Such a region has no coordinates: no
single point stands for a 2,600 km border.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from pydantic import ValidationError
from rapidfuzz import fuzz, process

from pledgewatch.errors import KnowledgeError
from pledgewatch.knowledge import knowledge_path
from pledgewatch.knowledge.actors import normalise_name
from pledgewatch.models import Location, Place

PLACES_FILE = "places.csv"
COLUMNS = ("id", "name", "aliases", "feature", "country", "admin1", "admin2", "lat", "lon")

# ACLED geo_precision by feature: 1 the named place, 2 a district, 3 a province or larger
PRECISION_BY_FEATURE: dict[str, int] = {
    "city": 1,
    "town": 1,
    "border_crossing": 1,
    "admin2": 2,
    "admin1": 3,
    "region": 3,
    "country": 3,
}
# When one name fits several places ("Kabul" the city and the province) the most specific wins.
_FEATURE_ORDER = ("city", "town", "border_crossing", "admin2", "admin1", "region", "country")
# A trailing word that says which kind of place is meant: "Kandahar province", "Kurram district".
_FEATURE_WORDS: dict[str, str] = {
    "province": "admin1",
    "district": "admin2",
    "tribal district": "admin2",
    "agency": "admin2",
    "city": "city",
    "town": "town",
    "crossing": "border_crossing",
    "border crossing": "border_crossing",
    "border": "border_crossing",
}
FUZZY_MIN_SCORE = 88.0
FUZZY_MARGIN = 8.0  # the best place must beat the next different place by this much
FUZZY_MIN_LENGTH = 5


def precision_for(place: Place) -> int:
    """ACLED-style geo precision of a place named directly in the text."""
    return PRECISION_BY_FEATURE[place.feature]


class Gazetteer:
    """Place-name lookups, built once from the place list."""

    def __init__(self, places: Iterable[Place]):
        self.places: list[Place] = list(places)
        self._by_key: dict[str, list[Place]] = {}
        for place in self.places:
            for name in (place.name, *place.aliases):
                key = normalise_name(name)
                if key and place not in self._by_key.setdefault(key, []):
                    self._by_key[key].append(place)
        rank = {feature: i for i, feature in enumerate(_FEATURE_ORDER)}
        for candidates in self._by_key.values():
            candidates.sort(key=lambda p: rank[p.feature])
        self._keys = list(self._by_key)

    def names(self) -> list[str]:
        """Every name and alias, for building entity-ruler patterns."""
        return sorted({name for place in self.places for name in (place.name, *place.aliases)})

    def get(self, place_id: str) -> Place | None:
        return next((p for p in self.places if p.id == place_id), None)

    def lookup(self, name: str, *, feature: str | None = None) -> Place | None:
        """The place a name means: exact (normalised) match first, then fuzzy with a margin.

        ``feature`` ("admin1", "admin2", ...) prefers that kind of place when a name is shared; a
        trailing "province" / "district" in ``name`` does the same.
        """
        key = normalise_name(name)
        if not key:
            return None
        for words, hinted in sorted(_FEATURE_WORDS.items(), key=lambda kv: -len(kv[0])):
            if key.endswith(" " + words) and key not in self._by_key:
                key, feature = key[: -len(words) - 1].strip(), feature or hinted
                break
        candidates = self._by_key.get(key)
        if candidates is None:
            candidates = self._fuzzy(key)
        if not candidates:
            return None
        if feature is not None:
            preferred = [p for p in candidates if p.feature == feature]
            if preferred:
                return preferred[0]
        return candidates[0]

    def _fuzzy(self, key: str) -> list[Place] | None:
        if len(key) < FUZZY_MIN_LENGTH:
            return None
        matches = process.extract(key, self._keys, scorer=fuzz.ratio, limit=6)
        if not matches or matches[0][1] < FUZZY_MIN_SCORE:
            return None
        best_key, best_score, _ = matches[0]
        best_places = self._by_key[best_key]
        for other_key, score, _ in matches[1:]:
            if set(map(id, self._by_key[other_key])) & set(map(id, best_places)):
                continue  # another spelling of the same place
            if best_score - score < FUZZY_MARGIN:
                return None  # too close to call: Paktia or Paktika?
            break
        return best_places

    def to_location(self, place: Place, *, precision: int) -> Location:
        """A claim's location for a place; ``precision`` is 1, 2 or 3 (see ``precision_for``)."""
        if precision not in (1, 2, 3):
            raise ValueError(f"precision must be 1, 2 or 3, not {precision!r}")
        return Location(
            name=place.name,
            country=place.country or None,
            admin1=place.admin1,
            admin2=place.admin2,
            lat=place.lat,
            lon=place.lon,
            precision=precision,
        )


def load_places(path: Path | None = None) -> list[Place]:
    """Read the gazetteer CSV (the packaged ``places.csv`` by default).

    Raises ``KnowledgeError`` naming the file, line and column of the first bad value.
    """
    path = Path(path) if path is not None else knowledge_path(PLACES_FILE)
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as error:
        raise KnowledgeError(f"cannot read the gazetteer ({error.strerror})", where=path) from error
    places: list[Place] = []
    seen: dict[str, int] = {}
    with handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise KnowledgeError(
                f"missing column(s) {', '.join(missing)}",
                where=f"{path}:1",
                hint=f"expected: {','.join(COLUMNS)}",
            )
        for row in reader:
            line = reader.line_num
            place = _parse_row(row, f"{path}:{line}")
            if place.id in seen:
                raise KnowledgeError(
                    f"place id {place.id!r} already used on line {seen[place.id]}", where=f"{path}:{line}"
                )
            seen[place.id] = line
            places.append(place)
    return places


def _parse_row(row: dict[str, str | None], where: str) -> Place:
    def text(column: str) -> str | None:
        value = (row.get(column) or "").strip()
        return value or None

    coordinates: dict[str, float | None] = {}
    for column, limit in (("lat", 90.0), ("lon", 180.0)):
        raw = text(column)
        if raw is None:
            coordinates[column] = None
            continue
        try:
            value = float(raw)
        except ValueError:
            raise KnowledgeError(f"column {column!r}: {raw!r} is not a number", where=where) from None
        if not -limit <= value <= limit:
            raise KnowledgeError(f"column {column!r}: {value} is out of range", where=where)
        coordinates[column] = value
    for column in ("id", "name", "feature", "country"):
        if text(column) is None and not (column == "country" and text("feature") == "region"):
            raise KnowledgeError(f"column {column!r} is empty", where=where)
    country = text("country") or ""
    if country and not (len(country) == 2 and country.isalpha() and country.isupper()):
        raise KnowledgeError(f"column 'country': {country!r} is not an ISO 3166-1 alpha-2 code", where=where)
    aliases = [a.strip() for a in (text("aliases") or "").split("|") if a.strip()]
    try:
        return Place(
            id=text("id"),
            name=text("name"),
            aliases=aliases,
            feature=text("feature"),
            country=country,
            admin1=text("admin1"),
            admin2=text("admin2"),
            lat=coordinates["lat"],
            lon=coordinates["lon"],
        )
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise KnowledgeError(f"column {field!r}: {first['msg']}", where=where) from error
