"""Build incidents from clusters of claims: estimates, status, relations, reason."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import get_args

from pledgewatch.errors import ConfigError, PledgewatchError
from pledgewatch.models import (
    ActorRef,
    ActorRole,
    Claim,
    DatePrecision,
    DateRange,
    Estimate,
    Incident,
    IncidentClaim,
    IncidentStatus,
    short_hash,
)
from pledgewatch.reconcile.clustering import PlacedClaim, cluster, place_claim
from pledgewatch.reconcile.estimates import Figure, describe, estimate, figure_range, key_order, spread
from pledgewatch.reconcile.voices import (
    Ancestors,
    ClaimContext,
    IsPartisan,
    actor_chain,
    claim_voice,
    is_denial,
    party_root,
    source_is_party,
)

RECONCILE_RULE = "pledgewatch.reconcile/0.1.0"
# Identical sentences at least this long on two outlets are one syndicated report, one source.
SYNDICATION_MIN_CHARS = 40

PRECISION_ORDER = {name: i for i, name in enumerate(get_args(DatePrecision))}
ROLE_ORDER = {name: i for i, name in enumerate(get_args(ActorRole))}
COUNT_KEYS = (
    "claims_in",
    "rejected",
    "not_an_event",
    "claims_with_events",
    "unplaced",
    "unplaced_no_date",
    "unplaced_coarse_date",
    "unplaced_no_location",
    "unplaced_coarse_location",
    "denial_only",
    "clustered",
    "incidents",
    "contested",
    "corroborated",
    "reported",
)


@dataclass
class ReconcileResult:
    incidents: list[Incident]
    counts: dict[str, int]
    skipped: dict[str, str] = field(default_factory=dict)  # claim id -> counts key saying why


def reconcile(
    claims: Sequence[Claim],
    *,
    contexts: Mapping[str, ClaimContext],
    ancestors: Ancestors = lambda a: [a],
    conflict_parties: Sequence[str] = ("PAK", "AFG"),
    window_days: int = 2,
    contested_ratio: float = 1.5,
    is_partisan: IsPartisan = source_is_party,
) -> ReconcileResult:
    """Reconcile claims into incidents (see the package docstring for the rules).

    ``contexts`` is keyed by ``claim.document_id``; ``is_partisan`` defaults to "the source has an
    affiliation" (pass ``SourceRegistry.is_partisan`` to use the registry's judgement).
    """
    if window_days < 0:
        raise ConfigError(
            f"window_days must be 0 or more, got {window_days}", hint="set reconcile_window_days"
        )
    if contested_ratio < 1:
        raise ConfigError(
            f"contested_ratio must be at least 1, got {contested_ratio}", hint="set contested_ratio"
        )
    parties = frozenset(conflict_parties)
    counts = dict.fromkeys(COUNT_KEYS, 0)
    skipped: dict[str, str] = {}

    unique: dict[str, Claim] = {}
    for claim in claims:
        seen = unique.setdefault(claim.id, claim)
        if seen is not claim and seen != claim:
            raise PledgewatchError(
                f"two different claims share the id {claim.id!r}", hint="claim ids must be unique"
            )

    placed: list[PlacedClaim] = []
    for claim in sorted(unique.values(), key=lambda c: c.id):
        counts["claims_in"] += 1
        if claim.review == "rejected":
            reason = "rejected"
        else:
            context = contexts.get(claim.document_id) if claim.document_id else None
            if context is None and claim.kind in ("event_report", "denial", "accusation") and claim.event:
                raise PledgewatchError(
                    f"claim {claim.id!r} (document {claim.document_id!r}) has no source context",
                    hint="pass contexts keyed by claim.document_id for every claim with an event",
                )
            outcome = place_claim(claim, context) if context is not None else "not_an_event"
            if isinstance(outcome, PlacedClaim):
                counts["claims_with_events"] += 1
                placed.append(outcome)
                continue
            reason = outcome
        counts[reason] += 1
        if reason.startswith("unplaced_"):
            counts["unplaced"] += 1
            counts["claims_with_events"] += 1
        skipped[claim.id] = reason

    incidents = []
    for group in cluster(placed, window_days):
        if all(is_denial(p.claim) for p in group):
            # a denial of something nobody in the corpus asserted is recorded as a claim, not an event
            for p in group:
                skipped[p.claim.id] = "denial_only"
            counts["denial_only"] += len(group)
            continue
        incident = build_incident(
            group,
            parties=parties,
            ancestors=ancestors,
            contested_ratio=contested_ratio,
            is_partisan=is_partisan,
            window_days=window_days,
        )
        counts["clustered"] += len(group)
        counts[incident.status] += 1
        incidents.append(incident)
    counts["incidents"] = len(incidents)
    incidents.sort(key=lambda i: (i.date.start if i.date else None, i.id))
    return ReconcileResult(incidents=incidents, counts=counts, skipped=dict(sorted(skipped.items())))


def _rule(window_days: int, contested_ratio: float) -> str:
    return (
        f"{RECONCILE_RULE}: same country and admin1 or place name, dates within {window_days}d, same event "
        f"family, complete linkage; estimates low=min, best=median(independent), high=max; contested if two "
        f"conflict parties' figures lie more than x{contested_ratio:g} apart or a claim denies the event; "
        f"corroborated if 2+ sources including an independent one; else reported"
    )


def _key_text(figure: Figure) -> str:
    outcome, group, side_root = figure.key
    return f"{outcome} {group}" + (f" ({side_root})" if side_root else "")


def _closest(these: list[Figure], those: list[Figure]) -> tuple[float, Figure, Figure]:
    """The two figures, one from each list, whose ranges are closest: (spread, lower, upper)."""
    pairs = []
    for a in these:
        for b in those:
            lower, upper = sorted((a, b), key=lambda f: (f.midpoint, f.claim_id))
            pairs.append((spread(figure_range(a), figure_range(b)), lower, upper))
    return min(pairs, key=lambda t: (t[0], t[1].claim_id, t[2].claim_id))


def build_incident(
    group: list[PlacedClaim],
    *,
    parties: Collection[str],
    ancestors: Ancestors,
    contested_ratio: float,
    is_partisan: IsPartisan,
    window_days: int,
) -> Incident:
    group = sorted(group, key=lambda p: p.claim.id)
    claims = [p.claim for p in group]

    def root(actor: str | None) -> str | None:
        return party_root(actor, ancestors, parties) if actor else None

    voice = {p.claim.id: claim_voice(p.claim, p.context.source, is_partisan) for p in group}
    perpetrators = {
        root(a.actor) for c in claims for a in c.event.actors if a.role == "perpetrator" and a.actor
    }
    stakeholders = set(parties) | perpetrators
    independent = {
        p.claim.id: not is_partisan(p.context.source) and root(voice[p.claim.id]) not in stakeholders
        for p in group
    }

    figures: dict[tuple, list[Figure]] = defaultdict(list)
    for claim in claims:
        if is_denial(claim):
            continue
        for casualty in claim.casualties:
            side = casualty.side
            figure = Figure(
                claim_id=claim.id,
                casualty=casualty,
                independent=independent[claim.id],
                voice_root=root(voice[claim.id]),
                side_root=root(side),
                side_depth=len(actor_chain(side, ancestors)) if side else 0,
            )
            figures[figure.key].append(figure)
    keyed = sorted(figures.values(), key=key_order)
    estimates: list[Estimate] = [estimate(figs) for figs in keyed]
    best_of = {figs[0].key: est.best for figs, est in zip(keyed, estimates, strict=True)}

    # --- why contested -------------------------------------------------------------------------
    contest: list[str] = []
    for figs in keyed:
        by_party: dict[str, list[Figure]] = defaultdict(list)
        for f in figs:
            if f.voice_root in parties:
                by_party[f.voice_root].append(f)
        found = []
        for p, q in combinations(sorted(by_party), 2):
            ratio, lower, upper = _closest(by_party[p], by_party[q])
            if ratio > contested_ratio:
                found.append((min(lower.claim_id, upper.claim_id), lower, upper))
        for _, lower, upper in sorted(found, key=lambda t: (t[0], t[1].claim_id, t[2].claim_id)):
            contest.append(
                f"{_key_text(lower)}: {lower.voice_root}'s {describe(lower.casualty)} [{lower.claim_id}] and "
                f"{upper.voice_root}'s {describe(upper.casualty)} [{upper.claim_id}] are more than "
                f"x{contested_ratio:g} apart"
            )
    sources_of = {p.claim.id: p.context.source for p in group}
    for claim in claims:
        if is_denial(claim):
            who = voice[claim.id] or "an independent voice"
            contest.append(f"{sources_of[claim.id].name} ({who}) denies it [{claim.id}]")

    # --- sources, syndication, corroboration ---------------------------------------------------
    names = sorted({s.name for s in sources_of.values()})
    unit = {name: name for name in names}

    def unit_of(name: str) -> str:
        while unit[name] != name:
            name = unit[name]
        return name

    first_outlet: dict[str, str] = {}
    for claim in claims:
        text = " ".join(claim.text.casefold().split())
        if len(text) < SYNDICATION_MIN_CHARS:
            continue
        other = first_outlet.setdefault(text, sources_of[claim.id].name)
        a, b = sorted((unit_of(other), unit_of(sources_of[claim.id].name)))
        unit[b] = a
    independent_names = {
        sources_of[c.id].name for c in claims if independent[c.id] and not is_partisan(sources_of[c.id])
    }
    units: dict[str, set[str]] = defaultdict(set)
    for name in names:
        units[unit_of(name)].add(name)
    independent_units = sorted(u for u, members in units.items() if members & independent_names)

    status: IncidentStatus
    if contest:
        status = "contested"
        verdict = "contested: " + "; ".join(contest)
    elif len(units) >= 2 and independent_units:
        status = "corroborated"
        verdict = f"corroborated: {len(units)} sources, {len(independent_units)} independent"
    else:
        status = "reported"
        verdict = "reported: " + (
            "a single source" if len(units) < 2 else f"{len(units)} sources but none independent"
        )
    syndicated = [sorted(m) for m in units.values() if len(m) > 1]
    if syndicated:
        verdict += "; syndicated copies counted once: " + ", ".join(" = ".join(m) for m in sorted(syndicated))

    # --- relations -----------------------------------------------------------------------------
    links = []
    for p in group:
        claim = p.claim
        if is_denial(claim):
            relation = "denies"
        elif any(
            spread((c.low, c.high), (best_of[k], best_of[k])) > contested_ratio
            for c in claim.casualties
            if (k := (c.outcome, c.group, root(c.side))) in best_of
        ):
            relation = "conflicts"
        else:
            relation = "supports"
        links.append(
            IncidentClaim(
                claim_id=claim.id,
                document_id=p.context.document_id,
                source=p.context.source.name,
                speaker=claim.speaker.actor if claim.speaker else None,
                relation=relation,
            )
        )

    # --- what, when, where, who ----------------------------------------------------------------
    types = Counter(c.event.type for c in claims if c.event.type)
    independent_types = Counter(c.event.type for c in claims if c.event.type and independent[c.id])
    event_type = min(types, key=lambda t: (-types[t], -independent_types[t], t)) if types else None
    tags = sorted({tag for c in claims for tag in c.event.tags})

    coarsest = max((c.event.date.precision for c in claims), key=PRECISION_ORDER.__getitem__)
    latest_start, earliest_end = max(p.start for p in group), min(p.end for p in group)
    if latest_start <= earliest_end:
        when = "the days all claims share"
        precision = "day" if latest_start == earliest_end else coarsest
        date = DateRange(start=latest_start, end=earliest_end, precision=precision)
    else:
        when = "the span of the claims' dates (they share no day)"
        precision = "period" if coarsest == "day" else coarsest
        first_start, last_end = min(p.start for p in group), max(p.end for p in group)
        date = DateRange(start=first_start, end=last_end, precision=precision)

    def detail(p: PlacedClaim) -> tuple:
        loc = p.location
        filled = sum(v is not None for v in (loc.admin1, loc.admin2, loc.lat))
        return (loc.precision or 3, -filled, p.claim.id)

    location = min(group, key=detail).location

    actors: dict[tuple, ActorRef] = {}
    for claim in claims:
        for ref in claim.event.actors:
            actors.setdefault((ref.actor or "name:" + ref.name.casefold(), ref.role), ref)
    actor_list = sorted(actors.values(), key=lambda a: ROLE_ORDER.get(a.role, len(ROLE_ORDER)))

    said = []
    for p in group:
        claim = p.claim
        who = "independent" if independent[claim.id] else (voice[claim.id] or "partisan source")
        figs = ", ".join(describe(c) for c in claim.casualties) or "no figures"
        said.append(f"{p.context.source.name} ({who}) [{claim.id}]: {'denies' if is_denial(claim) else figs}")
    reason = (
        f"{len(claims)} claims from {len(names)} sources; date is {when}. "
        + "; ".join(said)
        + f". Status {verdict}."
    )

    return Incident(
        id="inc_" + short_hash(claims[0].id),
        type=event_type,
        tags=tags,
        date=date,
        location=location,
        actors=actor_list,
        status=status,
        reason=reason,
        rule=_rule(window_days, contested_ratio),
        estimates=estimates,
        sources=len(independent_units),
        claims=links,
    )
