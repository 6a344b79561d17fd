"""Assess v0: commitments x incidents x claims -> per party and month, status, words and the say-do gap.

A pure function over domain models: ``assess(commitments=..., incidents=..., claims=...)``. Actor
knowledge comes in as two callables (``ancestors``, ``country_of``) so this stage never reads the
knowledge base or the store. Rules (``ASSESS_METHOD``; each commitment assessment carries them in
``rule`` and names its evidence in ``reason``):

1. **Parties and periods.** Parties are the distinct commitment obligors, sorted. Periods are calendar
   months "YYYY-MM"; by default every month from the earliest to the latest dated incident or claim.
   An incident belongs to the month of its start date; a claim to the month its words were said
   (``claim_dates``, else its event's start date). Rejected claims and undated items are left out.
2. **Words** = the party's own claims of kind commitment, denial or statement in the month, i.e.
   claims whose voice (speaker, else the affiliation of the document's source) is the party or one of
   its descendants (PAK.MIL speaks for PAK). Words are counted and listed, and **never** count as
   evidence of compliance: repeating assurances or denials cannot improve a status.
3. **Breach evidence** for a commitment valid in the month: incidents starting inside its validity
   window that match any breach indicator (``indicators``: every non-empty criterion must match),
   weighted by corroboration status ``STATUS_WEIGHTS`` (reported 0.25, contested 0.5, corroborated
   0.75, confirmed 1.0, retracted 0) times the indicator's weight. A party's own admissions count.
4. **Implementation evidence**: incidents matching an implementation indicator that rest on at least
   one claim not in the obligor's own voice, and asserted claims (not in such an incident) matching one
   whose voice is not the obligor (weight of a reported incident). A party's own account of its
   compliance is words, not evidence.
5. **Status**: broken if breach weight >= 1.0; stalled if 0 < breach < 1 without implementation
   evidence; in_progress if 0 < breach < 1 with it; kept if implementation evidence and no breach;
   unverified when there is no evidence either way.
6. **Breach weight** per party and month = the sum over distinct incidents matching any of its
   commitments (each incident once, at its heaviest weight).
7. **Gap** = words_norm * breach_norm, words_norm = 1 - exp(-words/3), breach_norm = 1 - exp(-breach):
   0 when deeds do not contradict words (no breach) or nothing was promised in the month (no words);
   towards 1 with many assurances and heavy breaches. ``low`` recomputes breach with only corroborated
   and confirmed incidents; ``high`` counts every non-retracted incident at full weight.
8. **Benchmarks** named by the party's commitments valid in the month (Peace Accords Matrix scale):
   0 no implementation evidence, 1 one item, 2 two or more, 3 two or more including one from an
   independent source (an incident with ``sources > 0`` or a claim whose voice is no party's).

Everything is ordered by party, period and ids; no rule looks at which party it is judging, so
swapping the parties' names in the inputs swaps the report exactly.
"""

from __future__ import annotations

from pledgewatch.assess.indicators import ActorLookup, claim_matches, incident_matches, origin_countries
from pledgewatch.assess.periods import month_periods, period_bounds, period_of
from pledgewatch.assess.saydo import (
    ASSESS_METHOD,
    BROKEN_AT,
    CLAIM_WEIGHT,
    STATUS_WEIGHTS,
    WORD_KINDS,
    assess,
    gap_value,
)

__all__ = [
    "ASSESS_METHOD",
    "BROKEN_AT",
    "CLAIM_WEIGHT",
    "STATUS_WEIGHTS",
    "WORD_KINDS",
    "ActorLookup",
    "assess",
    "claim_matches",
    "gap_value",
    "incident_matches",
    "month_periods",
    "origin_countries",
    "period_bounds",
    "period_of",
]
