from __future__ import annotations

from fastapi import APIRouter

from pledgewatch.api.auth import Reader
from pledgewatch.api.deps import SessionDep
from pledgewatch.api.schemas import AUTH_RESPONSES, ERROR_RESPONSES, CommitmentPublic, CommitmentsPublic
from pledgewatch.errors import NotFoundError
from pledgewatch.store import repository as repo

router = APIRouter(prefix="/commitments", tags=["commitments"])


@router.get("", response_model=CommitmentsPublic, responses=AUTH_RESPONSES)
def list_commitments(session: SessionDep, _: Reader) -> CommitmentsPublic:
    """Every party's commitments, tracked with the same rules, with their machine-checkable indicators."""
    commitments = repo.list_commitments(session)
    return CommitmentsPublic(
        data=[CommitmentPublic.from_domain(c) for c in commitments], count=len(commitments)
    )


@router.get(
    "/{commitment_id}", response_model=CommitmentPublic, responses={**ERROR_RESPONSES, **AUTH_RESPONSES}
)
def get_commitment(commitment_id: str, session: SessionDep, _: Reader) -> CommitmentPublic:
    commitment = repo.get_commitment(session, commitment_id=commitment_id)
    if commitment is None:
        raise NotFoundError(
            f"no commitment with id {commitment_id!r}", hint="list commitments at /api/commitments"
        )
    return CommitmentPublic.from_domain(commitment)
