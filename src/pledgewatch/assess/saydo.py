"""The say-do assessment: commitment status per period, words, weighted breaches, the gap."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from pledgewatch.assess.indicators import ActorLookup, Ancestors, CountryOf, claim_matches, incident_matches
from pledgewatch.assess.periods import month_periods, normalise_periods, period_bounds, period_of
from pledgewatch.models import (
    AssessmentReport,
    BenchmarkScore,
    Claim,
    Commitment,
    CommitmentAssessment,
    Gap,
    Incident,
    PartyAssessment,
)

ASSESS_METHOD = "pledgewatch.saydo/0.1.0"

# Breach weight of one matching incident, by its corroboration status (times the indicator's weight).
STATUS_WEIGHTS: dict[str, float] = {
    "reported": 0.25,
    "contested": 0.5,
    "corroborated": 0.75,
    "confirmed": 1.0,
    "retracted": 0.0,
}
# The gap's low end counts only these; its high end counts every non-retracted incident at 1.0.
FIRM_STATUSES = frozenset({"corroborated", "confirmed"})
# A single claim (not reconciled into an incident) weighs like a reported incident.
CLAIM_WEIGHT = STATUS_WEIGHTS["reported"]
BROKEN_AT = 1.0
# A party's words: its own commitments, denials and statements (assurances). Never evidence.
WORD_KINDS = frozenset({"commitment", "denial", "statement"})
WORDS_SCALE = 3.0  # words_norm = 1 - exp(-words / WORDS_SCALE): three assurances ~ 0.63

COMMITMENT_RULE = (
    f"{ASSESS_METHOD}: breach = incidents matching a breach indicator, weighted reported 0.25, "
    "contested 0.5, corroborated 0.75, confirmed 1, retracted 0 (times the indicator weight); "
    "implementation = incidents or "
    "claims matching an implementation indicator, not resting only on the obligor's own words; broken if "
    "breach >= 1; stalled if 0 < breach < 1 without implementation; in_progress if 0 < breach < 1 with "
    "implementation; kept if implementation and no breach; else unverified"
)


def gap_value(words: int, breach: float) -> float:
    """(1 - exp(-words/3)) * (1 - exp(-breach)): 0 with no words or no breach, towards 1 with both."""
    return round((1 - math.exp(-words / WORDS_SCALE)) * (1 - math.exp(-breach)), 6)


@dataclass(frozen=True)
class Breach:
    weight: float  # as assessed
    low: float  # counting only corroborated and confirmed incidents
    high: float  # counting every non-retracted incident at full weight
    status: str
    indicators: tuple[str, ...]


@dataclass
class CommitmentVerdict:
    assessment: CommitmentAssessment
    breaches: dict[str, Breach] = field(default_factory=dict)
    support: dict[str, float] = field(default_factory=dict)  # evidence id -> weight


@dataclass(frozen=True)
class Evidence:
    """Everything dated, indexed once; the same for every party (so every party meets the same rules)."""

    incidents_by_period: Mapping[str, list[Incident]]
    claims_by_period: Mapping[str, list[Claim]]
    claim_date: Mapping[str, date]
    claims_by_id: Mapping[str, Claim]
    lookup: ActorLookup
    document_affiliations: Mapping[str, str | None]

    def voice(self, speaker: str | None, document_id: str | None) -> str | None:
        """Whom words speak for: the speaker, else the affiliation of the document's source."""
        return speaker or (self.document_affiliations.get(document_id) if document_id else None)

    def claim_voice(self, claim: Claim) -> str | None:
        return self.voice(claim.speaker.actor if claim.speaker else None, claim.document_id)

    def speaks_for(self, voice: str | None, actors: Collection[str]) -> bool:
        return self.lookup.is_within(voice, actors)


def assess(
    *,
    commitments: Sequence[Commitment],
    incidents: Sequence[Incident],
    claims: Sequence[Claim],
    periods: Sequence[str] | None = None,
    ancestors: Ancestors = lambda a: [a],
    country_of: CountryOf = lambda a: None,
    claim_dates: Mapping[str, date] | None = None,
    document_affiliations: Mapping[str, str | None] | None = None,
) -> AssessmentReport:
    """Assess every commitment obligor per month (see the package docstring for the rules).

    ``claim_dates`` maps claim id -> the day its words were said (the document's publication date);
    claims not in it fall back to their event's start date, and undated claims are left out.
    ``document_affiliations`` maps document id -> the actor its source speaks for (None: independent),
    so a party's press release in its own voice counts as that party's words.
    """
    lookup = ActorLookup(ancestors=ancestors, country_of=country_of)
    live_claims = sorted((c for c in claims if c.review != "rejected"), key=lambda c: c.id)
    claim_date: dict[str, date] = {}
    for claim in live_claims:
        said = (claim_dates or {}).get(claim.id)
        if said is None and claim.event is not None and claim.event.date is not None:
            said = claim.event.date.start
        if said is not None:
            claim_date[claim.id] = said
    dated_incidents = sorted((i for i in incidents if i.date is not None), key=lambda i: i.id)

    if periods is None:
        days = [i.date.start for i in dated_incidents] + list(claim_date.values())
        periods = month_periods(min(days), max(days)) if days else []
    periods = normalise_periods(periods)

    incidents_by_period: dict[str, list[Incident]] = defaultdict(list)
    for incident in dated_incidents:
        incidents_by_period[period_of(incident.date.start)].append(incident)
    claims_by_period: dict[str, list[Claim]] = defaultdict(list)
    for claim in live_claims:
        if claim.id in claim_date:
            claims_by_period[period_of(claim_date[claim.id])].append(claim)
    evidence = Evidence(
        incidents_by_period=incidents_by_period,
        claims_by_period=claims_by_period,
        claim_date=claim_date,
        claims_by_id={c.id: c for c in live_claims},
        lookup=lookup,
        document_affiliations=document_affiliations or {},
    )

    parties = sorted({c.obligor for c in commitments})
    ordered = sorted(commitments, key=lambda c: c.id)
    report = []
    for party in parties:
        own = [c for c in ordered if c.obligor == party]
        for period in periods:
            report.append(assess_party(party, period, own, evidence, all_parties=parties))
    return AssessmentReport(method=ASSESS_METHOD, periods=list(periods), parties=report)


def assess_party(
    party: str,
    period: str,
    commitments: Sequence[Commitment],
    evidence: Evidence,
    *,
    all_parties: Collection[str],
) -> PartyAssessment:
    start, end = period_bounds(period)
    word_claims = [
        c.id
        for c in evidence.claims_by_period.get(period, [])
        if c.kind in WORD_KINDS and evidence.speaks_for(evidence.claim_voice(c), [party])
    ]

    verdicts = []
    for commitment in commitments:
        if commitment.valid_from > end or (commitment.valid_to is not None and commitment.valid_to < start):
            continue
        window = (max(start, commitment.valid_from), min(end, commitment.valid_to or end))
        verdicts.append(assess_commitment(commitment, period, window, evidence))

    # each incident counts once per party and period, at its heaviest reading
    merged: dict[str, Breach] = {}
    for verdict in verdicts:
        for incident_id, breach in verdict.breaches.items():
            seen = merged.get(incident_id)
            if seen is None or (breach.weight, breach.low, breach.high) > (seen.weight, seen.low, seen.high):
                merged[incident_id] = breach
    ids = sorted(merged)
    breach_weight = round(sum(merged[i].weight for i in ids), 6)
    low = round(sum(merged[i].low for i in ids), 6)
    high = round(sum(merged[i].high for i in ids), 6)
    words = len(word_claims)
    gap = Gap(value=gap_value(words, breach_weight), low=gap_value(words, low), high=gap_value(words, high))

    return PartyAssessment(
        party=party,
        period=period,
        words=words,
        word_claims=word_claims,
        breach_weight=breach_weight,
        gap=gap,
        commitments=[v.assessment for v in verdicts],
        benchmarks=score_benchmarks(commitments, verdicts, evidence, all_parties),
    )


def _fmt(weight: float) -> str:
    return f"{weight:.2f}".rstrip("0").rstrip(".")


def assess_commitment(
    commitment: Commitment, period: str, window: tuple[date, date], evidence: Evidence
) -> CommitmentVerdict:
    first, last = window
    breach_rules = [i for i in commitment.indicators if i.effect == "breach"]
    support_rules = [i for i in commitment.indicators if i.effect == "implementation"]
    lookup = evidence.lookup
    obligor = [commitment.obligor]

    breaches: dict[str, Breach] = {}
    support: dict[str, float] = {}
    support_notes: dict[str, str] = {}
    covered_claims: set[str] = set()
    for incident in evidence.incidents_by_period.get(period, []):
        if not first <= incident.date.start <= last:
            continue
        status_weight = STATUS_WEIGHTS.get(incident.status, 0.0)
        if status_weight <= 0:
            continue
        hits = [i for i in breach_rules if incident_matches(i, incident, lookup, evidence.claims_by_id)]
        if hits:
            factor = max(i.weight for i in hits)
            breaches[incident.id] = Breach(
                weight=status_weight * factor,
                low=status_weight * factor if incident.status in FIRM_STATUSES else 0.0,
                high=factor,
                status=incident.status,
                indicators=tuple(sorted(i.id for i in hits)),
            )
        hits = [i for i in support_rules if incident_matches(i, incident, lookup, evidence.claims_by_id)]
        # an incident resting only on the obligor's own words is words, not evidence of compliance
        outside = [
            c
            for c in incident.claims
            if not evidence.speaks_for(evidence.voice(c.speaker, c.document_id), obligor)
        ]
        if hits and outside:
            support[incident.id] = status_weight * max(i.weight for i in hits)
            names = ", ".join(sorted(i.id for i in hits))
            support_notes[incident.id] = f"{incident.status}; indicator {names}"
            covered_claims.update(c.claim_id for c in incident.claims)

    for claim in evidence.claims_by_period.get(period, []):
        if claim.id in covered_claims or not first <= evidence.claim_date[claim.id] <= last:
            continue
        if claim.polarity == "denied" or claim.kind == "denial":
            continue
        voice = evidence.claim_voice(claim)
        if evidence.speaks_for(voice, obligor):
            continue  # the obligor's own account of its compliance is words
        hits = [i for i in support_rules if claim_matches(i, claim, lookup)]
        if hits:
            support[claim.id] = CLAIM_WEIGHT * max(i.weight for i in hits)
            support_notes[claim.id] = f"claim by {voice or 'an independent voice'}; indicator " + ", ".join(
                sorted(i.id for i in hits)
            )

    breach = sum(breaches[i].weight for i in sorted(breaches))
    if breach >= BROKEN_AT:
        status = "broken"
    elif breach > 0:
        status = "in_progress" if support else "stalled"
    elif support:
        status = "kept"
    else:
        status = "unverified"

    breach_text = "; ".join(
        f"{i} ({b.status} x{_fmt(b.weight)}; indicator {', '.join(b.indicators)})"
        for i, b in sorted(breaches.items())
    )
    support_text = "; ".join(f"{i} ({support_notes[i]})" for i in sorted(support))
    if status == "unverified":
        reason = (
            f"unverified: nothing in {period} matched this commitment's breach or implementation indicators"
        )
    else:
        threshold = ">=" if breach >= BROKEN_AT else "<"
        reason = (
            f"{status}: breach weight {_fmt(breach)} ({threshold} {_fmt(BROKEN_AT)})"
            + (f" from {breach_text}" if breaches else "")
            + "; implementation evidence: "
            + (support_text or "none")
        )
    evidence_ids = sorted(breaches) + sorted(set(support) - set(breaches))
    weights = {i: round(b.weight, 6) for i, b in breaches.items()}
    weights.update({i: round(w, 6) for i, w in support.items() if i not in weights})
    assessment = CommitmentAssessment(
        id=commitment.id,
        status=status,
        reason=reason,
        evidence=evidence_ids,
        weights=dict(sorted(weights.items())),
        rule=COMMITMENT_RULE,
    )
    return CommitmentVerdict(assessment=assessment, breaches=breaches, support=support)


def score_benchmarks(
    commitments: Sequence[Commitment],
    verdicts: Sequence[CommitmentVerdict],
    evidence: Evidence,
    parties: Collection[str],
) -> list[BenchmarkScore]:
    """Implementation benchmarks (Peace Accords Matrix scale) named by the commitments valid in the period.

    0 = no implementation evidence, 1 = one item, 2 = two or more, 3 = two or more including one from an
    independent source (an incident with an independent source, or a claim whose voice is no party's).
    """
    by_id = {c.id: c for c in commitments}
    items: dict[str, set[str]] = defaultdict(set)
    for verdict in verdicts:
        for benchmark in by_id[verdict.assessment.id].benchmarks:
            items[benchmark].update(verdict.support)

    incident_sources = {i.id: i.sources for dated in evidence.incidents_by_period.values() for i in dated}

    def independent(item: str) -> bool:
        if item in incident_sources:
            return incident_sources[item] > 0
        claim = evidence.claims_by_id.get(item)
        return claim is not None and not evidence.speaks_for(evidence.claim_voice(claim), parties)

    scores = []
    for benchmark in sorted(items):
        found = sorted(items[benchmark])
        free = [i for i in found if independent(i)]
        score = 0 if not found else 1 if len(found) == 1 else 3 if free else 2
        reason = f"{len(found)} implementation item(s)" + (
            f", {len(free)} from an independent source" if found else ""
        ) + f" -> {score}"
        scores.append(BenchmarkScore(id=benchmark, score=score, evidence=found, reason=reason))
    return scores
