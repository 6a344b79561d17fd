"""The briefing's incident map, drawn offline: no tiles, no network, no GIS library.

Country outlines come from ``report/data/boundaries.json``: Natural Earth's public-domain 1:10m admin-0
boundaries, clipped to the region and simplified (``tools/make_boundaries.py`` regenerates it). Reference
places (a few cities and the border crossings) come from the gazetteer. Incidents are drawn where their
location's coordinates put them, labelled with their number in the briefing, styled by corroboration
status; a marker's area grows with the largest best estimate of people killed.
"""

from __future__ import annotations

import io
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pledgewatch.models import Place

BOUNDARIES_FILE = Path(__file__).with_name("data") / "boundaries.json"
BOUNDARY_NOTE = (
    "Boundaries: Natural Earth 1:10m (public domain), simplified; they show lines of de facto control and "
    "imply no position on any boundary. Afghanistan does not recognise the Durand Line."
)
# Reference cities, by gazetteer id, drawn for orientation whatever the incidents.
REFERENCE_CITIES = (
    "af:city:kabul",
    "af:city:jalalabad",
    "af:city:kandahar",
    "af:city:khost",
    "pk:city:islamabad",
    "pk:city:peshawar",
    "pk:city:quetta",
    "pk:city:dera-ismail-khan",
)
# Border crossings labelled by name (the others are drawn unlabelled, to keep the frontier legible).
LABELLED_CROSSINGS = {
    "pk:border_crossing:torkham": "Torkham",
    "pk:border_crossing:chaman-border-crossing": "Chaman",
    "af:border_crossing:spin-boldak": "Spin Boldak",
    "pk:border_crossing:ghulam-khan": "Ghulam Khan",
    "pk:border_crossing:angoor-adda": "Angoor Adda",
}
PARTY_FILL = "#eceef1"
NEIGHBOUR_FILL = "#fafafa"
_INK = "#374151"
_MUTED = "#9ca3af"
_MARK = "#1f2937"
# Marker look by incident status: (facecolor, edgecolor, marker). Firmer evidence is drawn darker.
STATUS_STYLE = {
    "reported": ("white", _MARK, "o"),
    "contested": ("#b8bcc3", _MARK, "D"),
    "corroborated": ("#4b5563", _MARK, "o"),
    "confirmed": (_MARK, "white", "o"),
}


@dataclass(frozen=True)
class MapPoint:
    label: str  # "I3"
    lat: float
    lon: float
    status: str
    killed: int = 0  # largest best estimate of people killed, for the marker size


@lru_cache(maxsize=1)
def load_boundaries() -> dict:
    return json.loads(BOUNDARIES_FILE.read_text(encoding="utf-8"))


def in_data_frame(point: MapPoint) -> bool:
    """Whether the boundary data covers the point (an incident in Doha or Istanbul cannot be drawn)."""
    lon0, lat0, lon1, lat1 = load_boundaries()["frame"]
    return lon0 <= point.lon <= lon1 and lat0 <= point.lat <= lat1


def _frame(points: Sequence[MapPoint]) -> tuple[float, float, float, float]:
    lon0, lat0, lon1, lat1 = 62.0, 28.2, 75.0, 37.2  # the frontier, both capitals, Kandahar, Quetta
    for p in points:  # widen (within the data's frame) when an incident lies outside the default view
        lon0, lon1 = min(lon0, p.lon - 0.8), max(lon1, p.lon + 0.8)
        lat0, lat1 = min(lat0, p.lat - 0.8), max(lat1, p.lat + 0.8)
    f = load_boundaries()["frame"]
    return max(lon0, f[0]), max(lat0, f[1]), min(lon1, f[2]), min(lat1, f[3])


def incident_map_png(
    points: Sequence[MapPoint],
    *,
    places: Sequence[Place] = (),
    parties_countries: Sequence[str] = ("AF", "PK"),
    dpi: int = 200,
    width: float = 5.6,
) -> bytes:
    """The map as PNG bytes (the same data gives the same bytes). Points outside the boundary data's
    frame are left out (``in_data_frame``): the caller lists them."""
    points = [p for p in points if in_data_frame(p)]
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Polygon

    lon0, lat0, lon1, lat1 = _frame(points)
    aspect = 1 / math.cos(math.radians((lat0 + lat1) / 2))
    height = width * (lat1 - lat0) * aspect / (lon1 - lon0)
    figure = Figure(figsize=(width, min(height, 7.5) + 0.45), dpi=dpi, layout="constrained")
    FigureCanvasAgg(figure)
    ax = figure.add_subplot()
    ax.set_facecolor("#f4f6f8")  # water and beyond the frame: a pale neutral

    boundaries = load_boundaries()
    for feature in boundaries["features"]:
        iso2 = feature["properties"]["iso2"]
        party = iso2 in parties_countries
        for polygon in feature["geometry"]["coordinates"]:
            ax.add_patch(
                Polygon(
                    polygon[0],
                    closed=True,
                    facecolor=PARTY_FILL if party else NEIGHBOUR_FILL,
                    edgecolor="#6b7280" if party else "#c3c7cd",
                    linewidth=0.9 if party else 0.5,
                    zorder=1 if not party else 2,
                )
            )
    _country_labels(ax, boundaries, parties_countries, (lon0, lat0, lon1, lat1))

    from matplotlib import patheffects

    halo = [patheffects.withStroke(linewidth=2, foreground="white")]
    by_id = {p.id: p for p in places}
    for place_id in REFERENCE_CITIES:
        place = by_id.get(place_id)
        if place is None or place.lat is None or place.lon is None:
            continue
        ax.plot(place.lon, place.lat, marker="s", markersize=2.6, color="#6b7280", zorder=3)
        ax.annotate(
            place.name,
            (place.lon, place.lat),
            xytext=(-3, 2),
            textcoords="offset points",
            ha="right",
            fontsize=6.2,
            color="#4b5563",
            zorder=7,
            path_effects=halo,
        )
    for place in places:
        if place.feature != "border_crossing" or place.lat is None or place.lon is None:
            continue
        ax.plot(
            place.lon,
            place.lat,
            marker="^",
            markersize=3.2,
            color="white",
            markeredgecolor="#6b7280",
            markeredgewidth=0.7,
            zorder=3,
        )
        name = LABELLED_CROSSINGS.get(place.id)
        if name:
            west = place.id.startswith("af:")
            ax.annotate(
                name,
                (place.lon, place.lat),
                xytext=(-3 if west else 3, -7),
                textcoords="offset points",
                fontsize=5.8,
                color="#6b7280",
                style="italic",
                zorder=7,
                ha="right" if west else "left",
                path_effects=halo,
            )

    placed: dict[tuple[float, float], int] = {}
    for point in sorted(points, key=lambda p: (-p.killed, p.label)):
        face, edge, marker = STATUS_STYLE.get(point.status, STATUS_STYLE["reported"])
        size = 5 + 2.2 * math.sqrt(max(point.killed, 0))
        key = (round(point.lat, 1), round(point.lon, 1))
        stacked = placed.get(key, 0)
        placed[key] = stacked + 1
        ax.plot(
            point.lon,
            point.lat,
            marker=marker,
            markersize=min(size, 20),
            markerfacecolor=face,
            markeredgecolor=edge,
            markeredgewidth=0.9,
            alpha=0.92,
            zorder=5,
        )
        ax.annotate(
            point.label,
            (point.lon, point.lat),
            xytext=(6 + 2 * min(size, 20) / 3, 4 - 9 * stacked),
            textcoords="offset points",
            fontsize=7,
            fontweight="bold",
            color=_MARK,
            zorder=6,
            bbox={"boxstyle": "round,pad=0.12", "facecolor": "white", "edgecolor": "none", "alpha": 0.75},
        )

    ax.set_xlim(lon0, lon1)
    ax.set_ylim(lat0, lat1)
    ax.set_aspect(aspect)
    ax.tick_params(labelsize=6, colors="#6b7280", length=2)
    ax.set_xticks(range(math.ceil(lon0), int(lon1) + 1, 2))
    ax.set_yticks(range(math.ceil(lat0), int(lat1) + 1, 2))
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:g}°E")
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:g}°N")
    for spine in ax.spines.values():
        spine.set_color(_MUTED)
    _scale_bar(ax, lon0, lat0, lon1, lat1)

    handles = [
        Line2D(
            [],
            [],
            linestyle="",
            marker=STATUS_STYLE[s][2],
            markersize=6,
            markerfacecolor=STATUS_STYLE[s][0],
            markeredgecolor=STATUS_STYLE[s][1],
            label=s,
        )
        for s in ("reported", "contested", "corroborated", "confirmed")
    ]
    handles += [
        Line2D(
            [],
            [],
            linestyle="",
            marker="^",
            markersize=4.5,
            markerfacecolor="white",
            markeredgecolor="#6b7280",
            label="border crossing",
        ),
        Line2D([], [], linestyle="", marker="s", markersize=3, color="#6b7280", label="city"),
    ]
    figure.legend(
        handles=handles,
        loc="outside lower center",
        ncols=6,
        fontsize=6.5,
        frameon=False,
        title="incident status (marker area: people killed, best estimate)",
        title_fontsize=6.5,
        handletextpad=0.3,
        columnspacing=1.1,
    )
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def _country_labels(ax, boundaries, parties_countries, frame) -> None:
    lon0, lat0, lon1, lat1 = frame
    for feature in boundaries["features"]:
        iso2 = feature["properties"]["iso2"]
        rings = [polygon[0] for polygon in feature["geometry"]["coordinates"]]
        ring = max(rings, key=_area)
        cx, cy = _centroid(ring)
        if not (lon0 + 0.5 < cx < lon1 - 0.5 and lat0 + 0.5 < cy < lat1 - 0.5):
            continue
        party = iso2 in parties_countries
        ax.text(
            cx,
            cy,
            feature["properties"]["name"].upper(),
            ha="center",
            va="center",
            fontsize=8.5 if party else 6.5,
            color="#9ca3af" if party else "#c3c7cd",
            fontweight="bold" if party else "normal",
            alpha=0.9,
            zorder=2.5,
        )


def _area(ring) -> float:
    return abs(sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:] + ring[:1], strict=True))) / 2


def _centroid(ring) -> tuple[float, float]:
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if a == 0:
        return ring[0][0], ring[0][1]
    return cx / (3 * a), cy / (3 * a)


def _scale_bar(ax, lon0, lat0, lon1, lat1) -> None:
    km = 200
    lat = lat0 + (lat1 - lat0) * 0.05
    degrees = km / (111.32 * math.cos(math.radians(lat)))
    x = lon0 + (lon1 - lon0) * 0.04
    ax.plot([x, x + degrees], [lat, lat], color=_INK, linewidth=1.6, solid_capstyle="butt", zorder=6)
    ax.text(
        x + degrees / 2,
        lat + (lat1 - lat0) * 0.012,
        f"{km} km",
        ha="center",
        va="bottom",
        fontsize=6.2,
        color=_INK,
        zorder=6,
    )
