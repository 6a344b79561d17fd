"""Assess v0 on hand-built commitments, incidents and claims whose right answer is known."""

from __future__ import annotations

import math
import re
from datetime import date

import pytest

from pledgewatch.assess import (
    ASSESS_METHOD,
    ActorLookup,
    assess,
    commitment_status,
    gap_value,
    incident_matches,
    month_periods,
    origin_countries,
)
from pledgewatch.errors import PledgewatchError
from pledgewatch.models import (
    ActorRef,
    Claim,
    Commitment,
    DateRange,
    Event,
    Incident,
    IncidentClaim,
    Indicator,
    Location,
)

PARENTS = {"PAK.MIL": "PAK", "AFG.MIL": "AFG", "PAK.POL": "PAK", "AFG.POL": "AFG"}
COUNTRIES = {"PAK": "PK", "AFG": "AF", "TTP": "PK"}


def ancestors(actor: str) -> list[str]:
    chain = [actor]
    while chain[-1] in PARENTS:
        chain.append(PARENTS[chain[-1]])
    return chain


def country_of(actor: str) -> str | None:
    return COUNTRIES.get(actor)


def day(d: int, month: int = 10) -> DateRange:
    return DateRange(start=date(2025, month, d), end=date(2025, month, d), precision="day")


def place(country: str) -> Location:
    return Location(name="Kurram" if country == "PK" else "Paktika", country=country, precision=2)


def ceasefire(party: str, other_country: str, cid: str) -> Commitment:
    """The same Doha ceasefire commitment, for either party."""
    return Commitment(
        id=cid,
        obligor=party,
        beneficiaries=[],
        category="ceasefire",
        text="An immediate ceasefire.",
        made_on=date(2025, 10, 19),
        instrument="Doha ceasefire, 19 Oct 2025",
        source_document="sha256:doha",
        valid_from=date(2025, 10, 19),
        indicators=[
            Indicator(
                id=f"{cid}.attack",
                effect="breach",
                description="cross-border attack by the obligor",
                perpetrators=[party],
                target_country=other_country,
            ),
            Indicator(
                id=f"{cid}.arrests",
                effect="implementation",
                description="the obligor arrests TTP members",
                event_types=["arrests"],
                perpetrators=[party],
                targets=["TTP"],
            ),
        ],
        benchmarks=[f"{cid}.bm"],
    )


def commitments() -> list[Commitment]:
    return [ceasefire("AFG", "PK", "cm_a"), ceasefire("PAK", "AF", "cm_b")]


def incident(
    iid: str,
    when: DateRange,
    *,
    perpetrator: str,
    country: str,
    status: str = "reported",
    etype: str = "armed_clash",
    target: str | None = None,
    claims: list[IncidentClaim] = (),
    sources: int = 0,
    tags: list[str] = (),
) -> Incident:
    actors = [ActorRef(name=perpetrator, actor=perpetrator, role="perpetrator")]
    if target:
        actors.append(ActorRef(name=target, actor=target, role="target"))
    return Incident(
        id=iid,
        type=etype,
        tags=list(tags),
        date=when,
        location=place(country),
        actors=actors,
        status=status,
        claims=list(claims),
        sources=sources,
    )


def words(prefix: str, speaker: str, n: int, kind: str = "denial", d: int = 25) -> list[Claim]:
    return [
        Claim(
            id=f"{prefix}{i:02d}",
            kind=kind,
            text="Our soil is not used against anyone.",
            span=(0, 5),
            speaker=ActorRef(name=speaker, actor=speaker),
            polarity="denied" if kind == "denial" else "asserted",
            event=Event(date=day(d)),
            confidence=0.9,
            document_id=f"doc_{prefix}",
        )
        for i in range(n)
    ]


def arrest_claim(
    cid: str, speaker: str | None, d: int = 26, doc: str = "doc_arrests", by: str = "AFG"
) -> Claim:
    return Claim(
        id=cid,
        kind="event_report",
        text="Authorities arrested TTP members.",
        span=(0, 5),
        speaker=ActorRef(name=speaker, actor=speaker) if speaker else None,
        event=Event(
            type="arrests",
            actors=[
                ActorRef(name=by, actor=by, role="perpetrator"),
                ActorRef(name="TTP", actor="TTP", role="target"),
            ],
            location=place("AF" if by.startswith("AFG") else "PK"),
            date=day(d),
        ),
        confidence=0.9,
        document_id=doc,
    )


def run(incidents=(), claims=(), **kwargs):
    kwargs.setdefault("periods", ["2025-10"])
    return assess(
        commitments=kwargs.pop("commitments", commitments()),
        incidents=list(incidents),
        claims=list(claims),
        ancestors=ancestors,
        country_of=country_of,
        **kwargs,
    )


def party(report, name: str, period: str = "2025-10"):
    (found,) = [p for p in report.parties if p.party == name and p.period == period]
    return found


def status(report, name: str) -> str:
    (commitment,) = party(report, name).commitments
    return commitment.status


BREACHES = [
    incident("inc_1", day(21), perpetrator="AFG.MIL", country="PK", status="corroborated", sources=1),
    incident("inc_2", day(23), perpetrator="AFG.MIL", country="PK", status="contested"),
]


# --- statuses ----------------------------------------------------------------------------------


def test_party_with_breach_incidents_is_broken_and_other_unverified():
    report = run(BREACHES)
    assert report.method == ASSESS_METHOD and report.periods == ["2025-10"]
    afg, pak = party(report, "AFG"), party(report, "PAK")
    assert afg.breach_weight == 1.25 and status(report, "AFG") == "broken"
    (verdict,) = afg.commitments
    assert verdict.evidence == ["inc_1", "inc_2"] and verdict.weights == {"inc_1": 0.75, "inc_2": 0.5}
    assert "inc_1 (corroborated x0.75; indicator cm_a.attack)" in verdict.reason
    assert pak.breach_weight == 0 and status(report, "PAK") == "unverified"
    assert "unverified" in pak.commitments[0].reason


def test_no_evidence_is_unverified():
    report = run()
    assert {p.party: p.commitments[0].status for p in report.parties} == {
        "AFG": "unverified",
        "PAK": "unverified",
    }
    assert all(p.gap.value == 0 and p.words == 0 for p in report.parties)


def test_one_reported_breach_is_stalled_and_independent_arrests_make_it_in_progress():
    one = [incident("inc_1", day(21), perpetrator="AFG.MIL", country="PK")]
    assert status(run(one), "AFG") == "stalled"
    report = run(one, [arrest_claim("c_un", "UN.MT")])
    assert status(report, "AFG") == "in_progress"
    assert "c_un (claim by UN.MT; indicator cm_a.arrests)" in party(report, "AFG").commitments[0].reason


def test_implementation_without_breach_is_kept_only_when_established():
    # one lone report weighs 0.25: movement, not yet kept (KEPT_AT = 0.5)
    assert status(run([], [arrest_claim("c_un", None)]), "AFG") == "in_progress"
    # two separate reports, or one corroborated incident, reach 0.5
    two = [arrest_claim("c_un", None), arrest_claim("c_wire", None, d=27, doc="doc_wire")]
    assert status(run([], two), "AFG") == "kept"
    arrests = incident(
        "inc_arr",
        day(24),
        perpetrator="AFG",
        country="AF",
        etype="arrests",
        target="TTP",
        status="corroborated",
        sources=1,
        claims=[IncidentClaim(claim_id="c_un", document_id="doc_un", speaker="UN.MT")],
    )
    report = run([arrests], [arrest_claim("c_un", "UN.MT")])
    (verdict,) = party(report, "AFG").commitments
    assert verdict.status == "kept" and verdict.implementation_evidence == ["inc_arr"]
    assert verdict.implementation_weight == 0.75 and verdict.breach_evidence == []
    assert party(report, "AFG").implementation_weight == 0.75


@pytest.mark.parametrize(
    ("breach", "implementation", "expected"),
    [
        (0, 0, "unverified"),
        (0, 0.25, "in_progress"),
        (0, 0.5, "kept"),
        (0.25, 0, "stalled"),
        (0.75, 0.75, "in_progress"),
        (0.99, 3.0, "in_progress"),
        (1.0, 0, "broken"),
        (1.25, 5.0, "broken"),  # implementation never offsets a breach
    ],
)
def test_status_rule_table(breach, implementation, expected):
    assert commitment_status(breach, implementation) == expected


def test_retracted_incidents_weigh_nothing():
    retracted = [incident("inc_1", day(21), perpetrator="AFG.MIL", country="PK", status="retracted")]
    report = run(retracted)
    assert status(report, "AFG") == "unverified" and party(report, "AFG").breach_weight == 0


def test_incidents_before_the_commitment_do_not_breach_it():
    early = [incident("inc_0", day(12), perpetrator="AFG.MIL", country="PK", status="confirmed")]
    assert status(run(early), "AFG") == "unverified"


def test_commitment_not_yet_valid_is_not_assessed():
    report = run(BREACHES, periods=["2025-09", "2025-10"])
    assert party(report, "AFG", "2025-09").commitments == []
    assert status(report, "AFG") == "broken"


# --- words are never evidence ------------------------------------------------------------------


def test_repeated_denials_never_improve_status():
    base = run(BREACHES)
    loud = run(BREACHES, words("w", "AFG", 20) + words("s", "AFG.MIL", 3, kind="statement"))
    assert status(loud, "AFG") == status(base, "AFG") == "broken"
    assert party(loud, "AFG").breach_weight == party(base, "AFG").breach_weight
    assert party(loud, "AFG").words == 23 and party(base, "AFG").words == 0
    assert party(loud, "AFG").gap.value > party(base, "AFG").gap.value
    assert party(loud, "PAK").words == 0  # nobody else's words are AFG's


def test_own_claims_of_compliance_are_words_not_evidence():
    one = [incident("inc_1", day(21), perpetrator="AFG.MIL", country="PK")]
    own = [arrest_claim(f"c_own{i}", "AFG") for i in range(20)] + words("w", "AFG", 20, kind="commitment")
    report = run(one, own)
    assert status(report, "AFG") == "stalled"
    assert party(report, "AFG").benchmarks[0].score == 0
    # an incident resting only on the obligor's own claims is words too
    own_incident = incident(
        "inc_own",
        day(24),
        perpetrator="AFG.MIL",
        country="AF",
        etype="arrests",
        target="TTP",
        claims=[IncidentClaim(claim_id="c_own00", document_id="d", speaker="AFG")],
    )
    assert status(run([*one, own_incident], own), "AFG") == "stalled"


def test_party_press_release_in_own_voice_counts_as_words_via_document_affiliation():
    release = arrest_claim("c_release", None, doc="doc_iea")
    assurance = words("a", "AFG", 1, kind="statement")[0].model_copy(
        update={"speaker": None, "document_id": "doc_iea"}
    )
    one = [incident("inc_1", day(21), perpetrator="AFG.MIL", country="PK")]
    without = run(one, [release, assurance])
    assert status(without, "AFG") == "in_progress"  # no affiliation known: an independent voice
    report = run(one, [release, assurance], document_affiliations={"doc_iea": "AFG"})
    assert status(report, "AFG") == "stalled"
    assert party(report, "AFG").word_claims == ["a00"]


# --- breach weight, gap, benchmarks ------------------------------------------------------------


def test_incident_counts_once_per_party_and_period():
    both = commitments()
    both.append(ceasefire("AFG", "PK", "cm_c"))
    report = run(BREACHES, commitments=both)
    afg = party(report, "AFG")
    assert [c.id for c in afg.commitments] == ["cm_a", "cm_c"]
    assert afg.breach_weight == 1.25


def test_gap_function_and_band():
    assert gap_value(0, 5.0) == 0 and gap_value(5, 0) == 0
    assert gap_value(3, 1.0) == pytest.approx((1 - math.exp(-1)) ** 2, abs=1e-6)
    assert gap_value(2, 1.0, standing=1) == gap_value(3, 1.0)
    assert gap_value(30, 9) > gap_value(3, 1) > gap_value(1, 0.25)
    report = run(BREACHES, words("w", "AFG", 6))
    gap = party(report, "AFG").gap
    assert 0 < gap.low < gap.value < gap.high < 1
    # a commitment in force is one word on record (STANDING_WORDS)
    assert gap.value == gap_value(6, 1.25, standing=1)
    assert gap.low == gap_value(6, 0.75, standing=1) and gap.high == gap_value(6, 2.0, standing=1)
    assert party(report, "AFG").breach_evidence == ["inc_1", "inc_2"]


def test_a_silent_party_that_breaches_still_has_a_gap():
    """The promise on record is said: breaching it without a word since is still a say-do gap."""
    silent = party(run(BREACHES), "AFG")
    assert silent.words == 0 and silent.gap.value == gap_value(0, 1.25, standing=1) > 0
    loud = party(run(BREACHES, words("w", "AFG", 6)), "AFG")
    assert loud.gap.value > silent.gap.value
    # nothing in force, nothing said: no gap whatever the evidence
    early = run(BREACHES, periods=["2025-09"])
    assert party(early, "AFG", "2025-09").gap.value == 0
    assert party(early, "AFG", "2025-09").commitments_in_force == 0


def test_benchmark_scores_with_the_default_levels():
    """Without a benchmarks file: the ids the commitments name, default criteria, listed for every party."""
    un = arrest_claim("c_un", "UN.MT")
    rival = arrest_claim("c_pak", "PAK")
    rival2 = arrest_claim("c_pak2", "PAK.MIL", d=27)
    rival3 = arrest_claim("c_pak3", "PAK.MIL", d=28, doc="doc_other")

    def score(claims, who="AFG"):
        (found,) = [b for b in party(run([], claims), who).benchmarks if b.id == "cm_a.bm"]
        return found

    assert score([]).score == 0
    assert score([rival]).score == 1  # one item
    assert score([rival, rival2]).score == 1  # two items weigh 0.5 < 0.75
    assert score([rival, rival2, rival3]).score == 2  # three reports weigh 0.75
    full = score(
        [
            rival,
            rival2,
            rival3,
            un,
            arrest_claim("c_un2", "UN.MT", d=29, doc="doc_un2"),
            arrest_claim("c_un3", "UN.MT", d=30, doc="doc_un3"),
        ]
    )
    assert (full.score, full.weight, full.independent) == (3, 1.5, 3)
    assert full.evidence == ["c_pak", "c_pak2", "c_pak3", "c_un", "c_un2", "c_un3"]
    # every party gets every benchmark, scored by its own commitments only
    assert [b.id for b in party(run([], [un]), "PAK").benchmarks] == ["cm_a.bm", "cm_b.bm"]
    assert score([un], who="PAK").score == 0


# --- indicators and periods --------------------------------------------------------------------


def test_indicator_matching_rules():
    lookup = ActorLookup(ancestors=ancestors, country_of=country_of)
    strike = incident(
        "inc_s", day(17), perpetrator="PAK.MIL", country="AF", etype="air_drone_strike", tags=["cross_border"]
    )
    assert origin_countries(strike.tags, strike.actors, strike.location, lookup) == {"PK"}
    camp = incident(
        "inc_c", day(17), perpetrator="TTP", country="AF", etype="headquarters_or_base_established"
    )
    assert origin_countries(camp.tags, camp.actors, camp.location, lookup) == {"AF"}
    infiltration = incident("inc_i", day(17), perpetrator="TTP", country="PK", tags=["infiltration"])
    assert origin_countries(infiltration.tags, infiltration.actors, infiltration.location, lookup) == set()

    by_pak = Indicator(id="i", effect="breach", description="", perpetrators=["PAK"], origin_country="PK")
    assert incident_matches(by_pak, strike, lookup, {})
    assert not incident_matches(by_pak.model_copy(update={"claim_kinds": ["statement"]}), strike, lookup, {})
    assert not incident_matches(
        by_pak.model_copy(update={"event_types": ["armed_clash"]}), strike, lookup, {}
    )
    keyworded = by_pak.model_copy(update={"keywords": ["Barmal"]})
    strike_with_claim = strike.model_copy(update={"claims": [IncidentClaim(claim_id="c1", document_id="d")]})
    text = Claim(id="c1", kind="event_report", text="Strikes hit BARMAL district.", span=(0, 1), confidence=1)
    assert incident_matches(keyworded, strike_with_claim, lookup, {"c1": text})
    assert not incident_matches(keyworded, strike_with_claim, lookup, {})


def test_periods():
    assert month_periods(date(2025, 11, 30), date(2026, 2, 1)) == ["2025-11", "2025-12", "2026-01", "2026-02"]
    assert month_periods(date(2025, 3, 1), date(2025, 2, 1)) == []
    report = assess(
        commitments=commitments(),
        incidents=BREACHES,
        claims=[arrest_claim("c_x", "UN.MT", d=2).model_copy(update={"event": None})],
        claim_dates={"c_x": date(2025, 12, 2)},
    )
    assert report.periods == ["2025-10", "2025-11", "2025-12"]
    assert [(p.party, p.period) for p in report.parties][:3] == [
        ("AFG", "2025-10"),
        ("AFG", "2025-11"),
        ("AFG", "2025-12"),
    ]
    with pytest.raises(PledgewatchError, match="YYYY-MM"):
        run(periods=["2025-13"])


# --- symmetry ----------------------------------------------------------------------------------

SWAP = {
    "PAK.MIL": "AFG.MIL",
    "AFG.MIL": "PAK.MIL",
    "PAK.POL": "AFG.POL",
    "AFG.POL": "PAK.POL",
    "PAK": "AFG",
    "AFG": "PAK",
    "PK": "AF",
    "AF": "PK",
}
TOKEN = re.compile(r"\b(PAK\.MIL|AFG\.MIL|PAK\.POL|AFG\.POL|PAK|AFG|PK|AF)\b")


def swap(value):
    if isinstance(value, str):
        return TOKEN.sub(lambda m: SWAP[m.group(0)], value)
    if isinstance(value, dict):
        return {swap(k): swap(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [swap(v) for v in value]
    return value


def mirrored(model):
    return type(model).model_validate(swap(model.model_dump(mode="json")))


def canonical(data: dict) -> dict:
    """The report with parties in name order (the one ordering that depends on names)."""
    return data | {"parties": sorted(data["parties"], key=lambda p: (p["party"], p["period"]))}


def test_swapping_party_names_swaps_the_report_exactly():
    cms = commitments()
    cms[0] = cms[0].model_copy(update={"benchmarks": ["cm_a.bm", "shared.bm"]})
    incidents = [
        *BREACHES,
        incident(
            "inc_3",
            day(22),
            perpetrator="PAK.MIL",
            country="AF",
            status="reported",
            etype="air_drone_strike",
            tags=["cross_border"],
        ),
        incident(
            "inc_4",
            day(24),
            perpetrator="AFG",
            country="AF",
            etype="arrests",
            target="TTP",
            sources=1,
            claims=[IncidentClaim(claim_id="c_un", document_id="doc_un", speaker="UN.MT")],
        ),
        incident("inc_5", day(5, 11), perpetrator="PAK", country="AF", status="confirmed"),
    ]
    claims = [
        *words("w", "AFG", 20),
        *words("p", "PAK.MIL", 4, kind="statement"),
        *words("q", "PAK", 2, kind="commitment", d=3),
        arrest_claim("c_un", "UN.MT", d=24),
        arrest_claim("c_pak", "PAK", d=26),
        arrest_claim("c_own", "AFG", d=27),
        arrest_claim("c_iea", None, d=28, doc="doc_iea"),
        arrest_claim("c_un_pak", "UN.MT", d=29, by="PAK.POL"),
    ]
    kwargs = dict(ancestors=ancestors, claim_dates={"q00": date(2025, 11, 3)})
    report = assess(
        commitments=cms,
        incidents=incidents,
        claims=claims,
        country_of=country_of,
        document_affiliations={"doc_iea": "AFG"},
        **kwargs,
    )
    swapped = assess(
        commitments=[mirrored(c) for c in cms],
        incidents=[mirrored(i) for i in incidents],
        claims=[mirrored(c) for c in claims],
        country_of=lambda a: swap(COUNTRIES.get(swap(a))),
        document_affiliations={"doc_iea": "PAK"},
        **kwargs,
    )
    original = report.model_dump(mode="json")
    assert canonical(swapped.model_dump(mode="json")) == canonical(swap(original))
    assert canonical(swap(original)) != canonical(original)  # the scenario is not symmetric by itself
    statuses = {(p.party, p.period): [c.status for c in p.commitments] for p in report.parties}
    assert statuses == {
        ("AFG", "2025-10"): ["broken"],
        ("AFG", "2025-11"): ["unverified"],
        ("PAK", "2025-10"): ["in_progress"],
        ("PAK", "2025-11"): ["broken"],
    }


def test_reconciled_incidents_feed_the_assessment():
    from pledgewatch.models import Casualty, Source
    from pledgewatch.reconcile import ClaimContext, reconcile

    def report(cid: str, doc: str, speaker: str | None, n: int) -> Claim:
        return Claim(
            id=cid,
            kind="event_report",
            text=(
                f"{n} soldiers were killed when Afghan forces attacked border posts, the army said."
                if doc == "d_ispr"
                else f"Officials on both sides told our correspondent that fighting at the posts left {n} "
                "dead."
            ),
            span=(0, 5),
            speaker=ActorRef(name=speaker, actor=speaker) if speaker else None,
            event=Event(
                type="armed_clash",
                actors=[ActorRef(name="Afghan forces", actor="AFG.MIL", role="perpetrator")],
                location=Location(name="Kurram", country="PK", admin1="Khyber Pakhtunkhwa", precision=2),
                date=day(25),
            ),
            casualties=[Casualty(outcome="killed", group="security_forces", side="PAK.MIL", low=n, high=n)],
            confidence=0.9,
            document_id=doc,
        )

    claims = [report("c_ispr", "d_ispr", None, 4), report("c_wire", "d_wire", None, 4)]
    contexts = {
        "d_ispr": ClaimContext("d_ispr", Source(name="ISPR", kind="party_military", affiliation="PAK.MIL")),
        "d_wire": ClaimContext("d_wire", Source(name="Wire", kind="independent_media")),
    }
    reconciled = reconcile(claims, contexts=contexts, ancestors=ancestors)
    (inc,) = reconciled.incidents
    assert inc.status == "corroborated"
    result = run(reconciled.incidents, claims, document_affiliations={"d_ispr": "PAK.MIL", "d_wire": None})
    (verdict,) = party(result, "AFG").commitments
    assert verdict.status == "stalled" and verdict.weights == {inc.id: 0.75}
