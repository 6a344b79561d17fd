from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from pledgewatch.api.deps import SessionDep
from pledgewatch.api.routes._params import Limit, Offset
from pledgewatch.api.schemas import ERROR_RESPONSES, ClaimPublic, ClaimsPublic
from pledgewatch.errors import NotFoundError
from pledgewatch.models import ClaimKind
from pledgewatch.store import repository as repo

router = APIRouter(prefix="/claims", tags=["claims"])


@router.get("", response_model=ClaimsPublic)
def list_claims(
    session: SessionDep,
    document_id: Annotated[str | None, Query(description="only claims from this document")] = None,
    kind: Annotated[ClaimKind | None, Query(description="event_report, denial, commitment ...")] = None,
    speaker: Annotated[str | None, Query(description="speaker actor id, e.g. PAK.MIL")] = None,
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
        include_rejected=include_rejected,
        limit=limit,
        offset=offset,
    )
    return ClaimsPublic(
        data=[ClaimPublic.from_domain(c) for c in claims], count=len(claims), limit=limit, offset=offset
    )


@router.get("/{claim_id}", response_model=ClaimPublic, responses=ERROR_RESPONSES)
def get_claim(claim_id: str, session: SessionDep) -> ClaimPublic:
    claim = repo.get_claim(session, claim_id=claim_id)
    if claim is None:
        raise NotFoundError(f"no claim with id {claim_id!r}", hint="list claims at /api/claims")
    return ClaimPublic.from_domain(claim)
