"""Reconcile v0: attributed claims -> incidents with estimates, a corroboration status and a reason.

A pure function over domain models: ``reconcile(claims, contexts=...)``. It never reads the store or
the knowledge base; the caller passes what it needs (each document's source, an ``ancestors``
callable for actor ids, which actors are the conflict parties).

Rules (``RECONCILE_RULE``; each incident carries them in ``rule`` and its own story in ``reason``):

1. **Which claims.** Only claims of kind event_report, denial or accusation that carry an event
   are clustered; commitments, demands and statements are words (see ``assess``). Rejected claims are
   skipped. A claim without a date, with a date vaguer than a week, without a place, or placed only
   at country/region level (no admin1, precision 3) is counted ``unplaced_*`` and never guessed into
   an incident (``ReconcileResult.skipped`` says which and why).
2. **Clustering** (``clustering``): same country and admin1 (or the same place name), date ranges at
   most ``window_days`` apart, same event family (``models.event_family``); union-find with complete
   linkage; claims sorted by id so input order never matters. A cluster made only of denials is not
   an incident (``denial_only``): denying what nobody in the corpus asserted is a claim, not an event.
3. **Voices** (``voices``): a claim speaks for its resolved speaker, else for its source's
   affiliation when the source is partisan, else for nobody. A claim is *independent* when its source
   is not partisan and its voice is neither a conflict party (by party root: PAK.MIL -> PAK) nor a
   perpetrator named in the incident. An independent outlet relaying ISPR's figure is ISPR's figure.
4. **Estimates** (``estimates``) per (outcome, group, party root of side): low = lowest ``low``,
   high = largest stated number (open-ended figures at their number, noted in the rule), best =
   median of independent figures (else of all), rounded half up; ``*_from`` name the claims.
   Figures of denials are not counted.
5. **Status.** ``contested`` when, for some key, two conflict parties' own figures (by voice) lie more
   than ``contested_ratio`` apart (ranges compared: upper's low / lower's high; closest pair of
   figures), or any claim denies the event. Else ``corroborated`` when at least two sources report
   it and at least one of them is independent (an independent source with at least one independent
   claim); identical sentences of 40+ characters on several outlets are one syndicated source. Else
   ``reported``. ``confirmed`` and ``retracted`` are left to human review. ``sources`` = the number of
   independent sources.
6. **Relations.** ``denies`` for a denial; ``conflicts`` when one of the claim's figures lies more than
   ``contested_ratio`` from the incident's best for its key; else ``supports``.
7. **Incident fields.** type = most common event type (tie: most independent claims, then
   alphabetical); tags = union; date = the overlap of the claims' dates when they share a day, else
   their span (precision the coarsest, "period" for a multi-day span of days); location = the most
   precise claim location; actors = union by (actor, role). id = ``"inc_" + short_hash(lowest claim
   id)``, stable while claims join later with higher ids.

Every ordering inside an incident (estimates, actors, reason text) is by values and claim ids, never
by actor name, so swapping the parties' names in the inputs swaps the outputs exactly.
"""

from __future__ import annotations

from pledgewatch.reconcile.incidents import RECONCILE_RULE, ReconcileResult, build_incident, reconcile
from pledgewatch.reconcile.voices import ClaimContext

__all__ = ["RECONCILE_RULE", "ClaimContext", "ReconcileResult", "build_incident", "reconcile"]
