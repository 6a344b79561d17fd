"""Build the dashboard's offline base map from Natural Earth country outlines.

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python tools/build_basemap.py package/countries-50m.json

writes ``src/pledgewatch/web/static/basemap-afpak.json``: the outlines of Afghanistan, Pakistan and
their neighbours, clipped to the theatre's box, in degrees rounded to 0.01°. The dashboard projects
them itself; nothing is fetched at run time. world-atlas (ISC, Mike Bostock) redistributes Natural
Earth 1:50m Admin 0 (public domain), which draws de facto boundaries.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "pledgewatch" / "web" / "static" / "basemap-afpak.json"
# lon_min, lat_min, lon_max, lat_max: the theatre plus a margin
BOX = (58.5, 22.5, 79.5, 39.8)
COUNTRIES = {  # ISO 3166-1 numeric -> alpha-2; None id = Siachen Glacier (disputed)
    "004": "AF",
    "586": "PK",
    "364": "IR",
    "356": "IN",
    "156": "CN",
    "762": "TJ",
    "795": "TM",
    "860": "UZ",
    "417": "KG",
    None: "XS",
}


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arcs: list[list[tuple[float, float]]], indexes: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc[1:] if points else arc)
    return points


def clip(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Sutherland–Hodgman against BOX (a closed ring in, a closed ring out)."""
    lon_min, lat_min, lon_max, lat_max = BOX
    edges = [
        (lambda p: p[0] >= lon_min, lambda a, b: _at_x(a, b, lon_min)),
        (lambda p: p[0] <= lon_max, lambda a, b: _at_x(a, b, lon_max)),
        (lambda p: p[1] >= lat_min, lambda a, b: _at_y(a, b, lat_min)),
        (lambda p: p[1] <= lat_max, lambda a, b: _at_y(a, b, lat_max)),
    ]
    for inside, cross in edges:
        if not points:
            break
        result = []
        previous = points[-1]
        for current in points:
            if inside(current):
                if not inside(previous):
                    result.append(cross(previous, current))
                result.append(current)
            elif inside(previous):
                result.append(cross(previous, current))
            previous = current
        points = result
    return points


def _at_x(a, b, x):
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _at_y(a, b, y):
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def rounded(points: list[tuple[float, float]]) -> list[list[float]]:
    out: list[list[float]] = []
    for lon, lat in points:
        point = [round(lon, 2), round(lat, 2)]
        if not out or out[-1] != point:
            out.append(point)
    return out


def main(path: str) -> int:
    topology = json.loads(Path(path).read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        iso = COUNTRIES.get(geometry.get("id"), "")
        if not iso or (iso == "XS" and geometry["properties"]["name"] != "Siachen Glacier"):
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        rings = []
        for polygon in polygons:
            for indexes in polygon:
                clipped = rounded(clip(ring(arcs, indexes)))
                if len(clipped) >= 4:
                    rings.append(clipped)
        if rings:
            countries.append({"iso2": iso, "name": geometry["properties"]["name"], "rings": rings})
    payload = {
        "source": "Natural Earth 1:50m Admin 0 countries (public domain) via world-atlas 2.0.2 (ISC)",
        "note": "de facto boundaries; no position is taken on disputed borders (Durand Line, Kashmir)",
        "box": BOX,
        "countries": countries,
    }
    OUT.write_text(json.dumps(payload, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes, {sum(len(c['rings']) for c in countries)} rings)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
