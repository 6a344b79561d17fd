"""Analysts' decisions, shared by the REST API and the dashboard's forms.

Each function validates the request, changes the store and appends the audit entry (who, what,
before, after, reason) in one transaction of its own, so a decision is either recorded with its
audit entry or not at all — and is committed before the response says it was. Merges and splits go
through ``pipeline.merge_incidents`` / ``split_incident``: the decision is kept by claim ids and
every later reconciliation replays it.
"""

from __future__ import annotations

from typing import Any, Literal, get_args

from pydantic import ValidationError
from sqlalchemy.engine import Engine

from pledgewatch.config import Settings
from pledgewatch.errors import NotFoundError, ReviewError
from pledgewatch.models import Claim, Incident, IncidentStatus
from pledgewatch.store import append_audit, session_scope
from pledgewatch.store import repository as repo

ClaimAction = Literal["confirm", "reject", "edit"]
INCIDENT_STATUSES: tuple[str, ...] = get_args(IncidentStatus)
REVIEW_FOR_ACTION = {"confirm": "confirmed", "reject": "rejected", "edit": "edited"}
MAX_REASON = 4000
# what an analyst may change in a claim; its id, document, quoted text and span stay
EDITABLE_FIELDS = ("kind", "polarity", "speaker", "about", "targets", "event", "casualties")


def clean_reason(reason: str | None, *, what: str) -> str:
    """The reason, trimmed; a clear error when it is missing (every decision needs one)."""
    text = (reason or "").strip()
    if not text:
        raise ReviewError(f"a reason is required to {what}", hint="say why, in a sentence")
    if len(text) > MAX_REASON:
        raise ReviewError(f"the reason is longer than {MAX_REASON} characters", hint="shorten it")
    if "\x00" in text:
        raise ReviewError("the reason contains a NUL character")
    return text


def claim_record(claim: Claim) -> dict[str, Any]:
    """What the audit log keeps of a claim: its review state and every field an analyst may edit."""
    data = claim.model_dump(mode="json", include={"review", "document_id", *EDITABLE_FIELDS})
    return data


def edited_claim(claim: Claim, changes: dict[str, Any]) -> Claim:
    """``claim`` with ``changes`` (editable fields only) applied and validated as a domain claim."""
    unknown = sorted(set(changes) - set(EDITABLE_FIELDS))
    if unknown:
        raise ReviewError(
            f"these claim fields cannot be edited: {', '.join(unknown)}",
            hint=f"editable: {', '.join(EDITABLE_FIELDS)}; the quoted text and span stay as extracted",
        )
    data = claim.model_dump(mode="json")
    data.update(changes)
    try:
        return Claim.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in item['loc'])}: {item['msg']}" for item in error.errors()[:5]
        )
        raise ReviewError(f"the edited claim is not valid: {problems}") from None


def review_claim(
    engine: Engine,
    *,
    claim_id: str,
    action: str,
    reason: str | None,
    actor: str,
    changes: dict[str, Any] | None = None,
) -> Claim:
    """Confirm, reject or edit a claim (``changes`` for edit). Re-extraction keeps the decision."""
    if action not in REVIEW_FOR_ACTION:
        raise ReviewError(f"unknown review action {action!r}", hint="use confirm, reject or edit")
    reason = clean_reason(reason, what=f"{action} a claim")
    with session_scope(engine) as session:
        before = repo.get_claim(session, claim_id=claim_id)
        if before is None:
            raise NotFoundError(f"no claim with id {claim_id!r}", hint="claims are listed on the review page")
        replacement = None
        if action == "edit":
            if not changes:
                raise ReviewError("an edit needs at least one changed field", hint="or confirm the claim")
            replacement = edited_claim(before, changes)
        after = repo.set_claim_review(
            session, claim_id=claim_id, review=REVIEW_FOR_ACTION[action], claim=replacement
        )
        append_audit(
            session,
            actor=actor,
            action=f"claim.{action}",
            entity=f"claim:{claim_id}",
            before=claim_record(before),
            after=claim_record(after),
            reason=reason,
        )
    return after


def set_incident_status(
    engine: Engine, *, incident_id: str, status: str, reason: str | None, actor: str
) -> Incident:
    """An analyst's status for an incident (confirmed, retracted ...); reconciliation keeps it."""
    if status not in INCIDENT_STATUSES:
        raise ReviewError(
            f"unknown incident status {status!r}", hint=f"use one of {', '.join(INCIDENT_STATUSES)}"
        )
    reason = clean_reason(reason, what=f"mark an incident {status}")
    with session_scope(engine) as session:
        before = repo.get_incident(session, incident_id=incident_id)
        if before is None:
            raise NotFoundError(
                f"no incident with id {incident_id!r}", hint="incidents are listed at /incidents"
            )
        after = repo.set_incident_status(session, incident_id=incident_id, status=status)
        append_audit(
            session,
            actor=actor,
            action="incident.status",
            entity=f"incident:{incident_id}",
            before={"status": before.status, "reason": before.reason},
            after={"status": after.status},
            reason=reason,
        )
    return after


def merge_incidents(
    engine: Engine, settings: Settings, *, incident_ids: list[str], reason: str | None, actor: str
) -> dict[str, int | str]:
    """Merge incidents into the first one; the decision is audited and replayed by every later run."""
    from pledgewatch.pipeline import merge_incidents as merge

    ids = list(dict.fromkeys(i.strip() for i in incident_ids if i and i.strip()))
    if len(ids) < 2:
        raise ReviewError("select at least two different incidents to merge")
    reason = clean_reason(reason, what="merge incidents")
    return merge(ids, engine=engine, settings=settings, actor=actor, reason=reason)


def split_incident(
    engine: Engine,
    settings: Settings,
    *,
    incident_id: str,
    claim_ids: list[str],
    reason: str | None,
    actor: str,
) -> dict[str, int | str]:
    """Split claims off an incident; they never share an incident with the rest again."""
    from pledgewatch.pipeline import split_incident as split

    part = list(dict.fromkeys(c.strip() for c in claim_ids if c and c.strip()))
    if not part:
        raise ReviewError("select the claims to split off")
    reason = clean_reason(reason, what="split an incident")
    return split(incident_id, part, engine=engine, settings=settings, actor=actor, reason=reason)
