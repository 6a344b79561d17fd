"""Assess: commitments x incidents x claims -> per party and month, statuses, words, benchmarks, the gap.

A pure function over domain models: ``assess(commitments=..., incidents=..., claims=...,
benchmarks=...)``. Actor knowledge comes in as two callables (``ancestors``, ``country_of``) so this
stage never reads the knowledge base or the store. The method, ``pledgewatch.saydo/0.2.0``
(``ASSESS_METHOD``; every commitment assessment carries it in ``rule`` and names its evidence in
``reason``):

1. **Parties and periods.** Parties are the distinct commitment obligors, sorted. Periods are calendar
   months "YYYY-MM"; by default every month from the earliest to the latest dated incident or claim.
   An incident belongs to the month of its start date; a claim to the month its words were said
   (``claim_dates``, else its event's start date). Rejected claims and undated items are left out.
2. **Words** = the party's own claims of kind commitment, denial or statement in the month, i.e.
   claims whose voice (speaker, else the affiliation of the document's source) is the party or one of
   its descendants (PAK.MIL speaks for PAK). Words are counted and listed, and **never** count as
   evidence of compliance: repeating assurances or denials cannot improve a status.
3. **Breach evidence** for a commitment in force in the month: incidents starting inside its validity
   window that match a breach indicator (every non-empty criterion must match), weighted by
   corroboration status ``STATUS_WEIGHTS`` (reported 0.25, contested 0.5, corroborated 0.75,
   confirmed 1.0, retracted 0) times the indicator's weight; and claims (not denials) matching a
   breach indicator about claims (``claim_kinds``), or an event indicator when the claim is in no
   incident, at ``CLAIM_WEIGHT`` 0.25 times the indicator weight. A party's own admissions count.
   An incident that is *contested* only because the obligor denies it or because casualty figures
   diverge is weighed at its event's corroboration without them (``read_status``): corroborated when
   two or more sources assert it and one is independent, else reported. So the obligor's denials can
   never lower the weight of evidence against it.
4. **Implementation evidence**: incidents matching an implementation indicator that rest on at least
   one claim not in the obligor's own voice (weight by status, as above), and asserted claims in no
   incident (or matching an indicator about claims) whose voice is not the obligor's (0.25 x weight).
   A party's own account of its compliance is words, not evidence.
5. **Status** per commitment and month, on breach weight B and implementation weight I:
   broken if B >= 1 (``BROKEN_AT``); stalled if 0 < B < 1 and I = 0; in_progress if 0 < B < 1 and
   I > 0, or B = 0 and 0 < I < 0.5; kept if B = 0 and I >= 0.5 (``KEPT_AT``); unverified when there is
   no evidence either way. Outcomes decide: implementation never cancels a breach.
6. **Breach weight** per party and month = the sum over distinct items matching any of its
   commitments (each item once, at its heaviest weight); likewise the implementation weight, which is
   reported beside the gap but never enters it.
7. **Gap** = say x do, say = 1 - exp(-(words + standing) / 3), do = 1 - exp(-breach), where
   standing = 1 when any of the party's commitments is in force in the month (the promise on record
   counts as one word). 0 when deeds do not contradict words (no breach); towards 1 with many
   assurances and heavy breaches. The band: ``low`` counts only items weighed corroborated or
   confirmed; ``high`` counts every non-retracted item at full weight (status weight 1).
8. **Benchmarks** (``knowledge/benchmarks.yaml``; see ``assess.benchmarks``) are scored 0-3 on the
   Peace Accords Matrix scale for every party and month with the same level criteria, over a
   look-back window, from the implementation evidence of the commitments that feed them and the
   benchmarks' own indicators written once for every party.

Everything is ordered by party, period and ids; no rule looks at which party it is judging, so
swapping the parties' names in the inputs swaps the report exactly.
"""

from __future__ import annotations

from pledgewatch.assess.benchmarks import DEFAULT_LEVELS, LEVEL_NAMES, default_benchmarks, materialise
from pledgewatch.assess.indicators import ActorLookup, claim_matches, incident_matches, origin_countries
from pledgewatch.assess.periods import month_periods, period_bounds, period_of
from pledgewatch.assess.saydo import (
    ASSESS_METHOD,
    BROKEN_AT,
    CLAIM_WEIGHT,
    KEPT_AT,
    STANDING_WORDS,
    STATUS_WEIGHTS,
    WORD_KINDS,
    WORDS_SCALE,
    assess,
    commitment_status,
    gap_value,
    read_status,
    say_value,
)

__all__ = [
    "ASSESS_METHOD",
    "BROKEN_AT",
    "CLAIM_WEIGHT",
    "DEFAULT_LEVELS",
    "KEPT_AT",
    "LEVEL_NAMES",
    "STANDING_WORDS",
    "STATUS_WEIGHTS",
    "WORDS_SCALE",
    "WORD_KINDS",
    "ActorLookup",
    "assess",
    "claim_matches",
    "commitment_status",
    "default_benchmarks",
    "gap_value",
    "incident_matches",
    "materialise",
    "month_periods",
    "origin_countries",
    "period_bounds",
    "period_of",
    "read_status",
    "say_value",
]
