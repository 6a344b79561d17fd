"""Claims round-trip, and re-extraction never undoes a human review."""

from __future__ import annotations

from datetime import date

import pytest

from pledgewatch.errors import NotFoundError, ReviewError, StoreError
from pledgewatch.models import ActorRef
from pledgewatch.store import (
    add_document,
    get_claim,
    list_claims,
    replace_machine_claims,
    session_scope,
    set_claim_review,
)
from tests.store.factories import make_claim, make_document

RULES = "pledgewatch.rules/0.1.0"


@pytest.fixture
def document_id(engine) -> str:
    document, raw = make_document()
    with session_scope(engine) as session:
        add_document(session, document=document, raw=raw)
    return document.id


def test_claim_round_trip_with_event_and_casualties(engine, document_id):
    claim = make_claim("clm_1")
    denial = make_claim(
        "clm_2",
        kind="denial",
        polarity="denied",
        text="The Islamic Emirate spokesman denied that TTP operates from Afghan soil.",
        span=(59, 131),
        speaker=ActorRef(name="The Islamic Emirate spokesman", actor="AFG"),
        about="TTP operates from Afghan soil",
        event=None,
        casualties=[],
        targets=[],
        confidence=0.7,
    )
    voiceless = make_claim("clm_3", speaker=None, span=(0, 10))
    with session_scope(engine) as session:
        written = replace_machine_claims(
            session, document_id=document_id, extractor=RULES, claims=[claim, denial, voiceless]
        )
    assert written == 3
    with session_scope(engine) as session:
        stored = get_claim(session, claim_id="clm_1")
        stored_denial = get_claim(session, claim_id="clm_2")
        stored_voiceless = get_claim(session, claim_id="clm_3")
    expected = claim.model_copy(update={"document_id": document_id, "review": "machine"})
    assert stored == expected
    assert stored.event.date.start == date(2025, 10, 11)
    assert stored.casualties[1].high is None
    assert stored.contract_dict() == claim.contract_dict()
    assert stored_denial == denial.model_copy(update={"document_id": document_id})
    assert stored_voiceless.speaker is None


def test_store_sets_document_extractor_and_review(engine, document_id):
    claim = make_claim("clm_1", extractor=None, review="confirmed")
    with session_scope(engine) as session:
        replace_machine_claims(session, document_id=document_id, extractor=RULES, claims=[claim])
        stored = get_claim(session, claim_id="clm_1")
    assert (stored.document_id, stored.extractor, stored.review) == (document_id, RULES, "machine")


def test_replace_machine_claims_keeps_human_reviewed_claims(engine, document_id):
    first_run = [make_claim(f"clm_{n}", span=(n, n + 1)) for n in range(1, 5)]
    with session_scope(engine) as session:
        replace_machine_claims(session, document_id=document_id, extractor=RULES, claims=first_run)
        set_claim_review(session, claim_id="clm_1", review="confirmed")
        set_claim_review(session, claim_id="clm_2", review="rejected")
        edited = make_claim("clm_3", span=(3, 4), casualties=[], about="edited by an analyst")
        set_claim_review(session, claim_id="clm_3", review="edited", claim=edited)

    # the re-run finds clm_1..clm_3 again (changed) and one new claim; clm_4 is gone
    second_run = [make_claim(f"clm_{n}", span=(n, n + 1), confidence=0.1) for n in (1, 2, 3, 5)]
    with session_scope(engine) as session:
        written = replace_machine_claims(session, document_id=document_id, extractor=RULES, claims=second_run)
    assert written == 1  # clm_5; the three human-reviewed ids are skipped

    with session_scope(engine) as session:
        claims = {claim.id: claim for claim in list_claims(session, include_rejected=True)}
    assert set(claims) == {"clm_1", "clm_2", "clm_3", "clm_5"}
    assert claims["clm_1"].review == "confirmed" and claims["clm_1"].confidence == 0.85
    assert claims["clm_2"].review == "rejected"
    assert claims["clm_3"].review == "edited" and claims["clm_3"].about == "edited by an analyst"
    assert claims["clm_3"].casualties == []
    assert claims["clm_5"].review == "machine" and claims["clm_5"].confidence == 0.1


def test_replace_only_touches_its_own_extractor(engine, document_id):
    with session_scope(engine) as session:
        replace_machine_claims(session, document_id=document_id, extractor=RULES, claims=[make_claim("r1")])
        replace_machine_claims(session, document_id=document_id, extractor="llm/1", claims=[make_claim("l1")])
        replace_machine_claims(session, document_id=document_id, extractor=RULES, claims=[make_claim("r2")])
        assert sorted(claim.id for claim in list_claims(session)) == ["l1", "r2"]


def test_claim_ids_are_unique_across_documents(engine, document_id):
    other, raw = make_document(b"another document")
    with session_scope(engine) as session:
        add_document(session, document=other, raw=raw)
        replace_machine_claims(session, document_id=document_id, extractor=RULES, claims=[make_claim("c")])
        with pytest.raises(StoreError, match="already stored"):
            replace_machine_claims(session, document_id=other.id, extractor=RULES, claims=[make_claim("c")])


def test_a_claim_of_another_document_is_refused(engine, document_id):
    with pytest.raises(StoreError, match="belongs to document"), session_scope(engine) as session:
        replace_machine_claims(
            session,
            document_id=document_id,
            extractor=RULES,
            claims=[make_claim("c", document_id="sha256:x")],
        )


def test_list_claims_filters_and_pages(engine, document_id):
    claims = [
        make_claim("a", span=(0, 1)),
        make_claim("b", span=(1, 2), kind="denial", speaker=ActorRef(name="Zabihullah Mujahid", actor="AFG")),
        make_claim("c", span=(2, 3), speaker=ActorRef(name="a local elder", actor=None)),
        make_claim("d", span=(3, 4)),
    ]
    with session_scope(engine) as session:
        replace_machine_claims(session, document_id=document_id, extractor=RULES, claims=claims)
        set_claim_review(session, claim_id="d", review="rejected")
    with session_scope(engine) as session:
        assert [c.id for c in list_claims(session)] == ["a", "b", "c"]
        assert [c.id for c in list_claims(session, include_rejected=True)] == ["a", "b", "c", "d"]
        assert [c.id for c in list_claims(session, kind="denial")] == ["b"]
        assert [c.id for c in list_claims(session, speaker="AFG")] == ["b"]
        assert [c.id for c in list_claims(session, speaker="PAK.MIL")] == ["a"]
        assert [c.id for c in list_claims(session, speaker="a local elder")] == ["c"]
        assert [c.id for c in list_claims(session, document_id=document_id, limit=2, offset=1)] == ["b", "c"]
        assert list_claims(session, document_id="sha256:none") == []
        assert [c.id for c in list_claims(session, review="machine")] == ["a", "b", "c"]
        assert [c.id for c in list_claims(session, review="rejected")] == ["d"]


def test_set_claim_review_checks_its_input(engine, document_id):
    with session_scope(engine) as session:
        replace_machine_claims(session, document_id=document_id, extractor=RULES, claims=[make_claim("a")])
        with pytest.raises(ReviewError, match="unknown review state"):
            set_claim_review(session, claim_id="a", review="approved")
        with pytest.raises(ReviewError, match="needs the edited claim"):
            set_claim_review(session, claim_id="a", review="edited")
        with pytest.raises(ReviewError, match="not 'a'"):
            set_claim_review(session, claim_id="a", review="edited", claim=make_claim("b"))
        with pytest.raises(NotFoundError):
            set_claim_review(session, claim_id="missing", review="confirmed")
        confirmed = set_claim_review(session, claim_id="a", review="confirmed")
    assert confirmed.review == "confirmed" and confirmed.document_id == document_id
