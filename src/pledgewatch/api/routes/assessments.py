from __future__ import annotations

from fastapi import APIRouter

from pledgewatch.api.auth import Reader
from pledgewatch.api.deps import SessionDep
from pledgewatch.api.schemas import AUTH_RESPONSES, ERROR_RESPONSES, AssessmentReportPublic
from pledgewatch.errors import NotFoundError
from pledgewatch.store import repository as repo

router = APIRouter(prefix="/assessments", tags=["assessments"])


@router.get("", response_model=AssessmentReportPublic, responses={**ERROR_RESPONSES, **AUTH_RESPONSES})
def get_assessment(session: SessionDep, _: Reader) -> AssessmentReportPublic:
    """The latest say–do assessment: per party and month, words, breach weight, gap and statuses."""
    report = repo.get_assessment(session)
    if report is None:
        raise NotFoundError(
            "no assessment has been stored yet",
            hint="run `pledgewatch assess --db URL` (or `pledgewatch run PATH --db URL`) first",
        )
    return AssessmentReportPublic.from_domain(report)
