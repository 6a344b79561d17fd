"""Actors, places and commitments are synced from the knowledge files: the store mirrors them."""

from __future__ import annotations

from datetime import date

import pytest

from pledgewatch.errors import StoreError
from pledgewatch.models import Actor, Commitment, Indicator, Place
from pledgewatch.store import (
    get_commitment,
    list_actors,
    list_commitments,
    list_places,
    session_scope,
    sync_actors,
    sync_commitments,
    sync_places,
)


def _commitment(commitment_id: str, **fields) -> Commitment:
    values = {
        "id": commitment_id,
        "obligor": "AFG",
        "beneficiaries": ["PAK"],
        "category": "no_safe_haven",
        "text": "will not allow any of its members ... to use the soil of Afghanistan",
        "made_on": date(2020, 2, 29),
        "instrument": "Doha Agreement, 29 Feb 2020, Part Two",
        "source_document": "doha-agreement-2020",
        "valid_from": date(2020, 2, 29),
        "indicators": [
            Indicator(
                id="ttp_attack_from_afghanistan",
                effect="breach",
                description="TTP attack launched from Afghan territory",
                event_types=["armed_clash", "attack"],
                perpetrators=["TTP"],
                origin_country="AF",
                target_country="PK",
                weight=1.5,
            )
        ],
        "benchmarks": ["camps_dismantled"],
    }
    values.update(fields)
    return Commitment(**values)


def test_sync_actors_adds_updates_and_removes(engine):
    pak = Actor(id="PAK", name="Pakistan", aliases=["Islamabad"], type="state", country="PK")
    mil = Actor(
        id="PAK.MIL", name="Pakistan Armed Forces", aliases=["ISPR"], type="state_force", parent="PAK"
    )
    ttp = Actor(id="TTP", name="Tehrik-e-Taliban Pakistan", aliases=["khwarij"], type="armed_group")
    with session_scope(engine) as session:
        sync_actors(session, actors=[pak, mil, ttp])
        assert list_actors(session) == [pak, mil, ttp]
    renamed = mil.model_copy(update={"aliases": ["ISPR", "Frontier Corps"]})
    with session_scope(engine) as session:
        sync_actors(session, actors=[renamed, pak])
    with session_scope(engine) as session:
        assert list_actors(session) == [pak, renamed]


def test_sync_places(engine):
    kurram = Place(
        id="PK.KP.kurram", name="Kurram", aliases=["Kurram Agency"], feature="admin2", country="PK",
        admin1="Khyber Pakhtunkhwa", lat=33.8, lon=70.1,
    )  # fmt: skip
    torkham = Place(id="AF.torkham", name="Torkham", feature="border_crossing", country="AF")
    with session_scope(engine) as session:
        sync_places(session, places=[kurram, torkham])
        sync_places(session, places=[torkham, kurram])
    with session_scope(engine) as session:
        assert list_places(session) == [torkham, kurram]
        sync_places(session, places=[kurram])
        assert list_places(session) == [kurram]


def test_commitments_round_trip_and_sync(engine):
    doha = _commitment("doha-2020-no-safe-haven")
    ceasefire = _commitment(
        "doha-2025-ceasefire", obligor="PAK", category="ceasefire", valid_to=date(2026, 4, 19), indicators=[]
    )
    with session_scope(engine) as session:
        sync_commitments(session, commitments=[doha, ceasefire])
    with session_scope(engine) as session:
        assert list_commitments(session) == [doha, ceasefire]  # by id
        assert get_commitment(session, commitment_id="doha-2020-no-safe-haven") == doha
        assert get_commitment(session, commitment_id="missing") is None
        sync_commitments(session, commitments=[ceasefire])
    with session_scope(engine) as session:
        assert list_commitments(session) == [ceasefire]


def test_repeated_ids_are_refused(engine):
    actor = Actor(id="TTP", name="TTP", type="armed_group")
    with pytest.raises(StoreError, match="actor ids repeated: TTP"), session_scope(engine) as session:
        sync_actors(session, actors=[actor, actor])
