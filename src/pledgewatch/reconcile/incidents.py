"""Build incidents from clusters of claims: sources, estimates, status, relations, reason, ids."""

from __future__ import annotations

import gc
from collections import Counter, defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
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
from pledgewatch.reconcile.clustering import ClusterStats, cluster
from pledgewatch.reconcile.estimates import Figure, describe, estimate, figure_range, key_order, spread
from pledgewatch.reconcile.matching import EVENT_KINDS, MATCH_THRESHOLD, PlacedClaim, place_claim
from pledgewatch.reconcile.syndication import TextIndex, same_sentence
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

RECONCILE_RULE = "pledgewatch.reconcile/0.3.1"

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
    "dataset_claims",
    "incidents",
    "contested",
    "corroborated",
    "reported",
    "incidents_kept",
    "incidents_new",
    "claims_joined",
    "superseded",
    "syndicated",
    "pairs_compared",
    "pairs_matching",
    "claims_capped",
    "pairs_capped",
    "must_links",
    "cannot_links",
    "links_blocked",
    "constraint_conflicts",
)


@dataclass
class ReconcileResult:
    incidents: list[Incident]
    counts: dict[str, int]
    skipped: dict[str, str] = field(default_factory=dict)  # claim id -> counts key saying why


class _Roots:
    """Party roots of actor ids, cached (the same few dozen ids recur across a million claims)."""

    def __init__(self, ancestors: Ancestors, parties: Collection[str]):
        self.ancestors = ancestors
        self.parties = parties
        self._cache: dict[str, str] = {}

    def __call__(self, actor: str) -> str:
        found = self._cache.get(actor)
        if found is None:
            found = self._cache[actor] = party_root(actor, self.ancestors, self.parties)
        return found


def reconcile(
    claims: Sequence[Claim],
    *,
    contexts: Mapping[str, ClaimContext],
    ancestors: Ancestors = lambda a: [a],
    conflict_parties: Sequence[str] = ("PAK", "AFG"),
    window_days: int = 2,
    contested_ratio: float = 1.5,
    is_partisan: IsPartisan = source_is_party,
    must_link: Sequence[tuple[str, str]] = (),
    cannot_link: Sequence[tuple[str, str]] = (),
    previous: Mapping[str, str] | None = None,
) -> ReconcileResult:
    """Reconcile claims into incidents (see the package docstring for the rules).

    ``contexts`` is keyed by ``claim.document_id``; ``is_partisan`` defaults to "the source has an
    affiliation" (pass ``SourceRegistry.is_partisan`` to use the registry's judgement).
    ``must_link`` / ``cannot_link``: pairs of claim ids from analysts' merges and splits
    (``constraints.constraints_from_decisions``). ``previous``: claim id -> incident id of the last
    run, so incidents keep their ids and re-running adds new claims to the incidents they join.
    """
    if window_days < 0:
        raise ConfigError(
            f"window_days must be 0 or more, got {window_days}", hint="set reconcile_window_days"
        )
    if contested_ratio < 1:
        raise ConfigError(
            f"contested_ratio must be at least 1, got {contested_ratio}", hint="set contested_ratio"
        )
    # The cyclic garbage collector rescans every live object on its full passes; with a million
    # claims in memory that is a fifth of the run, and reconciliation makes no reference cycles.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _reconcile(
            claims,
            contexts=contexts,
            ancestors=ancestors,
            conflict_parties=conflict_parties,
            window_days=window_days,
            contested_ratio=contested_ratio,
            is_partisan=is_partisan,
            must_link=must_link,
            cannot_link=cannot_link,
            previous=previous,
        )
    finally:
        if collecting:
            gc.enable()


def _reconcile(
    claims: Sequence[Claim],
    *,
    contexts: Mapping[str, ClaimContext],
    ancestors: Ancestors,
    conflict_parties: Sequence[str],
    window_days: int,
    contested_ratio: float,
    is_partisan: IsPartisan,
    must_link: Sequence[tuple[str, str]],
    cannot_link: Sequence[tuple[str, str]],
    previous: Mapping[str, str] | None,
) -> ReconcileResult:
    parties = frozenset(conflict_parties)
    root = _Roots(ancestors, parties)
    previous = previous or {}
    counts = dict.fromkeys(COUNT_KEYS, 0)
    skipped: dict[str, str] = {}

    # in claim-id order, each id once (a sorted list, not a dict: a million claims)
    ordered: list[Claim] = []
    for claim in sorted(claims, key=lambda c: c.id):
        if ordered and ordered[-1].id == claim.id:
            if ordered[-1] is not claim and ordered[-1] != claim:
                raise PledgewatchError(
                    f"two different claims share the id {claim.id!r}", hint="claim ids must be unique"
                )
            continue
        ordered.append(claim)

    placed: list[PlacedClaim] = []
    for claim in ordered:
        counts["claims_in"] += 1
        if claim.review == "rejected":
            reason = "rejected"
        else:
            context = contexts.get(claim.document_id) if claim.document_id else None
            if context is None and claim.kind in EVENT_KINDS and claim.event:
                raise PledgewatchError(
                    f"claim {claim.id!r} (document {claim.document_id!r}) has no source context",
                    hint="pass contexts keyed by claim.document_id for every claim with an event",
                )
            if context is None:
                outcome = "not_an_event"
            else:
                voice = claim_voice(claim, context.source, is_partisan)
                outcome = place_claim(claim, context, root=root, parties=parties, voice=voice)
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

    del ordered
    stats = ClusterStats()
    groups = cluster(
        placed,
        window_days=window_days,
        contested_ratio=contested_ratio,
        must_link=must_link,
        cannot_link=cannot_link,
        previous=previous,
        stats=stats,
    )
    counts.update(
        pairs_compared=stats.pairs_compared,
        pairs_matching=stats.pairs_matching,
        claims_capped=stats.blocking.capped,
        pairs_capped=stats.blocking.dropped,
        must_links=stats.must_links,
        cannot_links=stats.cannot_links,
        links_blocked=stats.links_blocked,
        constraint_conflicts=stats.constraint_conflicts,
    )

    del placed  # the clusters hold every placed claim now; each is released once its incident is built
    events = []
    for group in groups:
        if all(p.denial for p in group):
            # a denial of something nobody in the corpus asserted is recorded as a claim, not an event
            for p in group:
                skipped[p.claim.id] = "denial_only"
            counts["denial_only"] += len(group)
            continue
        events.append(group)
    del groups

    texts = TextIndex({doc: ctx.text for doc, ctx in contexts.items() if ctx.source.kind != "dataset"})
    ids = assign_ids([[p.claim.id for p in group] for group in events], previous)
    members_before: dict[str, set[str]] = defaultdict(set)
    for claim_id, incident_id in previous.items():
        members_before[incident_id].add(claim_id)
    incidents = []
    for number, incident_id in enumerate(ids):
        group, events[number] = events[number], None
        analysis = analyse(
            group,
            parties=parties,
            ancestors=ancestors,
            contested_ratio=contested_ratio,
            is_partisan=is_partisan,
            texts=texts,
            root=root,
        )
        incident = analysis.incident(incident_id, rule=_rule(window_days, contested_ratio))
        counts["clustered"] += len(group)
        counts["dataset_claims"] += sum(p.context.source.kind == "dataset" for p in group)
        counts[incident.status] += 1
        counts["superseded"] += len(analysis.superseded_by)
        counts["syndicated"] += sum(len(m) - 1 for m in analysis.units.values())
        if incident_id in members_before:
            counts["incidents_kept"] += 1
            counts["claims_joined"] += sum(p.claim.id not in members_before[incident_id] for p in group)
        else:
            counts["incidents_new"] += 1
        incidents.append(incident)
    counts["incidents"] = len(incidents)
    incidents.sort(key=lambda i: (i.date.start if i.date else date.min, i.id))
    return ReconcileResult(incidents=incidents, counts=counts, skipped=dict(sorted(skipped.items())))


def assign_ids(groups: Sequence[Sequence[str]], previous: Mapping[str, str]) -> list[str]:
    """Incident ids for clusters of claim ids (each sorted), stable across runs.

    A cluster keeps the previous id held by most of its claims (ties: the lower id); each previous id
    goes to the cluster holding most of its claims. Other clusters get ``"inc_" +
    short_hash(lowest claim id)``, salted when that id is already in use, so an incident keeps its id
    while claims join it later (with any ids) and the part an analyst splits off gets a new one.
    """
    offers = []
    for index, claim_ids in enumerate(groups):
        held = Counter(previous[c] for c in claim_ids if c in previous)
        offers.extend((-n, incident_id, claim_ids[0], index) for incident_id, n in held.items())
    offers.sort()
    result: list[str | None] = [None] * len(groups)
    taken: set[str] = set()
    for _, incident_id, _, index in offers:
        if result[index] is None and incident_id not in taken:
            result[index] = incident_id
            taken.add(incident_id)
    reserved = set(previous.values())
    for index, claim_ids in enumerate(groups):
        if result[index] is not None:
            continue
        salt = 0
        while True:
            parts = (claim_ids[0],) if salt == 0 else (claim_ids[0], salt)
            candidate = "inc_" + short_hash(*parts)
            if candidate not in taken and candidate not in reserved:
                break
            salt += 1
        result[index] = candidate
        taken.add(candidate)
    return [r for r in result if r is not None]


def _rule(window_days: int, contested_ratio: float) -> str:
    """The rule id and its parameters (stored in a 200-character column; the rules themselves are
    documented in ``pledgewatch.reconcile`` and shown by ``explain``)."""
    return (
        f"{RECONCILE_RULE}: window {window_days}d, match at {MATCH_THRESHOLD:g}, complete linkage with "
        f"analysts' merges/splits; low=min, best=median(independent), high=max; contested beyond "
        f"x{contested_ratio:g} or on a party's denial"
    )


# --- one incident ----------------------------------------------------------------------------


# Every link sets every field: one shared set instead of one per link (a million links at scale).
_LINK_FIELDS = set(IncidentClaim.model_fields)


@dataclass(frozen=True)
class Contest:
    """One reason an incident is contested."""

    kind: str  # "figures" | "denial"
    text: str
    claim_ids: tuple[str, ...]
    lower: Figure | None = None
    upper: Figure | None = None
    ratio: float | None = None


@dataclass
class Analysis:
    """Everything decided about one cluster of claims, in the order it was decided.

    ``incident()`` turns it into the domain model; ``explain`` reads the parts.
    """

    group: list[PlacedClaim]
    contested_ratio: float
    voice: dict[str, str | None]
    voice_root: dict[str, str | None]
    independent: dict[str, bool]
    partisan_source: dict[str, bool]
    source_of: dict[str, str]  # claim id -> source name
    units: dict[str, list[str]]  # unit name (lowest member) -> source names
    unit_of: dict[str, str]  # source name -> unit name
    syndication: list[str]  # why sources were joined
    superseded_by: dict[str, str]  # claim id -> claim id of the later report replacing all its figures
    estimates: list[Estimate]
    keyed_figures: list[list[Figure]]
    contest: list[Contest]
    other_denials: list[str]
    asserting_units: list[str]
    independent_units: list[str]
    status: IncidentStatus
    verdict: str
    parties: frozenset[str]
    relations: dict[str, str]
    fields: dict

    @property
    def claims(self) -> list[Claim]:
        return [p.claim for p in self.group]

    def incident(self, incident_id: str, *, rule: str) -> Incident:
        # built without re-validating values this module made: validation would copy every string
        links = [
            IncidentClaim.model_construct(
                _fields_set=_LINK_FIELDS,
                claim_id=p.claim.id,
                document_id=p.context.document_id,
                source=p.context.source.name,
                speaker=p.claim.speaker.actor if p.claim.speaker else None,
                relation=self.relations[p.claim.id],
                superseded_by=self.superseded_by.get(p.claim.id),
            )
            for p in self.group
        ]
        return Incident(
            id=incident_id,
            status=self.status,
            reason=self.fields["reason"],
            rule=rule,
            estimates=self.estimates,
            sources=len(self.independent_units),
            claims=links,
            type=self.fields["type"],
            tags=self.fields["tags"],
            date=self.fields["date"],
            location=self.fields["location"],
            actors=self.fields["actors"],
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


class _Units:
    def __init__(self, names: list[str]):
        self.parent = {name: name for name in names}

    def find(self, name: str) -> str:
        while self.parent[name] != name:
            name = self.parent[name]
        return name

    def join(self, a: str, b: str) -> bool:
        a, b = sorted((self.find(a), self.find(b)))
        if a == b:
            return False
        self.parent[b] = a
        return True


def analyse(
    group: list[PlacedClaim],
    *,
    parties: Collection[str],
    ancestors: Ancestors,
    contested_ratio: float,
    is_partisan: IsPartisan,
    texts: TextIndex | None = None,
    root=None,
) -> Analysis:
    """Decide sources, figures, estimates, status and relations for one cluster of claims."""
    group = sorted(group, key=lambda p: p.claim.id)
    claims = [p.claim for p in group]
    parties = frozenset(parties)
    root = root or _Roots(ancestors, parties)

    def root_of(actor: str | None) -> str | None:
        return root(actor) if actor else None

    voice = {p.claim.id: claim_voice(p.claim, p.context.source, is_partisan) for p in group}
    voice_root = {cid: root_of(v) for cid, v in voice.items()}
    perpetrators = {
        root(a.actor) for c in claims for a in c.event.actors if a.role == "perpetrator" and a.actor
    }
    stakeholders = set(parties) | perpetrators
    partisan = {p.claim.id: is_partisan(p.context.source) for p in group}
    independent = {cid: not partisan[cid] and voice_root[cid] not in stakeholders for cid in voice}
    source_of = {p.claim.id: p.context.source.name for p in group}

    # --- sources: syndicated copies are one unit -----------------------------------------------
    names = sorted(set(source_of.values()))
    units = _Units(names)
    syndication: list[str] = []
    docs = sorted({(p.context.source.name, p.context.document_id, p.context.source.kind) for p in group})
    if texts is not None:
        for (name_a, doc_a, kind_a), (name_b, doc_b, kind_b) in combinations(docs, 2):
            if name_a == name_b or "dataset" in (kind_a, kind_b):
                continue
            similarity = texts.similarity(doc_a, doc_b)
            if similarity is not None and similarity.near_duplicate and units.join(name_a, name_b):
                syndication.append(f"{name_a} = {name_b} ({similarity.describe()})")
    own_voice = [p for p in group if p.claim.speaker is None or not p.claim.speaker.actor]
    for a, b in combinations(own_voice, 2):
        name_a, name_b = a.context.source.name, b.context.source.name
        if name_a == name_b or units.find(name_a) == units.find(name_b):
            continue
        score = same_sentence(a.claim.text, b.claim.text)
        if score is not None and units.join(name_a, name_b):
            syndication.append(
                f"{name_a} = {name_b} (the same sentence, {score:.0f}% alike: {a.claim.id}, {b.claim.id})"
            )
    unit_of = {name: units.find(name) for name in names}
    members: dict[str, list[str]] = defaultdict(list)
    for name in names:
        members[unit_of[name]].append(name)

    # --- figures: later reports of the same source and voice supersede earlier ones -------------
    published: dict[str, date | None] = {p.claim.id: p.context.published for p in group}
    all_figures: list[Figure] = []
    for claim in claims:
        if is_denial(claim):
            continue
        for casualty in claim.casualties:
            side = casualty.side
            all_figures.append(
                Figure(
                    claim_id=claim.id,
                    casualty=casualty,
                    independent=independent[claim.id],
                    voice_root=voice_root[claim.id],
                    side_root=root_of(side),
                    side_depth=len(actor_chain(side, ancestors)) if side else 0,
                )
            )

    def series(f: Figure) -> tuple:
        return (unit_of[source_of[f.claim_id]], voice[f.claim_id], f.key)

    latest: dict[tuple, tuple[date, str]] = {}
    for f in all_figures:
        when = published[f.claim_id]
        if when is None:
            continue
        key = series(f)
        current = latest.get(key)
        # the latest report wins; on the same day, the lowest claim id speaks for it
        if current is None or when > current[0] or (when == current[0] and f.claim_id < current[1]):
            latest[key] = (when, f.claim_id)
    kept: list[Figure] = []
    dropped: dict[tuple, list[tuple[Figure, str]]] = defaultdict(list)
    superseding: dict[str, list[str]] = defaultdict(list)  # claim id -> who superseded each figure
    first_copy: dict[tuple, str] = {}
    copies: dict[tuple, list[tuple[Figure, str]]] = defaultdict(list)
    for f in sorted(all_figures, key=lambda f: (f.claim_id, f.casualty.low, f.top)):
        when, newest = latest.get(series(f), (None, None))
        if when is not None and published[f.claim_id] is not None and published[f.claim_id] < when:
            dropped[f.key].append((f, newest))
            superseding[f.claim_id].append(newest)
            continue
        identity = (*series(f), published[f.claim_id], f.casualty.low, f.casualty.high)
        if identity in first_copy and first_copy[identity] != f.claim_id:
            copies[f.key].append((f, first_copy[identity]))
            continue
        first_copy.setdefault(identity, f.claim_id)
        kept.append(f)
    # a claim is superseded when a later report replaced any of its figures (the estimate rules say
    # which); its other figures still count until a later report of the same source replaces them
    superseded_by = {cid: min(by) for cid, by in superseding.items()}

    keyed_map: dict[tuple, list[Figure]] = defaultdict(list)
    for f in kept:
        keyed_map[f.key].append(f)
    keyed = sorted(keyed_map.values(), key=key_order)
    estimates = [
        estimate(figs, superseded=dropped.get(figs[0].key, []), copies=copies.get(figs[0].key, []))
        for figs in keyed
    ]
    best_of = {figs[0].key: est.best for figs, est in zip(keyed, estimates, strict=True)}

    # --- contested: parties' figures diverge, or a party denies the event -----------------------
    contest: list[Contest] = []
    for figs in keyed:
        by_party: dict[str, list[Figure]] = defaultdict(list)
        for f in figs:
            if f.voice_root in parties:
                by_party[f.voice_root].append(f)
        found = []
        for p, q in combinations(sorted(by_party, key=lambda v: min(f.claim_id for f in by_party[v])), 2):
            ratio, lower, upper = _closest(by_party[p], by_party[q])
            if ratio > contested_ratio:
                found.append((min(lower.claim_id, upper.claim_id), lower, upper, ratio))
        for _, lower, upper, ratio in sorted(found, key=lambda t: (t[0], t[1].claim_id, t[2].claim_id)):
            contest.append(
                Contest(
                    kind="figures",
                    text=(
                        f"{_key_text(lower)}: {lower.voice_root}'s {describe(lower.casualty)} "
                        f"[{lower.claim_id}] and {upper.voice_root}'s {describe(upper.casualty)} "
                        f"[{upper.claim_id}] are more than x{contested_ratio:g} apart"
                    ),
                    claim_ids=(lower.claim_id, upper.claim_id),
                    lower=lower,
                    upper=upper,
                    ratio=ratio,
                )
            )
    other_denials = []
    for claim in claims:
        if not is_denial(claim):
            continue
        who = voice[claim.id] or "an independent voice"
        if voice_root[claim.id] in parties:
            contest.append(
                Contest(
                    kind="denial",
                    text=f"{source_of[claim.id]} ({who}) denies it [{claim.id}]",
                    claim_ids=(claim.id,),
                )
            )
        else:
            other_denials.append(
                f"{source_of[claim.id]} ({who}) denies it [{claim.id}]; not a conflict party, so it does "
                "not make the incident contested"
            )

    # --- corroboration: independent source units among those asserting the event ---------------
    asserting = [c for c in claims if not is_denial(c)]
    asserting_units = sorted({unit_of[source_of[c.id]] for c in asserting})
    independent_units = sorted(
        {unit_of[source_of[c.id]] for c in asserting if independent[c.id] and not partisan[c.id]}
    )
    status: IncidentStatus
    if contest:
        status = "contested"
        verdict = "contested: " + "; ".join(c.text for c in contest)
    elif len(asserting_units) >= 2 and independent_units:
        status = "corroborated"
        verdict = f"corroborated: {len(asserting_units)} sources, {len(independent_units)} independent"
    else:
        status = "reported"
        verdict = "reported: " + (
            "a single source"
            if len(asserting_units) < 2
            else f"{len(asserting_units)} sources but none independent"
        )
    syndicated = [m for m in members.values() if len(m) > 1]
    if syndicated:
        verdict += "; syndicated copies counted once: " + ", ".join(" = ".join(m) for m in sorted(syndicated))

    # --- relations -----------------------------------------------------------------------------
    counted = defaultdict(list)  # claim id -> its figures that count (not superseded)
    for f in kept:
        counted[f.claim_id].append(f)
    relations: dict[str, str] = {}
    for claim in claims:
        if is_denial(claim):
            relations[claim.id] = "denies"
        elif any(
            spread(figure_range(f), (best_of[f.key], best_of[f.key])) > contested_ratio
            for f in counted[claim.id]
        ):
            relations[claim.id] = "conflicts"
        else:
            relations[claim.id] = "supports"

    fields = _describe_incident(
        group,
        independent=independent,
        voice=voice,
        verdict=verdict,
        superseded_by=superseded_by,
        other_denials=other_denials,
        n_sources=len(names),
        n_units=len(members),
    )
    return Analysis(
        group=group,
        contested_ratio=contested_ratio,
        voice=voice,
        voice_root=voice_root,
        independent=independent,
        partisan_source=partisan,
        source_of=source_of,
        units=dict(members),
        unit_of=unit_of,
        syndication=syndication,
        superseded_by=superseded_by,
        estimates=estimates,
        keyed_figures=keyed,
        contest=contest,
        other_denials=other_denials,
        asserting_units=asserting_units,
        independent_units=independent_units,
        status=status,
        verdict=verdict,
        parties=parties,
        relations=relations,
        fields=fields,
    )


def _describe_incident(
    group: list[PlacedClaim],
    *,
    independent: dict[str, bool],
    voice: dict[str, str | None],
    verdict: str,
    superseded_by: dict[str, str],
    other_denials: list[str],
    n_sources: int,
    n_units: int,
) -> dict:
    claims = [p.claim for p in group]
    types = Counter(c.event.type for c in claims if c.event.type)
    independent_types = Counter(c.event.type for c in claims if c.event.type and independent[c.id])
    event_type = min(types, key=lambda t: (-types[t], -independent_types[t], t)) if types else None
    tags = sorted({tag for c in claims for tag in c.event.tags})

    coarsest = max((c.event.date.precision for c in claims), key=PRECISION_ORDER.__getitem__)
    latest_start, earliest_end = max(p.start for p in group), min(p.end for p in group)
    if latest_start <= earliest_end:
        when = "the days all claims share"
        precision = "day" if latest_start == earliest_end else coarsest
        span = DateRange(start=latest_start, end=earliest_end, precision=precision)
    else:
        when = "the span of the claims' dates (they share no day)"
        precision = "period" if coarsest == "day" else coarsest
        span = DateRange(
            start=min(p.start for p in group), end=max(p.end for p in group), precision=precision
        )

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
        kind = " (dataset)" if p.context.source.kind == "dataset" else ""
        who = "independent" if independent[claim.id] else (voice[claim.id] or "partisan source")
        figs = ", ".join(describe(c) for c in claim.casualties) or "no figures"
        later = f", superseded by {superseded_by[claim.id]}" if claim.id in superseded_by else ""
        said.append(
            f"{p.context.source.name}{kind} ({who}) [{claim.id}]: "
            f"{'denies' if is_denial(claim) else figs}{later}"
        )
    copies = f", {n_units} after syndicated copies are counted once" if n_units != n_sources else ""
    reason = (
        f"{len(claims)} claims from {n_sources} sources{copies}; date is {when}. "
        + "; ".join(said)
        + f". Status {verdict}."
        + ("".join(f" {d}." for d in other_denials))
    )
    return {
        "type": event_type,
        "tags": tags,
        "date": span,
        "location": location,
        "actors": actor_list,
        "reason": reason,
    }


def build_incident(
    group: list[PlacedClaim],
    *,
    parties: Collection[str],
    ancestors: Ancestors,
    contested_ratio: float,
    is_partisan: IsPartisan,
    window_days: int,
    incident_id: str | None = None,
    texts: TextIndex | None = None,
) -> Incident:
    """One incident from one cluster (id: ``incident_id``, else from the lowest claim id)."""
    analysis = analyse(
        group,
        parties=parties,
        ancestors=ancestors,
        contested_ratio=contested_ratio,
        is_partisan=is_partisan,
        texts=texts,
    )
    first = min(p.claim.id for p in group)
    return analysis.incident(
        incident_id or "inc_" + short_hash(first), rule=_rule(window_days, contested_ratio)
    )
