"""JSON routes under /api. Each route calls one repository function and maps domain to API schemas."""

from __future__ import annotations

from fastapi import APIRouter

from pledgewatch.api.routes import (
    assessments,
    audit,
    claims,
    commitments,
    documents,
    health,
    incidents,
    users,
)

api_router = APIRouter(prefix="/api")
api_router.include_router(health.router)
api_router.include_router(documents.router)
api_router.include_router(claims.router)
api_router.include_router(incidents.router)
api_router.include_router(commitments.router)
api_router.include_router(assessments.router)
api_router.include_router(audit.router)
api_router.include_router(users.router)

__all__ = ["api_router"]
