"""Shared helpers for the dataset importer tests: knowledge built once, files written on the fly."""

from __future__ import annotations

from pathlib import Path

import pytest

from pledgewatch.ingest.datasets import DatasetActors, MappingContext, open_dataset
from pledgewatch.knowledge.actors import ActorIndex, load_actors
from pledgewatch.knowledge.places import Gazetteer, load_places

ACLED_HEADER = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,"
    "assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,"
    "admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,"
    "tags,timestamp"
)


def acled_row(event_id: str = "PAK1", **values: str) -> str:
    """A current-schema ACLED row; keyword arguments override columns by name."""
    row = {
        "event_id_cnty": event_id,
        "event_date": "2024-11-09",
        "year": "2024",
        "time_precision": "1",
        "disorder_type": "Political violence",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Suicide bomb",
        "actor1": "BLA: Baloch Liberation Army",
        "assoc_actor_1": "",
        "inter1": "Rebel group",
        "actor2": "Civilians (Pakistan)",
        "assoc_actor_2": "",
        "inter2": "Civilians",
        "interaction": "Rebel group-Civilians",
        "civilian_targeting": "Civilian targeting",
        "iso": "586",
        "region": "Caspian",
        "country": "Pakistan",
        "admin1": "Balochistan",
        "admin2": "Quetta",
        "admin3": "Quetta",
        "location": "Quetta",
        "latitude": "30.1999",
        "longitude": "67.0097",
        "geo_precision": "1",
        "source": "Dawn; The Balochistan Post",
        "source_scale": "National",
        "notes": '"BLA claim five soldiers were killed, fatalities coded as 26."',
        "fatalities": "26",
        "tags": "",
        "timestamp": "1731400000",
    }
    row.update(values)
    return ",".join(row[c] for c in ACLED_HEADER.split(","))


@pytest.fixture(scope="session")
def context() -> MappingContext:
    return MappingContext(
        actors=DatasetActors.load(ActorIndex(load_actors())), gazetteer=Gazetteer(load_places())
    )


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_bytes(text.encode("utf-8"))
    return path


def outcomes(path: Path, context: MappingContext, **kwargs):
    dataset = open_dataset(path, **kwargs)
    return dataset, list(dataset.rows(context))
