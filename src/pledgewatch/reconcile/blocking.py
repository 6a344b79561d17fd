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
  offset by half a cell, so two points less than half a degree apart always share a cell.

Candidate pairs come out as (i, j) with i < j, indexes into the list given; a pair may come out of
more than one block (the caller keeps the first score).
"""

from __future__ import annotations

import bisect
import math
from collections import defaultdict
from collections.abc import Iterator, Sequence

from pledgewatch.reconcile.matching import MAX_DATE_SPAN_DAYS, PlacedClaim

GRID_DEGREES = 1.0
_OFFSETS = ((0.0, 0.0), (0.5, 0.0), (0.0, 0.5), (0.5, 0.5))


class _Registry:
    """Claims under one key, in start-date order, for range look-ups."""

    __slots__ = ("members", "starts", "widest")

    def __init__(self) -> None:
        self.members: list[int] = []
        self.starts: list[int] = []
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
            return self.members[low:high]
        first = item.start_day - window_days
        return [j for j in self.members[low:high] if placed[j].end_day >= first]


def _cells(item: PlacedClaim) -> list[tuple]:
    return [
        (grid, math.floor(item.lat / GRID_DEGREES + dy), math.floor(item.lon / GRID_DEGREES + dx))
        for grid, (dy, dx) in enumerate(_OFFSETS)
    ]


def candidate_pairs(placed: Sequence[PlacedClaim], window_days: int) -> Iterator[tuple[int, int]]:
    """Pairs (i, j), i < j, of claims that share a block and a date window."""
    order = sorted(range(len(placed)), key=lambda i: (placed[i].start_day, i))
    districts: dict[tuple, list[int]] = defaultdict(list)
    provinces: dict[tuple, _Registry] = defaultdict(_Registry)
    names: dict[tuple, _Registry] = defaultdict(_Registry)
    grid: dict[tuple, _Registry] = defaultdict(_Registry)
    province_probes: list[int] = []
    name_probes: list[int] = []
    grid_probes: list[int] = []

    for i in order:
        item = placed[i]
        if item.admin1:
            provinces[(item.country, item.admin1)].add(i, item)
            if item.admin2:
                districts[(item.country, item.admin1, item.admin2)].append(i)
            else:
                province_probes.append(i)
        else:
            name_probes.append(i)
        for name in item.names:
            names[(item.country, name)].add(i, item)
        if item.has_point:
            for cell in _cells(item):
                grid[cell].add(i, item)
            if item.cross_border or not item.admin1:
                grid_probes.append(i)

    # districts: a sweep in date order (every claim in exactly one district block)
    for members in districts.values():
        for position, i in enumerate(members):
            a = placed[i]
            for j in members[position + 1 :]:
                # in start order, so every later claim is at least this far away
                if placed[j].start_day - a.end_day > window_days:
                    break
                yield (i, j) if i < j else (j, i)

    is_province_probe = set(province_probes)
    for i in province_probes:
        item = placed[i]
        for j in provinces[(item.country, item.admin1)].around(item, window_days, placed):
            # two probes meet twice: keep the pair once
            if j != i and not (j in is_province_probe and j < i):
                yield (i, j) if i < j else (j, i)

    for i in name_probes:
        item = placed[i]
        for name in item.names:
            for j in names[(item.country, name)].around(item, window_days, placed):
                if j != i:
                    yield (i, j) if i < j else (j, i)

    for i in grid_probes:
        item = placed[i]
        # a probe with an admin1 meets its own country through the blocks above: here only the other
        # side of the border; a probe without one (a dataset row) meets everything near it
        other_side_only = item.admin1 is not None
        found: set[int] = set()
        for cell in _cells(item):
            for j in grid[cell].around(item, window_days, placed):
                if j == i or j in found or (other_side_only and placed[j].country == item.country):
                    continue
                found.add(j)
                yield (i, j) if i < j else (j, i)
