"""Parquet of incidents: one row per incident, flat columns for analysis plus nested lists.

Written one row group per page of incidents, so a large store is never held in memory. Columns:
``id, type, family, tags (list), date_start, date_end, date_precision, location_name, country, admin1,
admin2, lat, lon, geo_precision, status, reason, rule, sources, killed_low, killed_best, killed_high,
estimates (list of structs), actors (list of structs), claims (list of structs)``.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from sqlalchemy.engine import Engine

from pledgewatch.export.geojson import killed_totals
from pledgewatch.models import Incident, event_family

PAGE_SIZE = 5000


def incident_schema():
    import pyarrow as pa

    estimate = pa.struct(
        [
            ("outcome", pa.string()),
            ("group", pa.string()),
            ("side", pa.string()),
            ("low", pa.int64()),
            ("best", pa.int64()),
            ("high", pa.int64()),
            ("rule", pa.string()),
        ]
    )
    actor = pa.struct([("name", pa.string()), ("actor", pa.string()), ("role", pa.string())])
    claim = pa.struct(
        [
            ("claim_id", pa.string()),
            ("document_id", pa.string()),
            ("source", pa.string()),
            ("speaker", pa.string()),
            ("relation", pa.string()),
        ]
    )
    return pa.schema(
        [
            ("id", pa.string()),
            ("type", pa.string()),
            ("family", pa.string()),
            ("tags", pa.list_(pa.string())),
            ("date_start", pa.date32()),
            ("date_end", pa.date32()),
            ("date_precision", pa.string()),
            ("location_name", pa.string()),
            ("country", pa.string()),
            ("admin1", pa.string()),
            ("admin2", pa.string()),
            ("lat", pa.float64()),
            ("lon", pa.float64()),
            ("geo_precision", pa.int8()),
            ("status", pa.string()),
            ("reason", pa.string()),
            ("rule", pa.string()),
            ("sources", pa.int64()),
            ("killed_low", pa.int64()),
            ("killed_best", pa.int64()),
            ("killed_high", pa.int64()),
            ("estimates", pa.list_(estimate)),
            ("actors", pa.list_(actor)),
            ("claims", pa.list_(claim)),
        ]
    )


def incident_record(incident: Incident) -> dict:
    where = incident.location
    when = incident.date
    low, best, high = killed_totals(incident)
    return {
        "id": incident.id,
        "type": incident.type,
        "family": event_family(incident.type),
        "tags": list(incident.tags),
        "date_start": when.start if when else None,
        "date_end": when.end if when else None,
        "date_precision": when.precision if when else None,
        "location_name": where.name if where else None,
        "country": where.country if where else None,
        "admin1": where.admin1 if where else None,
        "admin2": where.admin2 if where else None,
        "lat": where.lat if where else None,
        "lon": where.lon if where else None,
        "geo_precision": where.precision if where else None,
        "status": incident.status,
        "reason": incident.reason,
        "rule": incident.rule,
        "sources": incident.sources,
        "killed_low": low,
        "killed_best": best,
        "killed_high": high,
        "estimates": [
            {k: getattr(e, k) for k in ("outcome", "group", "side", "low", "best", "high", "rule")}
            for e in incident.estimates
        ],
        "actors": [{"name": a.name, "actor": a.actor, "role": a.role} for a in incident.actors],
        "claims": [link.model_dump(mode="json") for link in incident.claims],
    }


def write_incidents_parquet(*, engine: Engine, out: Path | BinaryIO) -> int:
    """Write every stored incident to ``out``; returns how many."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from pledgewatch.store import list_incidents, session_scope

    schema = incident_schema()
    count = 0
    offset = 0
    with pq.ParquetWriter(out, schema) as writer:
        while True:
            with session_scope(engine) as session:
                page = list_incidents(session, limit=PAGE_SIZE, offset=offset)
            if page or count == 0:
                writer.write_table(pa.Table.from_pylist([incident_record(i) for i in page], schema=schema))
            count += len(page)
            if len(page) < PAGE_SIZE:
                return count
            offset += PAGE_SIZE
