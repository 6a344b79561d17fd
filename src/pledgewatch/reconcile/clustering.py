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
5. **Components**: links never cross from one connected component of matching units to another, so
   each component is clustered on its own, in the same order as a single global pass would take its
   links; matching links are kept in flat arrays until then (memory: a few bytes per link).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from pledgewatch.reconcile.blocking import BlockingStats, candidate_pairs
from pledgewatch.reconcile.matching import MATCH_THRESHOLD, PlacedClaim, compare, date_gap


@dataclass
class ClusterStats:
    pairs_compared: int = 0
    pairs_matching: int = 0
    must_links: int = 0
    cannot_links: int = 0
    constraint_conflicts: int = 0  # cannot-links inside a must-link unit (the must-link won)
    links_blocked: int = 0  # matching links not taken because of a cannot-link
    blocking: BlockingStats = field(default_factory=BlockingStats)
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


class _Links:
    """Matching links between units, stored flat (a few bytes each, not a tuple and a dict entry),
    chained per connected component so that each component is clustered on its own."""

    def __init__(self, size: int) -> None:
        self.left = array("q")
        self.right = array("q")
        self.score = array("d")
        self.prior = array("b")  # 0: the two claims were in one incident in the previous run
        self.gap = array("q")
        self.components = _UnionFind(size)

    def add(self, u: int, v: int, *, prior: int, score: float, gap: int) -> None:
        self.left.append(u)
        self.right.append(v)
        self.prior.append(prior)
        self.score.append(score)
        self.gap.append(gap)
        self.components.union(u, v)

    def by_component(self) -> Iterator[list[int]]:
        """Link numbers per component, components in order of their lowest unit."""
        # one chain per component threaded through a flat array (``after``), not a list per component
        last: dict[int, int] = {}
        after = array("q", bytes(8 * len(self.left)))
        find = self.components.find
        for k, u in enumerate(self.left):
            root = find(u)
            after[k] = last.get(root, -1)
            last[root] = k
        for root in sorted(last):
            chain = []
            k = last.pop(root)
            while k >= 0:
                chain.append(k)
                k = after[k]
            chain.reverse()
            yield chain


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
    previous = previous or {}
    # claim id -> index, only for the claims analysts' decisions name
    named = {c for pair in (*must_link, *cannot_link) for c in pair}
    index = {p.claim.id: i for i, p in enumerate(placed) if p.claim.id in named} if named else {}

    # --- units: must-link components ----------------------------------------------------------
    units = _UnionFind(len(placed))
    for a, b in must_link:
        if a in index and b in index and a != b:
            units.union(index[a], index[b])
            stats.must_links += 1
    unit_of = [units.find(i) for i in range(len(placed))]
    del units

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
    del index

    # --- matching links between units ----------------------------------------------------------
    links = _Links(len(placed))
    for i, j in candidate_pairs(placed, window_days, stats.blocking):
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
        links.add(min(u, v), max(u, v), prior=prior, score=score, gap=max(date_gap(a, b), 0))

    # --- complete linkage, one component of linked units at a time ------------------------------
    by_unit: dict[int, list[int]] = {}
    for i, u in enumerate(unit_of):
        by_unit.setdefault(u, []).append(i)
    clustered: set[int] = set()
    groups: list[list[int]] = []
    for chain in links.by_component():
        for units_ in _complete_linkage(links, chain, cannot, stats):
            clustered.update(units_)
            groups.append(sorted(i for u in units_ for i in by_unit[u]))
    del links
    groups.extend(by_unit[u] for u in by_unit if u not in clustered)
    groups.sort(key=lambda g: g[0])
    return [[placed[i] for i in group] for group in groups]


def _complete_linkage(
    links: _Links, chain: list[int], cannot: set[tuple[int, int]], stats: ClusterStats
) -> list[list[int]]:
    """Clusters (lists of units) of one component, its links taken best first."""
    # the best pair of claims speaks for the pair of units (a pair found in two blocks, or two
    # pairs of claims between the same two must-link units, are one link)
    best: dict[tuple[int, int], tuple[int, float, int]] = {}  # (u, v) -> (prior, -score, gap)
    for k in chain:
        key = (links.left[k], links.right[k])
        candidate = (links.prior[k], -links.score[k], links.gap[k])
        if key not in best or candidate < best[key]:
            best[key] = candidate
    members: dict[int, list[int]] = {}  # cluster root -> its units
    for u, v in best:
        members[u] = [u]
        members[v] = [v]
    cluster_of = {u: u for u in members}

    def blocker(left: list[int], right: list[int]) -> str | None:
        """Why two clusters cannot merge: "cannot" (an analyst's split), "unlinked", or None."""
        for x in left:
            for y in right:
                pair = (x, y) if x < y else (y, x)
                if pair in cannot:
                    return "cannot"
                if pair not in best:
                    return "unlinked"
        return None

    for (u, v), _ in sorted(best.items(), key=lambda item: (item[1], item[0])):
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
    return list(members.values())
