"""How sure the rules are about one claim: a simple, documented score in [0.05, 0.95].

Not a probability. It ranks claims for review: the more of a claim the rules could read from the
parse (a resolved speaker, figures tied to a person noun, a place, a date, an event type), the
higher. Each step adds or removes a fixed amount:

- start at 0.40;
- speaker: +0.15 resolved to an actor id; +0.05 named but unresolved; -0.10 taken from an earlier
  sentence ("he said"); document's own voice: 0;
- figures: +0.15 if every figure is tied to a person noun, +0.05 if some are bare ("30 wounded");
- event type +0.10, place +0.05, date +0.05 (event claims);
- words-only claims (statement, denial, accusation, demand, commitment): +0.10 when the proposition
  (``about``) was found, +0.05 when it has a target.
"""

from __future__ import annotations

from pledgewatch.models import Claim

BASE = 0.40
FLOOR, CEILING = 0.05, 0.95


def claim_confidence(claim: Claim, *, anaphoric: bool, bare_figures: int) -> float:
    score = BASE
    if claim.speaker is not None:
        score += 0.15 if claim.speaker.actor else 0.05
        if anaphoric:
            score -= 0.10
    if claim.casualties:
        score += 0.15 if bare_figures == 0 else 0.05
    if claim.event is not None:
        score += 0.10 if claim.event.type else 0.0
        score += 0.05 if claim.event.location else 0.0
        score += 0.05 if claim.event.date else 0.0
    if claim.kind != "event_report":
        score += 0.10 if claim.about else 0.0
        score += 0.05 if claim.targets else 0.0
    return round(min(CEILING, max(FLOOR, score)), 2)
