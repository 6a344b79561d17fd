"""GeoJSON of incidents: a FeatureCollection, one Point feature per incident, written as it is read.

Properties are the incident contract of ``export incidents --format jsonl`` (location without its
coordinates, which are the geometry) plus flat ``killed_low`` / ``killed_best`` / ``killed_high``
totals for styling maps. An incident without coordinates has ``geometry: null`` (valid GeoJSON; GIS
tools list it in the attribute table). Coordinates are WGS 84 longitude, latitude (RFC 7946).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from sqlalchemy.engine import Engine

from pledgewatch.models import Incident

PAGE_SIZE = 1000


def killed_totals(incident: Incident) -> tuple[int | None, int | None, int | None]:
    """Deaths low / best / high: the larger of the unknown-group figure and the other groups' sum."""
    killed = [e for e in incident.estimates if e.outcome == "killed"]
    if not killed:
        return None, None, None

    def total(values: list[int | None], unknown: list[int | None]) -> int | None:
        if any(v is None for v in values + unknown):
            return None
        return max(sum(unknown), sum(values))  # type: ignore[arg-type]

    groups = [e for e in killed if e.group != "unknown"]
    unknown = [e for e in killed if e.group == "unknown"]
    return (
        total([e.low for e in groups], [e.low for e in unknown]),
        total([e.best for e in groups], [e.best for e in unknown]),
        total([e.high for e in groups], [e.high for e in unknown]),
    )


def incident_feature(incident: Incident) -> dict:
    properties = incident.contract_dict()
    location = incident.location
    geometry = None
    if location is not None and location.lat is not None and location.lon is not None:
        geometry = {"type": "Point", "coordinates": [location.lon, location.lat]}
    if properties.get("location"):
        properties["location"] = {
            k: v for k, v in location.model_dump(mode="json").items() if k not in ("lat", "lon")
        }
    low, best, high = killed_totals(incident)
    properties.update({"killed_low": low, "killed_best": best, "killed_high": high})
    return {"type": "Feature", "id": incident.id, "geometry": geometry, "properties": properties}


def iter_geojson_chunks(*, engine: Engine) -> Iterator[str]:
    """The FeatureCollection as text chunks (header, one feature per chunk, footer)."""
    from pledgewatch.store import list_incidents, session_scope

    yield '{"type": "FeatureCollection", "features": [\n'
    first = True
    offset = 0
    while True:
        with session_scope(engine) as session:
            page = list_incidents(session, limit=PAGE_SIZE, offset=offset)
        for incident in page:
            yield ("" if first else ",\n") + json.dumps(incident_feature(incident), ensure_ascii=False)
            first = False
        if len(page) < PAGE_SIZE:
            break
        offset += PAGE_SIZE
    yield "\n]}\n"
