"""Analysts' merges and splits: stored by claim ids, audited, and never undone by re-running."""

from __future__ import annotations

from datetime import date

import pytest

from pledgewatch.config import Settings
from pledgewatch.errors import NotFoundError, ReviewError
from pledgewatch.models import Casualty, DateRange, Event, Location
from pledgewatch.pipeline import explain_incident, merge_incidents, reconcile_stored, split_incident
from pledgewatch.store import (
    claim_incidents,
    list_decisions,
    record_merge,
    record_split,
    session_scope,
)
from pledgewatch.store import repository as repo
from tests.store.factories import make_claim, make_document

KURRAM = Location(
    name="Kurram",
    country="PK",
    admin1="Khyber Pakhtunkhwa",
    admin2="Kurram",
    lat=33.75,
    lon=70.1,
    precision=2,
)
BAJAUR = Location(
    name="Bajaur",
    country="PK",
    admin1="Khyber Pakhtunkhwa",
    admin2="Bajaur",
    lat=34.75,
    lon=71.5,
    precision=2,
)


def _event(where: Location, day: int, etype: str = "armed_clash") -> Event:
    when = date(2025, 10, day)
    return Event(type=etype, location=where, date=DateRange(start=when, end=when, precision="day"))


def _killed(n: int) -> list[Casualty]:
    return [Casualty(outcome="killed", group="security_forces", side="PAK.MIL", low=n, high=n)]


def _store_claim(engine, claim_id: str, source: str, *, where=KURRAM, day=12, etype="armed_clash", n=None):
    document, raw = make_document(
        raw=f"{claim_id} {source}".encode(), source=source, published=date(2025, 10, 13)
    )
    claim = make_claim(
        claim_id,
        text=f"Report {claim_id} from {source}.",
        speaker=None,
        event=_event(where, day, etype),
        casualties=_killed(n) if n else [],
    )
    with session_scope(engine) as session:
        repo.add_document(session, document=document, raw=raw)
        repo.replace_machine_claims(session, document_id=document.id, extractor="test/1", claims=[claim])


def _incidents(engine) -> dict[str, list[str]]:
    with session_scope(engine) as session:
        return {i.id: sorted(c.claim_id for c in i.claims) for i in repo.list_incidents(session)}


def _by_claims(engine) -> dict[tuple[str, ...], str]:
    return {tuple(claims): incident_id for incident_id, claims in _incidents(engine).items()}


@pytest.fixture
def settings(db_url) -> Settings:
    return Settings(database_url=db_url)


def test_record_merge_and_split_are_stored_by_claim_ids_and_audited(engine, settings):
    _store_claim(engine, "c1", "Dawn")
    _store_claim(engine, "c3", "UNAMA")
    _store_claim(engine, "c2", "Reuters", where=BAJAUR)
    reconcile_stored(engine=engine, settings=settings)
    ids = _by_claims(engine)
    first, second = ids[("c1", "c3")], ids[("c2",)]
    with session_scope(engine) as session:
        merge = record_merge(session, incident_ids=[first, second], actor="ana", reason="one clash")
        assert merge.kind == "merge" and merge.incident_ids == [first, second]
        assert sorted(merge.claim_ids) == ["c1", "c2", "c3"]
        split = record_split(session, incident_id=first, claim_ids=["c1"], actor="ana", reason="two events")
        assert (split.claim_ids, split.other_claim_ids) == (["c1"], ["c3"])
    with session_scope(engine) as session:
        decisions = list_decisions(session)
        assert [d.kind for d in decisions] == ["merge", "split"]
        assert (
            decisions[0].actor == "ana" and decisions[0].reason == "one clash" and decisions[0].at is not None
        )
        assert list_decisions(session, claim_ids=["c2"]) == [decisions[0]]
        audit = repo.list_audit(session)
        assert [a.action for a in audit] == ["reconcile.split", "reconcile.merge"]
        assert audit[1].entity == f"incident:{first}"
        assert sorted(audit[1].after["claim_ids"]) == ["c1", "c2", "c3"]
        assert audit[1].before == {"incidents": {first: ["c1", "c3"], second: ["c2"]}}
        assert audit[0].after["other_claim_ids"] == ["c3"]
        assert repo.verify_audit(session) == (True, None)


def test_decisions_refuse_what_makes_no_sense(engine, settings):
    _store_claim(engine, "c1", "Dawn")
    _store_claim(engine, "c2", "Reuters")
    reconcile_stored(engine=engine, settings=settings)
    (incident_id,) = _incidents(engine)
    with session_scope(engine) as session:
        with pytest.raises(ReviewError, match="reason"):
            record_merge(session, claim_ids=["c1", "c2"], actor="ana", reason=" ")
        with pytest.raises(ReviewError, match="at least two"):
            record_merge(session, incident_ids=[incident_id, incident_id], actor="ana", reason="x")
        with pytest.raises(NotFoundError):
            record_merge(session, incident_ids=[incident_id, "inc_nope"], actor="ana", reason="x")
        with pytest.raises(NotFoundError):
            record_merge(session, claim_ids=["c1", "c_nope"], actor="ana", reason="x")
        with pytest.raises(ReviewError, match="not in incident"):
            record_split(session, incident_id=incident_id, claim_ids=["c9"], actor="ana", reason="x")
        with pytest.raises(ReviewError, match="leaves nothing"):
            record_split(session, incident_id=incident_id, claim_ids=["c1", "c2"], actor="ana", reason="x")
    with session_scope(engine) as session:
        assert list_decisions(session) == [] and repo.list_audit(session) == []


def test_a_human_merge_is_kept_on_every_rerun(engine, settings):
    _store_claim(engine, "c1", "Dawn", day=10)
    _store_claim(engine, "c2", "Reuters", where=BAJAUR, day=11)
    reconcile_stored(engine=engine, settings=settings)
    ids = _by_claims(engine)
    target, other = ids[("c1",)], ids[("c2",)]
    counts = merge_incidents(
        [target, other], engine=engine, settings=settings, actor="ana", reason="one clash"
    )
    assert counts["kept_incident"] == target
    assert _incidents(engine) == {target: ["c1", "c2"]}
    reconcile_stored(engine=engine, settings=settings)
    reconcile_stored(engine=engine, settings=settings)
    assert _incidents(engine) == {target: ["c1", "c2"]}


def test_a_split_is_never_merged_back_and_the_rest_keeps_its_id(engine, settings):
    for claim_id, source in (("c1", "Dawn"), ("c2", "Reuters"), ("c3", "UNAMA"), ("c4", "Associated Press")):
        _store_claim(engine, claim_id, source)
    reconcile_stored(engine=engine, settings=settings)
    ((incident_id, members),) = _incidents(engine).items()
    assert members == ["c1", "c2", "c3", "c4"]
    counts = split_incident(
        incident_id, ["c1", "c3"], engine=engine, settings=settings, actor="ana", reason="two strikes"
    )
    after = _incidents(engine)
    assert after[incident_id] == ["c2", "c4"]
    (part_id,) = [i for i in after if i != incident_id]
    assert after[part_id] == ["c1", "c3"] and counts["split_to"] == part_id
    for _ in range(2):
        reconcile_stored(engine=engine, settings=settings)
        assert _incidents(engine) == after


def test_rerun_adds_new_claims_to_existing_incidents_with_stable_ids(engine, settings):
    _store_claim(engine, "m5", "Dawn", n=23)
    _store_claim(engine, "m7", "Reuters", n=23)
    reconcile_stored(engine=engine, settings=settings)
    ((incident_id, _),) = _incidents(engine).items()
    _store_claim(engine, "a1", "UNAMA", n=23)  # sorts before every earlier claim id
    counts = reconcile_stored(engine=engine, settings=settings)
    assert _incidents(engine) == {incident_id: ["a1", "m5", "m7"]}
    assert counts["incidents_kept"] == 1 and counts["claims_joined"] == 1
    with session_scope(engine) as session:
        assert claim_incidents(session) == dict.fromkeys(["a1", "m5", "m7"], incident_id)


def test_a_merge_carries_an_analysts_status_and_retires_the_absorbed_incident(engine, settings):
    _store_claim(engine, "c1", "Dawn", day=10)
    _store_claim(engine, "c2", "Reuters", where=BAJAUR, day=11)
    reconcile_stored(engine=engine, settings=settings)
    ids = _by_claims(engine)
    target, other = ids[("c1",)], ids[("c2",)]
    with session_scope(engine) as session:
        repo.set_incident_status(session, incident_id=other, status="confirmed")
    merge_incidents([target, other], engine=engine, settings=settings, actor="ana", reason="one clash")
    with session_scope(engine) as session:
        incidents = repo.list_incidents(session)
        assert [(i.id, i.status) for i in incidents] == [(target, "confirmed")]
        actions = [a.action for a in repo.list_audit(session)]
        assert actions == ["reconcile.retire", "reconcile.merge"]


def test_explain_reads_the_store(engine, settings):
    _store_claim(engine, "c1", "ISPR", n=23)
    _store_claim(engine, "c2", "Reuters", n=25)
    reconcile_stored(engine=engine, settings=settings)
    ((incident_id, _),) = _incidents(engine).items()
    explanation = explain_incident(engine=engine, settings=settings, incident_id=incident_id)
    assert explanation.status == "corroborated" and explanation.notes == [
        "all 1 pairs of claims match (complete linkage)"
    ]
    assert [line.claim_id for line in explanation.claims] == ["c1", "c2"]
    with pytest.raises(NotFoundError):
        explain_incident(engine=engine, settings=settings, incident_id="inc_nope")
