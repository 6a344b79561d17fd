"""Placing claims in space and time, and scoring whether two placed claims describe one event.

Only claims that can be placed are clustered; the rest are counted with the reason they were left
out, never guessed into an incident (see ``place_claim``).

Two placed claims are compared on five kinds of evidence (``compare``). Some evidence rules a pair
out (a *veto*); the rest adds points, and a pair *matches* when its points reach ``MATCH_THRESHOLD``:

============  ==========================================================================  ========
evidence      rule                                                                        points
============  ==========================================================================  ========
place         same country: same admin2 (district)                                        +2
              same admin1, one side has no admin2                                         +1
              no admin1 on one side: its place name is the other's name/admin2/admin1,
              or both have coordinates at most ``NEAR_KM`` apart                          +1
              two known, different admin2s, or admin1s, or no common name and not near    veto
              different countries: only when one claim is tagged ``cross_border`` and
              both have coordinates at most ``CROSS_BORDER_KM`` apart (each side names
              its own side of the border: Chaman and Spin Boldak)                         +1
              both exact points (precision 1): at most 2 km apart                         +1
              ... more than ``FAR_KM`` apart                                              -2
              ... more than ``MAX_DISTANCE_KM`` apart                                     veto
date          date ranges overlap, both at most two days wide                             +2
              overlap with a wider range (a week), or one day apart                       +1
              more than ``window_days`` apart                                             veto
source        two rows of one dataset (ACLED, UCDP) for the same day                      veto
type          same sub-event type                                                         +2
              two ways of bombing (suicide, planted device, grenade: ``BOMB_DELIVERY``)   -1
              same event family (``models.event_family``)                                 +1
              related sub-types (``RELATED_TYPES``: a clash reported as shelling, a
              complex attack as a clash or a suicide bombing)                              0
              unknown type on one side                                                     0
              anything else                                                               veto
actors        an actor (by party root) in the same role on both sides                    +1
              ... in different roles                                                      +0.5
              both name perpetrators, none in common, roles not mirrored                  -1.5
              both name targets, none in common, roles not mirrored                       -1
figures       a figure of the same (outcome, group, side) within ``contested_ratio``      +1
              two non-party voices with figures for disjoint casualty groups              -1
tags          a tag in common                                                             +0.5
============  ==========================================================================  ========

Roles are *mirrored* when one side's perpetrator is the other's target: the two sides of a clash
routinely name each other as the attacker, and those accounts must meet in one (contested) incident.
Figures far apart are never evidence against a match: parties' figures for the same event diverge,
which is what ``contested`` records. Every rule compares values, never names, so swapping the
parties' names cannot change a score.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from pledgewatch.models import Claim, Location, event_family
from pledgewatch.reconcile.voices import ClaimContext, is_denial

# Kinds whose event (when present) is reported as having happened; commitments, demands and
# statements are words about conduct, not event reports.
EVENT_KINDS = frozenset({"event_report", "denial", "accusation"})
# Dates vaguer than this ("in October", "in the last two years") cannot tell events apart.
MAX_DATE_SPAN_DAYS = 7
MATCH_THRESHOLD = 3.0
# Two exactly located places (precision 1) further apart than this are different events.
MAX_DISTANCE_KM = 50.0
FAR_KM = 10.0
CLOSE_KM = 2.0
NEAR_KM = 25.0
CROSS_BORDER_KM = 60.0

BOMB_DELIVERY = frozenset({"suicide_bomb", "remote_explosive_landmine_ied", "grenade"})
RELATED_TYPES: frozenset[frozenset[str]] = frozenset(
    frozenset(pair)
    for pair in (
        ("armed_clash", "shelling_artillery_missile_attack"),
        ("armed_clash", "suicide_bomb"),
        ("armed_clash", "attack"),
        ("attack", "suicide_bomb"),
        ("attack", "remote_explosive_landmine_ied"),
        ("attack", "grenade"),
        # UCDP's one-sided violence (and many texts) say "attack" for a strike or shelling of civilians
        ("attack", "air_drone_strike"),
        ("attack", "shelling_artillery_missile_attack"),
    )
)

FigureKey = tuple[str, str, str | None]  # outcome, group, party root of the side
Root = Callable[[str], str]

_ADMIN_SUFFIX = re.compile(
    r"\s+(province|district|tribal district|agency|division|tehsil|city|town|village|crossing)$"
)
_NON_WORD = re.compile(r"[\W_]+")


@lru_cache(maxsize=65_536)  # a corpus names the same few thousand places again and again
def norm_name(text: str | None) -> str | None:
    """Place names as compared: accents, case, punctuation and suffixes like "district" dropped."""
    if not text:
        return None
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    plain = _NON_WORD.sub(" ", plain).strip()
    plain = plain.removeprefix("the ")
    return _ADMIN_SUFFIX.sub("", plain) or None


def norm_country(text: str | None) -> str | None:
    return text.strip().upper() if text and text.strip() else None


_interned: dict[frozenset, frozenset] = {}


def _intern(values) -> frozenset:
    """One shared frozenset per distinct value set: a million claims share a few hundred sets."""
    key = frozenset(values)
    return _interned.setdefault(key, key)


_interned_figures: dict[tuple, tuple] = {}
_days: dict[int, int] = {}


def _day(when: date) -> int:
    """A date's ordinal, one int object per day (a million claims fall on a few thousand days)."""
    ordinal = when.toordinal()
    return _days.setdefault(ordinal, ordinal)


def _intern_figures(figures: dict) -> tuple:
    """Figures as one shared, sorted tuple: most claims state one of a few hundred figure sets."""
    key = tuple(sorted(figures.items(), key=lambda item: (item[0][0], item[0][1], item[0][2] or "")))
    return _interned_figures.setdefault(key, key)


@lru_cache(maxsize=4096)
def types_compatible(a: str | None, b: str | None) -> bool:
    """Whether two event types can describe one event (``compare`` vetoes every other pair)."""
    if not a or not b or a == b:
        return True
    family = event_family(a)
    return (family is not None and family == event_family(b)) or frozenset((a, b)) in RELATED_TYPES


@dataclass(slots=True, eq=False)
class PlacedClaim:
    """A claim with what matching needs, normalised once.

    Slim on purpose (a million of them are alive while clustering): the dates are day ordinals,
    the location and the dates as ``date`` are read from the claim when asked for, and the value
    sets (names, actors, figures) are shared between claims that have the same ones.
    """

    claim: Claim
    context: ClaimContext
    family: str | None
    etype: str | None
    start_day: int
    end_day: int
    country: str | None
    admin1: str | None
    admin2: str | None
    name: str | None
    names: frozenset
    lat: float | None
    lon: float | None
    precise: bool
    cross_border: bool
    actors: frozenset
    perpetrators: frozenset
    targets: frozenset
    figures: tuple  # ((outcome, group, side root), ((low, high), ...)), ...: sorted, shared
    groups: frozenset
    party_voice: bool
    tags: frozenset
    denial: bool

    @property
    def id(self) -> str:
        return self.claim.id

    @property
    def location(self) -> Location:
        return self.claim.event.location

    @property
    def start(self) -> date:
        return date.fromordinal(self.start_day)

    @property
    def end(self) -> date:
        return date.fromordinal(self.end_day)

    @property
    def has_point(self) -> bool:
        return self.lat is not None and self.lon is not None


def place_claim(
    claim: Claim,
    context: ClaimContext,
    *,
    root: Root = lambda actor: actor,
    parties: Collection[str] = (),
    voice: str | None = None,
) -> PlacedClaim | str:
    """A placed claim, or the reason (a counts key) it cannot be clustered.

    ``root`` maps an actor id to its party root (PAK.MIL -> PAK); ``voice`` is the actor the claim
    speaks for (``voices.claim_voice``), used only to tell party voices from the others.
    """
    event = claim.event
    if claim.kind not in EVENT_KINDS or event is None:
        return "not_an_event"
    if event.date is None:
        return "unplaced_no_date"
    if (event.date.end - event.date.start).days > MAX_DATE_SPAN_DAYS:
        return "unplaced_coarse_date"
    location = event.location
    if location is None or not (location.admin1 or norm_name(location.name)):
        return "unplaced_no_location"
    if location.admin1 is None and location.precision == 3:
        return "unplaced_coarse_location"
    start, end = sorted((event.date.start, event.date.end))
    denial = is_denial(claim)
    figures: dict[FigureKey, tuple] = {}
    if not denial:
        for casualty in claim.casualties:
            key = (casualty.outcome, casualty.group, root(casualty.side) if casualty.side else None)
            figures[key] = (*figures.get(key, ()), (casualty.low, casualty.high))
    roles: dict[str, set[str]] = {"perpetrator": set(), "target": set()}
    everyone = set()
    for ref in event.actors:
        if ref.actor:
            actor_root = root(ref.actor)
            everyone.add(actor_root)
            if ref.role in roles:
                roles[ref.role].add(actor_root)
    admin1 = norm_name(location.admin1)
    admin2 = norm_name(location.admin2)
    name = norm_name(location.name)
    has_point = location.lat is not None and location.lon is not None
    return PlacedClaim(
        claim=claim,
        context=context,
        family=event_family(event.type),
        etype=event.type,
        start_day=_day(start),
        end_day=_day(end),
        country=norm_country(location.country),
        admin1=admin1,
        admin2=admin2,
        name=name,
        names=_intern(n for n in (name, admin2, admin1) if n),
        lat=location.lat,
        lon=location.lon,
        precise=has_point and location.precision == 1,
        cross_border="cross_border" in event.tags,
        actors=_intern(everyone),
        perpetrators=_intern(roles["perpetrator"]),
        targets=_intern(roles["target"]),
        figures=_intern_figures(figures),
        groups=_intern(key[1] for key in figures),
        party_voice=voice is not None and root(voice) in parties,
        tags=_intern(event.tags),
        denial=denial,
    )


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (lat1, lon1, lat2, lon2))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def date_gap(a: PlacedClaim, b: PlacedClaim) -> int:
    """Days between two date ranges; 0 or less when they overlap."""
    return max(a.start_day, b.start_day) - min(a.end_day, b.end_day)


def _ratio(a: tuple[int, int | None], b: tuple[int, int | None]) -> float:
    (a_low, a_high), (b_low, b_high) = a, b
    a_top = math.inf if a_high is None else a_high
    b_top = math.inf if b_high is None else b_high
    if a_low <= b_top and b_low <= a_top:
        return 1.0
    upper_low, lower_high = (a_low, b_top) if a_low > b_top else (b_low, a_top)
    return math.inf if lower_high == 0 else upper_low / lower_high


Evidence = list[tuple[str, float, str]]  # (kind, points, human-readable finding)


def _veto(evidence: Evidence | None, kind: str, text: str) -> None:
    if evidence is not None:
        evidence.append((kind, 0.0, "veto: " + text))


def compare(
    a: PlacedClaim,
    b: PlacedClaim,
    *,
    window_days: int,
    contested_ratio: float,
    evidence: Evidence | None = None,
) -> float | None:
    """The match score of two placed claims, or None when some evidence rules the pair out.

    With ``evidence`` (a list), every finding is appended to it as (kind, points, text), which is
    what ``explain`` shows; scoring itself never depends on it.
    """
    note = evidence.append if evidence is not None else None
    score = 0.0

    # --- when -----------------------------------------------------------------------------------
    gap = date_gap(a, b)
    if gap > window_days:
        _veto(evidence, "date", f"dates {gap} days apart (window {window_days})")
        return None
    if gap <= 0:
        narrow = a.end_day - a.start_day <= 1 and b.end_day - b.start_day <= 1
        points = 2.0 if narrow else 1.0
        text = "dates overlap" if narrow else "dates overlap (one is a wider range)"
    else:
        points = 1.0 if gap == 1 else 0.0
        text = f"dates {gap} day{'s' if gap > 1 else ''} apart"
    score += points
    if note:
        note(("date", points, text))

    if gap <= 0 and _same_dataset(a, b):
        _veto(
            evidence, "source", f"two rows of {a.context.source.name} on the same day: distinct events there"
        )
        return None

    # --- what -----------------------------------------------------------------------------------
    if a.etype and b.etype:
        if a.etype == b.etype:
            points, text = 2.0, f"same type {a.etype}"
        elif {a.etype, b.etype} <= BOMB_DELIVERY:
            # a suicide bombing is not a planted device or a thrown grenade: the same family, but
            # two reports that disagree on how the bomb came are more likely two bombings
            points, text = -1.0, f"different ways of bombing ({a.etype} / {b.etype})"
        elif a.family == b.family and a.family is not None:
            points, text = 1.0, f"same family {a.family} ({a.etype} / {b.etype})"
        elif frozenset((a.etype, b.etype)) in RELATED_TYPES:
            points, text = 0.0, f"related types {a.etype} / {b.etype}"
        else:
            _veto(evidence, "type", f"different kinds of event ({a.etype} / {b.etype})")
            return None
    else:
        points, text = 0.0, "event type unknown on one side"
    score += points
    if note:
        note(("type", points, text))

    # --- where ----------------------------------------------------------------------------------
    both_points = a.has_point and b.has_point
    km = distance_km(a.lat, a.lon, b.lat, b.lon) if both_points else None
    if a.country != b.country:
        if not (a.cross_border or b.cross_border) or km is None or km > CROSS_BORDER_KM:
            where = f"{km:.0f} km apart" if km is not None else "no coordinates"
            _veto(
                evidence,
                "place",
                f"different countries ({a.country} / {b.country}), not a cross-border match ({where})",
            )
            return None
        points, text = (
            1.0,
            f"across the border ({a.country} / {b.country}), {km:.0f} km apart, tagged cross_border",
        )
    elif a.admin2 and b.admin2 and a.admin1 == b.admin1:
        if a.admin2 != b.admin2:
            _veto(evidence, "place", f"different districts ({a.location.admin2} / {b.location.admin2})")
            return None
        points, text = (
            2.0,
            f"same admin1 and admin2 ({b.location.admin1 or a.location.admin1} / {a.location.admin2})",
        )
    elif a.admin1 and b.admin1:
        if a.admin1 != b.admin1:
            _veto(evidence, "place", f"different admin1 ({a.location.admin1} / {b.location.admin1})")
            return None
        if a.admin2 and b.admin2 and a.admin2 != b.admin2:
            _veto(evidence, "place", f"different districts ({a.location.admin2} / {b.location.admin2})")
            return None
        points, text = 1.0, f"same admin1 ({a.location.admin1}), district unknown on one side"
    elif (a.name and a.name in b.names) or (b.name and b.name in a.names):
        points, text = 1.0, f"place name matches ({a.location.name} / {b.location.name})"
    elif km is not None and km <= NEAR_KM:
        points, text = 1.0, f"no admin1 on one side; points {km:.0f} km apart"
    else:
        _veto(evidence, "place", f"no common place ({a.location.name} / {b.location.name})")
        return None
    score += points
    if note:
        note(("place", points, text))
    if km is not None and a.precise and b.precise:
        if km > MAX_DISTANCE_KM:
            _veto(evidence, "place", f"exact points {km:.0f} km apart (more than {MAX_DISTANCE_KM:g})")
            return None
        if km > FAR_KM:
            score -= 2.0
            if note:
                note(("distance", -2.0, f"exact points {km:.0f} km apart"))
        elif km <= CLOSE_KM:
            score += 1.0
            if note:
                note(("distance", 1.0, f"exact points {km:.1f} km apart"))
    elif km is not None and note:
        note(("distance", 0.0, f"{km:.0f} km apart (not both exact points)"))

    # --- who ------------------------------------------------------------------------------------
    mirrored = bool(a.perpetrators & b.targets) or bool(b.perpetrators & a.targets)
    same_role = (a.perpetrators & b.perpetrators) | (a.targets & b.targets)
    if same_role:
        score += 1.0
        if note:
            note(("actors", 1.0, "same actors in the same roles: " + ", ".join(sorted(same_role))))
    elif a.actors & b.actors:
        score += 0.5
        if note:
            note(
                ("actors", 0.5, "actors in common, in other roles: " + ", ".join(sorted(a.actors & b.actors)))
            )
    if a.perpetrators and b.perpetrators and not (a.perpetrators & b.perpetrators) and not mirrored:
        score -= 1.5
        if note:
            note(("actors", -1.5, "different perpetrators named"))
    if a.targets and b.targets and not (a.targets & b.targets) and not mirrored:
        score -= 1.0
        if note:
            note(("actors", -1.0, "different targets named"))

    # --- how many -------------------------------------------------------------------------------
    agreeing = [
        key
        for key, ranges in a.figures
        for other, other_ranges in b.figures
        if key == other and any(_ratio(x, y) <= contested_ratio for x in ranges for y in other_ranges)
    ]
    if agreeing:
        score += 1.0
        if note:
            outcome, group, side = min(agreeing, key=lambda k: (k[0], k[1], k[2] is None))
            note(("figures", 1.0, f"figures agree within x{contested_ratio:g} ({outcome} {group})"))
    if (
        a.groups
        and b.groups
        and not (a.groups & b.groups)
        and "unknown" not in a.groups
        and "unknown" not in b.groups
        and not a.party_voice
        and not b.party_voice
    ):
        score -= 1.0
        if note:
            note(("figures", -1.0, "non-party reports count different casualty groups"))

    if a.tags & b.tags:
        score += 0.5
        if note:
            note(("tags", 0.5, "tags in common: " + ", ".join(sorted(a.tags & b.tags))))
    return score


def _same_dataset(a: PlacedClaim, b: PlacedClaim) -> bool:
    """Two rows of one event dataset (ACLED, UCDP): the dataset codes one row per event and day, so
    two of its rows for the same day are two events, however close (a multi-day event has a row
    per day, and those may still join)."""
    first, second = a.context, b.context
    return (
        first.source.kind == "dataset"
        and second.source.kind == "dataset"
        and first.source.name == second.source.name
        and first.document_id != second.document_id
    )


def matches(score: float | None) -> bool:
    return score is not None and score >= MATCH_THRESHOLD
