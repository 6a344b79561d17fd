"""Matching commitment indicators against incidents and claims.

Every non-empty criterion of an indicator must match (AND); inside a list any value may match (OR):

- ``event_types``: the event type is one of them;
- ``tags``: the event carries at least one of them;
- ``perpetrators`` / ``targets``: an event actor in that role is one of them or a descendant
  (PAK.MIL matches PAK); for a claim, its ``targets`` count as targets too;
- ``target_country``: the event's location is in that country;
- ``origin_country``: the territory the act came from. An act not tagged ``cross_border`` or
  ``infiltration`` came from where it happened (its location's country). A cross-border act came from
  its perpetrators' countries (``country_of``, walking up the actor's ancestors) other than the country
  it landed in; when that leaves nothing, the origin is unknown and the criterion does not match;
- ``keywords``: case-insensitive substring of the claim's text or ``about`` (for an incident: of any of
  its claims' texts);
- ``claim_kinds``: the claim's kind is one of them. An indicator with claim kinds is about claims, so it
  never matches an incident.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from pledgewatch.models import ActorRef, Claim, Incident, Indicator, Location

Ancestors = Callable[[str], list[str]]
CountryOf = Callable[[str], "str | None"]

CROSS_BORDER_TAGS = frozenset({"cross_border", "infiltration"})


@dataclass(frozen=True)
class ActorLookup:
    """The two facts about actors that assessment needs, passed in as plain callables."""

    ancestors: Ancestors
    country_of: CountryOf

    def chain(self, actor: str) -> list[str]:
        """``actor`` followed by its ancestors (tolerates an ``ancestors`` that omits the actor)."""
        chain = [a for a in self.ancestors(actor) if a]
        return chain if actor in chain else [actor, *chain]

    def is_within(self, actor: str | None, group: Iterable[str]) -> bool:
        """True when ``actor`` is one of ``group`` or a descendant of one of them."""
        return bool(actor) and not set(self.chain(actor)).isdisjoint(group)

    def country(self, actor: str) -> str | None:
        for candidate in self.chain(actor):
            country = self.country_of(candidate)
            if country:
                return country
        return None


def origin_countries(
    tags: Sequence[str], actors: Sequence[ActorRef], location: Location | None, lookup: ActorLookup
) -> set[str]:
    landed = location.country if location else None
    if CROSS_BORDER_TAGS.isdisjoint(tags):
        return {landed} if landed else set()
    perpetrators = {lookup.country(a.actor) for a in actors if a.role == "perpetrator" and a.actor}
    return perpetrators - {None, landed}


def _matches(
    indicator: Indicator,
    *,
    event_type: str | None,
    tags: Sequence[str],
    actors: Sequence[ActorRef],
    extra_targets: Sequence[ActorRef],
    location: Location | None,
    texts: Sequence[str],
    lookup: ActorLookup,
) -> bool:
    if indicator.event_types and event_type not in indicator.event_types:
        return False
    if indicator.tags and set(indicator.tags).isdisjoint(tags):
        return False
    if indicator.perpetrators and not any(
        a.role == "perpetrator" and lookup.is_within(a.actor, indicator.perpetrators) for a in actors
    ):
        return False
    if indicator.targets and not (
        any(a.role == "target" and lookup.is_within(a.actor, indicator.targets) for a in actors)
        or any(lookup.is_within(a.actor, indicator.targets) for a in extra_targets)
    ):
        return False
    if indicator.target_country and (location is None or location.country != indicator.target_country):
        return False
    origin = indicator.origin_country
    if origin and origin not in origin_countries(tags, actors, location, lookup):
        return False
    if indicator.keywords:
        folded = [t.casefold() for t in texts if t]
        if not any(k.casefold() in t for k in indicator.keywords for t in folded):
            return False
    return True


def incident_matches(
    indicator: Indicator, incident: Incident, lookup: ActorLookup, claims_by_id: Mapping[str, Claim]
) -> bool:
    if indicator.claim_kinds:
        return False
    texts = [claims_by_id[c.claim_id].text for c in incident.claims if c.claim_id in claims_by_id]
    return _matches(
        indicator,
        event_type=incident.type,
        tags=incident.tags,
        actors=incident.actors,
        extra_targets=(),
        location=incident.location,
        texts=texts,
        lookup=lookup,
    )


def claim_matches(indicator: Indicator, claim: Claim, lookup: ActorLookup) -> bool:
    if indicator.claim_kinds and claim.kind not in indicator.claim_kinds:
        return False
    event = claim.event
    return _matches(
        indicator,
        event_type=event.type if event else None,
        tags=event.tags if event else (),
        actors=event.actors if event else (),
        extra_targets=claim.targets,
        location=event.location if event else None,
        texts=(claim.text, claim.about or ""),
        lookup=lookup,
    )
