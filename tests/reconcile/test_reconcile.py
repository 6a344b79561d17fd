"""Reconcile v0 on hand-built scenarios whose right answer is known."""

from __future__ import annotations

import itertools
import re
from datetime import date

import pytest

from pledgewatch.errors import ConfigError, PledgewatchError
from pledgewatch.models import ActorRef, Casualty, Claim, DateRange, Event, Location, Source
from pledgewatch.reconcile import RECONCILE_RULE, ClaimContext, reconcile

PARENTS = {"PAK.MIL": "PAK", "PAK.POL": "PAK", "AFG.MIL": "AFG"}


def ancestors(actor: str) -> list[str]:
    chain = [actor]
    while chain[-1] in PARENTS:
        chain.append(PARENTS[chain[-1]])
    return chain


ISPR = Source(name="ISPR", kind="party_military", affiliation="PAK.MIL")
IEA = Source(name="Islamic Emirate spokesman", kind="party_official", affiliation="AFG")
WIRE = Source(name="Wire", kind="independent_media")
DAWN = Source(name="Dawn", kind="independent_media")
UNAMA = Source(name="UNAMA", kind="intl_org")

KURRAM = Location(
    name="Kurram", country="PK", admin1="Khyber Pakhtunkhwa", admin2="Kurram", precision=1, lat=33.8, lon=70.1
)
BAJAUR = Location(
    name="Bajaur", country="PK", admin1="Khyber Pakhtunkhwa", admin2="Bajaur", precision=1, lat=34.8, lon=71.5
)
QUETTA = Location(
    name="Quetta", country="PK", admin1="Balochistan", admin2="Quetta", precision=1, lat=30.2, lon=67.0
)


def day(d: int, month: int = 10) -> DateRange:
    return DateRange(start=date(2025, month, d), end=date(2025, month, d), precision="day")


def killed(
    n: int, side: str | None, group: str = "security_forces", high: int | None | str = "same"
) -> Casualty:
    return Casualty(outcome="killed", group=group, side=side, low=n, high=n if high == "same" else high)


def claim(
    cid: str,
    doc: str,
    *,
    kind: str = "event_report",
    etype: str | None = "armed_clash",
    where: Location | None = KURRAM,
    when: DateRange | None = None,
    casualties: list[Casualty] = (),
    speaker: str | None = None,
    polarity: str = "asserted",
    actors: list[ActorRef] = (),
    text: str | None = None,
    tags: list[str] = (),
) -> Claim:
    return Claim(
        id=cid,
        kind=kind,
        text=text or f"sentence of {cid}",
        span=(0, 10),
        speaker=ActorRef(name=speaker or "", actor=speaker) if speaker else None,
        polarity=polarity,
        event=Event(
            type=etype,
            tags=list(tags),
            actors=list(actors),
            location=where,
            date=when if when is not None else day(12),
        ),
        casualties=list(casualties),
        confidence=0.9,
        document_id=doc,
    )


def contexts(**sources: Source) -> dict[str, ClaimContext]:
    return {
        doc: ClaimContext(document_id=doc, source=src, published=date(2025, 10, 12))
        for doc, src in sources.items()
    }


def run(claims, ctx, **kwargs):
    return reconcile(claims, contexts=ctx, ancestors=ancestors, **kwargs)


# --- the 12 Oct 2025 Kurram clash -------------------------------------------------------------


def kurram_claims() -> tuple[list[Claim], dict[str, ClaimContext]]:
    claims = [
        claim(
            "c_ispr",
            "d_ispr",
            casualties=[killed(23, "PAK.MIL")],
            actors=[ActorRef(name="Afghan Taliban", actor="AFG.MIL", role="perpetrator")],
        ),
        claim(
            "c_iea",
            "d_iea",
            speaker="AFG",
            casualties=[killed(58, "PAK")],
            actors=[ActorRef(name="Pakistani forces", actor="PAK.MIL", role="perpetrator")],
        ),
    ]
    return claims, contexts(d_ispr=ISPR, d_iea=IEA)


def test_two_parties_figures_make_one_contested_incident():
    claims, ctx = kurram_claims()
    result = run(claims, ctx)
    assert result.counts["incidents"] == 1 and result.counts["contested"] == 1
    incident = result.incidents[0]
    assert incident.status == "contested"
    assert [c.claim_id for c in incident.claims] == ["c_iea", "c_ispr"]
    (est,) = incident.estimates
    assert (est.outcome, est.group) == ("killed", "security_forces")
    assert (est.low, est.high) == (23, 58)
    assert est.best == 41  # median of 23 and 58 = 40.5, rounded half up; no independent figure
    assert "median(all; no independent figure)" in est.rule
    assert est.low_from == ["c_ispr"] and est.high_from == ["c_iea"] and est.best_from == ["c_iea", "c_ispr"]
    assert est.side == "PAK.MIL"  # one PAK.MIL, one PAK: tie goes to the more specific id
    assert incident.sources == 0
    assert "more than x1.5 apart" in incident.reason and "ISPR" in incident.reason
    assert incident.rule.startswith(RECONCILE_RULE)
    assert incident.type == "armed_clash"
    assert incident.location == KURRAM
    assert incident.date == day(12)
    assert {(a.actor, a.role) for a in incident.actors} == {
        ("AFG.MIL", "perpetrator"),
        ("PAK.MIL", "perpetrator"),
    }


def test_neutral_wire_adds_independent_source_and_sets_best():
    claims, ctx = kurram_claims()
    claims.append(claim("c_wire", "d_wire", casualties=[killed(23, "PAK.MIL")]))
    ctx |= contexts(d_wire=WIRE)
    incident = run(claims, ctx).incidents[0]
    assert incident.status == "contested"  # the parties still disagree
    assert incident.sources == 1
    (est,) = incident.estimates
    assert est.best == 23 and est.best_from == ["c_wire"] and "median(independent)" in est.rule
    relations = {c.claim_id: c.relation for c in incident.claims}
    assert relations == {"c_ispr": "supports", "c_wire": "supports", "c_iea": "conflicts"}


def test_one_party_confirmed_by_neutral_wire_is_corroborated():
    claims = [
        claim("c_ispr", "d_ispr", casualties=[killed(23, "PAK.MIL")]),
        claim("c_wire", "d_wire", casualties=[killed(23, "PAK.MIL")]),
    ]
    result = run(claims, contexts(d_ispr=ISPR, d_wire=WIRE))
    (incident,) = result.incidents
    assert incident.status == "corroborated" and incident.sources == 1
    assert result.counts["corroborated"] == 1
    assert "corroborated: 2 sources, 1 independent" in incident.reason


def test_independent_outlet_relaying_a_party_is_not_independent():
    claims = [
        claim("c_ispr", "d_ispr", casualties=[killed(23, "PAK.MIL")]),
        claim("c_dawn", "d_dawn", speaker="PAK.MIL", casualties=[killed(23, "PAK.MIL")]),
    ]
    (incident,) = run(claims, contexts(d_ispr=ISPR, d_dawn=DAWN)).incidents
    assert incident.status == "reported" and incident.sources == 0
    assert "none independent" in incident.reason


def test_perpetrator_claiming_responsibility_is_not_independent():
    ttp = [ActorRef(name="TTP", actor="TTP", role="perpetrator")]
    claims = [
        claim(
            "c_a",
            "d_wire",
            etype="suicide_bomb",
            speaker="TTP",
            actors=ttp,
            casualties=[killed(9, "PAK.POL")],
        ),
        claim(
            "c_b",
            "d_dawn",
            etype="suicide_bomb",
            speaker="TTP",
            actors=ttp,
            casualties=[killed(9, "PAK.POL")],
        ),
    ]
    (incident,) = run(claims, contexts(d_wire=WIRE, d_dawn=DAWN)).incidents
    assert incident.status == "reported" and incident.sources == 0


def test_syndicated_copies_count_as_one_source():
    text = "Militants attacked a checkpost in Kurram on Sunday, killing four soldiers, officials said."
    claims = [
        claim("c_a", "d_wire", text=text, casualties=[killed(4, "PAK.MIL")]),
        claim("c_b", "d_dawn", text=text, casualties=[killed(4, "PAK.MIL")]),
    ]
    (incident,) = run(claims, contexts(d_wire=WIRE, d_dawn=DAWN)).incidents
    assert incident.status == "reported" and incident.sources == 1
    assert "syndicated copies counted once: Dawn = Wire" in incident.reason


def test_attacks_in_different_provinces_same_day_are_two_incidents():
    claims = [
        claim("c_kp", "d_wire", etype="suicide_bomb", casualties=[killed(6, "PAK.POL")]),
        claim("c_bl", "d_dawn", etype="suicide_bomb", where=QUETTA, casualties=[killed(6, "PAK.POL")]),
    ]
    result = run(claims, contexts(d_wire=WIRE, d_dawn=DAWN))
    assert result.counts["incidents"] == 2
    assert sorted(len(i.claims) for i in result.incidents) == [1, 1]


def test_different_districts_of_one_province_are_two_incidents():
    claims = [
        claim("c_1", "d_wire", etype="suicide_bomb"),
        claim("c_2", "d_dawn", etype="suicide_bomb", where=BAJAUR),
    ]
    assert run(claims, contexts(d_wire=WIRE, d_dawn=DAWN)).counts["incidents"] == 2


def test_dates_five_days_apart_are_two_incidents():
    claims = [claim("c_1", "d_wire", when=day(10)), claim("c_2", "d_dawn", when=day(15))]
    assert run(claims, contexts(d_wire=WIRE, d_dawn=DAWN)).counts["incidents"] == 2
    within = [claim("c_1", "d_wire", when=day(10)), claim("c_2", "d_dawn", when=day(12))]
    (incident,) = run(within, contexts(d_wire=WIRE, d_dawn=DAWN)).incidents
    assert (incident.date.start, incident.date.end, incident.date.precision) == (
        date(2025, 10, 10),
        date(2025, 10, 12),
        "period",
    )


def test_complete_linkage_stops_chains_of_daily_reports():
    claims = [claim(f"c_{d}", f"d_{d}", when=day(d)) for d in (10, 12, 14)]
    ctx = contexts(d_10=WIRE, d_12=DAWN, d_14=UNAMA)
    result = run(claims, ctx)
    assert result.counts["incidents"] == 2  # 10 and 14 are 4 days apart: never one incident
    assert sorted(len(i.claims) for i in result.incidents) == [1, 2]


def test_different_event_families_do_not_join():
    claims = [claim("c_1", "d_wire", etype="armed_clash"), claim("c_2", "d_dawn", etype="air_drone_strike")]
    assert run(claims, contexts(d_wire=WIRE, d_dawn=DAWN)).counts["incidents"] == 2


def test_place_name_matches_when_admin1_is_missing():
    bare = Location(name="Kurram", country="PK")
    claims = [claim("c_1", "d_wire"), claim("c_2", "d_dawn", where=bare)]
    (incident,) = run(claims, contexts(d_wire=WIRE, d_dawn=DAWN)).incidents
    assert incident.location == KURRAM  # the more precise location wins


def test_input_order_is_irrelevant():
    claims, ctx = kurram_claims()
    claims += [
        claim("c_wire", "d_wire", casualties=[killed(23, "PAK.MIL")]),
        claim("c_q", "d_dawn", etype="suicide_bomb", where=QUETTA, casualties=[killed(6, "PAK.POL")]),
        claim("c_late", "d_dawn", when=day(20)),
    ]
    ctx |= contexts(d_wire=WIRE, d_dawn=DAWN)
    expected = run(claims, ctx)
    for order in itertools.permutations(claims):
        result = run(list(order), ctx)
        assert result.incidents == expected.incidents
        assert result.counts == expected.counts


def test_denial_makes_incident_contested():
    claims = [
        claim(
            "c_ispr",
            "d_ispr",
            etype="air_drone_strike",
            where=Location(name="Paktika", country="AF", admin1="Paktika", precision=2),
            casualties=[killed(30, "TTP", group="militants")],
        ),
        claim(
            "c_deny",
            "d_iea",
            kind="denial",
            polarity="denied",
            speaker="AFG",
            etype="air_drone_strike",
            where=Location(name="Paktika", country="AF", admin1="Paktika", precision=2),
        ),
    ]
    (incident,) = run(claims, contexts(d_ispr=ISPR, d_iea=IEA)).incidents
    assert incident.status == "contested"
    assert {c.claim_id: c.relation for c in incident.claims} == {"c_ispr": "supports", "c_deny": "denies"}
    assert "denies it [c_deny]" in incident.reason


def test_denied_figures_are_not_estimates():
    claims = [
        claim("c_wire", "d_wire", casualties=[killed(10, None, group="civilians")]),
        claim(
            "c_deny",
            "d_ispr",
            kind="denial",
            polarity="denied",
            casualties=[killed(50, None, group="civilians")],
        ),
    ]
    (incident,) = run(claims, contexts(d_wire=WIRE, d_ispr=ISPR)).incidents
    (est,) = incident.estimates
    assert (est.low, est.best, est.high) == (10, 10, 10)


def test_denial_alone_is_not_an_incident():
    claims = [claim("c_deny", "d_iea", kind="denial", polarity="denied", speaker="AFG")]
    result = run(claims, contexts(d_iea=IEA))
    assert result.incidents == [] and result.counts["denial_only"] == 1
    assert result.skipped == {"c_deny": "denial_only"}


def test_open_ended_high_and_side_grouping():
    claims = [
        claim("c_ispr", "d_ispr", casualties=[killed(200, "AFG.MIL", high=None)]),
        claim("c_iea", "d_iea", speaker="AFG", casualties=[killed(9, "AFG")]),
        claim("c_wire", "d_wire", casualties=[killed(9, "AFG.MIL"), killed(23, "PAK.MIL")]),
    ]
    incident = run(claims, contexts(d_ispr=ISPR, d_iea=IEA, d_wire=WIRE)).incidents[0]
    assert incident.status == "contested"
    afg, pak = incident.estimates  # ordered by first claim id stating the key: c_iea < c_wire
    assert (afg.side, afg.low, afg.best, afg.high) == ("AFG.MIL", 9, 9, 200)
    assert "open-ended" in afg.rule and "sides grouped under AFG" in afg.rule
    assert (pak.side, pak.low, pak.best, pak.high) == ("PAK.MIL", 23, 23, 23)
    assert {c.claim_id: c.relation for c in incident.claims}["c_ispr"] == "conflicts"


def test_unplaced_claims_are_counted_not_invented():
    claims = [
        claim("c_nodate", "d_wire", when=None),
        claim("c_noplace", "d_wire", where=None),
        claim("c_country", "d_wire", where=Location(name="Afghanistan", country="AF", precision=3)),
        claim(
            "c_month",
            "d_wire",
            when=DateRange(start=date(2025, 10, 1), end=date(2025, 10, 31), precision="month"),
        ),
        Claim(
            id="c_words",
            kind="commitment",
            text="Afghan soil will not be used",
            span=(0, 5),
            confidence=0.9,
            document_id="d_iea",
        ),
        claim("c_rejected", "d_wire").model_copy(update={"review": "rejected"}),
        claim("c_ok", "d_wire"),
    ]
    claims[0] = claims[0].model_copy(update={"event": claims[0].event.model_copy(update={"date": None})})
    result = run(claims, contexts(d_wire=WIRE, d_iea=IEA))
    assert result.counts["incidents"] == 1
    assert result.counts["claims_in"] == 7
    assert result.counts["unplaced"] == 4
    assert result.counts["claims_with_events"] == 5
    assert result.skipped == {
        "c_country": "unplaced_coarse_location",
        "c_month": "unplaced_coarse_date",
        "c_nodate": "unplaced_no_date",
        "c_noplace": "unplaced_no_location",
        "c_rejected": "rejected",
        "c_words": "not_an_event",
    }


def test_incident_id_is_stable_when_later_claims_join():
    claims, ctx = kurram_claims()
    before = run(claims, ctx).incidents[0].id
    ctx |= contexts(d_wire=WIRE)
    after = run([*claims, claim("c_zz", "d_wire")], ctx).incidents[0].id
    assert before == after and before.startswith("inc_")


def test_missing_context_and_bad_settings_are_clear_errors():
    with pytest.raises(PledgewatchError, match="no source context"):
        run([claim("c_1", "d_unknown")], {})
    with pytest.raises(ConfigError):
        run([], {}, contested_ratio=0.5)


# --- symmetry ---------------------------------------------------------------------------------

SWAP = {"PAK.MIL": "AFG.MIL", "AFG.MIL": "PAK.MIL", "PAK": "AFG", "AFG": "PAK", "PK": "AF", "AF": "PK"}
TOKEN = re.compile(r"\b(PAK\.MIL|AFG\.MIL|PAK|AFG|PK|AF)\b")


def swap(value):
    if isinstance(value, str):
        return TOKEN.sub(lambda m: SWAP[m.group(0)], value)
    if isinstance(value, dict):
        return {k: swap(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [swap(v) for v in value]
    return value


def test_swapping_party_names_swaps_reconcile_output_exactly():
    claims, ctx = kurram_claims()
    claims += [
        claim("c_wire", "d_wire", casualties=[killed(23, "PAK.MIL"), killed(9, "AFG.MIL")]),
        claim("c_ispr2", "d_ispr", casualties=[killed(200, "AFG.MIL", high=None)]),
        claim(
            "c_s",
            "d_iea",
            speaker="AFG",
            etype="air_drone_strike",
            where=Location(name="Paktika", country="AF", admin1="Paktika", precision=2),
            casualties=[killed(8, None, "civilians")],
        ),
        claim(
            "c_d",
            "d_ispr",
            kind="denial",
            polarity="denied",
            etype="air_drone_strike",
            where=Location(name="Paktika", country="AF", admin1="Paktika", precision=2),
        ),
    ]
    ctx |= contexts(d_wire=WIRE)
    swapped_claims = [Claim.model_validate(swap(c.model_dump(mode="json"))) for c in claims]
    swapped_ctx = {
        doc: ClaimContext(
            document_id=doc, source=Source.model_validate(swap(c.source.model_dump())), published=c.published
        )
        for doc, c in ctx.items()
    }
    original = run(claims, ctx)
    mirrored = run(swapped_claims, swapped_ctx, conflict_parties=("AFG", "PAK"))
    assert [swap(i.model_dump(mode="json")) for i in original.incidents] == [
        i.model_dump(mode="json") for i in mirrored.incidents
    ]
    assert original.counts == mirrored.counts
