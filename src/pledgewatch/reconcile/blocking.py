"""Blocking: which pairs of placed claims are worth comparing at all.

Comparing every claim with every other is quadratic; two reports of one event share a place and a
date window, so each claim is compared only with claims in the same *block* whose date ranges lie
within ``window_days``. The blocks follow the place rules of ``matching.compare`` exactly, so no
pair that could match is missed:

- **district**: claims with an admin2 are swept against the claims of the same (country, admin1,
  admin2), in date order (two known, different districts never match);
- **province**: a claim with an admin1 but no admin2 is compared with every claim of its
  (country, admin1);
- **name**: a claim with no admin1 is compared with the claims that share a place name with it (name,
  admin2 or admin1);
- **grid**: a claim tagged ``cross_border``, or one with coordinates but no admin1 (a dataset row),
  is compared with the claims whose coordinates fall in the same 1-degree cell of any of four grids
  offset by half a cell, so two points less than half a degree apart always share a cell, and lie
  within ``CROSS_BORDER_KM`` of it (farther points never match through this block).

Inside a block, two claims whose event types can never describe one event
(``matching.types_compatible``: another family, not a related type) are not paired: ``compare``
would veto them.

**Density.** A block's size follows how many events a place has in a few days, which a corpus does
not bound (a province-level claim during a week of fighting meets every report of the province). So
each claim is paired with at most ``MAX_CANDIDATES`` claims per block: when it has more, it keeps the
nearest by a cheap sort key (``_nearness``: date gap, actors in common, same sub-type, then date
order), a sorted neighbourhood that keeps the claims most likely to be the same event. Real corpora
stay far below the cap (it is never reached at the synthetic benchmark's density, nor by the gold
set); ``BlockingStats.capped`` counts the claims that reached it and ``dropped`` the pairs left out,
so a run that needed the cap says so.

Candidate pairs come out as (i, j) with i < j, indexes into the list given; a pair may come out of
more than one block (the caller keeps the first score). Only the registries a probe looks into are
built (a province's claims only when it has a province-level claim, a name or cell only when a probe
names it), so memory follows the probes, not the corpus.
"""

from __future__ import annotations

import bisect
import math
from array import array
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from pledgewatch.reconcile.matching import (
    CROSS_BORDER_KM,
    MAX_DATE_SPAN_DAYS,
    PlacedClaim,
    distance_km,
    types_compatible,
)

GRID_DEGREES = 1.0
_OFFSETS = ((0.0, 0.0), (0.5, 0.0), (0.0, 0.5), (0.5, 0.5))
# Candidates per claim and block. The synthetic benchmark at its realistic density has about 4
# comparisons per claim; the cap only bites when a province has dozens of events within the window.
MAX_CANDIDATES = 64


@dataclass
class BlockingStats:
    capped: int = 0  # claims that had more than MAX_CANDIDATES candidates in a block
    dropped: int = 0  # candidate pairs left out by the cap


class _Registry:
    """Claims under one key, in start-date order, for range look-ups (flat arrays: 16 bytes each)."""

    __slots__ = ("members", "starts", "widest")

    def __init__(self) -> None:
        self.members = array("q")
        self.starts = array("q")
        self.widest = 0  # the widest date range among the members, in days

    def add(self, index: int, item: PlacedClaim) -> None:
        self.members.append(index)
        self.starts.append(item.start_day)
        self.widest = max(self.widest, item.end_day - item.start_day)

    def around(self, item: PlacedClaim, window_days: int, placed: Sequence[PlacedClaim]) -> list[int]:
        """Members whose date range lies within ``window_days`` of the range of ``item``."""
        low = bisect.bisect_left(
            self.starts, item.start_day - window_days - min(self.widest, MAX_DATE_SPAN_DAYS)
        )
        high = bisect.bisect_right(self.starts, item.end_day + window_days)
        if self.widest == 0:  # every member is one day: the start range is exact
            return self.members[low:high].tolist()
        first = item.start_day - window_days
        return [j for j in self.members[low:high] if placed[j].end_day >= first]


def _cells(item: PlacedClaim) -> list[tuple]:
    return [
        (grid, math.floor(item.lat / GRID_DEGREES + dy), math.floor(item.lon / GRID_DEGREES + dx))
        for grid, (dy, dx) in enumerate(_OFFSETS)
    ]


def _km(a: PlacedClaim, b: PlacedClaim) -> float:
    return distance_km(a.lat, a.lon, b.lat, b.lon)


def _nearness(a: PlacedClaim, b: PlacedClaim) -> tuple:
    """Sort key of a candidate ``b`` for ``a``: the likeliest reports of the same event first."""
    gap = max(a.start_day, b.start_day) - min(a.end_day, b.end_day)
    return (max(gap, 0), -len(a.actors & b.actors), a.etype != b.etype, abs(a.start_day - b.start_day))


def _nearest(i: int, candidates: list[int], placed: Sequence[PlacedClaim], stats: BlockingStats) -> list[int]:
    """The candidates of claim ``i`` that can match it, at most ``MAX_CANDIDATES`` of them."""
    item = placed[i]
    etype = item.etype
    found = [j for j in candidates if j != i and types_compatible(etype, placed[j].etype)]
    if len(found) <= MAX_CANDIDATES:
        return found
    stats.capped += 1
    stats.dropped += len(found) - MAX_CANDIDATES
    found.sort(key=lambda j: (_nearness(item, placed[j]), j))
    return found[:MAX_CANDIDATES]


def candidate_pairs(
    placed: Sequence[PlacedClaim], window_days: int, stats: BlockingStats | None = None
) -> Iterator[tuple[int, int]]:
    """Pairs (i, j), i < j, of claims that share a block and a date window and could match."""
    stats = stats if stats is not None else BlockingStats()
    order = sorted(range(len(placed)), key=lambda i: (placed[i].start_day, i))
    districts: dict[tuple, list[int]] = defaultdict(list)
    province_probes: list[int] = []
    name_probes: list[int] = []
    grid_probes: list[int] = []
    for i in order:
        item = placed[i]
        if item.admin1:
            if item.admin2:
                districts[(item.country, item.admin1, item.admin2)].append(i)
            else:
                province_probes.append(i)
        else:
            name_probes.append(i)
        if item.has_point and (item.cross_border or not item.admin1):
            grid_probes.append(i)

    # registries, only under the keys some probe looks up (in start order, as ``order`` is)
    wanted_provinces = {(placed[i].country, placed[i].admin1) for i in province_probes}
    wanted_names = {(placed[i].country, name) for i in name_probes for name in placed[i].names}
    wanted_cells = {cell for i in grid_probes for cell in _cells(placed[i])}
    provinces: dict[tuple, _Registry] = defaultdict(_Registry)
    names: dict[tuple, _Registry] = defaultdict(_Registry)
    grid: dict[tuple, _Registry] = defaultdict(_Registry)
    if wanted_provinces or wanted_names or wanted_cells:
        for i in order:
            item = placed[i]
            if item.admin1 and (item.country, item.admin1) in wanted_provinces:
                provinces[(item.country, item.admin1)].add(i, item)
            for name in item.names:
                if (item.country, name) in wanted_names:
                    names[(item.country, name)].add(i, item)
            if wanted_cells and item.has_point:
                for cell in _cells(item):
                    if cell in wanted_cells:
                        grid[cell].add(i, item)
    del wanted_provinces, wanted_names, wanted_cells

    # districts: a sweep in date order (every claim in exactly one district block); each pair is
    # found from its earlier claim, among the later claims within the window
    for members in districts.values():
        for position, i in enumerate(members):
            end = placed[i].end_day + window_days
            later = []
            for j in members[position + 1 :]:
                # in start order, so every later claim is at least this far away
                if placed[j].start_day > end:
                    break
                later.append(j)
            for j in _nearest(i, later, placed, stats):
                yield (i, j) if i < j else (j, i)

    # two province-level claims meet twice (each probes the other): the pair comes out once
    probe_pairs: set[tuple[int, int]] = set()
    is_province_probe = set(province_probes)
    for i in province_probes:
        item = placed[i]
        for j in _nearest(
            i, provinces[(item.country, item.admin1)].around(item, window_days, placed), placed, stats
        ):
            pair = (i, j) if i < j else (j, i)
            if j in is_province_probe:
                if pair in probe_pairs:
                    continue
                probe_pairs.add(pair)
            yield pair
    del probe_pairs, is_province_probe, provinces

    for i in name_probes:
        item = placed[i]
        found: set[int] = set()
        for name in item.names:
            for j in _nearest(
                i, names[(item.country, name)].around(item, window_days, placed), placed, stats
            ):
                if j not in found:
                    found.add(j)
                    yield (i, j) if i < j else (j, i)
    del names

    for i in grid_probes:
        item = placed[i]
        # a probe with an admin1 meets its own country through the blocks above: here only the other
        # side of the border; a probe without one (a dataset row) meets everything near it
        other_side_only = item.admin1 is not None
        near: set[int] = set()
        for cell in _cells(item):
            for j in grid[cell].around(item, window_days, placed):
                if not (other_side_only and placed[j].country == item.country):
                    near.add(j)
        # only points close enough for the border rule (``compare``: CROSS_BORDER_KM; near points of
        # one country are closer still, NEAR_KM) can match through a cell: the rest is noise
        close = [j for j in sorted(near) if _km(item, placed[j]) <= CROSS_BORDER_KM]
        for j in _nearest(i, close, placed, stats):
            yield (i, j) if i < j else (j, i)
