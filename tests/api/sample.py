"""A small store for presentation tests: the 11–12 Oct 2025 Kurram clash as three sources tell it.

Three documents (ISPR, the Islamic Emirate's spokesman, a wire service), their claims, one contested
incident and one reported incident, a commitment per party, and an assessment. The texts are written
for the tests in the style of the real statements; the figures are the ones reported at the time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from pledgewatch.models import (
    Actor,
    ActorRef,
    AssessmentReport,
    BenchmarkScore,
    Casualty,
    Claim,
    Commitment,
    CommitmentAssessment,
    DateRange,
    Document,
    Estimate,
    Event,
    Gap,
    Incident,
    IncidentClaim,
    Indicator,
    Location,
    PartyAssessment,
    Source,
    document_id_for,
)

HOSTILE = "<script>alert(1)</script>"
EXTRACTOR = "rules.v1"

ISPR_TEXT = (
    "Rawalpindi, 12 October 2025. On the night of 11/12 October, Afghan Taliban forces opened "
    "unprovoked fire on Pakistani border posts in Kurram. ISPR said 23 soldiers embraced shahadat while "
    "more than 200 Taliban and affiliated terrorists were neutralised in the befitting response. "
    "Separately, ISPR said security forces killed 8 khwarij in an intelligence-based operation in North "
    "Waziristan on 9 October."
)
IEA_TEXT = (
    "Kabul, 12 October 2025. Zabihullah Mujahid, spokesman of the Islamic Emirate, said 58 Pakistani "
    "soldiers were killed and 30 wounded in retaliatory operations along the Durand Line in Kurram, while "
    "9 mujahideen were martyred. He denied that Afghan soil is used against any country."
)
WIRE_TEXT = (
    "Islamabad/Kabul, 13 October 2025 (wire). Pakistan and Afghanistan traded heavy fire along their border "
    "in Kurram overnight, officials on both sides said. A hospital official in Parachinar said at least 23 "
    "Pakistani soldiers were killed and 29 wounded, and the bodies of 11 civilians were brought in."
)

KURRAM = Location(
    name="Kurram",
    country="PK",
    admin1="Khyber Pakhtunkhwa",
    admin2="Kurram",
    lat=33.73,
    lon=70.17,
    precision=2,
)
NORTH_WAZIRISTAN = Location(
    name="North Waziristan", country="PK", admin1="Khyber Pakhtunkhwa", lat=32.98, lon=70.15, precision=2
)
CLASH_DATE = DateRange(
    start=date(2025, 10, 11), end=date(2025, 10, 12), precision="day", text="11/12 October"
)


@dataclass
class Sample:
    sources: dict[str, Source]
    documents: list[Document]
    raws: dict[str, bytes]
    claims: list[Claim]
    incidents: list[Incident]
    commitments: list[Commitment]
    assessment: AssessmentReport
    actors: list[Actor] = field(default_factory=list)

    def claim(self, claim_id: str) -> Claim:
        return next(c for c in self.claims if c.id == claim_id)


def _document(
    raw_text: str, *, title: str, source: str, published: date, url: str | None
) -> tuple[Document, bytes]:
    raw = raw_text.encode("utf-8")
    return (
        Document(
            id=document_id_for(raw),
            title=title,
            source=source,
            published=published,
            published_from="front_matter",
            url=url,
            text=raw_text,
        ),
        raw,
    )


def _claim(
    claim_id: str,
    document: Document,
    sentence: str,
    *,
    speaker: ActorRef | None,
    casualties: list[Casualty] = (),
    kind: str = "event_report",
    polarity: str = "asserted",
    location: Location | None = KURRAM,
) -> Claim:
    start = document.text.index(sentence)
    return Claim(
        id=claim_id,
        kind=kind,
        text=sentence,
        span=(start, start + len(sentence)),
        speaker=speaker,
        polarity=polarity,
        event=Event(type="armed_clash", tags=["cross_border"], location=location, date=CLASH_DATE)
        if kind == "event_report"
        else None,
        casualties=list(casualties),
        confidence=0.9,
        extractor=EXTRACTOR,
        document_id=document.id,
    )


def build_sample(*, hostile: bool = False) -> Sample:
    """The sample; ``hostile=True`` plants markup in a title and a claim text (must come out escaped)."""
    ispr_text = ISPR_TEXT if not hostile else ISPR_TEXT.replace("Rawalpindi,", f"Rawalpindi {HOSTILE},")
    ispr, ispr_raw = _document(
        ispr_text,
        title="Press release: Afghan Taliban attack on border posts repulsed"
        + (f" {HOSTILE}" if hostile else ""),
        source="ISPR",
        published=date(2025, 10, 12),
        url="https://ispr.gov.pk/press-release-detail?id=0000" if not hostile else "javascript:alert(1)",
    )
    iea, iea_raw = _document(
        IEA_TEXT,
        title="Statement of the Islamic Emirate spokesman on retaliatory operations",
        source="Islamic Emirate spokesman",
        published=date(2025, 10, 12),
        url="https://x.com/Zabehulah_M33/status/0000",
    )
    wire, wire_raw = _document(
        WIRE_TEXT,
        title="Pakistan, Afghanistan trade heavy fire along border",
        source="Wire service",
        published=date(2025, 10, 13),
        url="https://wire.example.org/world/asia/pakistan-afghanistan-border-2025-10-13",
    )
    ispr_kurram = next(s for s in ispr.text.split(". ") if "23 soldiers" in s) + "."
    claims = [
        _claim(
            "clm_ispr_kurram",
            ispr,
            ispr_kurram,
            speaker=ActorRef(name="ISPR", actor="PAK.MIL"),
            casualties=[
                Casualty(
                    outcome="killed", group="security_forces", side="PAK", low=23, high=23, text="23 soldiers"
                ),
                Casualty(
                    outcome="killed", group="militants", side=None, low=200, high=None, text="more than 200"
                ),
            ],
        ),
        _claim(
            "clm_ispr_nwaz",
            ispr,
            "Separately, ISPR said security forces killed 8 khwarij in an intelligence-based operation in "
            "North Waziristan on 9 October.",
            speaker=ActorRef(name="ISPR", actor="PAK.MIL"),
            casualties=[
                Casualty(outcome="killed", group="militants", side="TTP", low=8, high=8, text="8 khwarij")
            ],
            location=NORTH_WAZIRISTAN,
        ),
        _claim(
            "clm_iea_kurram",
            iea,
            "Zabihullah Mujahid, spokesman of the Islamic Emirate, said 58 Pakistani soldiers were killed "
            "and 30 wounded in retaliatory operations along the Durand Line in Kurram, while 9 mujahideen "
            "were martyred.",
            speaker=ActorRef(name="Zabihullah Mujahid", actor="AFG"),
            casualties=[
                Casualty(outcome="killed", group="security_forces", side="PAK", low=58, high=58),
                Casualty(outcome="injured", group="security_forces", side="PAK", low=30, high=30),
                Casualty(outcome="killed", group="security_forces", side="AFG", low=9, high=9),
            ],
        ),
        _claim(
            "clm_iea_denial",
            iea,
            "He denied that Afghan soil is used against any country.",
            speaker=ActorRef(name="Zabihullah Mujahid", actor="AFG"),
            kind="denial",
            polarity="denied",
        ),
        _claim(
            "clm_wire_kurram",
            wire,
            "A hospital official in Parachinar said at least 23 Pakistani soldiers were killed and 29 "
            "wounded, and the bodies of 11 civilians were brought in.",
            speaker=ActorRef(name="a hospital official", actor=None),
            casualties=[
                Casualty(outcome="killed", group="security_forces", side="PAK", low=23, high=None),
                Casualty(outcome="injured", group="security_forces", side="PAK", low=29, high=29),
                Casualty(outcome="killed", group="civilians", side=None, low=11, high=11),
            ],
        ),
    ]
    if hostile:
        claims[0] = claims[0].model_copy(update={"text": f"{HOSTILE} {claims[0].text}"})

    def link(claim_id: str, document: Document, relation: str = "supports") -> IncidentClaim:
        claim = next(c for c in claims if c.id == claim_id)
        return IncidentClaim(
            claim_id=claim_id,
            document_id=document.id,
            source=document.source,
            speaker=claim.speaker.actor if claim.speaker else None,
            relation=relation,
        )

    rule = "estimate.acled_low_median_independent.v1"
    kurram = Incident(
        id="inc_kurram_20251012",
        type="armed_clash",
        tags=["cross_border", "checkpost"],
        date=CLASH_DATE,
        location=KURRAM,
        actors=[
            ActorRef(name="Afghan Taliban forces", actor="AFG.MIL", role="perpetrator"),
            ActorRef(name="Pakistani border posts", actor="PAK.MIL", role="target"),
        ],
        status="contested",
        reason=(
            "The parties' own figures diverge: ISPR says 23 security forces (PAK) killed, the Islamic "
            "Emirate's spokesman says 58 (ratio 2.5 > 1.5)."
        ),
        rule="status.contested_ratio.v1",
        estimates=[
            Estimate(
                outcome="killed",
                group="security_forces",
                side="PAK",
                low=23,
                best=23,
                high=58,
                rule=rule,
                low_from=["clm_ispr_kurram", "clm_wire_kurram"],
                best_from=["clm_wire_kurram"],
                high_from=["clm_iea_kurram"],
            ),
            Estimate(
                outcome="injured",
                group="security_forces",
                side="PAK",
                low=29,
                best=29,
                high=30,
                rule=rule,
                low_from=["clm_wire_kurram"],
                best_from=["clm_wire_kurram"],
                high_from=["clm_iea_kurram"],
            ),
            Estimate(
                outcome="killed",
                group="security_forces",
                side="AFG",
                low=9,
                best=9,
                high=9,
                rule=rule,
                low_from=["clm_iea_kurram"],
                best_from=["clm_iea_kurram"],
                high_from=["clm_iea_kurram"],
            ),
            Estimate(
                outcome="killed",
                group="militants",
                side=None,
                low=200,
                best=200,
                high=None,
                rule=rule,
                low_from=["clm_ispr_kurram"],
                best_from=["clm_ispr_kurram"],
                high_from=[],
            ),
            Estimate(
                outcome="killed",
                group="civilians",
                side=None,
                low=11,
                best=11,
                high=11,
                rule=rule,
                low_from=["clm_wire_kurram"],
                best_from=["clm_wire_kurram"],
                high_from=["clm_wire_kurram"],
            ),
        ],
        sources=1,
        claims=[
            link("clm_ispr_kurram", ispr),
            link("clm_iea_kurram", iea, "conflicts"),
            link("clm_wire_kurram", wire),
        ],
    )
    nwaz = Incident(
        id="inc_nwaz_20251009",
        type="armed_clash",
        tags=[],
        date=DateRange(start=date(2025, 10, 9), end=date(2025, 10, 9), precision="day"),
        location=NORTH_WAZIRISTAN,
        actors=[ActorRef(name="security forces", actor="PAK.MIL", role="perpetrator")],
        status="reported",
        reason="One party-affiliated source only (ISPR); no independent report.",
        rule="status.single_source.v1",
        estimates=[
            Estimate(
                outcome="killed",
                group="militants",
                side="TTP",
                low=8,
                best=8,
                high=8,
                rule=rule,
                low_from=["clm_ispr_nwaz"],
                best_from=["clm_ispr_nwaz"],
                high_from=["clm_ispr_nwaz"],
            )
        ],
        sources=0,
        claims=[link("clm_ispr_nwaz", ispr)],
    )

    commitments = [
        Commitment(
            id="doha-2025-afg-no-safe-haven",
            obligor="AFG",
            beneficiaries=["PAK"],
            category="no_safe_haven",
            text="Afghanistan will not allow its territory to be used for attacks against Pakistan.",
            made_on=date(2025, 10, 19),
            instrument="Doha ceasefire, 19 Oct 2025",
            source_document="Joint statement announced by the mediators, Doha",
            source_url="https://mediator.example.org/doha-ceasefire-2025-10-19",
            valid_from=date(2025, 10, 19),
            indicators=[
                Indicator(
                    id="cross-border-attack-from-afg",
                    effect="breach",
                    description="an attack in Pakistan by a group operating from Afghan territory",
                    event_types=["armed_clash", "attack", "suicide_bomb"],
                    perpetrators=["TTP", "AFG"],
                    origin_country="AF",
                    target_country="PK",
                )
            ],
        ),
        Commitment(
            id="doha-2025-pak-no-cross-border-strikes",
            obligor="PAK",
            beneficiaries=["AFG"],
            category="no_cross_border_strikes",
            text=(
                "Pakistan will respect Afghanistan's sovereignty and territorial integrity and refrain from "
                "strikes on its territory."
            ),
            made_on=date(2025, 10, 19),
            instrument="Doha ceasefire, 19 Oct 2025",
            source_document="Joint statement announced by the mediators, Doha",
            source_url="https://mediator.example.org/doha-ceasefire-2025-10-19",
            valid_from=date(2025, 10, 19),
            indicators=[
                Indicator(
                    id="strike-in-afg-by-pak",
                    effect="breach",
                    description="an air, drone or artillery strike in Afghanistan by Pakistani forces",
                    event_types=["air_drone_strike", "shelling_artillery_missile_attack"],
                    perpetrators=["PAK"],
                    target_country="AF",
                )
            ],
        ),
    ]
    afg_id, pak_id = commitments[0].id, commitments[1].id
    assessment = AssessmentReport(
        method="saydo.v1",
        periods=["2025-08", "2025-09", "2025-10"],
        parties=[
            PartyAssessment(
                party="AFG",
                period="2025-08",
                words=1,
                breach_weight=0.0,
                gap=Gap(value=0.0, low=0.0, high=0.3),
                commitments=[
                    CommitmentAssessment(id=afg_id, status="unverified", reason="no evidence either way")
                ],
            ),
            PartyAssessment(
                party="AFG",
                period="2025-09",
                words=2,
                breach_weight=0.5,
                gap=Gap(value=0.4, low=0.1, high=0.8),
                commitments=[
                    CommitmentAssessment(id=afg_id, status="unverified", reason="one reported incident")
                ],
            ),
            PartyAssessment(
                party="AFG",
                period="2025-10",
                words=4,
                word_claims=["clm_iea_denial"],
                breach_weight=2.5,
                gap=Gap(value=1.9, low=1.2, high=2.6),
                commitments=[
                    CommitmentAssessment(
                        id=afg_id,
                        status="broken",
                        reason="contested cross-border clash in Kurram",
                        evidence=["inc_kurram_20251012"],
                        weights={"inc_kurram_20251012": 1.5},
                    )
                ],
                benchmarks=[BenchmarkScore(id="monitoring_access", score=1, reason="talks on a mechanism")],
            ),
            PartyAssessment(
                party="PAK",
                period="2025-08",
                words=1,
                breach_weight=0.0,
                gap=Gap(value=0.0, low=0.0, high=0.3),
                commitments=[
                    CommitmentAssessment(id=pak_id, status="unverified", reason="no evidence either way")
                ],
            ),
            PartyAssessment(
                party="PAK",
                period="2025-09",
                words=1,
                breach_weight=0.0,
                gap=Gap(value=0.0, low=0.0, high=0.4),
                commitments=[CommitmentAssessment(id=pak_id, status="kept", reason="no breach evidence")],
            ),
            PartyAssessment(
                party="PAK",
                period="2025-10",
                words=3,
                breach_weight=1.5,
                gap=Gap(value=1.1, low=0.6, high=1.7),
                commitments=[
                    CommitmentAssessment(
                        id=pak_id,
                        status="broken",
                        reason="contested cross-border clash in Kurram",
                        evidence=["inc_kurram_20251012"],
                        weights={"inc_kurram_20251012": 1.5},
                    )
                ],
            ),
        ],
    )
    sources = {
        "ISPR": Source(name="ISPR", kind="party_military", affiliation="PAK.MIL"),
        "Islamic Emirate spokesman": Source(
            name="Islamic Emirate spokesman", kind="party_official", affiliation="AFG"
        ),
        "Wire service": Source(name="Wire service", kind="independent_media", affiliation=None),
    }
    actors = [
        Actor(id="PAK", name="Pakistan", type="state", country="PK"),
        Actor(id="PAK.MIL", name="Pakistan armed forces", type="state_force", parent="PAK", country="PK"),
        Actor(id="AFG", name="Afghanistan", type="de_facto_authority", country="AF"),
        Actor(id="AFG.MIL", name="Afghan forces", type="state_force", parent="AFG", country="AF"),
        Actor(id="TTP", name="TTP", type="armed_group", country="PK"),
    ]
    documents = [ispr, iea, wire]
    return Sample(
        sources=sources,
        documents=documents,
        raws={ispr.id: ispr_raw, iea.id: iea_raw, wire.id: wire_raw},
        claims=claims,
        incidents=[kurram, nwaz],
        commitments=commitments,
        assessment=assessment,
        actors=actors,
    )


def populate(session, sample: Sample) -> None:
    """Write the sample through the store's public functions."""
    from pledgewatch.store import repository as repo

    for source in sample.sources.values():
        repo.upsert_source(session, source=source)
    repo.sync_actors(session, actors=sample.actors)
    for document in sample.documents:
        repo.add_document(session, document=document, raw=sample.raws[document.id])
        repo.replace_machine_claims(
            session,
            document_id=document.id,
            extractor=EXTRACTOR,
            claims=[c for c in sample.claims if c.document_id == document.id],
        )
    repo.replace_incidents(session, incidents=sample.incidents)
    repo.sync_commitments(session, commitments=sample.commitments)
    repo.save_assessment(session, report=sample.assessment)
