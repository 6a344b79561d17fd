"""Blocking never hides a matching pair; the evidence rules on hand-built pairs."""

from __future__ import annotations

import random
from datetime import date, timedelta
from itertools import combinations

from pledgewatch.models import DateRange, Location, Source
from pledgewatch.reconcile import ClaimContext, blocking, compare, place_claim
from pledgewatch.reconcile.blocking import BlockingStats, candidate_pairs
from pledgewatch.reconcile.matching import MATCH_THRESHOLD, norm_name, types_compatible
from tests.reconcile.builders import (
    ACLED,
    DAWN,
    HAYATABAD,
    ISPR,
    KP_POLICE,
    NEWS,
    PESHAWAR_CITY,
    actor,
    claim,
    clusters,
    contexts,
    day,
    fig,
    run,
)

PLACES = [
    Location(
        name="Kurram",
        country="PK",
        admin1="Khyber Pakhtunkhwa",
        admin2="Kurram",
        precision=2,
        lat=33.75,
        lon=70.1,
    ),
    Location(
        name="Parachinar",
        country="PK",
        admin1="Khyber Pakhtunkhwa",
        admin2="Kurram",
        precision=1,
        lat=33.9,
        lon=70.1,
    ),
    Location(
        name="Khyber Pakhtunkhwa", country="PK", admin1="Khyber Pakhtunkhwa", precision=3, lat=34.5, lon=71.5
    ),
    Location(name="Kurram", country="PK"),
    Location(
        name="Chaman", country="PK", admin1="Balochistan", admin2="Chaman", precision=2, lat=30.9, lon=66.45
    ),
    Location(
        name="Spin Boldak",
        country="AF",
        admin1="Kandahar",
        admin2="Spin Boldak",
        precision=2,
        lat=31.01,
        lon=66.4,
    ),
    Location(name="a village near Spin Boldak", country="AF", precision=1, lat=31.05, lon=66.38),
    Location(name="Khost", country="AF", admin1="Khost", precision=2, lat=33.35, lon=69.9),
]
TYPES = ["armed_clash", "shelling_artillery_missile_attack", "air_drone_strike", "suicide_bomb", None]


def _crowded_claims():
    """160 claims on seven places in twelve days: far denser than any corpus."""
    rng = random.Random(7)
    claims = []
    for n in range(160):
        when = date(2025, 10, 1) + timedelta(days=rng.randrange(12))
        span = rng.choice([0, 0, 0, 1, 6])
        claims.append(
            claim(
                f"c{n:03d}",
                "d_dawn",
                etype=rng.choice(TYPES),
                where=rng.choice(PLACES),
                when=DateRange(start=when, end=when + timedelta(days=span), precision="day"),
                tags=rng.choice([[], [], ["cross_border"]]),
            )
        )
    ctx = ClaimContext(document_id="d_dawn", source=DAWN)
    placed = [place_claim(c, ctx) for c in claims]
    return [p for p in placed if not isinstance(p, str)]


def test_blocking_finds_every_pair_that_matches(monkeypatch):
    # below the density cap blocking is exact; this crowd is above it, so lift the cap
    monkeypatch.setattr(blocking, "MAX_CANDIDATES", 10_000)
    placed = _crowded_claims()
    assert len(placed) > 140
    stats = BlockingStats()
    blocked = set(candidate_pairs(placed, 2, stats))
    assert stats.capped == 0
    for i, j in combinations(range(len(placed)), 2):
        score = compare(placed[i], placed[j], window_days=2, contested_ratio=1.5)
        if score is not None and score >= MATCH_THRESHOLD:
            assert (i, j) in blocked, (placed[i].claim.id, placed[j].claim.id)
    assert len(blocked) < len(placed) * (len(placed) - 1) // 2 / 3  # and it does prune


def test_blocking_never_pairs_event_types_that_cannot_match():
    placed = _crowded_claims()
    for i, j in candidate_pairs(placed, 2):
        assert types_compatible(placed[i].etype, placed[j].etype)
    assert not types_compatible("air_drone_strike", "peaceful_protest")
    assert types_compatible("armed_clash", "shelling_artillery_missile_attack")  # related
    assert types_compatible("suicide_bomb", "air_drone_strike")  # same family
    assert types_compatible(None, "peaceful_protest")


def test_blocking_caps_candidates_per_claim_and_keeps_the_nearest(monkeypatch):
    monkeypatch.setattr(blocking, "MAX_CANDIDATES", 5)
    placed = _crowded_claims()
    stats = BlockingStats()
    pairs = list(candidate_pairs(placed, 2, stats))
    assert stats.capped > 0 and stats.dropped > 0
    # each claim chooses at most 5 partners per look-up: its district sweep, its province, its
    # place names (up to three), its grid cells
    assert len(pairs) <= 6 * 5 * len(placed)
    # the same crowd uncapped finds more
    monkeypatch.setattr(blocking, "MAX_CANDIDATES", 10_000)
    assert len(set(candidate_pairs(placed, 2))) > len(set(pairs))


def test_place_names_normalise_dataset_spellings():
    assert norm_name("Khyber Pakhtunkhwa province") == norm_name("Khyber-Pakhtunkhwa")
    assert norm_name("Bajaur District") == norm_name("bajaur")
    assert norm_name("Dera Ismail Khan") == "dera ismail khan"


def test_two_nearby_attacks_on_the_same_day_stay_apart():
    """An IED on a police van in Hayatabad and a grenade on a shop in the old city, 12 km apart."""
    ied = {"etype": "remote_explosive_landmine_ied", "where": HAYATABAD, "when": day(21)}
    grenade = {"etype": "grenade", "where": PESHAWAR_CITY, "when": day(21)}
    claims = [
        claim(
            "i_police", "d_police", casualties=[fig(2, "PAK.POL")], actors=[actor("PAK.POL", "target")], **ied
        ),
        claim("i_dawn", "d_dawn", casualties=[fig(2, "PAK.POL")], actors=[actor("PAK.POL", "target")], **ied),
        claim(
            "g_police",
            "d_police",
            casualties=[fig(1, group="civilians")],
            actors=[actor("CIV", "target")],
            **grenade,
        ),
        claim(
            "g_dawn",
            "d_dawn2",
            casualties=[fig(1, group="civilians")],
            actors=[actor("CIV", "target")],
            **grenade,
        ),
    ]
    ctx = contexts(d_police=KP_POLICE, d_dawn=DAWN, d_dawn2=DAWN)
    assert clusters(run(claims, ctx)) == [["g_dawn", "g_police"], ["i_dawn", "i_police"]]


def test_evidence_explains_the_score():
    ctx = ClaimContext(document_id="d", source=Source(name="Dawn", kind="independent_media"))
    a = place_claim(claim("a", "d", casualties=[fig(23, "PAK.MIL")]), ctx)
    b = place_claim(claim("b", "d", when=day(13), casualties=[fig(25, "PAK.MIL")]), ctx)
    evidence: list = []
    score = compare(a, b, window_days=2, contested_ratio=1.5, evidence=evidence)
    assert score == sum(points for _, points, _ in evidence)
    kinds = {kind: text for kind, _, text in evidence}
    assert kinds["date"] == "dates 1 day apart"
    assert kinds["type"] == "same type armed_clash"
    assert kinds["place"].startswith("same admin1 and admin2")
    assert "figures agree" in kinds["figures"]
    far = place_claim(claim("c", "d", when=day(20)), ctx)
    evidence = []
    assert compare(a, far, window_days=2, contested_ratio=1.5, evidence=evidence) is None
    assert evidence[-1][2] == "veto: dates 8 days apart (window 2)"


QUETTA = Location(
    name="Quetta", country="PK", admin1="Balochistan", admin2="Quetta", precision=1, lat=30.18, lon=67.0
)


def test_two_bombings_in_one_city_on_one_day_stay_apart():
    """A suicide car bomb on an FC vehicle in the morning and a motorcycle bomb at a market in the
    evening, both "in Quetta": two ACLED rows for the day and the outlets' reports of each."""
    suicide = {"etype": "suicide_bomb", "where": QUETTA, "when": day(21)}
    planted = {"etype": "remote_explosive_landmine_ied", "where": QUETTA, "when": day(21)}
    row_a = QUETTA.model_copy(update={"lat": 30.2036, "lon": 67.0122})
    row_b = QUETTA.model_copy(update={"lat": 30.1683, "lon": 66.9968})
    claims = [
        claim(
            "s_dawn", "d_dawn", casualties=[fig(4, "PAK.MIL")], actors=[actor("PAK.MIL", "target")], **suicide
        ),
        claim(
            "s_ispr", "d_ispr", casualties=[fig(4, "PAK.MIL")], actors=[actor("PAK.MIL", "target")], **suicide
        ),
        claim("s_acled", "d_acled_a", casualties=[fig(7, group="unknown")], **{**suicide, "where": row_a}),
        claim(
            "p_news",
            "d_news",
            casualties=[fig(2, group="civilians")],
            actors=[actor("CIV", "target")],
            **planted,
        ),
        claim("p_acled", "d_acled_b", casualties=[fig(2, group="unknown")], **{**planted, "where": row_b}),
    ]
    ctx = contexts(d_dawn=DAWN, d_ispr=ISPR, d_acled_a=ACLED, d_news=NEWS, d_acled_b=ACLED)
    assert clusters(run(claims, ctx)) == [["p_acled", "p_news"], ["s_acled", "s_dawn", "s_ispr"]]


def test_rows_of_one_dataset_on_one_day_are_two_events_but_days_of_one_event_may_join():
    ctx = contexts(d_a=ACLED, d_b=ACLED)
    a = place_claim(claim("a", "d_a", where=QUETTA, when=day(21)), ctx["d_a"])
    b = place_claim(claim("b", "d_b", where=QUETTA, when=day(21)), ctx["d_b"])
    next_day = place_claim(claim("c", "d_b", where=QUETTA, when=day(22)), ctx["d_b"])
    assert compare(a, b, window_days=2, contested_ratio=1.5) is None
    assert compare(a, next_day, window_days=2, contested_ratio=1.5) is not None


def test_an_attack_on_civilians_may_be_the_strike_another_source_reports():
    assert types_compatible("attack", "air_drone_strike")
    assert types_compatible("attack", "shelling_artillery_missile_attack")
    assert not types_compatible("air_drone_strike", "peaceful_protest")
