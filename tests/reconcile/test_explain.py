"""``explain_incident``: why claims are together, how estimates were chosen, what would change."""

from __future__ import annotations

from datetime import UTC, datetime

from pledgewatch.models import ReconcileDecision
from pledgewatch.reconcile.explain import explain_incident
from tests.reconcile.builders import (
    BAJAUR,
    DAWN,
    IEA,
    ISPR,
    REUTERS,
    ancestors,
    claim,
    contexts,
    day,
    fig,
    run,
)


def _explain(claims, ctx, incident=None, **kwargs):
    incident = (
        incident or run(claims, ctx, **{k: v for k, v in kwargs.items() if k in ("must_link",)}).incidents[0]
    )
    decisions = kwargs.get("decisions", ())
    return explain_incident(
        incident,
        [c for c in claims if c.id in {x.claim_id for x in incident.claims}],
        contexts=ctx,
        ancestors=ancestors,
        decisions=decisions,
        human_status=kwargs.get("human_status"),
    )


def test_contested_incident_says_which_figures_and_what_would_settle_them():
    claims = [
        claim("c_ispr", "d_ispr", casualties=[fig(23, "PAK.MIL")]),
        claim("c_iea", "d_iea", speaker="AFG", casualties=[fig(58, "PAK")]),
        claim("c_reuters", "d_reuters"),
    ]
    ctx = contexts(d_ispr=ISPR, d_iea=IEA, d_reuters=REUTERS)
    explanation = _explain(claims, ctx)
    assert explanation.status == explanation.machine_status == "contested"
    assert explanation.status_reason.startswith("contested: killed security_forces (PAK): PAK's 23")
    changes = " | ".join(explanation.what_would_change)
    assert "if AFG's figure (58 killed security_forces (PAK)) were within x1.5 of PAK's" in changes
    assert "at most 34" in changes and "at least 39" in changes
    assert "with no contest left it would be corroborated" in changes
    # two links tie three claims in, each with its evidence
    assert len(explanation.links) == 2
    for link in explanation.links:
        assert link.matched and link.score >= 3
        assert {f.kind for f in link.findings} >= {"date", "type", "place"}
    assert "all 3 pairs of claims match (complete linkage)" in explanation.notes
    (estimate,) = explanation.estimates
    assert estimate.lines[0] == "low 23: the lowest figure, from c_ispr (ISPR, PAK.MIL)"
    assert estimate.lines[1].startswith("best 41: the median of all figures (no independent one)")
    lines = {line.claim_id: line for line in explanation.claims}
    assert lines["c_reuters"].independent and not lines["c_ispr"].independent
    assert lines["c_iea"].voice == "AFG"
    data = explanation.to_dict()
    assert data["incident"]["status"] == "contested" and data["estimates"][0]["explanation"]


def test_reported_incident_says_one_more_independent_source_would_corroborate():
    claims = [claim("c1", "d_ispr", casualties=[fig(4, "TTP", "militants")])]
    explanation = _explain(claims, contexts(d_ispr=ISPR))
    assert explanation.status == "reported"
    assert explanation.what_would_change[0].startswith(
        "one more source that is independent of the parties (not a copy of ISPR) would make it corroborated"
    )
    explanation = _explain([claim("c1", "d_dawn")], contexts(d_dawn=DAWN))
    assert explanation.what_would_change[0].startswith(
        "one more source (not a copy of Dawn) would make it corroborated"
    )


def test_merged_claims_show_the_analysts_decision_and_human_status():
    claims = [claim("c1", "d_dawn", when=day(10)), claim("c2", "d_reuters", when=day(16), where=BAJAUR)]
    ctx = contexts(d_dawn=DAWN, d_reuters=REUTERS)
    merge = ReconcileDecision(
        id=4,
        kind="merge",
        claim_ids=["c1", "c2"],
        actor="ana",
        reason="same clash, late report",
        at=datetime(2025, 11, 1, tzinfo=UTC),
    )
    (incident,) = run(claims, ctx, must_link=[("c1", "c2")]).incidents
    explanation = _explain(claims, ctx, incident=incident, decisions=[merge], human_status="confirmed")
    (link,) = explanation.links
    assert not link.matched and link.score is None
    assert link.decision == "merged by ana (decision 4): same clash, late report"
    assert any(f.text.startswith("veto: dates 6 days apart") for f in link.findings)
    assert explanation.human_status == "confirmed"
    assert explanation.what_would_change[0].startswith("an analyst set the status to confirmed")
