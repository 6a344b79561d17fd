"""Clustering one component at a time gives what one global pass over every pair gives."""

from __future__ import annotations

import random
from itertools import combinations

from pledgewatch.reconcile import blocking
from pledgewatch.reconcile.clustering import ClusterStats, cluster
from pledgewatch.reconcile.matching import MATCH_THRESHOLD, compare, date_gap
from tests.reconcile.test_matching import _crowded_claims


def _global_complete_linkage(placed, must_link, cannot_link, previous):
    """The reference: every pair compared, every link sorted in one list (quadratic, small inputs)."""
    placed = sorted(placed, key=lambda p: p.claim.id)
    index = {p.claim.id: i for i, p in enumerate(placed)}
    unit = list(range(len(placed)))

    def find(i):
        while unit[i] != i:
            i = unit[i]
        return i

    for a, b in must_link:
        x, y = find(index[a]), find(index[b])
        if x != y:
            unit[max(x, y)] = min(x, y)
    unit_of = [find(i) for i in range(len(placed))]
    cannot = set()
    for a, b in cannot_link:
        u, v = unit_of[index[a]], unit_of[index[b]]
        if u != v:
            cannot.add((min(u, v), max(u, v)))
    links = {}
    for i, j in combinations(range(len(placed)), 2):
        u, v = unit_of[i], unit_of[j]
        score = compare(placed[i], placed[j], window_days=2, contested_ratio=1.5)
        if u == v or score is None or score < MATCH_THRESHOLD:
            continue
        before = previous.get(placed[i].claim.id)
        prior = 0 if before is not None and before == previous.get(placed[j].claim.id) else 1
        key, candidate = (min(u, v), max(u, v)), (prior, -score, max(date_gap(placed[i], placed[j]), 0))
        if key not in links or candidate < links[key]:
            links[key] = candidate
    members = {u: [u] for u in set(unit_of)}
    cluster_of = {u: u for u in members}
    for (u, v), _ in sorted(links.items(), key=lambda item: (item[1], item[0])):
        cu, cv = cluster_of[u], cluster_of[v]
        if cu == cv:
            continue
        pairs = [(min(x, y), max(x, y)) for x in members[cu] for y in members[cv]]
        if any(p in cannot or p not in links for p in pairs):
            continue
        keep, drop = min(cu, cv), max(cu, cv)
        for x in members[drop]:
            cluster_of[x] = keep
        members[keep] = sorted(members[keep] + members.pop(drop))
    groups = [sorted(i for i, u in enumerate(unit_of) if u in us) for us in members.values()]
    return sorted([placed[i].claim.id for i in g] for g in groups)


def test_components_cluster_like_one_global_pass(monkeypatch):
    monkeypatch.setattr(blocking, "MAX_CANDIDATES", 10_000)
    placed = _crowded_claims()
    ids = sorted(p.claim.id for p in placed)
    rng = random.Random(11)
    for _ in range(5):
        must = [tuple(sorted(rng.sample(ids, 2))) for _ in range(4)]
        cannot = [tuple(sorted(rng.sample(ids, 2))) for _ in range(6)]
        previous = {c: f"inc{rng.randrange(30)}" for c in rng.sample(ids, 60)}
        got = cluster(
            placed,
            window_days=2,
            must_link=must,
            cannot_link=cannot,
            previous=previous,
            stats=ClusterStats(),
        )
        assert sorted([p.claim.id for p in g] for g in got) == _global_complete_linkage(
            placed, must, cannot, previous
        )
