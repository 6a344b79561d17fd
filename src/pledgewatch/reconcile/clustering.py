"""Blocking, matching and clustering claims that describe the same event.

Only claims that can be placed in space and time are clustered; the rest are counted with the reason
they were left out, never guessed into an incident. Two placed claims are *compatible* when

- their event families match (``models.event_family``; an untyped event matches any family),
- their date ranges lie at most ``window_days`` apart (overlapping ranges are 0 days apart),
- they are in the same country and either share an admin1, or (when one lacks an admin1) one's
  place name is the other's name, admin2 or admin1; two known, different admin2s never match, nor
  do two exact points (precision 1) more than ``MAX_DISTANCE_KM`` apart.

Actors are deliberately not compared: the two sides of a clash routinely name each other as the
attacker, and those accounts must meet in one (contested) incident.

Clusters are built by union-find over compatible pairs, closest dates first, with *complete
linkage*: two clusters merge only if every claim in one is compatible with every claim in the other,
so a chain of reports on successive days cannot fuse distinct clashes. Claims are sorted by id first
and pairs by (date gap, ids), so the result never depends on input order.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from pledgewatch.models import Claim, Location, event_family
from pledgewatch.reconcile.voices import ClaimContext

# Kinds whose event (when present) is reported as having happened; commitments, demands and
# statements are words about conduct, not event reports.
EVENT_KINDS = frozenset({"event_report", "denial", "accusation"})
# Dates vaguer than this ("in October", "in the last two years") cannot tell events apart.
MAX_DATE_SPAN_DAYS = 7
# Two exactly located places (precision 1) further apart than this are different events.
MAX_DISTANCE_KM = 50.0


@dataclass(frozen=True)
class PlacedClaim:
    claim: Claim
    context: ClaimContext
    family: str | None
    start: date
    end: date
    location: Location


def _norm(text: str | None) -> str | None:
    return " ".join(text.casefold().split()) if text else None


def place_claim(claim: Claim, context: ClaimContext) -> PlacedClaim | str:
    """A placed claim, or the reason (a counts key) it cannot be clustered."""
    event = claim.event
    if claim.kind not in EVENT_KINDS or event is None:
        return "not_an_event"
    if event.date is None:
        return "unplaced_no_date"
    if (event.date.end - event.date.start).days > MAX_DATE_SPAN_DAYS:
        return "unplaced_coarse_date"
    location = event.location
    if location is None or not (location.admin1 or _norm(location.name)):
        return "unplaced_no_location"
    if location.admin1 is None and location.precision == 3:
        return "unplaced_coarse_location"
    start, end = sorted((event.date.start, event.date.end))
    return PlacedClaim(claim, context, event_family(event.type), start, end, location)


def date_gap(a: PlacedClaim, b: PlacedClaim) -> int:
    """Days between two date ranges; 0 or less when they overlap."""
    return (max(a.start, b.start) - min(a.end, b.end)).days


def _distance_km(a: Location, b: Location) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def same_place(a: Location, b: Location) -> bool:
    if _norm(a.country) != _norm(b.country):
        return False
    if a.admin2 and b.admin2 and _norm(a.admin2) != _norm(b.admin2):
        return False
    if (
        a.precision == 1
        and b.precision == 1
        and None not in (a.lat, a.lon, b.lat, b.lon)
        and _distance_km(a, b) > MAX_DISTANCE_KM
    ):
        return False
    if a.admin1 and b.admin1:
        return _norm(a.admin1) == _norm(b.admin1)
    names_a = {_norm(n) for n in (a.name, a.admin2, a.admin1) if n}
    names_b = {_norm(n) for n in (b.name, b.admin2, b.admin1) if n}
    return _norm(a.name) in names_b or _norm(b.name) in names_a


def compatible(a: PlacedClaim, b: PlacedClaim, window_days: int) -> bool:
    if a.family is not None and b.family is not None and a.family != b.family:
        return False
    return date_gap(a, b) <= window_days and same_place(a.location, b.location)


def cluster(placed: list[PlacedClaim], window_days: int) -> list[list[PlacedClaim]]:
    """Group placed claims into events; clusters and their members are in claim-id order."""
    placed = sorted(placed, key=lambda p: p.claim.id)
    by_country: dict[str | None, list[int]] = defaultdict(list)
    for index, item in enumerate(placed):
        by_country[_norm(item.location.country)].append(index)

    pairs: list[tuple[int, int, int]] = []
    for indexes in by_country.values():
        indexes.sort(key=lambda i: (placed[i].start, i))
        for position, i in enumerate(indexes):
            a = placed[i]
            for j in indexes[position + 1 :]:
                b = placed[j]
                # sorted by start, so every later claim is at least this far away
                if (b.start - a.end).days > window_days:
                    break
                if compatible(a, b, window_days):
                    pairs.append((max(date_gap(a, b), 0), min(i, j), max(i, j)))
    pairs.sort()
    linked = {(i, j) for _, i, j in pairs}

    parent = list(range(len(placed)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(placed))}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for _, i, j in pairs:
        root_i, root_j = find(i), find(j)
        if root_i == root_j:
            continue
        if all((min(x, y), max(x, y)) in linked for x in members[root_i] for y in members[root_j]):
            keep, drop = min(root_i, root_j), max(root_i, root_j)
            parent[drop] = keep
            members[keep] = sorted(members[keep] + members.pop(drop))

    return [[placed[i] for i in group] for _, group in sorted(members.items())]
