from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from pledgewatch.api import actions
from pledgewatch.api.auth import Analyst, Reader
from pledgewatch.api.caching import data_changed
from pledgewatch.api.deps import SessionDep
from pledgewatch.api.routes._params import Limit, Offset
from pledgewatch.api.schemas import (
    ACTION_RESPONSES,
    AUTH_RESPONSES,
    ERROR_RESPONSES,
    IncidentMerge,
    IncidentPublic,
    IncidentSplit,
    IncidentsPublic,
    IncidentStatusChange,
    ReconcileOutcomePublic,
)
from pledgewatch.errors import NotFoundError
from pledgewatch.models import IncidentStatus
from pledgewatch.store import browse
from pledgewatch.store import repository as repo

router = APIRouter(prefix="/incidents", tags=["incidents"])


@router.get("", response_model=IncidentsPublic, responses=AUTH_RESPONSES)
def list_incidents(
    session: SessionDep,
    _: Reader,
    status: Annotated[
        IncidentStatus | None, Query(description="reported, corroborated, contested ...")
    ] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> IncidentsPublic:
    """Reconciled incidents: low/best/high estimates over the claims, each with the rule and claim ids."""
    incidents = browse.search_incidents(
        session, where=browse.IncidentFilter(status=status), limit=limit, offset=offset
    )
    return IncidentsPublic(
        data=[IncidentPublic.from_domain(i) for i in incidents],
        count=len(incidents),
        limit=limit,
        offset=offset,
    )


@router.post("/merge", response_model=ReconcileOutcomePublic, responses=ACTION_RESPONSES)
def merge_incidents(body: IncidentMerge, request: Request, user: Analyst) -> ReconcileOutcomePublic:
    """Merge incidents that describe one event (analyst). The first id is kept; the decision is
    stored by claim ids, audited, and replayed by every later reconciliation."""
    counts = actions.merge_incidents(
        request.app.state.engine,
        request.app.state.settings,
        incident_ids=body.incident_ids,
        reason=body.reason,
        actor=user.name,
    )
    data_changed(request.app)
    return ReconcileOutcomePublic.from_counts(counts)


@router.get("/{incident_id}", response_model=IncidentPublic, responses={**ERROR_RESPONSES, **AUTH_RESPONSES})
def get_incident(incident_id: str, session: SessionDep, _: Reader) -> IncidentPublic:
    incident = repo.get_incident(session, incident_id=incident_id)
    if incident is None:
        raise NotFoundError(f"no incident with id {incident_id!r}", hint="list incidents at /api/incidents")
    return IncidentPublic.from_domain(incident)


@router.post("/{incident_id}/status", response_model=IncidentPublic, responses=ACTION_RESPONSES)
def set_incident_status(
    incident_id: str, body: IncidentStatusChange, request: Request, user: Analyst
) -> IncidentPublic:
    """Give an incident a status (analyst), usually confirmed or retracted, with a reason.
    Reconciliation keeps it; the change is in the audit log."""
    incident = actions.set_incident_status(
        request.app.state.engine,
        incident_id=incident_id,
        status=body.status,
        reason=body.reason,
        actor=user.name,
    )
    data_changed(request.app)
    return IncidentPublic.from_domain(incident)


@router.post("/{incident_id}/split", response_model=ReconcileOutcomePublic, responses=ACTION_RESPONSES)
def split_incident(
    incident_id: str, body: IncidentSplit, request: Request, user: Analyst
) -> ReconcileOutcomePublic:
    """Split claims off an incident (analyst): they never share an incident with the rest again."""
    counts = actions.split_incident(
        request.app.state.engine,
        request.app.state.settings,
        incident_id=incident_id,
        claim_ids=body.claim_ids,
        reason=body.reason,
        actor=user.name,
    )
    data_changed(request.app)
    return ReconcileOutcomePublic.from_counts(counts)
