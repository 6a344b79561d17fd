from __future__ import annotations

from fastapi import APIRouter, Request

from pledgewatch import __version__
from pledgewatch.api.auth import Anyone, Viewer, may
from pledgewatch.api.deps import SessionDep
from pledgewatch.api.schemas import AUTH_RESPONSES, HealthPublic, MePublic
from pledgewatch.store import repository as repo

router = APIRouter(tags=["service"])


@router.get("/health", response_model=HealthPublic)
def health(request: Request, session: SessionDep, user: Anyone) -> HealthPublic:
    """Liveness, for anyone; what is stored (counts of documents, claims, incidents ...) only for
    callers who may read."""
    can_read = may(user, "viewer") or request.app.state.settings.public_read
    return HealthPublic(
        status="ok",
        version=__version__,
        database=session.get_bind().dialect.name,
        counts=repo.counts(session) if can_read else None,
    )


@router.get("/me", response_model=MePublic, responses=AUTH_RESPONSES)
def me(request: Request, user: Viewer) -> MePublic:
    """Who the token or session belongs to, and its role."""
    how = "token" if request.headers.get("authorization") else "session"
    return MePublic(name=user.name, role=user.role, authenticated_by=how)
