"""counts() summarises the store for the CLI and the dashboard."""

from __future__ import annotations

from pledgewatch.models import AssessmentReport, Gap, PartyAssessment
from pledgewatch.store import (
    add_document,
    append_audit,
    counts,
    replace_incidents,
    replace_machine_claims,
    save_assessment,
    session_scope,
    set_claim_review,
    sync_commitments,
)
from tests.store.factories import make_claim, make_document, make_incident
from tests.store.test_knowledge import _commitment


def test_counts(engine):
    with session_scope(engine) as session:
        assert counts(session) == {
            "documents": 0,
            "claims": 0,
            "incidents": 0,
            "contested_incidents": 0,
            "commitments": 0,
            "assessments": 0,
            "audit_entries": 0,
        }
        for number in range(2):
            document, raw = make_document(f"doc {number}".encode())
            add_document(session, document=document, raw=raw)
        replace_machine_claims(
            session, document_id=document.id, extractor="x/1", claims=[make_claim("a"), make_claim("b")]
        )
        set_claim_review(session, claim_id="b", review="rejected")
        replace_incidents(
            session,
            incidents=[make_incident("i1"), make_incident("i2", status="reported"), make_incident("i3")],
        )
        sync_commitments(session, commitments=[_commitment("c1")])
        party = PartyAssessment(
            party="AFG", period="2025-10", words=1, breach_weight=0, gap=Gap(value=0, low=0, high=0)
        )
        save_assessment(session, report=AssessmentReport(method="m", periods=["2025-10"], parties=[party]))
        append_audit(session, actor="a", action="x", entity="claim:b", before=None, after=None, reason="r")
    with session_scope(engine) as session:
        assert counts(session) == {
            "documents": 2,
            "claims": 2,
            "incidents": 3,
            "contested_incidents": 2,
            "commitments": 1,
            "assessments": 1,
            "audit_entries": 1,
        }
