"""Reconcile: attributed claims -> incidents with estimates, a corroboration status and a reason.

A pure function over domain models: ``reconcile(claims, contexts=...)``. It never reads the store or
the knowledge base; the caller passes what it needs (each document's source, published date and
text, an ``ancestors`` callable for actor ids, which actors are the conflict parties, analysts'
constraints and the previous run's incident of each claim).

Rules (``RECONCILE_RULE``; each incident carries them in ``rule`` and its own story in ``reason``;
``explain.explain_incident`` shows them for one incident):

1. **Which claims** (``matching.place_claim``). Only claims of kind event_report, denial or
   accusation that carry an event are clustered; commitments, demands and statements are words (see
   ``assess``). Rejected claims are skipped. A claim without a date, with a date vaguer than a week,
   without a place, or placed only at country/region level (no admin1, precision 3) is counted
   ``unplaced_*`` and never guessed into an incident (``ReconcileResult.skipped`` says which).
   Dataset rows (ACLED, UCDP: source kind ``dataset``) are claims like any other, with exact dates
   and coordinates, and independent sources.
2. **Blocking** (``blocking``): each claim is compared only with claims of the same district,
   province, place name or 1-degree cell (cross-border claims and rows without an admin1) whose dates
   lie within ``window_days`` and whose event type could be the same event
   (``matching.types_compatible``). Where a block is denser than any corpus should be, a claim keeps
   its ``blocking.MAX_CANDIDATES`` nearest candidates (counted ``claims_capped`` / ``pairs_capped``).
3. **Matching** (``matching.compare``): place (admin1/admin2, names, distance, across the border),
   date gap, event type and family, actors and roles, figures and tags give points or rule a pair
   out; pairs scoring ``MATCH_THRESHOLD`` or more match.
4. **Clustering** (``clustering``): complete linkage over matching pairs, with analysts' merges as
   must-link and splits as cannot-link (``constraints``: decisions are stored by claim ids, which are
   stable across runs, and replayed in order). Pairs that were in one incident in the previous run are
   linked first, so re-running rebuilds the same incidents and adds new claims to them. A cluster made
   only of denials is not an incident (``denial_only``).
5. **Ids** (``incidents.assign_ids``): an incident keeps the id most of its claims had in the
   previous run; otherwise ``"inc_" + short_hash(lowest claim id)``.
6. **Voices** (``voices``): a claim speaks for its resolved speaker, else for its source's affiliation
   when the source is partisan, else for nobody. A claim is *independent* when its source is not
   partisan and its voice is neither a conflict party (by party root: PAK.MIL -> PAK) nor a
   perpetrator named in the incident. An independent outlet relaying ISPR's figure is ISPR's figure.
7. **Sources** (``syndication``): sources whose documents are near-duplicates (shingle Jaccard or
   containment) or whose own-voice sentences are near-identical are one source unit (syndicated wire
   copy, reposts).
8. **Estimates** (``estimates``) per (outcome, group, party root of side): a later report (by
   published date) of the same source unit and voice supersedes its earlier figures for the same key
   (a rising toll: 45, 54, 63), and the claim's link records ``superseded_by``; identical copies count
   once. Then low = lowest ``low``, high = largest stated number, best = median of independent
   figures (else of all), rounded half up; ``*_from`` name the claims and the rule names what was left
   out and why. Figures of denials are not counted.
9. **Status.** ``contested`` when, for some key, two conflict parties' own figures (by voice) lie more
   than ``contested_ratio`` apart (ranges compared: upper's low / lower's high; closest pair of
   figures), or a conflict party denies the event. Else ``corroborated`` when at least two source
   units assert it and at least one of them is independent. Else ``reported``. ``confirmed`` and
   ``retracted`` are analysts' decisions (the store keeps them). ``sources`` = the number of
   independent source units. The reason starts with why.
10. **Relations.** ``denies`` for a denial; ``conflicts`` when one of a (current) claim's figures lies
    more than ``contested_ratio`` from the incident's best for its key; else ``supports``.
11. **Incident fields.** type = most common event type (tie: most independent claims, then
    alphabetical); tags = union; date = the overlap of the claims' dates when they share a day, else
    their span (precision the coarsest, "period" for a multi-day span of days); location = the most
    precise claim location; actors = union by (actor, role).

Every ordering inside an incident (estimates, actors, reason text) is by values, source names and
claim ids, never by actor id, so swapping the parties' names in the inputs swaps the outputs exactly.
"""

from __future__ import annotations

from pledgewatch.reconcile.constraints import constraints_from_decisions
from pledgewatch.reconcile.incidents import (
    RECONCILE_RULE,
    Analysis,
    ReconcileResult,
    analyse,
    assign_ids,
    build_incident,
    reconcile,
)
from pledgewatch.reconcile.matching import MATCH_THRESHOLD, compare, place_claim
from pledgewatch.reconcile.voices import ClaimContext

__all__ = [
    "MATCH_THRESHOLD",
    "RECONCILE_RULE",
    "Analysis",
    "ClaimContext",
    "ReconcileResult",
    "analyse",
    "assign_ids",
    "build_incident",
    "compare",
    "constraints_from_decisions",
    "place_claim",
    "reconcile",
]
