"""`explain commitment`: the explanation agrees with the report and says what would change the status."""

from __future__ import annotations

import json

import pytest

from pledgewatch.assess import assess
from pledgewatch.assess.explain import explain_commitment, plain_criteria
from pledgewatch.errors import NotFoundError
from pledgewatch.models import IncidentClaim
from tests.assess.test_assess import (
    BREACHES,
    ancestors,
    arrest_claim,
    commitments,
    country_of,
    day,
    incident,
    words,
)

NAMES = {"AFG": "Afghanistan", "AFG.MIL": "Afghan forces", "PAK": "Pakistan", "TTP": "TTP"}


def explain(cid: str, incidents=(), claims=(), **kwargs):
    kwargs.setdefault("periods", ["2025-09", "2025-10", "2025-11"])
    return explain_commitment(
        cid,
        commitments=commitments(),
        incidents=list(incidents),
        claims=list(claims),
        ancestors=ancestors,
        country_of=country_of,
        actor_names=NAMES,
        **kwargs,
    )


def test_explanation_matches_the_report_month_by_month():
    claims = [*words("w", "AFG", 3), arrest_claim("c_un", "UN.MT")]
    explanation = explain("cm_a", BREACHES, claims)
    report = assess(
        commitments=commitments(),
        incidents=BREACHES,
        claims=claims,
        ancestors=ancestors,
        country_of=country_of,
        periods=["2025-09", "2025-10", "2025-11"],
    )
    (october,) = [p for p in explanation.periods if p.period == "2025-10"]
    (row,) = [p for p in report.parties if p.party == "AFG" and p.period == "2025-10"]
    (assessed,) = row.commitments
    assert (
        (october.status, october.reason)
        == (assessed.status, assessed.reason)
        == (
            "broken",
            assessed.reason,
        )
    )
    assert [e.id for e in october.breaches] == assessed.breach_evidence == ["inc_1", "inc_2"]
    assert [(e.status, e.weighed_as, e.weight) for e in october.breaches] == [
        ("corroborated", "corroborated", 0.75),
        ("contested", "contested", 0.5),
    ]
    assert [e.id for e in october.implementation] == ["c_un"] and october.implementation[0].independent
    assert [w.id for w in october.words] == ["w00", "w01", "w02"]
    # September: not in force (valid from 19 Oct); November: in force, quiet
    assert explanation.quiet_periods == ["2025-11"]
    assert [p.period for p in explanation.periods] == ["2025-10"]


def test_what_would_change_it():
    broken = explain("cm_a", BREACHES).periods[0].what_would_change
    assert any(
        "If inc_1 (x0.75) were retracted, the weight would be 0.5 and the status stalled" in t for t in broken
    )
    assert any("words are not evidence" in t for t in broken)
    one = [incident("inc_1", day(21), perpetrator="AFG.MIL", country="PK")]
    stalled = explain("cm_a", one).periods[0].what_would_change
    assert any("Breach evidence weighing 0.75 more" in t and "broken" in t for t in stalled)
    assert any("If inc_1 were retracted the status would be unverified" in t for t in stalled)
    assert any("would make it in progress" in t for t in stalled)
    quiet = explain("cm_a", [], [words("w", "AFG", 1)[0]]).periods[0].what_would_change
    assert any("Implementation evidence weighing 0.5 more" in t and "kept" in t for t in quiet)


def test_indicators_in_plain_words_and_json():
    explanation = explain("cm_a", BREACHES)
    breach, implementation = explanation.indicators
    assert breach.effect == "breach" and "Afghanistan (AFG)" in breach.criteria
    assert "taking place in PK" in breach.criteria
    assert implementation.criteria.startswith("An event of type arrests, carried out by Afghanistan (AFG)")
    assert "against TTP" in implementation.criteria
    data = json.loads(json.dumps(explanation.to_dict(), default=str))
    assert data["commitment"]["id"] == "cm_a" and data["method"].startswith("pledgewatch.saydo/")
    assert data["periods"][0]["breaches"][0]["id"] == "inc_1"


def test_all_periods_and_unknown_commitment():
    full = explain("cm_a", BREACHES, all_periods=True)
    assert [p.period for p in full.periods] == ["2025-10", "2025-11"] and full.quiet_periods == []
    with pytest.raises(NotFoundError, match="no commitment 'nope'"):
        explain("nope")


def test_contested_by_own_denial_is_explained():
    denied = incident(
        "inc_x",
        day(22),
        perpetrator="AFG.MIL",
        country="PK",
        status="contested",
        sources=1,
        claims=[
            IncidentClaim(claim_id="a", document_id="d1", source="ISPR", speaker="PAK.MIL"),
            IncidentClaim(claim_id="b", document_id="d2", source="Wire"),
            IncidentClaim(claim_id="c", document_id="d3", source="IEA", speaker="AFG", relation="denies"),
        ],
    )
    (line,) = explain("cm_a", [denied]).periods[0].breaches
    assert (line.status, line.weighed_as, line.weight) == ("contested", "corroborated", 0.75)
    assert "own denial" in line.note


def test_plain_criteria_of_claim_indicators():
    from pledgewatch.models import Indicator

    text = plain_criteria(
        Indicator(
            id="x",
            effect="breach",
            description="",
            claim_kinds=["statement"],
            keywords=["boycott"],
            weight=0.5,
        )
    )
    assert text == 'A claim of kind statement, whose text mentions "boycott"; counts x0.5 (indirect evidence)'
