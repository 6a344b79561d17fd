from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from pledgewatch.api.deps import SessionDep
from pledgewatch.api.routes._params import Limit, Offset
from pledgewatch.api.schemas import ERROR_RESPONSES, IncidentPublic, IncidentsPublic
from pledgewatch.errors import NotFoundError
from pledgewatch.models import IncidentStatus
from pledgewatch.store import repository as repo

router = APIRouter(prefix="/incidents", tags=["incidents"])


@router.get("", response_model=IncidentsPublic)
def list_incidents(
    session: SessionDep,
    status: Annotated[
        IncidentStatus | None, Query(description="reported, corroborated, contested ...")
    ] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> IncidentsPublic:
    """Reconciled incidents: low/best/high estimates over the claims, each with the rule and claim ids."""
    incidents = repo.list_incidents(session, status=status, limit=limit, offset=offset)
    return IncidentsPublic(
        data=[IncidentPublic.from_domain(i) for i in incidents],
        count=len(incidents),
        limit=limit,
        offset=offset,
    )


@router.get("/{incident_id}", response_model=IncidentPublic, responses=ERROR_RESPONSES)
def get_incident(incident_id: str, session: SessionDep) -> IncidentPublic:
    incident = repo.get_incident(session, incident_id=incident_id)
    if incident is None:
        raise NotFoundError(f"no incident with id {incident_id!r}", hint="list incidents at /api/incidents")
    return IncidentPublic.from_domain(incident)
