"""Whose words a claim carries, and whether they are independent of the parties.

A claim's *voice* is the actor it speaks for: its speaker when the speaker is resolved ("ISPR said"),
else the affiliation of a partisan source speaking in its own voice (an ISPR press release), else
nobody (an independent outlet's own reporting). Figures are weighed by voice, not only by source,
so an independent outlet that relays one side's figure does not turn that figure into an independent
one.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date

from pledgewatch.models import Claim, Source

Ancestors = Callable[[str], list[str]]
IsPartisan = Callable[[Source], bool]


@dataclass(frozen=True)
class ClaimContext:
    """What reconcile needs to know about the document a claim comes from."""

    document_id: str
    source: Source
    published: date | None = None
    # the document's text, for telling syndicated copies apart from independent reports (optional)
    text: str | None = None


def source_is_party(source: Source) -> bool:
    """Default partisanship test: a source is partisan when it speaks for an actor."""
    return source.is_party


def actor_chain(actor: str, ancestors: Ancestors) -> list[str]:
    """``actor`` followed by its ancestors, nearest first.

    Tolerates an ``ancestors`` callable that leaves the actor itself out.
    """
    chain = [a for a in ancestors(actor) if a]
    if actor not in chain:
        chain.insert(0, actor)
    return chain


def party_root(actor: str, ancestors: Ancestors, parties: Collection[str]) -> str:
    """The conflict party ``actor`` belongs to (PAK.MIL -> PAK), else its outermost ancestor."""
    chain = actor_chain(actor, ancestors)
    for candidate in chain:
        if candidate in parties:
            return candidate
    return chain[-1]


def claim_voice(claim: Claim, source: Source, is_partisan: IsPartisan) -> str | None:
    """The actor id a claim speaks for, or None for an independent source's own voice."""
    if claim.speaker is not None and claim.speaker.actor:
        return claim.speaker.actor
    if is_partisan(source):
        return source.affiliation
    return None


def is_denial(claim: Claim) -> bool:
    return claim.polarity == "denied" or claim.kind == "denial"
