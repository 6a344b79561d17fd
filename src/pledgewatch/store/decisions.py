"""Analysts' reconciliation decisions: merges and splits, stored by claim ids, each audited.

Incident ids are the output of a run; claim ids are stable across runs. So a decision is stored as
the claims it concerns: a merge as the claims to keep together, a split as the part split off and
the rest of the incident it left (``models.ReconcileDecision``). ``reconcile`` replays them as
must-link and cannot-link constraints (``reconcile.constraints``), so re-running never undoes them.
Every decision also goes into the hash-chained audit log, in the same transaction.

Like ``repository``, every function works inside the caller's session and never commits.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from pledgewatch.errors import NotFoundError, ReviewError
from pledgewatch.models import ReconcileDecision
from pledgewatch.store.repository import _chunks, _forget, _utc, _utcnow, append_audit
from pledgewatch.store.tables import ClaimRow, IncidentClaimRow, IncidentRow, ReconcileDecisionRow

__all__ = [
    "claim_incidents",
    "human_statuses",
    "incident_claim_ids",
    "list_decisions",
    "record_merge",
    "record_split",
    "retire_incidents",
]


def _decision_from_row(row: ReconcileDecisionRow) -> ReconcileDecision:
    return ReconcileDecision(
        id=row.id,
        kind=row.kind,
        claim_ids=list(row.claim_ids or []),
        other_claim_ids=list(row.other_claim_ids or []),
        incident_ids=list(row.incident_ids or []),
        actor=row.actor,
        reason=row.reason,
        at=_utc(row.at),
    )


def _require(actor: str, reason: str, what: str) -> None:
    if not actor or not actor.strip():
        raise ReviewError(f"who decided the {what} is required", hint="pass actor=<your name>")
    if not reason or not reason.strip():
        raise ReviewError(f"a reason is required to record a {what}", hint="say why, e.g. --reason TEXT")


def incident_claim_ids(session: Session, *, incident_id: str) -> list[str]:
    """The claims linked to an incident, in the incident's order; NotFoundError when it is unknown."""
    session.flush()
    if session.get(IncidentRow, incident_id) is None:
        raise NotFoundError(
            f"no incident {incident_id!r} in the store",
            hint="list incidents with `pledgewatch export incidents`",
        )
    statement = (
        sa.select(IncidentClaimRow.claim_id)
        .where(IncidentClaimRow.incident_id == incident_id)
        .order_by(IncidentClaimRow.position, IncidentClaimRow.claim_id)
    )
    return list(session.scalars(statement))


def claim_incidents(session: Session) -> dict[str, str]:
    """claim id -> incident id, as the last reconciliation (and kept human decisions) left them.

    A claim linked to two incidents (a human-confirmed incident kept beside a newer one) maps to the
    incident updated last."""
    session.flush()
    statement = (
        sa.select(IncidentClaimRow.claim_id, IncidentClaimRow.incident_id)
        .join(IncidentRow, IncidentRow.id == IncidentClaimRow.incident_id)
        .order_by(IncidentRow.updated_at, IncidentRow.id)
    )
    return {row.claim_id: row.incident_id for row in session.execute(statement)}


def human_statuses(session: Session, *, incident_ids: Collection[str]) -> dict[str, str]:
    """The status an analyst gave each of these incidents, where one did."""
    found: dict[str, str] = {}
    for chunk in _chunks(sorted(set(incident_ids))):
        statement = sa.select(IncidentRow.id, IncidentRow.human_status).where(
            IncidentRow.id.in_(chunk), IncidentRow.human_status.is_not(None)
        )
        found.update({row.id: row.human_status for row in session.execute(statement)})
    return found


def _missing_claims(session: Session, claim_ids: Sequence[str]) -> list[str]:
    present: set[str] = set()
    for chunk in _chunks(list(claim_ids)):
        present.update(session.scalars(sa.select(ClaimRow.id).where(ClaimRow.id.in_(chunk))))
    return [c for c in claim_ids if c not in present]


def _store(
    session: Session, decision: ReconcileDecision, *, action: str, entity: str, before: Any
) -> ReconcileDecision:
    row = ReconcileDecisionRow(
        kind=decision.kind,
        claim_ids=list(decision.claim_ids),
        other_claim_ids=list(decision.other_claim_ids),
        incident_ids=list(decision.incident_ids),
        actor=decision.actor,
        reason=decision.reason,
        at=_utcnow(),
    )
    session.add(row)
    session.flush()
    stored = _decision_from_row(row)
    append_audit(
        session,
        actor=decision.actor,
        action=action,
        entity=entity,
        before=before,
        after={
            "decision": stored.id,
            "kind": stored.kind,
            "claim_ids": stored.claim_ids,
            "other_claim_ids": stored.other_claim_ids,
        },
        reason=decision.reason,
    )
    return stored


def record_merge(
    session: Session,
    *,
    incident_ids: Sequence[str] | None = None,
    claim_ids: Sequence[str] | None = None,
    actor: str,
    reason: str,
) -> ReconcileDecision:
    """Record that these incidents (or claims) describe one event: their claims stay together in
    every later run. Give ``incident_ids`` (two or more) or ``claim_ids`` (two or more)."""
    _require(actor, reason, "merge")
    if bool(incident_ids) == bool(claim_ids):
        raise ReviewError("a merge needs incident ids or claim ids (one of the two)")
    before: dict[str, Any]
    if incident_ids:
        ids = list(dict.fromkeys(incident_ids))
        if len(ids) < 2:
            raise ReviewError("a merge needs at least two different incidents", hint="name two or more")
        members = {incident_id: incident_claim_ids(session, incident_id=incident_id) for incident_id in ids}
        merged = list(dict.fromkeys(c for incident_id in ids for c in members[incident_id]))
        before = {"incidents": members}
        entity = f"incident:{ids[0]}"
    else:
        ids = []
        merged = list(dict.fromkeys(claim_ids or []))
        if len(merged) < 2:
            raise ReviewError("a merge needs at least two different claims", hint="name two or more")
        missing = _missing_claims(session, merged)
        if missing:
            raise NotFoundError(
                f"no claim {missing[0]!r} in the store"
                + (f" (and {len(missing) - 1} more)" if len(missing) > 1 else "")
            )
        before = {"claims": merged}
        entity = f"claim:{merged[0]}"
    decision = ReconcileDecision(kind="merge", claim_ids=merged, incident_ids=ids, actor=actor, reason=reason)
    return _store(session, decision, action="reconcile.merge", entity=entity, before=before)


def record_split(
    session: Session, *, incident_id: str, claim_ids: Sequence[str], actor: str, reason: str
) -> ReconcileDecision:
    """Record that ``claim_ids`` (the part to split off) do not belong with the rest of the
    incident: no later run puts any of them in one incident with any of the rest."""
    _require(actor, reason, "split")
    members = incident_claim_ids(session, incident_id=incident_id)
    part = list(dict.fromkeys(claim_ids))
    if not part:
        raise ReviewError("a split needs the claims to split off", hint="e.g. --claims ID,ID")
    foreign = [c for c in part if c not in members]
    if foreign:
        raise ReviewError(
            f"claim {foreign[0]!r} is not in incident {incident_id}",
            hint=f"its claims are: {', '.join(members[:20])}" + (" ..." if len(members) > 20 else ""),
        )
    rest = [c for c in members if c not in part]
    if not rest:
        raise ReviewError(
            f"splitting off every claim of {incident_id} leaves nothing behind",
            hint="name only the claims that belong to another event",
        )
    decision = ReconcileDecision(
        kind="split",
        claim_ids=part,
        other_claim_ids=rest,
        incident_ids=[incident_id],
        actor=actor,
        reason=reason,
    )
    return _store(
        session,
        decision,
        action="reconcile.split",
        entity=f"incident:{incident_id}",
        before={"claims": members},
    )


def list_decisions(session: Session, *, claim_ids: Collection[str] | None = None) -> list[ReconcileDecision]:
    """Decisions in the order they were made; with ``claim_ids``, those touching any of them."""
    session.flush()
    rows = session.scalars(
        sa.select(ReconcileDecisionRow).order_by(ReconcileDecisionRow.at, ReconcileDecisionRow.id)
    )
    decisions = [_decision_from_row(row) for row in rows]
    if claim_ids is None:
        return decisions
    wanted = set(claim_ids)
    return [d for d in decisions if wanted & (set(d.claim_ids) | set(d.other_claim_ids))]


def retire_incidents(
    session: Session, *, incident_ids: Collection[str], actor: str, reason: str
) -> list[str]:
    """Delete incidents a merge absorbed although an analyst had given them a status (reconciliation
    keeps such rows otherwise); each deletion is audited with the status it had. Returns the ids."""
    retired = []
    statuses = human_statuses(session, incident_ids=incident_ids)
    links: dict[str, list[str]] = defaultdict(list)
    for incident_id in sorted(set(incident_ids)):
        row = session.get(IncidentRow, incident_id)
        if row is None:
            continue
        links[incident_id] = incident_claim_ids(session, incident_id=incident_id)
        append_audit(
            session,
            actor=actor,
            action="reconcile.retire",
            entity=f"incident:{incident_id}",
            before={
                "status": row.status,
                "human_status": statuses.get(incident_id),
                "claims": links[incident_id],
            },
            after=None,
            reason=reason,
        )
        session.execute(
            sa.delete(IncidentClaimRow.__table__).where(IncidentClaimRow.incident_id == incident_id)
        )
        session.execute(sa.delete(IncidentRow.__table__).where(IncidentRow.id == incident_id))
        retired.append(incident_id)
    _forget(session, IncidentRow, IncidentClaimRow)
    return retired
