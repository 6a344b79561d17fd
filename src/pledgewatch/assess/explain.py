"""Explain one commitment's assessment: its text and source, its indicators in plain words, and per
month the matching evidence with status and weight, the party's words, the status and why, and what
evidence would change it.

Pure: the same inputs as :func:`pledgewatch.assess.assess`, and the very functions it uses
(``assess_commitment``), so an explanation can never disagree with the report.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date

from pledgewatch.assess.indicators import Ancestors, CountryOf
from pledgewatch.assess.periods import month_periods, normalise_periods
from pledgewatch.assess.saydo import (
    ASSESS_METHOD,
    BROKEN_AT,
    CLAIM_WEIGHT,
    KEPT_AT,
    STATUS_WEIGHTS,
    CommitmentVerdict,
    VerdictCache,
    build_evidence,
    commitment_status,
    party_words,
)
from pledgewatch.errors import NotFoundError
from pledgewatch.models import Claim, Commitment, Incident, Indicator

_PLAIN_TYPES = {"air_drone_strike": "air or drone strike", "shelling_artillery_missile_attack": "shelling"}


@dataclass
class IndicatorLine:
    id: str
    effect: str  # breach | implementation
    description: str
    criteria: str  # the machine rule in plain words
    weight: float


@dataclass
class EvidenceLine:
    id: str
    kind: str  # incident | claim
    when: str
    where: str
    summary: str
    status: str  # the incident's recorded status ("reported" for a lone claim)
    weighed_as: str  # the status it was weighed at
    weight: float
    indicators: list[str]
    independent: bool | None = None  # implementation items only
    note: str = ""


@dataclass
class WordLine:
    id: str
    kind: str
    said_on: str
    text: str


@dataclass
class PeriodExplanation:
    period: str
    status: str
    reason: str
    breach_weight: float
    implementation_weight: float
    breaches: list[EvidenceLine] = field(default_factory=list)
    implementation: list[EvidenceLine] = field(default_factory=list)
    words: list[WordLine] = field(default_factory=list)
    what_would_change: list[str] = field(default_factory=list)


@dataclass
class CommitmentExplanation:
    method: str
    commitment: Commitment
    indicators: list[IndicatorLine]
    periods: list[PeriodExplanation]
    quiet_periods: list[str]  # in force, nothing matched, no words

    def to_dict(self) -> dict:
        data = asdict(self)
        data["commitment"] = self.commitment.model_dump(mode="json")
        return data


def explain_commitment(
    commitment_id: str,
    *,
    commitments: Sequence[Commitment],
    incidents: Sequence[Incident],
    claims: Sequence[Claim],
    periods: Sequence[str] | None = None,
    ancestors: Ancestors = lambda a: [a],
    country_of: CountryOf = lambda a: None,
    claim_dates: Mapping[str, date] | None = None,
    document_affiliations: Mapping[str, str | None] | None = None,
    actor_names: Mapping[str, str] | None = None,
    all_periods: bool = False,
) -> CommitmentExplanation:
    """How ``commitment_id`` was judged in every month it was in force (quiet months summarised)."""
    by_id = {c.id: c for c in commitments}
    commitment = by_id.get(commitment_id)
    if commitment is None:
        raise NotFoundError(
            f"no commitment {commitment_id!r} in the registry",
            hint="list them with `pledgewatch commitments list`",
        )
    evidence, dated, claim_date = build_evidence(
        commitments=commitments,
        incidents=incidents,
        claims=claims,
        ancestors=ancestors,
        country_of=country_of,
        claim_dates=claim_dates,
        document_affiliations=document_affiliations,
    )
    if periods is None:
        days = [i.date.start for i in dated] + list(claim_date.values())
        periods = month_periods(min(days), max(days)) if days else []
    names = dict(actor_names or {})
    label = _labeller(names)
    incidents_by_id = {i.id: i for i in dated}
    cache = VerdictCache(evidence)

    explained: list[PeriodExplanation] = []
    quiet: list[str] = []
    for period in normalise_periods(periods):
        verdict = cache.get(commitment, period)
        if verdict is None:
            continue
        words = party_words(commitment.obligor, period, evidence)
        if not all_periods and not verdict.breaches and not verdict.support and not words:
            quiet.append(period)
            continue
        explained.append(
            _period(period, verdict, words, evidence, incidents_by_id, claim_date, commitment, label)
        )
    return CommitmentExplanation(
        method=ASSESS_METHOD,
        commitment=commitment,
        indicators=[_indicator_line(i, label) for i in commitment.indicators],
        periods=explained,
        quiet_periods=quiet,
    )


def _labeller(names: Mapping[str, str]) -> Callable[[str], str]:
    def label(actor: str) -> str:
        name = names.get(actor)
        return f"{name} ({actor})" if name and name != actor else actor

    return label


def _plain_type(event_type: str) -> str:
    return _PLAIN_TYPES.get(event_type, event_type.replace("_", " "))


def _or(values: Sequence[str]) -> str:
    values = list(values)
    return values[0] if len(values) == 1 else ", ".join(values[:-1]) + " or " + values[-1]


def plain_criteria(indicator: Indicator, label: Callable[[str], str] = str) -> str:
    """The machine rule of an indicator in words ("an air or drone strike or shelling, by ...")."""
    parts = []
    if indicator.claim_kinds:
        parts.append(f"a claim of kind {_or(indicator.claim_kinds)}")
    if indicator.event_types:
        parts.append(f"an event of type {_or([_plain_type(t) for t in indicator.event_types])}")
    if indicator.tags:
        parts.append(f"tagged {_or([t.replace('_', ' ') for t in indicator.tags])}")
    if indicator.perpetrators:
        parts.append(f"carried out by {_or([label(a) for a in indicator.perpetrators])} (or a unit of it)")
    if indicator.targets:
        parts.append(f"against {_or([label(a) for a in indicator.targets])}")
    if indicator.origin_country:
        parts.append(f"coming from territory {indicator.origin_country}")
    if indicator.target_country:
        parts.append(f"taking place in {indicator.target_country}")
    if indicator.keywords:
        parts.append("whose text mentions " + _or([f'"{k}"' for k in indicator.keywords]))
    rule = ", ".join(parts) if parts else "anything"
    if indicator.weight != 1:
        rule += f"; counts x{indicator.weight:g} (indirect evidence)"
    return rule[:1].upper() + rule[1:]


def _indicator_line(indicator: Indicator, label) -> IndicatorLine:
    return IndicatorLine(
        id=indicator.id,
        effect=indicator.effect,
        description=indicator.description,
        criteria=plain_criteria(indicator, label),
        weight=indicator.weight,
    )


def _evidence_line(item, weight, weighed_as, indicators, incidents_by_id, evidence, claim_date, **extra):
    incident = incidents_by_id.get(item)
    if incident is not None:
        when = str(incident.date.start) if incident.date else ""
        where = incident.location.name if incident.location else "place unknown"
        perpetrators = [a.actor for a in incident.actors if a.role == "perpetrator" and a.actor]
        summary = f"{(incident.type or 'incident').replace('_', ' ')}" + (
            f" by {', '.join(perpetrators)}" if perpetrators else ""
        )
        return EvidenceLine(
            id=item,
            kind="incident",
            when=when,
            where=where,
            summary=summary,
            status=incident.status,
            weighed_as=weighed_as,
            weight=round(weight, 6),
            indicators=list(indicators),
            **extra,
        )
    claim = evidence.claims_by_id.get(item)
    text = " ".join(claim.text.split()) if claim else item
    return EvidenceLine(
        id=item,
        kind="claim",
        when=str(claim_date.get(item, "")),
        where="",
        summary=(text[:157] + "...") if len(text) > 160 else text,
        status="reported",
        weighed_as="reported",
        weight=round(weight, 6),
        indicators=list(indicators),
        **extra,
    )


def _period(
    period, verdict: CommitmentVerdict, words, evidence, incidents_by_id, claim_date, commitment, label
) -> PeriodExplanation:
    assessment = verdict.assessment
    breaches = [
        _evidence_line(
            i,
            b.weight,
            b.status,
            b.indicators,
            incidents_by_id,
            evidence,
            claim_date,
            note=(
                f"recorded {b.recorded_status}; weighed as {b.status} because the contest "
                "comes only from the obligor's own denial or from diverging figures"
            )
            if b.recorded_status
            else "",
        )
        for i, b in sorted(verdict.breaches.items())
    ]
    support = [
        _evidence_line(
            i,
            s.weight,
            s.status,
            s.indicators,
            incidents_by_id,
            evidence,
            claim_date,
            independent=s.independent,
            note=s.note,
        )
        for i, s in sorted(verdict.support.items())
    ]
    word_lines = []
    for claim_id in words:
        claim = evidence.claims_by_id[claim_id]
        text = " ".join(claim.text.split())
        word_lines.append(
            WordLine(
                id=claim_id,
                kind=claim.kind,
                said_on=str(claim_date.get(claim_id, "")),
                text=(text[:197] + "...") if len(text) > 200 else text,
            )
        )
    return PeriodExplanation(
        period=period,
        status=assessment.status,
        reason=assessment.reason,
        breach_weight=assessment.breach_weight,
        implementation_weight=assessment.implementation_weight,
        breaches=breaches,
        implementation=support,
        words=word_lines,
        what_would_change=what_would_change(verdict, commitment, label),
    )


def _w(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _examples(weight_needed: float) -> str:
    """Concrete ways to reach a weight, on the status scale."""
    options = []
    for status in ("confirmed", "corroborated", "contested", "reported"):
        unit = STATUS_WEIGHTS[status]
        n = max(1, -(-round(weight_needed * 100) // round(unit * 100)))
        options.append(f"{n} {status}")
    return ", or ".join(options[:3])


def _hint(indicators: Sequence[Indicator]) -> str:
    if not indicators:
        return ""
    text = indicators[0].description.rstrip(".")
    return f" (e.g. {text[:1].lower()}{text[1:]})"


def what_would_change(verdict: CommitmentVerdict, commitment: Commitment, label=str) -> list[str]:
    """The evidence that would move the status, computed from the same thresholds."""
    breach = verdict.breach_weight
    implementation = verdict.implementation_weight
    breach_rules = [i for i in commitment.indicators if i.effect == "breach"]
    support_rules = [i for i in commitment.indicators if i.effect == "implementation"]
    breach_hint = _hint(breach_rules)
    support_hint = _hint(support_rules)
    lines: list[str] = []
    if breach < BROKEN_AT:
        need = BROKEN_AT - breach
        lines.append(
            f"Breach evidence weighing {_w(need)} more{breach_hint} would make it broken: "
            f"{_examples(need)} incident(s) matching a breach indicator."
        )
    if breach >= BROKEN_AT:
        heaviest = max(verdict.breaches.items(), key=lambda kv: (kv[1].weight, kv[0]))
        rest = breach - heaviest[1].weight
        after = commitment_status(rest, implementation)
        lines.append(
            f"It stays broken while the breach weight is at least {_w(BROKEN_AT)}. If {heaviest[0]} "
            f"(x{_w(heaviest[1].weight)}) were retracted, the weight would be {_w(rest)} and the status "
            f"{after.replace('_', ' ')}."
        )
        lines.append("Implementation evidence does not offset a breach in the same month: outcomes decide.")
    elif breach > 0:
        ids = ", ".join(sorted(verdict.breaches))
        lines.append(
            f"If {ids} were retracted the status would be "
            f"{commitment_status(0.0, implementation).replace('_', ' ')}."
        )
        if implementation == 0:
            lines.append(
                f"Implementation evidence from a source outside the party{support_hint} would make it in "
                "progress."
            )
    else:
        if implementation < KEPT_AT:
            need = KEPT_AT - implementation
            lines.append(
                f"Implementation evidence weighing {_w(need)} more, from a source outside the "
                f"party{support_hint}, "
                f"would make it kept: e.g. {_examples(need)} incident(s), or "
                f"{-(-round(need * 100) // round(CLAIM_WEIGHT * 100))} separate report(s)."
            )
        if implementation > 0:
            lines.append("Any breach evidence would make it in progress, or broken at a weight of 1.")
    if not support_rules:
        lines.append(
            "This commitment has no implementation indicator: it can be broken, stalled or unverified, "
            "never in progress or kept."
        )
    lines.append(
        f"The words of {label(commitment.obligor)} (assurances, denials) would not change it: words are not "
        "evidence."
    )
    return lines
