"""Clustering placed claims into events, with analysts' constraints.

1. **Must-link** (a human merge): claims joined by must-link pairs form a *unit* that is never
   broken; a unit counts as matching another unit when any of their claims match.
2. **Cannot-link** (a human split): two units with a cannot-link pair between them never share a
   cluster. When a must-link and a cannot-link contradict each other the must-link wins (the caller,
   ``constraints.constraints_from_decisions``, already resolves decisions in time order).
3. **Complete linkage**: two clusters merge only if every unit of one matches every unit of the
   other (``matching.matches``), so a chain of reports on successive days cannot fuse distinct
   clashes.
4. **Order**: candidate links are taken best first: first the links between claims that were in one
   incident in the previous run (``previous``), so re-running rebuilds the same incidents and new
   claims join them; then by score (highest first), date gap, and claim-id order. Claims are sorted
   by id first, so the result never depends on input order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from pledgewatch.reconcile.blocking import candidate_pairs
from pledgewatch.reconcile.matching import MATCH_THRESHOLD, PlacedClaim, compare, date_gap


@dataclass
class ClusterStats:
    pairs_compared: int = 0
    pairs_matching: int = 0
    must_links: int = 0
    cannot_links: int = 0
    constraint_conflicts: int = 0  # cannot-links inside a must-link unit (the must-link won)
    links_blocked: int = 0  # matching links not taken because of a cannot-link
    scores: dict[tuple[str, str], float] = field(default_factory=dict)  # only when asked for


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def cluster(
    placed: Sequence[PlacedClaim],
    *,
    window_days: int,
    contested_ratio: float = 1.5,
    must_link: Sequence[tuple[str, str]] = (),
    cannot_link: Sequence[tuple[str, str]] = (),
    previous: Mapping[str, str] | None = None,
    stats: ClusterStats | None = None,
    keep_scores: bool = False,
) -> list[list[PlacedClaim]]:
    """Group placed claims into events; clusters and their members are in claim-id order."""
    placed = sorted(placed, key=lambda p: p.claim.id)
    stats = stats if stats is not None else ClusterStats()
    index = {p.claim.id: i for i, p in enumerate(placed)}
    previous = previous or {}

    # --- units: must-link components ----------------------------------------------------------
    units = _UnionFind(len(placed))
    for a, b in must_link:
        if a in index and b in index and a != b:
            units.union(index[a], index[b])
            stats.must_links += 1
    unit_of = [units.find(i) for i in range(len(placed))]

    cannot: set[tuple[int, int]] = set()
    for a, b in cannot_link:
        if a not in index or b not in index or a == b:
            continue
        u, v = unit_of[index[a]], unit_of[index[b]]
        if u == v:
            stats.constraint_conflicts += 1
            continue
        cannot.add((min(u, v), max(u, v)))
        stats.cannot_links += 1

    # --- links between units: the best pair of claims speaks for the pair of units --------------
    links: dict[tuple[int, int], tuple[int, float, int]] = {}  # (u, v) -> (prior, score, gap)
    # a pair found in two blocks is compared twice (rare: probes only); ``links`` keeps it once
    for i, j in candidate_pairs(placed, window_days):
        u, v = unit_of[i], unit_of[j]
        if u == v:
            continue
        a, b = placed[i], placed[j]
        stats.pairs_compared += 1
        score = compare(a, b, window_days=window_days, contested_ratio=contested_ratio)
        if score is None or score < MATCH_THRESHOLD:
            continue
        stats.pairs_matching += 1
        if keep_scores:
            stats.scores[(a.claim.id, b.claim.id)] = score
        before = previous.get(a.claim.id)
        prior = 0 if before is not None and before == previous.get(b.claim.id) else 1
        key = (min(u, v), max(u, v))
        candidate = (prior, -score, max(date_gap(a, b), 0))
        if key not in links or candidate < links[key]:
            links[key] = candidate

    # --- complete linkage over units -----------------------------------------------------------
    members: dict[int, list[int]] = {}  # cluster root -> its units
    for u in sorted(set(unit_of)):
        members[u] = [u]
    cluster_of = {u: u for u in members}

    def blocker(left: list[int], right: list[int]) -> str | None:
        """Why two clusters cannot merge: "cannot" (an analyst's split), "unlinked", or None."""
        for x in left:
            for y in right:
                pair = (x, y) if x < y else (y, x)
                if pair in cannot:
                    return "cannot"
                if pair not in links:
                    return "unlinked"
        return None

    for (u, v), _ in sorted(links.items(), key=lambda item: (item[1], item[0])):
        cu, cv = cluster_of[u], cluster_of[v]
        if cu == cv:
            continue
        why = blocker(members[cu], members[cv])
        if why is not None:
            stats.links_blocked += why == "cannot"
            continue
        keep, drop = min(cu, cv), max(cu, cv)
        for unit in members[drop]:
            cluster_of[unit] = keep
        members[keep] = sorted(members[keep] + members.pop(drop))

    by_unit: dict[int, list[int]] = {}
    for i, u in enumerate(unit_of):
        by_unit.setdefault(u, []).append(i)
    groups = [sorted(i for u in units_ for i in by_unit[u]) for units_ in members.values()]
    groups.sort(key=lambda g: g[0])
    return [[placed[i] for i in group] for group in groups]
