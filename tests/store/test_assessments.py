"""The current assessment report is stored whole and replaced whole."""

from __future__ import annotations

import pytest

from pledgewatch.errors import StoreError
from pledgewatch.models import (
    AssessmentReport,
    BenchmarkScore,
    CommitmentAssessment,
    Gap,
    PartyAssessment,
)
from pledgewatch.store import counts, get_assessment, save_assessment, session_scope


def _party(party: str, period: str, gap: float = 0.4) -> PartyAssessment:
    return PartyAssessment(
        party=party,
        period=period,
        words=3,
        word_claims=["clm_1", "clm_2", "clm_3"],
        breach_weight=2.5,
        gap=Gap(value=gap, low=gap - 0.1, high=gap + 0.15),
        commitments=[
            CommitmentAssessment(
                id="doha-2020-no-safe-haven",
                status="broken",
                reason="2 corroborated TTP attacks from Afghan soil",
                evidence=["inc_1", "inc_2"],
                weights={"inc_1": 1.0, "inc_2": 1.5},
                rule="pledgewatch.assess/0.1.0:breach_threshold",
            )
        ],
        benchmarks=[
            BenchmarkScore(id="camps_dismantled", score=1, evidence=["clm_7"], reason="one relocation")
        ],
    )


def test_assessment_round_trip_and_replacement(engine):
    report = AssessmentReport(
        method="pledgewatch.gap/0.1.0",
        periods=["2025-10", "2025-11"],
        parties=[_party("PAK", "2025-10"), _party("AFG", "2025-10", 0.7), _party("AFG", "2025-11", 0.1)],
    )
    with session_scope(engine) as session:
        assert get_assessment(session) is None
        save_assessment(session, report=report)
    with session_scope(engine) as session:
        assert get_assessment(session) == report
        assert counts(session)["assessments"] == 3

    newer = AssessmentReport(
        method="pledgewatch.gap/0.2.0", periods=["2025-12"], parties=[_party("AFG", "2025-12")]
    )
    with session_scope(engine) as session:
        save_assessment(session, report=newer)
    with session_scope(engine) as session:
        assert get_assessment(session) == newer
        assert counts(session)["assessments"] == 1

    empty = AssessmentReport(method="pledgewatch.gap/0.2.0", periods=[], parties=[])
    with session_scope(engine) as session:
        save_assessment(session, report=empty)
        assert get_assessment(session) == empty


def test_a_party_period_twice_is_refused(engine):
    report = AssessmentReport(method="m", periods=["2025-10"], parties=[_party("PAK", "2025-10")] * 2)
    with pytest.raises(StoreError, match="more than once"), session_scope(engine) as session:
        save_assessment(session, report=report)
