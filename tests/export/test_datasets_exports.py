"""Exports for GIS and notebooks: ACLED CSV (round trip of an imported file), GeoJSON, Parquet."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from pledgewatch.config import Settings
from pledgewatch.export.acled import incident_row
from pledgewatch.export.formats import write_export
from pledgewatch.importing import import_events
from pledgewatch.ingest.datasets import ACLED_COLUMNS
from pledgewatch.models import ActorRef, DateRange, Estimate, Incident, IncidentClaim, Location
from pledgewatch.pipeline import open_store
from pledgewatch.store import replace_incidents, session_scope

BALOCHISTAN = "acled_balochistan_2020-2024_somaiyahhafeez.csv"
OLD_ACLED = "acled_africa_2016-07_oldschema_aschharwood.csv"


@pytest.fixture
def engine(tmp_path):
    engine = open_store(f"sqlite:///{tmp_path / 'store.db'}")
    yield engine
    engine.dispose()


def _incident(**fields) -> Incident:
    values = {
        "id": "inc_1",
        "type": "suicide_bomb",
        "tags": ["civilian_targeting"],
        "date": DateRange(start=date(2024, 11, 9), end=date(2024, 11, 9), precision="day"),
        "location": Location(
            name="Quetta",
            country="PK",
            admin1="Balochistan",
            admin2="Quetta",
            lat=30.1999,
            lon=67.0097,
            precision=1,
        ),
        "actors": [
            ActorRef(name="BLA: Baloch Liberation Army", actor="BLA", role="perpetrator"),
            ActorRef(name="Civilians (Pakistan)", actor="CIV", role="target"),
        ],
        "status": "corroborated",
        "reason": "two sources",
        "rule": "reconcile/v0",
        "estimates": [
            Estimate(outcome="killed", group="unknown", low=26, best=26, high=32, rule="r"),
            Estimate(outcome="killed", group="civilians", low=12, best=12, high=14, rule="r"),
            Estimate(outcome="killed", group="security_forces", low=14, best=14, high=14, rule="r"),
        ],
        "sources": 2,
        "claims": [IncidentClaim(claim_id="c1", document_id="sha256:" + "0" * 64, source="ACLED")],
    }
    values.update(fields)
    return Incident(**values)


def _export(engine, what, fmt, tmp_path):
    out = tmp_path / f"{what}.{fmt}"
    count = write_export(what, fmt, engine=engine, out=out)
    return count, out


def test_acled_csv_round_trip_of_an_imported_file(engine, real_data_dir, tmp_path):
    path = real_data_dir / BALOCHISTAN
    import_events(path, engine=engine, settings=Settings())
    count, out = _export(engine, "claims", "acled-csv", tmp_path)
    assert count == 1705
    with out.open(encoding="utf-8", newline="") as handle:
        exported = list(csv.DictReader(handle))
    assert list(exported[0]) == list(ACLED_COLUMNS)
    with path.open(encoding="utf-8", newline="") as handle:
        original = list(csv.DictReader(handle))
    shared = [c for c in original[0] if c in ACLED_COLUMNS]  # the reduced file's columns
    assert len(shared) == 15
    assert [{c: row[c] for c in shared} for row in exported] == [
        {c: row[c] for c in shared} for row in original
    ]
    # columns the reduced file lacks are filled from the model
    assert {row["country"] for row in exported} == {"Pakistan"} and {row["iso"] for row in exported} == {
        "586"
    }


def test_acled_csv_old_schema_keeps_ally_actors(engine, real_data_dir, tmp_path):
    import_events(real_data_dir / OLD_ACLED, engine=engine, settings=Settings())
    _, out = _export(engine, "claims", "acled-csv", tmp_path)
    with out.open(encoding="utf-8", newline="") as handle:
        exported = {row["event_id_cnty"]: row for row in csv.DictReader(handle)}
    row = exported["8015RTA"]
    assert row["sub_event_type"] == "Government regains territory" and row["event_type"] == "Battles"
    assert row["assoc_actor_1"] == "Misratah Communal Militia (Libya)"
    assert row["fatalities"] == "3" and row["country"] == "Libya" and row["geo_precision"] == "1"


def test_edited_values_show_in_the_export(engine, tmp_path):
    from pledgewatch.export.acled import claim_row
    from pledgewatch.models import Claim

    claim = Claim.model_validate(
        {
            "id": "x",
            "kind": "event_report",
            "text": "t",
            "span": (0, 1),
            "confidence": 1,
            "event": {
                "type": "grenade",
                "location": {"name": "Pasni", "country": "PK", "lat": 25.25, "lon": 63.4},
            },
            "casualties": [{"outcome": "killed", "group": "unknown", "low": 2, "high": 2}],
        }
    )
    row = claim_row(
        claim, source="Dawn", original={"latitude": "25.2500", "location": "Pasni", "fatalities": "1"}
    )
    assert row["latitude"] == "25.2500"  # same number: the original spelling
    assert row["fatalities"] == "2"  # edited: the model's value
    assert row["event_type"] == "Explosions/Remote violence" and row["sub_event_type"] == "Grenade"


def test_incident_exports(engine, tmp_path):
    with session_scope(engine) as session:
        replace_incidents(
            session, incidents=[_incident(), _incident(id="inc_2", location=None, date=None, estimates=[])]
        )
    row = incident_row(_incident())
    assert row["fatalities"] == "26"  # max(unknown 26, 12 + 14)
    assert (
        row["actor1"] == "BLA: Baloch Liberation Army" and row["civilian_targeting"] == "Civilian targeting"
    )
    assert (row["iso"], row["country"], row["source"]) == ("586", "Pakistan", "ACLED")

    count, out = _export(engine, "incidents", "acled-csv", tmp_path)
    assert count == 2
    count, out = _export(engine, "incidents", "geojson", tmp_path)
    collection = json.loads(out.read_text(encoding="utf-8"))
    assert count == 2 and collection["type"] == "FeatureCollection"
    located = {f["id"]: f for f in collection["features"]}
    assert located["inc_1"]["geometry"] == {"type": "Point", "coordinates": [67.0097, 30.1999]}
    assert located["inc_1"]["properties"]["killed_best"] == 26
    assert located["inc_2"]["geometry"] is None

    import pyarrow.parquet as pq

    count, out = _export(engine, "incidents", "parquet", tmp_path)
    table = pq.read_table(out)
    assert count == 2 and table.num_rows == 2
    first = table.to_pylist()[0]
    assert (
        first["killed_low"] == 26 and first["killed_high"] == 32 and first["date_start"] == date(2024, 11, 9)
    )
    assert first["estimates"][0]["group"] == "unknown"


def test_export_format_errors(engine):
    from pledgewatch.errors import ExportError

    with pytest.raises(ExportError, match="cannot be exported as geojson"):
        write_export("claims", "geojson", engine=engine, out=None)
    with pytest.raises(ExportError, match="needs a file"):
        write_export("incidents", "parquet", engine=engine, out=None)


def test_empty_store_exports(engine, tmp_path):
    assert _export(engine, "incidents", "parquet", tmp_path)[0] == 0
    count, out = _export(engine, "incidents", "geojson", tmp_path)
    assert count == 0 and json.loads(out.read_text())["features"] == []
    buffer = io.StringIO()
    assert buffer.getvalue() == ""
