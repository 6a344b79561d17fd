"""Why an incident is what it is: the evidence that joined its claims, how each estimate was chosen,
why it has its status, and what would change that status.

Pure: ``explain_incident`` takes the stored incident, its claims and their sources, and the analysts'
decisions touching them, and re-runs the same rules reconciliation used (``matching.compare`` with
its evidence, ``incidents.analyse``). When the stored incident no longer agrees with its claims (the
claims were edited since), the explanation says so.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from itertools import combinations

from pledgewatch.models import Claim, Estimate, Incident, ReconcileDecision
from pledgewatch.reconcile.constraints import constraints_from_decisions
from pledgewatch.reconcile.estimates import describe
from pledgewatch.reconcile.incidents import Analysis, _Roots, analyse
from pledgewatch.reconcile.matching import MATCH_THRESHOLD, PlacedClaim, compare, place_claim
from pledgewatch.reconcile.syndication import TextIndex
from pledgewatch.reconcile.voices import Ancestors, ClaimContext, IsPartisan, claim_voice, source_is_party


@dataclass(frozen=True)
class Finding:
    kind: str  # date | type | place | distance | actors | figures | tags | human
    points: float
    text: str


@dataclass(frozen=True)
class Link:
    """Why two claims are in one incident."""

    claim_a: str
    claim_b: str
    score: float | None  # None: the rules rule the pair out (it is together by an analyst's merge)
    matched: bool
    findings: list[Finding]
    decision: str | None = None  # the analyst's merge that keeps them together, if any


@dataclass(frozen=True)
class ClaimLine:
    claim_id: str
    document_id: str
    source: str
    source_kind: str
    published: str | None
    voice: str | None
    independent: bool
    source_unit: str
    relation: str
    superseded_by: str | None
    event: str
    figures: str
    text: str


@dataclass(frozen=True)
class EstimateLine:
    estimate: Estimate
    lines: list[str]


@dataclass
class Explanation:
    incident: Incident
    status: str  # what users see (an analyst's status when one was given)
    machine_status: str
    human_status: str | None
    status_reason: str
    claims: list[ClaimLine]
    links: list[Link]  # a spanning tree: the strongest link that ties each claim in
    pairs_compared: int
    pairs_matching: int
    sources: list[str]
    estimates: list[EstimateLine]
    what_would_change: list[str]
    decisions: list[ReconcileDecision] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["incident"] = self.incident.contract_dict()
        data["estimates"] = [
            {**line.estimate.model_dump(mode="json"), "explanation": line.lines} for line in self.estimates
        ]
        data["decisions"] = [d.model_dump(mode="json") for d in self.decisions]
        return data


def _event_text(p: PlacedClaim) -> str:
    loc = p.location
    where = ", ".join(x for x in (loc.name, loc.admin2, loc.admin1, loc.country) if x)
    when = p.start.isoformat() if p.start == p.end else f"{p.start.isoformat()}..{p.end.isoformat()}"
    return f"{p.etype or 'untyped'} at {where} on {when}"


def _spanning_tree(ids: list[str], weights: dict[tuple[str, str], float]) -> list[tuple[str, str]]:
    """Maximum spanning tree (Kruskal; ties by claim ids): the strongest links that connect all."""
    parent = {i: i for i in ids}

    def find(i: str) -> str:
        while parent[i] != i:
            i = parent[i]
        return i

    tree = []
    for (a, b), _ in sorted(weights.items(), key=lambda item: (-item[1], item[0])):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
            tree.append((a, b))
    return tree


def _estimate_lines(est: Estimate, analysis: Analysis) -> list[str]:
    by_id = {p.claim.id: p for p in analysis.group}

    def who(claim_id: str) -> str:
        p = by_id.get(claim_id)
        if p is None:
            return claim_id
        voice = analysis.voice.get(claim_id)
        tag = "independent" if analysis.independent.get(claim_id) else (voice or "partisan source")
        return f"{claim_id} ({p.context.source.name}, {tag})"

    lines = [
        f"low {est.low}: the lowest figure, from " + ", ".join(who(c) for c in est.low_from),
        f"best {est.best}: "
        + (
            "the median of the independent figures"
            if "median(independent)" in est.rule
            else "the median of all figures (no independent one)"
        )
        + ", from "
        + ", ".join(who(c) for c in est.best_from),
        f"high {est.high}: the highest stated number, from " + ", ".join(who(c) for c in est.high_from),
    ]
    _, _, extras = est.rule.partition("high=max")
    lines.extend(part for part in extras.split("; ") if part)
    return lines


def _would_change(analysis: Analysis, human_status: str | None) -> list[str]:
    ratio = analysis.contested_ratio
    units = analysis.asserting_units
    independent = analysis.independent_units
    changes: list[str] = []
    if human_status is not None:
        changes.append(
            f"an analyst set the status to {human_status}; reconciliation alone would say "
            f"{analysis.status}, and re-running keeps the analyst's status"
        )
    if analysis.status == "contested":
        for contest in analysis.contest:
            if contest.kind == "figures" and contest.lower is not None and contest.upper is not None:
                lower, upper = contest.lower, contest.upper
                lower_top = lower.top
                most = math.floor(ratio * lower_top)
                least = math.ceil(upper.casualty.low / ratio)
                changes.append(
                    f"if {upper.voice_root}'s figure ({describe(upper.casualty)}) were within x{ratio:g} of "
                    f"{lower.voice_root}'s ({describe(lower.casualty)}), i.e. at most {most}, or "
                    f"{lower.voice_root}'s at least {least}, these figures would not make it contested"
                )
            else:
                changes.append(
                    f"without the denial [{', '.join(contest.claim_ids)}] it would not be contested by it"
                )
        otherwise = (
            "corroborated"
            if len(units) >= 2 and independent
            else ("reported (one source)" if len(units) < 2 else "reported (no independent source)")
        )
        changes.append(f"with no contest left it would be {otherwise}")
    elif analysis.status == "corroborated":
        changes.append(
            f"two conflict parties' figures for the same casualties more than x{ratio:g} apart, or a party's "
            "denial, would make it contested"
        )
        if len(independent) == 1:
            changes.append(
                f"it rests on one independent source ({independent[0]}); were that a copy of another source "
                f"in the incident, it would be reported"
            )
        changes.append("an analyst's confirmation would make it confirmed")
    else:
        if len(units) < 2:
            only = units[0] if units else "none"
            if independent:
                changes.append(
                    f"one more source (not a copy of {only}) would make it corroborated: it would then have "
                    f"two sources, one of them independent"
                )
            else:
                changes.append(
                    f"one more source that is independent of the parties (not a copy of {only}) would make "
                    f"it corroborated"
                )
        else:
            changes.append(
                f"one independent source (not a party, not speaking for one) would make it corroborated: "
                f"its {len(units)} sources all speak for a party or a perpetrator"
            )
        changes.append(
            f"another party's figure more than x{ratio:g} from these, or a party's denial, would make it "
            "contested"
        )
    return changes


def explain_incident(
    incident: Incident,
    claims: Sequence[Claim],
    *,
    contexts: Mapping[str, ClaimContext],
    decisions: Sequence[ReconcileDecision] = (),
    ancestors: Ancestors = lambda a: [a],
    conflict_parties: Sequence[str] = ("PAK", "AFG"),
    window_days: int = 2,
    contested_ratio: float = 1.5,
    is_partisan: IsPartisan = source_is_party,
    human_status: str | None = None,
) -> Explanation:
    """Explain ``incident`` from its ``claims`` (the ones it links) and their documents' contexts."""
    parties = frozenset(conflict_parties)
    root = _Roots(ancestors, parties)
    notes: list[str] = []
    placed: list[PlacedClaim] = []
    for claim in sorted(claims, key=lambda c: c.id):
        context = contexts.get(claim.document_id or "")
        if context is None:
            notes.append(f"claim {claim.id}: its document {claim.document_id} is not in the store")
            continue
        outcome = place_claim(
            claim,
            context,
            root=root,
            parties=parties,
            voice=claim_voice(claim, context.source, is_partisan),
        )
        if isinstance(outcome, str):
            notes.append(f"claim {claim.id} can no longer be placed ({outcome}); run `pledgewatch reconcile`")
            continue
        placed.append(outcome)
    linked = {link.claim_id for link in incident.claims}
    missing = sorted(linked - {c.id for c in claims})
    if missing:
        notes.append(f"claims no longer in the store: {', '.join(missing)}")
    if not placed:
        return Explanation(
            incident=incident,
            status=incident.status,
            machine_status=incident.status,
            human_status=human_status,
            status_reason=incident.reason,
            claims=[],
            links=[],
            pairs_compared=0,
            pairs_matching=0,
            sources=[],
            estimates=[],
            what_would_change=[],
            decisions=list(decisions),
            notes=notes,
        )

    texts = TextIndex({doc: ctx.text for doc, ctx in contexts.items() if ctx.source.kind != "dataset"})
    analysis = analyse(
        placed,
        parties=parties,
        ancestors=ancestors,
        contested_ratio=contested_ratio,
        is_partisan=is_partisan,
        texts=texts,
        root=root,
    )
    machine = analysis.incident(incident.id, rule=incident.rule)
    if machine.status != incident.status and human_status is None:
        notes.append(
            f"the stored status ({incident.status}) differs from what the rules give its claims now "
            f"({machine.status}); run `pledgewatch reconcile`"
        )
    if [e.model_dump() for e in machine.estimates] != [e.model_dump() for e in incident.estimates]:
        notes.append(
            "the stored estimates differ from what the rules give its claims now; run `pledgewatch reconcile`"
        )

    # --- links ----------------------------------------------------------------------------------
    must, _ = constraints_from_decisions(decisions)
    group_of: dict[str, str] = {}
    for a, b in must:  # stars: (lowest claim id of the group, member)
        group_of[a] = a
        group_of[b] = a
    merge_text: dict[str, str] = {}
    for decision in decisions:
        if decision.kind == "merge":
            for claim_id in decision.claim_ids:
                merge_text[claim_id] = (
                    f"merged by {decision.actor} (decision {decision.id}): {decision.reason}"
                )

    def merged_together(a: str, b: str) -> bool:
        return a in group_of and group_of.get(a) == group_of.get(b)

    evidence: dict[tuple[str, str], tuple[float | None, list[Finding]]] = {}
    weights: dict[tuple[str, str], float] = {}
    matching = 0
    for a, b in combinations(placed, 2):
        found: list = []
        score = compare(a, b, window_days=window_days, contested_ratio=contested_ratio, evidence=found)
        key = (a.claim.id, b.claim.id)
        evidence[key] = (score, [Finding(kind, points, text) for kind, points, text in found])
        if score is not None and score >= MATCH_THRESHOLD:
            matching += 1
            weights[key] = score
        elif merged_together(*key):
            weights[key] = -1.0  # weaker than any match: used only where no match ties them in
    ids = [p.claim.id for p in placed]
    links = []
    for a, b in _spanning_tree(ids, weights):
        score, findings = evidence[(a, b)]
        matched = score is not None and score >= MATCH_THRESHOLD
        # a link the rules make needs no analyst; one they rule out is there by the analyst's merge
        human = merge_text.get(a) if merged_together(a, b) and not matched else None
        if human:
            findings = [*findings, Finding("human", 0.0, human)]
        links.append(Link(a, b, score, matched, findings, human))
    pairs = len(ids) * (len(ids) - 1) // 2
    if pairs and matching == pairs:
        notes.append(f"all {pairs} pairs of claims match (complete linkage)")
    elif pairs:
        notes.append(
            f"{matching} of {pairs} pairs of claims match; the others are together by an analyst's merge "
            "or were linked before the rules changed"
        )

    # --- claims and sources --------------------------------------------------------------------
    relations = {link.claim_id: link for link in machine.claims}
    lines = []
    for p in placed:
        claim = p.claim
        lines.append(
            ClaimLine(
                claim_id=claim.id,
                document_id=p.context.document_id,
                source=p.context.source.name,
                source_kind=p.context.source.kind,
                published=p.context.published.isoformat() if p.context.published else None,
                voice=analysis.voice[claim.id],
                independent=analysis.independent[claim.id],
                source_unit=analysis.unit_of[p.context.source.name],
                relation=relations[claim.id].relation,
                superseded_by=relations[claim.id].superseded_by,
                event=_event_text(p),
                figures=("denies: " if p.denial else "")
                + (", ".join(describe(c) for c in claim.casualties) or "no figures"),
                text=claim.text,
            )
        )
    sources = []
    for unit, members in sorted(analysis.units.items()):
        tag = "independent" if unit in analysis.independent_units else "not independent"
        if unit not in analysis.asserting_units:
            tag = "only denies"
        sources.append(f"{' = '.join(members)} ({tag})")
    sources.extend(f"syndicated: {s}" for s in analysis.syndication)

    return Explanation(
        incident=incident,
        status=incident.status,
        machine_status=machine.status,
        human_status=human_status,
        status_reason=analysis.verdict,
        claims=lines,
        links=links,
        pairs_compared=pairs,
        pairs_matching=matching,
        sources=sources,
        estimates=[EstimateLine(est, _estimate_lines(est, analysis)) for est in machine.estimates],
        what_would_change=_would_change(analysis, human_status),
        decisions=list(decisions),
        notes=notes,
    )
