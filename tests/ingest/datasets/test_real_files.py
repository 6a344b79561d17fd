"""The importers against real exports others made (../shared/data/real; skipped when absent)."""

from __future__ import annotations

from collections import Counter

import pytest

from pledgewatch.ingest.datasets import open_dataset
from pledgewatch.models import Claim

from .conftest import outcomes

BALOCHISTAN = "acled_balochistan_2020-2024_somaiyahhafeez.csv"
OLD_ACLED = "acled_africa_2016-07_oldschema_aschharwood.csv"
UCDP = "ucdp_ged_v23_afghanistan_subset_krutikpatel.csv"
GTD = "gtd_0718dist_truncated_1970-1972_premush.csv"


def _summary(rows):
    problems = Counter(p.reason for o in rows for p in o.problems)
    claims = [o.claim for o in rows if o.claim_data is not None]  # validates every claim
    assert all(isinstance(c, Claim) for c in claims)
    return claims, problems


def test_reduced_acled_file_balochistan(real_data_dir, context):
    dataset, rows = outcomes(real_data_dir / BALOCHISTAN, context)
    assert dataset.format.name == "acled"
    assert dataset.source.encoding == "utf-8"
    claims, problems = _summary(rows)
    assert len(rows) == 1705 and len(claims) == 1705 and not problems
    # no event_id_cnty: ids from a hash of the row, stable and unique
    assert len({c.id for c in claims}) == 1705 and all(c.id.startswith("acled_r") for c in claims)
    quetta = [
        c
        for c in claims
        if c.event.date.start.isoformat() == "2024-11-09" and c.event.location.name == "Quetta"
    ]
    assert len(quetta) == 1
    station = quetta[0]
    assert station.event.type == "suicide_bomb"
    assert [(c.outcome, c.group, c.low, c.high) for c in station.casualties] == [
        ("killed", "unknown", 26, 26)
    ]
    assert station.event.location.country == "PK"  # no country column: from admin1 via the gazetteer
    assert station.event.location.admin1 == "Balochistan" and station.event.location.admin2 == "Quetta"
    assert (station.event.location.lat, station.event.location.lon) == (30.1999, 67.0097)
    assert [(a.name, a.actor, a.role) for a in station.event.actors] == [
        ("BLA: Baloch Liberation Army", "BLA", "perpetrator"),
        ("Civilians (Pakistan)", "CIV", "target"),
    ]
    assert "civilian_targeting" in station.event.tags
    assert "Quetta Railway Station" in station.text and station.speaker is None
    assert station.kind == "event_report" and station.extractor == "pledgewatch.datasets.acled/1"
    musakhel = [
        c for c in claims if c.event.date.start.isoformat() == "2024-08-26" and c.casualties[0].low == 23
    ]
    assert len(musakhel) == 1
    # never a substring guess: "Baloch Separatists (Pakistan)" is not the Pakistani state
    names = {(a.name, a.actor) for c in claims for a in c.event.actors}
    assert ("Baloch Separatists (Pakistan)", None) in names
    assert ("Police Forces of Pakistan (2022-) Frontier Corps", "PAK.MIL") in names
    assert ("Police Forces of Pakistan (2022-)", "PAK.POL") in names


def test_spans_give_the_file_back(real_data_dir, context):
    path = real_data_dir / BALOCHISTAN
    text = path.read_text(encoding="utf-8")
    _, rows = outcomes(path, context)
    for outcome in rows[:50] + rows[-50:]:
        start, end = outcome.claim_data["span"]
        assert text[start:end] == outcome.claim_data["text"]


def test_old_acled_schema_types_are_mapped(real_data_dir, context):
    dataset, rows = outcomes(real_data_dir / OLD_ACLED, context)
    claims, problems = _summary(rows)
    assert len(claims) == 500 and not problems
    assert {c.id for c in claims} >= {"acled_8188RTA", "acled_8087RTA"}
    types = Counter(c.event.type for c in claims)
    assert None not in types
    by_id = {c.id: c for c in claims}
    # "Remote violence" + "mortar attack" in the notes
    assert by_id["acled_8087RTA"].event.type == "shelling_artillery_missile_attack"
    assert by_id["acled_8087RTA"].event.location.country == "SO"
    # "Battle-Government regains territory", with the ally_actor_1 column kept as an actor
    regains = by_id["acled_8015RTA"]
    assert regains.event.type == "government_regains_territory"
    assert "Misratah Communal Militia (Libya)" in [a.name for a in regains.event.actors]
    assert types["armed_clash"] == 106  # every "Battle-No change of territory"
    assert types["peaceful_protest"] + types["violent_demonstration"] + types["mob_violence"] > 150
    assert all(c.event.location.precision in (1, 2, 3) for c in claims)
    assert {c.event.date.precision for c in claims} == {"day", "week"}  # time_precision 1 and 2


def test_ucdp_subset(real_data_dir, context):
    dataset, rows = outcomes(real_data_dir / UCDP, context)
    assert dataset.format.name == "ucdp-ged"
    claims, problems = _summary(rows)
    assert len(rows) == 3317 and len(claims) == 3317
    # 211 rows whose low/best/high are out of order are imported and reported
    assert problems == {"inconsistent_estimates": 211}
    # three rows identical apart from the unnamed index column get the same id (reported at import)
    assert len({c.id for c in claims}) == 3314
    types = Counter(c.event.type for c in claims)
    assert types == {"armed_clash": 3146, "attack": 171}  # State + Non-State, One-Sided
    first = claims[0]
    assert first.event.location.country == "AF" and first.event.location.name == "Hutal (Maywand) town"
    # deaths_b = 6 for Taleban, the only side with deaths: the row's range applies to it
    assert [(c.group, c.side, c.low, c.high) for c in first.casualties] == [("militants", "AFG", 6, 6)]
    # 2020: "Government of Afghanistan" is the Islamic Republic, not the Islamic Emirate (AFG)
    assert [(a.name, a.actor) for a in first.event.actors] == [
        ("Government of Afghanistan", None),
        ("Taleban", "AFG"),
    ]
    one_sided = [c for c in claims if c.event.type == "attack"]
    assert all(c.event.actors[0].role == "perpetrator" for c in one_sided)
    assert all("civilian_targeting" in c.event.tags for c in one_sided)


def test_gtd_cp1252_and_cut_off_last_row(real_data_dir, context):
    dataset = open_dataset(real_data_dir / GTD)
    assert dataset.format.name == "gtd" and dataset.source.encoding == "cp1252"
    assert any("not UTF-8" in notice for notice in dataset.notices)
    rows = list(dataset.rows(context))
    claims, problems = _summary(rows)
    assert len(rows) == 1210 and len(claims) == 1209
    assert problems == {"truncated_row": 1}
    last = rows[-1]
    assert last.claim_data is None and last.line == 1211
    assert "cut off" in str(last.problems[0])
    first = claims[0]
    assert first.id == "gtd_197000000001"
    assert first.event.type == "attack" and "targeted_killing" in first.event.tags  # Assassination
    assert first.event.location.country == "DO" and first.event.location.name == "Santo Domingo"
    assert [(c.outcome, c.low) for c in first.casualties] == [("killed", 1), ("injured", 0)]
    second = claims[1]  # imonth 0, iday 0: the year
    assert second.event.date.precision == "year" and second.event.type == "abduction_forced_disappearance"
    assert any("é" in c.text or "ñ" in c.text for c in claims)  # decoded as cp1252, not mojibake
    countries = Counter(c.event.location.country for c in claims)
    assert countries["US"] > 700 and countries["DE"] > 30 and None not in countries


def test_monthly_counts_file_is_refused_with_a_clear_message(real_data_dir):
    from pledgewatch.errors import IngestError

    with pytest.raises(IngestError, match="cannot tell which event dataset") as caught:
        open_dataset(real_data_dir / "acled_balochistan_monthly_counts_2020-2024_somaiyahhafeez.csv")
    assert "month, event_count" in caught.value.message
