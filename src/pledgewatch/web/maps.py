"""The incidents page's map and timeline, drawn as inline SVG by the server (no JavaScript, no tiles).

The base layer is local: country outlines (Natural Earth 1:50m, ``static/basemap-afpak.json``, built
by ``tools/build_basemap.py``), and the provinces' centroids and border crossings of the gazetteer
(``knowledge/places.csv``). Incidents are counted per province in the database and drawn as
bubbles at the province centroid, so the map costs one GROUP BY however many incidents there are;
the incidents listed on the current page are drawn at their own coordinates on top.
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from pledgewatch.models import Incident, Place

FOCUS_COUNTRIES = ("AF", "PK")
STATUS_ORDER = ("contested", "reported", "corroborated", "confirmed", "retracted")


@dataclass(frozen=True)
class Projection:
    """Equirectangular, scaled by cos(mid-latitude) so shapes look right at these latitudes."""

    lon_min: float = 60.0
    lon_max: float = 78.0
    lat_min: float = 23.5
    lat_max: float = 38.7
    width: int = 640

    @property
    def _k(self) -> float:
        return math.cos(math.radians((self.lat_min + self.lat_max) / 2))

    @property
    def _scale(self) -> float:
        return self.width / ((self.lon_max - self.lon_min) * self._k)

    @property
    def height(self) -> int:
        return round((self.lat_max - self.lat_min) * self._scale)

    def x(self, lon: float) -> float:
        return round((lon - self.lon_min) * self._k * self._scale, 1)

    def y(self, lat: float) -> float:
        return round((self.lat_max - lat) * self._scale, 1)

    def contains(self, lat: float, lon: float) -> bool:
        return self.lat_min <= lat <= self.lat_max and self.lon_min <= lon <= self.lon_max

    def path(self, rings: Iterable[Sequence[Sequence[float]]]) -> str:
        parts = []
        for ring in rings:
            points = " ".join(f"{self.x(lon)} {self.y(lat)}" for lon, lat in ring)
            parts.append(f"M{points}Z")
        return "".join(parts)


@dataclass(frozen=True)
class Outline:
    iso2: str
    name: str
    d: str  # SVG path data
    focus: bool


@dataclass(frozen=True)
class Landmark:
    x: float
    y: float
    name: str
    kind: str  # province | crossing | country


@dataclass(frozen=True)
class BaseMap:
    width: int
    height: int
    outlines: tuple[Outline, ...]
    landmarks: tuple[Landmark, ...]
    source: str
    note: str


@dataclass
class Bubble:
    x: float
    y: float
    r: float
    count: int
    label: str
    href: str
    contested: int = 0


@dataclass
class Marker:
    x: float
    y: float
    title: str
    href: str
    status: str


@dataclass
class MapView:
    base: BaseMap
    bubbles: list[Bubble]
    markers: list[Marker]
    unmapped: int  # incidents with no place the map can show


@dataclass
class Bar:
    x: float
    width: float
    label: str
    count: int
    href: str
    segments: list[tuple[str, float, float]] = field(default_factory=list)  # (status, y, height)


@dataclass
class TimelineView:
    width: int
    height: int
    bars: list[Bar]
    ticks: list[tuple[float, str, str]]  # (x, label, text-anchor)
    unit: str  # day | month | year
    maximum: int
    undated: int


# --- base layer ------------------------------------------------------------------------------


@lru_cache(maxsize=4)
def base_map(knowledge_dir: Path | None = None, projection: Projection = Projection()) -> BaseMap:
    places = gazetteer_places(knowledge_dir)
    raw = json.loads((files("pledgewatch.web") / "static" / "basemap-afpak.json").read_text("utf-8"))
    outlines = tuple(
        Outline(
            iso2=country["iso2"],
            name=country["name"],
            d=projection.path(country["rings"]),
            focus=country["iso2"] in FOCUS_COUNTRIES,
        )
        for country in sorted(raw["countries"], key=lambda c: c["iso2"] in FOCUS_COUNTRIES)
    )
    kinds = {"admin1": "province", "border_crossing": "crossing", "country": "country"}
    landmarks = tuple(
        Landmark(
            x=projection.x(place.lon),
            y=projection.y(place.lat),
            name=place.name,
            kind=kinds[place.feature],
        )
        for place in places
        if place.feature in kinds
        and (place.feature != "country" or place.country in FOCUS_COUNTRIES)
        and place.lat is not None
        and place.lon is not None
        and projection.contains(place.lat, place.lon)
    )
    return BaseMap(
        width=projection.width,
        height=projection.height,
        outlines=outlines,
        landmarks=landmarks,
        source=raw.get("source", ""),
        note=raw.get("note", ""),
    )


@lru_cache(maxsize=4)
def _centroids(knowledge_dir: Path | None) -> dict[tuple[str, str | None], tuple[float, float]]:
    """(country, admin1) → (lat, lon) of the province; (country, None) → the country's."""
    found: dict[tuple[str, str | None], tuple[float, float]] = {}
    for place in gazetteer_places(knowledge_dir):
        if place.lat is None or place.lon is None or not place.country:
            continue
        if place.feature == "admin1":
            found[(place.country, place.admin1 or place.name)] = (place.lat, place.lon)
        elif place.feature == "country":
            found[(place.country, None)] = (place.lat, place.lon)
    return found


def incident_map(
    *,
    knowledge_dir: Path | None,
    counts: Sequence[tuple[str | None, str | None, int]],
    page_incidents: Sequence[Incident],
    title: Callable[[Incident], str],
    place_href: Callable[[str | None, str | None], str],
    incident_href: Callable[[str], str],
    projection: Projection = Projection(),
) -> MapView:
    """Bubbles for the per-province ``counts`` and markers for the incidents on this page."""
    centroids = _centroids(knowledge_dir)
    biggest = max((n for *_, n in counts), default=1)
    bubbles: list[Bubble] = []
    unmapped = 0
    for country, admin1, n in counts:
        point = centroids.get((country or "", admin1)) or centroids.get((country or "", None))
        if point is None or not projection.contains(*point):
            unmapped += n
            continue
        where = admin1 or {"AF": "Afghanistan", "PK": "Pakistan"}.get(country or "", country or "")
        bubbles.append(
            Bubble(
                x=projection.x(point[1]),
                y=projection.y(point[0]),
                r=round(4 + 18 * math.sqrt(n / biggest), 1),
                count=n,
                label=f"{where}: {n} incident{'s' if n != 1 else ''}",
                href=place_href(country, admin1),
            )
        )
    bubbles.sort(key=lambda b: -b.r)  # small ones on top, so every bubble can be clicked
    markers = []
    for incident in page_incidents:
        location = incident.location
        if location is None or location.lat is None or location.lon is None:
            continue
        if not projection.contains(location.lat, location.lon):
            continue
        markers.append(
            Marker(
                x=projection.x(location.lon),
                y=projection.y(location.lat),
                title=f"{title(incident)} ({incident.status})",
                href=incident_href(incident.id),
                status=incident.status,
            )
        )
    return MapView(
        base=base_map(knowledge_dir, projection), bubbles=bubbles, markers=markers, unmapped=unmapped
    )


# --- timeline --------------------------------------------------------------------------------


def _bucket(day: date, unit: str) -> date:
    if unit == "year":
        return date(day.year, 1, 1)
    if unit == "month":
        return date(day.year, day.month, 1)
    return day


def _next(bucket: date, unit: str) -> date:
    if unit == "year":
        return date(bucket.year + 1, 1, 1)
    if unit == "month":
        return date(bucket.year + (bucket.month == 12), bucket.month % 12 + 1, 1)
    return bucket + timedelta(days=1)


def _label(bucket: date, unit: str) -> str:
    if unit == "year":
        return str(bucket.year)
    if unit == "month":
        return bucket.strftime("%b %Y")
    return f"{bucket.day} {bucket.strftime('%b %Y')}"


def timeline_unit(first: date | None, last: date | None) -> str:
    """Bars per day, month or year: whichever gives a readable number of bars."""
    if first is None or last is None:
        return "month"
    span = (last - first).days
    return "day" if span <= 62 else "month" if span <= 6 * 366 else "year"


def timeline(
    *,
    counts: Sequence[tuple[date, str, int]],
    unit: str,
    total: int,
    range_href: Callable[[date, date], str],
    width: int = 640,
    height: int = 150,
) -> TimelineView:
    """Incidents per ``unit`` (counts per day, or already per month or year), by status."""
    if not counts:
        return TimelineView(width, height, [], [], unit, 0, total)
    by_bucket: dict[date, Counter] = defaultdict(Counter)
    for day, status, n in counts:
        by_bucket[_bucket(day, unit)][status] += n
    first, last = min(by_bucket), max(by_bucket)
    buckets = []
    cursor = first
    while cursor <= last:
        buckets.append(cursor)
        cursor = _next(cursor, unit)
    top, bottom = 8, 22  # room for the axis labels
    plot = height - top - bottom
    maximum = max(sum(c.values()) for c in by_bucket.values())
    step = width / len(buckets)
    bar_width = max(1.0, round(step * 0.8, 1))
    bars = []
    for i, bucket in enumerate(buckets):
        in_bucket = by_bucket.get(bucket, Counter())
        count = sum(in_bucket.values())
        x = round(i * step + (step - bar_width) / 2, 1)
        y = float(top + plot)
        segments = []
        for status in STATUS_ORDER:
            if in_bucket.get(status):
                h = round(in_bucket[status] / maximum * plot, 1)
                y = round(y - h, 1)
                segments.append((status, y, max(h, 0.5)))
        end = _next(bucket, unit) - timedelta(days=1)
        bars.append(
            Bar(
                x=x,
                width=bar_width,
                label=f"{_label(bucket, unit)}: {count} incident{'s' if count != 1 else ''}",
                count=count,
                href=range_href(bucket, end),
                segments=segments,
            )
        )
    tick_every = max(1, math.ceil(len(buckets) / 6))
    ticks = []
    for i, bucket in enumerate(buckets):
        if i % tick_every:
            continue
        x = round(i * step + step / 2, 1)
        # keep the labels inside the box: the first starts at its bar, the last ends at its bar
        anchor = "start" if x < 40 else "end" if x > width - 40 else "middle"
        ticks.append(
            (
                max(x - bar_width / 2, 0)
                if anchor == "start"
                else min(x + bar_width / 2, width)
                if anchor == "end"
                else x,
                _label(bucket, unit),
                anchor,
            )
        )
    undated = max(0, total - sum(n for *_, n in counts))
    return TimelineView(width, height, bars, ticks, unit, maximum, undated)


@lru_cache(maxsize=4)
def gazetteer_places(knowledge_dir: Path | None = None) -> tuple[Place, ...]:
    """The gazetteer (``knowledge_dir/places.csv``, else the packaged one); empty when unreadable,
    so a broken knowledge folder costs the map its landmarks, not the page."""
    from pledgewatch.errors import KnowledgeError
    from pledgewatch.knowledge.places import load_places

    path = Path(knowledge_dir) / "places.csv" if knowledge_dir is not None else None
    if path is not None and not path.is_file():
        path = None
    try:
        return tuple(load_places(path))
    except KnowledgeError:
        return ()
