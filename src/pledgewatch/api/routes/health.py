from __future__ import annotations

from fastapi import APIRouter

from pledgewatch import __version__
from pledgewatch.api.deps import SessionDep
from pledgewatch.api.schemas import HealthPublic
from pledgewatch.store import repository as repo

router = APIRouter(tags=["service"])


@router.get("/health", response_model=HealthPublic)
def health(session: SessionDep) -> HealthPublic:
    """Liveness and what is stored: counts of documents, claims, incidents, commitments ..."""
    return HealthPublic(
        status="ok",
        version=__version__,
        database=session.get_bind().dialect.name,
        counts=repo.counts(session),
    )
