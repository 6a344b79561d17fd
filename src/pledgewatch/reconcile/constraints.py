"""Analysts' merge and split decisions as must-link and cannot-link pairs of claim ids.

Decisions are keyed by claim ids, which are stable across runs, never by incident ids, which are
the output of a run. They are replayed in the order they were made, so a later decision overrides an
earlier one where they disagree:

- a **merge** keeps its claims together (one must-link group; groups it touches are joined) and
  lifts any cannot-link between them;
- a **split** keeps the part split off away from the rest of the incident it left (a cannot-link
  between every claim of the part and every claim of the rest) and breaks any must-link group that
  straddles the two.

Must-link pairs come out as a star per group (its lowest claim id with each other claim).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from pledgewatch.models import ReconcileDecision

_EPOCH = datetime.min.replace(tzinfo=UTC)


def _when(decision: ReconcileDecision) -> tuple:
    at = decision.at
    if at is not None and at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return (at or _EPOCH, decision.id if decision.id is not None else -1)


def constraints_from_decisions(
    decisions: Sequence[ReconcileDecision],
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """``(must_link, cannot_link)`` pairs of claim ids, sorted, from decisions in time order."""
    groups: list[set[str]] = []
    cannot: set[tuple[str, str]] = set()
    for decision in sorted(decisions, key=_when):
        if decision.kind == "merge":
            merged = set(decision.claim_ids)
            kept = []
            for group in groups:
                if group & merged:
                    merged |= group
                else:
                    kept.append(group)
            groups = [*kept, merged]
            cannot = {pair for pair in cannot if not (pair[0] in merged and pair[1] in merged)}
        else:
            part, rest = set(decision.claim_ids), set(decision.other_claim_ids) - set(decision.claim_ids)
            split_groups = []
            for group in groups:
                inside = group & part
                if inside and group - part:
                    split_groups.extend(g for g in (inside, group - part) if len(g) > 1)
                else:
                    split_groups.append(group)
            groups = split_groups
            cannot |= {(min(a, b), max(a, b)) for a in part for b in rest}
    must = sorted(
        (min(group), other) for group in groups if len(group) > 1 for other in group if other != min(group)
    )
    return must, sorted(cannot)
