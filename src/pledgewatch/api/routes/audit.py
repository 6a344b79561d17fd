from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from pledgewatch.api.auth import Analyst
from pledgewatch.api.deps import SessionDep
from pledgewatch.api.routes._params import Limit, Offset
from pledgewatch.api.schemas import AUTH_RESPONSES, AuditEntriesPublic, AuditEntryPublic, AuditVerifyPublic
from pledgewatch.store import browse
from pledgewatch.store import repository as repo

router = APIRouter(prefix="/audit", tags=["audit"])


@router.get("", response_model=AuditEntriesPublic, responses=AUTH_RESPONSES)
def list_audit(
    session: SessionDep,
    _: Analyst,
    entity: Annotated[str | None, Query(description="e.g. claim:<id>, incident:<id>, user:<name>")] = None,
    actor: Annotated[str | None, Query(description="who made the change")] = None,
    action: Annotated[str | None, Query(description="e.g. claim.confirm, reconcile.merge")] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> AuditEntriesPublic:
    """The append-only, hash-chained log of every human decision, newest first (analysts, admins)."""
    entries = browse.audit_entries(
        session, entity=entity, actor=actor, action=action, limit=limit, offset=offset
    )
    return AuditEntriesPublic(
        data=[AuditEntryPublic.from_domain(entry) for entry in entries],
        count=len(entries),
        total=browse.count_audit(session, entity=entity, actor=actor, action=action),
        limit=limit,
        offset=offset,
    )


@router.get("/verify", response_model=AuditVerifyPublic, responses=AUTH_RESPONSES)
def verify_audit(session: SessionDep, _: Analyst) -> AuditVerifyPublic:
    """Recompute the hash chain: names the first entry edited, inserted or removed behind the app's
    back (the same check as `pledgewatch audit verify`)."""
    return audit_verification(session)


def audit_verification(session) -> AuditVerifyPublic:
    intact, first_broken = repo.verify_audit(session)
    entries = browse.count_audit(session)
    if intact:
        message = f"the audit chain is intact: {entries} entries verified"
    else:
        message = (
            f"the audit chain is broken at entry #{first_broken}: it was changed, inserted or an entry "
            "before it removed outside pledgewatch"
        )
    return AuditVerifyPublic(intact=intact, entries=entries, first_broken=first_broken, message=message)
