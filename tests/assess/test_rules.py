"""saydo/0.2.0 rules on small hand-built scenarios whose right answer is known: denials and contested
incidents, claim indicators, benchmarks from the registry, and symmetry with benchmarks included."""

from __future__ import annotations

from datetime import date

import pytest

from pledgewatch.assess import STATUS_WEIGHTS, assess, read_status
from pledgewatch.assess.benchmarks import materialise, window_periods
from pledgewatch.assess.saydo import build_evidence
from pledgewatch.knowledge.benchmark_registry import load_benchmarks
from pledgewatch.models import (
    ActorRef,
    Benchmark,
    BenchmarkLevel,
    Claim,
    Commitment,
    Event,
    IncidentClaim,
    Indicator,
)
from tests.assess.test_assess import (
    BREACHES,
    COUNTRIES,
    ancestors,
    arrest_claim,
    canonical,
    ceasefire,
    commitments,
    country_of,
    day,
    incident,
    mirrored,
    party,
    run,
    status,
    swap,
    words,
)


def link(claim_id: str, source: str, speaker: str | None, relation: str = "supports") -> IncidentClaim:
    return IncidentClaim(
        claim_id=claim_id, document_id=f"doc_{claim_id}", source=source, speaker=speaker, relation=relation
    )


def clash(status: str, *links: IncidentClaim, sources: int = 1):
    """An Afghan cross-border attack on Pakistan, as reconciled with the given claim links."""
    return incident(
        "inc_x",
        day(22),
        perpetrator="AFG.MIL",
        country="PK",
        status=status,
        sources=sources,
        claims=list(links),
    )


SUPPORT = (link("c_ispr", "ISPR", "PAK.MIL"), link("c_wire", "Wire", None))


def evidence_for(incidents=(), claims=()):
    evidence, _, _ = build_evidence(
        commitments=commitments(),
        incidents=list(incidents),
        claims=list(claims),
        ancestors=ancestors,
        country_of=country_of,
        claim_dates=None,
        document_affiliations=None,
    )
    return evidence


# --- a party's denials never improve its status ------------------------------------------------


def test_own_denial_that_made_an_incident_contested_does_not_lower_its_weight():
    corroborated = clash("corroborated", *SUPPORT)
    denied = clash("contested", *SUPPORT, link("c_iea", "Islamic Emirate spokesman", "AFG", "denies"))
    for inc in (corroborated, denied):
        assert read_status(inc, "AFG", evidence_for([inc])) == "corroborated"
    base, loud = party(run([corroborated]), "AFG"), party(run([denied]), "AFG")
    assert base.breach_weight == loud.breach_weight == STATUS_WEIGHTS["corroborated"]
    assert [c.status for c in base.commitments] == [c.status for c in loud.commitments] == ["stalled"]
    (verdict,) = loud.commitments
    assert "contested, weighed as corroborated" in verdict.reason


def test_denials_never_improve_status_however_many():
    one = clash("contested", *SUPPORT, link("c_iea", "Islamic Emirate spokesman", "AFG", "denies"))
    many = clash(
        "contested",
        *SUPPORT,
        *[link(f"c_iea{i}", f"Outlet {i}", "AFG.MIL", "denies") for i in range(12)],
    )
    statements = words("w", "AFG", 30) + words("s", "AFG", 10, kind="statement")
    for scenario in ([one], [many]):
        for extra in ([], statements):
            report = run([*scenario, *BREACHES], extra)
            assert status(report, "AFG") == "broken"
            assert party(report, "AFG").breach_weight == 0.75 + 1.25
    # and a lone own denial of a single-source report neither lowers nor raises it
    single = clash(
        "contested", link("c_ispr", "ISPR", "PAK.MIL"), link("c_iea", "IEA", "AFG", "denies"), sources=0
    )
    assert read_status(single, "AFG", evidence_for([single])) == "reported"


def test_another_partys_denial_keeps_it_contested():
    disputed = clash("contested", *SUPPORT, link("c_pak", "Pakistan Foreign Office", "PAK", "denies"))
    assert read_status(disputed, "AFG", evidence_for([disputed])) == "contested"
    assert party(run([disputed]), "AFG").breach_weight == STATUS_WEIGHTS["contested"]


def test_diverging_figures_alone_do_not_lower_the_events_weight():
    figures = clash(
        "contested",
        link("c_ispr", "ISPR", "PAK.MIL", "conflicts"),
        link("c_iea", "Islamic Emirate spokesman", "AFG", "conflicts"),
        link("c_wire", "Wire", None),
    )
    assert read_status(figures, "AFG", evidence_for([figures])) == "corroborated"
    # the same reading for the other party: the rule looks at roles, not names
    assert read_status(figures, "PAK", evidence_for([figures])) == "corroborated"


def test_denial_claims_never_count_as_breach_or_implementation():
    boycott = Commitment(
        id="t.talks.afg",
        obligor="AFG",
        category="dialogue",
        text="Attend.",
        made_on=date(2025, 10, 1),
        instrument="t",
        source_document="t",
        valid_from=date(2025, 10, 1),
        indicators=[
            Indicator(
                id="boycott",
                effect="breach",
                description="",
                claim_kinds=["statement", "denial"],
                keywords=["boycott"],
            )
        ],
    )
    denial = words("d", "AFG", 1, kind="denial")[0].model_copy(
        update={"text": "We did not boycott the talks."}
    )
    report = run([], [denial], commitments=[boycott, ceasefire("PAK", "AF", "cm_b")])
    assert status(report, "AFG") == "unverified" and party(report, "AFG").words == 1


# --- claim indicators, claims inside incidents ---------------------------------------------------


def _talks(obligor: str) -> Commitment:
    return Commitment(
        id=f"t.talks.{obligor.lower()}",
        obligor=obligor,
        category="dialogue",
        text="Attend the next round.",
        made_on=date(2025, 10, 1),
        instrument="t",
        source_document="t",
        valid_from=date(2025, 10, 1),
        indicators=[
            Indicator(
                id="boycott",
                effect="breach",
                description="",
                claim_kinds=["event_report"],
                perpetrators=[obligor],
                keywords=["walked out"],
            ),
        ],
    )


def _walkout(cid: str, who: str, speaker: str | None) -> Claim:
    return Claim(
        id=cid,
        kind="event_report",
        text=f"The {who} delegation walked out of the talks.",
        span=(0, 5),
        speaker=ActorRef(name=speaker, actor=speaker) if speaker else None,
        event=Event(
            type="other", actors=[ActorRef(name=who, actor=who, role="perpetrator")], date=day(7, 11)
        ),
        confidence=0.9,
        document_id=f"doc_{cid}",
    )


def test_claim_indicators_count_claims_as_reports():
    cms = [_talks("AFG"), _talks("PAK")]
    report = run([], [_walkout("c1", "PAK", None)], commitments=cms, periods=["2025-11"])
    pak = party(report, "PAK", "2025-11")
    assert pak.breach_weight == 0.25 and pak.commitments[0].status == "stalled"
    assert pak.commitments[0].breach_evidence == ["c1"]
    assert party(report, "AFG", "2025-11").commitments[0].status == "unverified"


def test_a_claim_in_an_incident_is_weighed_through_the_incident_not_twice():
    claim = arrest_claim("c_un", "UN.MT", d=24)
    arrests = incident(
        "inc_arr",
        day(24),
        perpetrator="AFG",
        country="AF",
        etype="arrests",
        target="TTP",
        status="reported",
        sources=1,
        claims=[IncidentClaim(claim_id="c_un", document_id="doc_arrests", speaker="UN.MT")],
    )
    (verdict,) = party(run([arrests], [claim]), "AFG").commitments
    assert verdict.implementation_evidence == ["inc_arr"] and verdict.implementation_weight == 0.25


# --- benchmarks from the registry ---------------------------------------------------------------

REGISTRY = load_benchmarks()


def test_shipped_benchmarks_are_scored_for_every_party_in_registry_order():
    report = run([], [], benchmarks=REGISTRY.benchmarks, lookback_months=REGISTRY.lookback_months)
    for row in report.parties:
        assert [b.id for b in row.benchmarks] == REGISTRY.ids
        assert all(b.score == 0 and b.window == "2025-05..2025-10" for b in row.benchmarks)


def test_placeholders_are_filled_for_each_party():
    (camps,) = [b for b in REGISTRY.benchmarks if b.id == "camps_closed_financing_cut"]
    afg = materialise(camps.indicators, "AFG", ["AFG", "PAK"], lambda a: COUNTRIES.get(a))
    pak = materialise(camps.indicators, "PAK", ["AFG", "PAK"], lambda a: COUNTRIES.get(a))
    assert [(i.perpetrators[:1], i.target_country) for i in afg if i.effect == "implementation"][0] == (
        ["AFG"],
        "AF",
    )
    assert [(i.perpetrators[:1], i.target_country) for i in pak if i.effect == "implementation"][0] == (
        ["PAK"],
        "PK",
    )
    # a rule about the party's territory is dropped when its territory is unknown
    unknown = materialise(camps.indicators, "XYZ", ["XYZ"], lambda a: None)
    assert all(i.target_country != "$party_country" for i in unknown)
    assert not any(i.id == "action_against_groups_on_own_territory" for i in unknown)
    (border,) = [b for b in REGISTRY.benchmarks if b.id == "border_cooperation"]
    (agreement,) = [
        i for i in materialise(border.indicators, "AFG", ["AFG", "PAK"], country_of) if i.event_types
    ]
    assert agreement.targets == ["PAK"]


def _one_benchmark(**levels) -> list[Benchmark]:
    return [
        Benchmark(
            id="cm_a.bm",  # fed by the ceasefire commitment cm_a (AFG), so its breaches count in the month
            title="Arrests of group members",
            question="?",
            indicators=[
                Indicator(
                    id="arrests",
                    effect="implementation",
                    description="",
                    event_types=["arrests"],
                    perpetrators=["$party"],
                    targets=["TTP"],
                    target_country="$party_country",
                )
            ],
            levels=[
                BenchmarkLevel(level=1, text="one", min_items=1),
                BenchmarkLevel(level=2, text="two", min_items=2, min_weight=0.25),
                BenchmarkLevel(
                    level=3,
                    text="three",
                    min_items=2,
                    min_weight=0.5,
                    min_independent=1,
                    max_breach=levels.get("max_breach", 0.5),
                ),
            ],
        )
    ]


def test_benchmark_levels_lookback_and_backsliding():
    early = arrest_claim("c_early", "PAK", d=3, doc="d1").model_copy(
        update={"event": arrest_claim("x", None).event.model_copy(update={"date": day(3, 7)})}
    )
    un = arrest_claim("c_un", "UN.MT", d=26, doc="d2")
    kwargs = {"benchmarks": _one_benchmark(), "lookback_months": 6}

    def score(incidents, claims):
        (found,) = party(run(incidents, claims, **kwargs), "AFG").benchmarks
        return found

    assert score([], [un]).score == 1
    # an item from July is inside the six-month look-back of October
    both = score([], [early, un])
    assert (both.score, both.evidence, both.independent) == (3, ["c_early", "c_un"], 1)
    assert window_periods("2025-10", 6) == ["2025-05", "2025-06", "2025-07", "2025-08", "2025-09", "2025-10"]
    # breach evidence in the month takes "full" away (backsliding), not the lower levels
    backslide = score(BREACHES, [early, un])
    assert backslide.score == 2 and "breach weight below 0.5" in backslide.next_level
    assert backslide.breach_weight == 1.25
    # the other party's evidence is never this party's
    (pak,) = party(run([], [early, un], **kwargs), "PAK").benchmarks
    assert pak.score == 0


def test_own_announcements_never_score_a_benchmark():
    own = [arrest_claim(f"c_own{i}", "AFG", d=20 + i, doc=f"doc_{i}") for i in range(6)]
    (found,) = party(run([], own, benchmarks=_one_benchmark()), "AFG").benchmarks
    assert found.score == 0 and found.evidence == []


# --- symmetry, with the shipped benchmarks -------------------------------------------------------


def test_swapping_names_swaps_benchmarks_and_everything_else():
    incidents = [
        *BREACHES,
        incident(
            "inc_s",
            day(22),
            perpetrator="PAK.MIL",
            country="AF",
            etype="air_drone_strike",
            tags=["cross_border"],
        ),
        incident(
            "inc_a",
            day(24),
            perpetrator="AFG",
            country="AF",
            etype="arrests",
            target="TTP",
            sources=1,
            status="corroborated",
            claims=[IncidentClaim(claim_id="c_un", document_id="doc_un", speaker="UN.MT")],
        ),
        clash("contested", *SUPPORT, link("c_iea", "Islamic Emirate spokesman", "AFG", "denies")).model_copy(
            update={"id": "inc_c"}
        ),
    ]
    claims = [
        *words("w", "AFG", 5),
        *words("p", "PAK", 3, kind="statement"),
        arrest_claim("c_un", "UN.MT", d=24),
        arrest_claim("c_pak", "PAK", d=26),
        arrest_claim("c_un_pak", "UN.MT", d=29, by="PAK.POL"),
        _walkout("c_walk", "AFG", "PAK"),
    ]
    cms = [*commitments(), _talks("AFG"), _talks("PAK")]
    kwargs = {
        "benchmarks": REGISTRY.benchmarks,
        "lookback_months": REGISTRY.lookback_months,
        "ancestors": ancestors,
        "periods": ["2025-10", "2025-11"],
    }
    report = assess(commitments=cms, incidents=incidents, claims=claims, country_of=country_of, **kwargs)
    swapped = assess(
        commitments=[mirrored(c) for c in cms],
        incidents=[mirrored(i) for i in incidents],
        claims=[mirrored(c) for c in claims],
        country_of=lambda a: swap(COUNTRIES.get(swap(a))),
        **kwargs,
    )
    original = report.model_dump(mode="json")
    assert canonical(swapped.model_dump(mode="json")) == canonical(swap(original))
    assert canonical(swap(original)) != canonical(original)
    scores = {(p.party, p.period): {b.id: b.score for b in p.benchmarks if b.score} for p in report.parties}
    assert scores[("AFG", "2025-10")]  # the scenario does exercise the benchmarks
    assert scores[("AFG", "2025-10")] != scores[("PAK", "2025-10")]


@pytest.mark.parametrize("party_id", ["AFG", "PAK"])
def test_every_party_meets_the_same_benchmark_criteria(party_id):
    for benchmark in REGISTRY.benchmarks:
        levels = [(lv.min_items, lv.min_weight, lv.min_independent, lv.max_breach) for lv in benchmark.levels]
        assert levels == [(1, 0.0, 0, None), (2, 0.75, 0, None), (3, 1.5, 1, 0.5)], benchmark.id
        filled = materialise(benchmark.indicators, party_id, ["AFG", "PAK"], country_of)
        assert all(party_id in i.perpetrators for i in filled if i.effect == "implementation")
