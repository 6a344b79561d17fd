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
    ClaimPublic,
    ClaimReview,
    ClaimsPublic,
)
from pledgewatch.errors import NotFoundError
from pledgewatch.models import ClaimKind, ReviewState
from pledgewatch.store import repository as repo

router = APIRouter(prefix="/claims", tags=["claims"])


@router.get("", response_model=ClaimsPublic, responses=AUTH_RESPONSES)
def list_claims(
    session: SessionDep,
    _: Reader,
    document_id: Annotated[str | None, Query(description="only claims from this document")] = None,
    kind: Annotated[ClaimKind | None, Query(description="event_report, denial, commitment ...")] = None,
    speaker: Annotated[str | None, Query(description="speaker actor id, e.g. PAK.MIL")] = None,
    review: Annotated[
        ReviewState | None, Query(description="only this review state; `machine` = the review queue")
    ] = None,
    include_rejected: Annotated[bool, Query(description="also claims an analyst rejected")] = False,
    limit: Limit = 100,
    offset: Offset = 0,
) -> ClaimsPublic:
    """Attributed claims: every figure is what its speaker says, in the quoted sentence."""
    claims = repo.list_claims(
        session,
        document_id=document_id,
        kind=kind,
        speaker=speaker,
        review=review,
        include_rejected=include_rejected,
        limit=limit,
        offset=offset,
    )
    return ClaimsPublic(
        data=[ClaimPublic.from_domain(c) for c in claims], count=len(claims), limit=limit, offset=offset
    )


@router.get("/{claim_id}", response_model=ClaimPublic, responses={**ERROR_RESPONSES, **AUTH_RESPONSES})
def get_claim(claim_id: str, session: SessionDep, _: Reader) -> ClaimPublic:
    claim = repo.get_claim(session, claim_id=claim_id)
    if claim is None:
        raise NotFoundError(f"no claim with id {claim_id!r}", hint="list claims at /api/claims")
    return ClaimPublic.from_domain(claim)


@router.post("/{claim_id}/review", response_model=ClaimPublic, responses=ACTION_RESPONSES)
def review_claim(claim_id: str, body: ClaimReview, request: Request, user: Analyst) -> ClaimPublic:
    """Confirm, reject or edit a claim, with a reason (analyst). Recorded in the audit log; later
    extraction runs keep the decision. Incidents pick up the change at the next reconciliation."""
    claim = actions.review_claim(
        request.app.state.engine,
        claim_id=claim_id,
        action=body.action,
        reason=body.reason,
        actor=user.name,
        changes=body.changes.changes() if body.changes is not None else None,
    )
    data_changed(request.app)
    return ClaimPublic.from_domain(claim)
