"""The say-do assessment: commitment status per period, words, weighted evidence, the gap.

See the package docstring for the method (``ASSESS_METHOD``); the constants below are its weights.
"""

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
    Benchmark,
    Claim,
    Commitment,
    CommitmentAssessment,
    Gap,
    Incident,
    Indicator,
    PartyAssessment,
)

ASSESS_METHOD = "pledgewatch.saydo/0.2.0"

# Weight of one matching incident, by its corroboration status (times the indicator's weight).
STATUS_WEIGHTS: dict[str, float] = {
    "reported": 0.25,
    "contested": 0.5,
    "corroborated": 0.75,
    "confirmed": 1.0,
    "retracted": 0.0,
}
# The gap's low end counts only these; its high end counts every non-retracted item at full weight.
FIRM_STATUSES = frozenset({"corroborated", "confirmed"})
# A single claim (not reconciled into an incident) weighs like a reported incident.
CLAIM_WEIGHT = STATUS_WEIGHTS["reported"]
BROKEN_AT = 1.0  # breach weight at which a commitment is broken in the period
KEPT_AT = 0.5  # implementation weight needed, with no breach at all, for kept
# A party's words: its own commitments, denials and statements (assurances). Never evidence.
WORD_KINDS = frozenset({"commitment", "denial", "statement"})
WORDS_SCALE = 3.0  # say = 1 - exp(-(words + standing) / WORDS_SCALE): three words ~ 0.63
STANDING_WORDS = 1  # a party with a commitment in force has at least this promise on record

COMMITMENT_RULE = (
    f"{ASSESS_METHOD}: breach = incidents (and, for claim indicators, claims) matching a breach "
    "indicator, weighted reported 0.25, contested 0.5, corroborated 0.75, confirmed 1, retracted 0, times "
    "the indicator weight; an incident contested only by the obligor's own denial or by diverging "
    "casualty figures is weighed as its event's corroboration without them; implementation = incidents "
    "or claims matching an implementation indicator that do not rest only on the obligor's own words; "
    f"broken if breach >= {BROKEN_AT:g}; stalled if 0 < breach < {BROKEN_AT:g} without implementation; "
    f"kept if implementation >= {KEPT_AT:g} and no breach; in_progress if any other implementation; "
    "else unverified"
)


def say_value(words: int, standing: int = 0) -> float:
    """1 - exp(-(words + standing) / 3): how much the party has put on record, 0..1."""
    return 1 - math.exp(-(words + standing) / WORDS_SCALE)


def gap_value(words: int, breach: float, *, standing: int = 0) -> float:
    """say x (1 - exp(-breach)): 0 with no breach, or with nothing said; towards 1 with both."""
    return round(say_value(words, standing) * (1 - math.exp(-breach)), 6)


def commitment_status(breach: float, implementation: float) -> str:
    """The status rule, on the two weights of one commitment in one period."""
    if breach >= BROKEN_AT:
        return "broken"
    if breach > 0:
        return "in_progress" if implementation > 0 else "stalled"
    if implementation >= KEPT_AT:
        return "kept"
    if implementation > 0:
        return "in_progress"
    return "unverified"


@dataclass(frozen=True)
class Breach:
    weight: float  # as assessed
    low: float  # counting only corroborated and confirmed items
    high: float  # counting every non-retracted item at full weight
    status: str  # the status the item was weighed at (see ``read_status``)
    indicators: tuple[str, ...]
    recorded_status: str = ""  # the incident's own status, when it differs from ``status``
    kind: str = "incident"  # or "claim"


@dataclass(frozen=True)
class Support:
    weight: float
    status: str
    indicators: tuple[str, ...]
    independent: bool
    note: str
    kind: str = "incident"


@dataclass
class CommitmentVerdict:
    assessment: CommitmentAssessment
    breaches: dict[str, Breach] = field(default_factory=dict)
    support: dict[str, Support] = field(default_factory=dict)

    @property
    def breach_weight(self) -> float:
        return sum(self.breaches[i].weight for i in sorted(self.breaches))

    @property
    def implementation_weight(self) -> float:
        return sum(self.support[i].weight for i in sorted(self.support))


@dataclass(frozen=True)
class Evidence:
    """Everything dated, indexed once; the same for every party (so every party meets the same rules)."""

    incidents_by_period: Mapping[str, list[Incident]]
    claims_by_period: Mapping[str, list[Claim]]
    claim_date: Mapping[str, date]
    claims_by_id: Mapping[str, Claim]
    lookup: ActorLookup
    document_affiliations: Mapping[str, str | None]
    parties: tuple[str, ...] = ()
    incident_claims: frozenset[str] = frozenset()  # claims reconciled into some incident

    def voice(self, speaker: str | None, document_id: str | None) -> str | None:
        """Whom words speak for: the speaker, else the affiliation of the document's source."""
        return speaker or (self.document_affiliations.get(document_id) if document_id else None)

    def claim_voice(self, claim: Claim) -> str | None:
        return self.voice(claim.speaker.actor if claim.speaker else None, claim.document_id)

    def speaks_for(self, voice: str | None, actors: Collection[str]) -> bool:
        return self.lookup.is_within(voice, actors)

    def is_independent_claim(self, claim: Claim) -> bool:
        return not self.speaks_for(self.claim_voice(claim), self.parties)


def build_evidence(
    *,
    commitments: Sequence[Commitment],
    incidents: Sequence[Incident],
    claims: Sequence[Claim],
    ancestors: Ancestors,
    country_of: CountryOf,
    claim_dates: Mapping[str, date] | None,
    document_affiliations: Mapping[str, str | None] | None,
) -> tuple[Evidence, list[Incident], dict[str, date]]:
    """Index the inputs once: live claims with the day their words were said, dated incidents."""
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
        parties=tuple(sorted({c.obligor for c in commitments})),
        incident_claims=frozenset(link.claim_id for i in dated_incidents for link in i.claims),
    )
    return evidence, dated_incidents, claim_date


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
    benchmarks: Sequence[Benchmark] | None = None,
    lookback_months: int | None = None,
) -> AssessmentReport:
    """Assess every commitment obligor per month (see the package docstring for the rules).

    ``claim_dates`` maps claim id -> the day its words were said (the document's publication date);
    claims not in it fall back to their event's start date, and undated claims are left out.
    ``document_affiliations`` maps document id -> the actor its source speaks for (None: independent),
    so a party's press release in its own voice counts as that party's words. ``benchmarks`` (from
    ``knowledge/benchmarks.yaml``) are scored for every party; without them, the benchmark ids the
    commitments name are scored with the default level criteria.
    """
    from pledgewatch.assess.benchmarks import BenchmarkScorer

    evidence, dated_incidents, claim_date = build_evidence(
        commitments=commitments,
        incidents=incidents,
        claims=claims,
        ancestors=ancestors,
        country_of=country_of,
        claim_dates=claim_dates,
        document_affiliations=document_affiliations,
    )
    if periods is None:
        days = [i.date.start for i in dated_incidents] + list(claim_date.values())
        periods = month_periods(min(days), max(days)) if days else []
    periods = normalise_periods(periods)

    ordered = sorted(commitments, key=lambda c: c.id)
    verdicts = VerdictCache(evidence)
    scorer = BenchmarkScorer(
        benchmarks=benchmarks,
        commitments=ordered,
        evidence=evidence,
        verdicts=verdicts,
        lookback_months=lookback_months,
    )
    report = []
    for party in evidence.parties:
        own = [c for c in ordered if c.obligor == party]
        for period in periods:
            row = assess_party(party, period, own, evidence, verdicts=verdicts)
            row.benchmarks = scorer.score(party, period, own)
            report.append(row)
    return AssessmentReport(method=ASSESS_METHOD, periods=list(periods), parties=report)


class VerdictCache:
    """One verdict per (commitment, month): the party rows and the benchmarks' look-back share them."""

    def __init__(self, evidence: Evidence) -> None:
        self.evidence = evidence
        self._cache: dict[tuple[str, str, str], CommitmentVerdict | None] = {}

    def get(self, commitment: Commitment, period: str) -> CommitmentVerdict | None:
        """The verdict, or None when the commitment is not in force in that month."""
        key = (commitment.obligor, commitment.id, period)
        if key not in self._cache:
            start, end = period_bounds(period)
            if commitment.valid_from > end or (
                commitment.valid_to is not None and commitment.valid_to < start
            ):
                self._cache[key] = None
            else:
                window = (max(start, commitment.valid_from), min(end, commitment.valid_to or end))
                self._cache[key] = assess_commitment(commitment, period, window, self.evidence)
        return self._cache[key]


def party_words(party: str, period: str, evidence: Evidence) -> list[str]:
    """Ids of the party's own commitments, denials and statements dated in the period."""
    return [
        c.id
        for c in evidence.claims_by_period.get(period, [])
        if c.kind in WORD_KINDS and evidence.speaks_for(evidence.claim_voice(c), [party])
    ]


def assess_party(
    party: str,
    period: str,
    commitments: Sequence[Commitment],
    evidence: Evidence,
    *,
    verdicts: VerdictCache | None = None,
    all_parties: Collection[str] | None = None,  # kept for callers of v0; parties come from evidence
) -> PartyAssessment:
    verdicts = verdicts or VerdictCache(evidence)
    word_claims = party_words(party, period, evidence)
    found = [v for v in (verdicts.get(c, period) for c in commitments) if v is not None]

    # each item counts once per party and period, at its heaviest reading
    merged: dict[str, Breach] = {}
    support: dict[str, float] = {}
    for verdict in found:
        for item, breach in verdict.breaches.items():
            seen = merged.get(item)
            if seen is None or (breach.weight, breach.low, breach.high) > (seen.weight, seen.low, seen.high):
                merged[item] = breach
        for item, supported in verdict.support.items():
            support[item] = max(support.get(item, 0.0), supported.weight)
    ids = sorted(merged)
    breach_weight = round(sum(merged[i].weight for i in ids), 6)
    low = round(sum(merged[i].low for i in ids), 6)
    high = round(sum(merged[i].high for i in ids), 6)
    words = len(word_claims)
    standing = STANDING_WORDS if found else 0
    gap = Gap(
        value=gap_value(words, breach_weight, standing=standing),
        low=gap_value(words, low, standing=standing),
        high=gap_value(words, high, standing=standing),
    )
    return PartyAssessment(
        party=party,
        period=period,
        words=words,
        word_claims=word_claims,
        breach_weight=breach_weight,
        gap=gap,
        commitments=[v.assessment for v in found],
        benchmarks=[],
        breach_evidence=ids,
        implementation_weight=round(sum(support[i] for i in sorted(support)), 6),
        implementation_evidence=sorted(support),
        commitments_in_force=len(found),
    )


def _fmt(weight: float) -> str:
    return f"{weight:.2f}".rstrip("0").rstrip(".")


def read_status(incident: Incident, obligor: str, evidence: Evidence) -> str:
    """The status an incident is weighed at as evidence about ``obligor``'s conduct.

    Reconciliation calls an incident contested when a conflict party denies it or when the parties'
    casualty figures diverge. Neither says whether the act happened, and the obligor's own denial is
    words: so a contested incident is weighed at its event's corroboration without them (corroborated
    when two or more sources assert it and one is independent, else reported), unless a party other
    than the obligor denies it. A party's denials can therefore never lower (nor raise) the weight of
    evidence against it. Analysts' statuses (confirmed, retracted), the other statuses, and incidents
    that list no claims stand as recorded.
    """
    if incident.status != "contested" or not incident.claims:
        return incident.status  # (an incident with no claims listed cannot be re-read)
    obligor_side = [obligor]
    others = [p for p in evidence.parties if not evidence.speaks_for(p, obligor_side)]
    asserting: set[str] = set()
    for link in incident.claims:
        voice = evidence.voice(link.speaker, link.document_id)
        claim = evidence.claims_by_id.get(link.claim_id)
        denial = link.relation == "denies" or (
            claim is not None and (claim.kind == "denial" or claim.polarity == "denied")
        )
        if denial:
            if not evidence.speaks_for(voice, obligor_side) and evidence.speaks_for(voice, others):
                return "contested"  # another party disputes that it happened
            continue
        asserting.add(link.source or link.document_id)
    return "corroborated" if len(asserting) >= 2 and incident.sources > 0 else "reported"


def _is_denial(claim: Claim) -> bool:
    return claim.polarity == "denied" or claim.kind == "denial"


def assess_commitment(
    commitment: Commitment, period: str, window: tuple[date, date], evidence: Evidence
) -> CommitmentVerdict:
    first, last = window
    breach_rules = [i for i in commitment.indicators if i.effect == "breach"]
    support_rules = [i for i in commitment.indicators if i.effect == "implementation"]
    lookup = evidence.lookup
    obligor = [commitment.obligor]

    breaches: dict[str, Breach] = {}
    support: dict[str, Support] = {}
    for incident in evidence.incidents_by_period.get(period, []):
        if not first <= incident.date.start <= last:
            continue
        if STATUS_WEIGHTS.get(incident.status, 0.0) <= 0:
            continue
        hits = [i for i in breach_rules if incident_matches(i, incident, lookup, evidence.claims_by_id)]
        if hits:
            status = read_status(incident, commitment.obligor, evidence)
            status_weight = STATUS_WEIGHTS[status]
            factor = max(i.weight for i in hits)
            breaches[incident.id] = Breach(
                weight=status_weight * factor,
                low=status_weight * factor if status in FIRM_STATUSES else 0.0,
                high=factor,
                status=status,
                indicators=_names(hits),
                recorded_status=incident.status if incident.status != status else "",
            )
        hits = [i for i in support_rules if incident_matches(i, incident, lookup, evidence.claims_by_id)]
        # an incident resting only on the obligor's own words is words, not evidence of compliance
        outside = [
            c
            for c in incident.claims
            if not evidence.speaks_for(evidence.voice(c.speaker, c.document_id), obligor)
        ]
        if hits and outside:
            support[incident.id] = Support(
                weight=STATUS_WEIGHTS[incident.status] * max(i.weight for i in hits),
                status=incident.status,
                indicators=_names(hits),
                independent=incident.sources > 0,
                note=f"{incident.status}; indicator {', '.join(_names(hits))}",
            )

    for claim in evidence.claims_by_period.get(period, []):
        if not first <= evidence.claim_date[claim.id] <= last or _is_denial(claim):
            continue
        # a claim reconciled into an incident is weighed through the incident, except for indicators
        # about claims (claim_kinds), which never match an incident
        in_incident = claim.id in evidence.incident_claims
        usable = [i for i in breach_rules if i.claim_kinds or not in_incident]
        hits = [i for i in usable if claim_matches(i, claim, lookup)]
        voice = evidence.claim_voice(claim)
        if hits and claim.id not in breaches:
            factor = max(i.weight for i in hits)
            breaches[claim.id] = Breach(
                weight=CLAIM_WEIGHT * factor,
                low=0.0,
                high=factor,
                status="reported",
                indicators=_names(hits),
                kind="claim",
            )
        if evidence.speaks_for(voice, obligor):
            continue  # the obligor's own account of its compliance is words
        usable = [i for i in support_rules if i.claim_kinds or not in_incident]
        hits = [i for i in usable if claim_matches(i, claim, lookup)]
        if hits:
            support[claim.id] = Support(
                weight=CLAIM_WEIGHT * max(i.weight for i in hits),
                status="reported",
                indicators=_names(hits),
                independent=evidence.is_independent_claim(claim),
                note=f"claim by {voice or 'an independent voice'}; indicator " + ", ".join(_names(hits)),
                kind="claim",
            )

    breach = sum(breaches[i].weight for i in sorted(breaches))
    implementation = sum(support[i].weight for i in sorted(support))
    status = commitment_status(breach, implementation)
    reason = _reason(status, period, breach, implementation, breaches, support)
    breach_ids = sorted(breaches)
    support_ids = sorted(support)
    weights = {i: round(b.weight, 6) for i, b in breaches.items()}
    weights.update({i: round(s.weight, 6) for i, s in support.items() if i not in weights})
    assessment = CommitmentAssessment(
        id=commitment.id,
        status=status,
        reason=reason,
        evidence=breach_ids + [i for i in support_ids if i not in breaches],
        weights=dict(sorted(weights.items())),
        rule=COMMITMENT_RULE,
        breach_evidence=breach_ids,
        implementation_evidence=support_ids,
        breach_weight=round(breach, 6),
        implementation_weight=round(implementation, 6),
    )
    return CommitmentVerdict(assessment=assessment, breaches=breaches, support=support)


def _names(indicators: Sequence[Indicator]) -> tuple[str, ...]:
    return tuple(sorted({i.id for i in indicators}))


def _breach_note(item: str, breach: Breach) -> str:
    read = breach.status
    if breach.recorded_status:
        read = f"{breach.recorded_status}, weighed as {breach.status}"
    what = "claim" if breach.kind == "claim" else read
    return f"{item} ({what} x{_fmt(breach.weight)}; indicator {', '.join(breach.indicators)})"


def _reason(
    status: str,
    period: str,
    breach: float,
    implementation: float,
    breaches: Mapping[str, Breach],
    support: Mapping[str, Support],
) -> str:
    if status == "unverified":
        return (
            f"unverified: nothing in {period} matched this commitment's breach or implementation indicators"
        )
    threshold = ">=" if breach >= BROKEN_AT else "<"
    breach_text = "; ".join(_breach_note(i, b) for i, b in sorted(breaches.items()))
    support_text = "; ".join(f"{i} ({support[i].note})" for i in sorted(support))
    return (
        f"{status}: breach weight {_fmt(breach)} ({threshold} {_fmt(BROKEN_AT)})"
        + (f" from {breach_text}" if breaches else "")
        + f"; implementation weight {_fmt(implementation)}"
        + (f" from {support_text}" if support else ": no implementation evidence")
    )
