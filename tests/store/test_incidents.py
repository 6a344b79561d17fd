"""Incidents round-trip; re-running reconciliation keeps the statuses humans gave."""

from __future__ import annotations

from datetime import date

import pytest

from pledgewatch.errors import NotFoundError, ReviewError, StoreError
from pledgewatch.models import DateRange, IncidentClaim
from pledgewatch.store import (
    counts,
    get_incident,
    list_incidents,
    replace_incidents,
    session_scope,
    set_incident_status,
)
from tests.store.factories import make_incident


def _on(day: int) -> DateRange:
    return DateRange(start=date(2025, 10, day), end=date(2025, 10, day), precision="day")


def test_incident_round_trip(engine):
    incident = make_incident()
    undated = make_incident("inc_2", date=None, location=None, estimates=[], claims=[], actors=[], tags=[])
    with session_scope(engine) as session:
        assert replace_incidents(session, incidents=[incident, undated]) == 2
    with session_scope(engine) as session:
        assert get_incident(session, incident_id="inc_1") == incident
        assert get_incident(session, incident_id="inc_2") == undated
        assert get_incident(session, incident_id="nope") is None
    assert incident.contract_dict()["claims"][1]["relation"] == "conflicts"


def test_replace_incidents_keeps_human_statuses(engine):
    with session_scope(engine) as session:
        replace_incidents(
            session,
            incidents=[
                make_incident("confirmed_one", status="corroborated"),
                make_incident("retracted_one", status="reported"),
                make_incident("machine_one", status="reported"),
                make_incident("vanishing_human", status="reported"),
            ],
        )
        set_incident_status(session, incident_id="confirmed_one", status="confirmed")
        set_incident_status(session, incident_id="retracted_one", status="retracted")
        set_incident_status(session, incident_id="vanishing_human", status="confirmed")

    new_links = [IncidentClaim(claim_id="clm_9", document_id="sha256:cc", relation="supports")]
    with session_scope(engine) as session:
        written = replace_incidents(
            session,
            incidents=[
                make_incident("confirmed_one", status="contested", reason="new reason", claims=new_links),
                make_incident("retracted_one", status="corroborated"),
                make_incident("brand_new", status="reported"),
            ],
        )
    assert written == 3
    with session_scope(engine) as session:
        incidents = {incident.id: incident for incident in list_incidents(session)}
    assert set(incidents) == {"confirmed_one", "retracted_one", "brand_new", "vanishing_human"}
    assert incidents["confirmed_one"].status == "confirmed"
    assert incidents["confirmed_one"].reason == "new reason"  # machine content is refreshed
    assert incidents["confirmed_one"].claims == new_links  # and its links rewritten
    assert incidents["retracted_one"].status == "retracted"
    assert incidents["brand_new"].status == "reported"
    assert incidents["vanishing_human"].status == "confirmed"  # a human decision is never dropped
    assert "machine_one" not in incidents


def test_list_incidents_newest_first_with_status_filter_and_paging(engine):
    with session_scope(engine) as session:
        replace_incidents(
            session,
            incidents=[
                make_incident("old", date=_on(1), status="reported"),
                make_incident("undated", date=None, status="contested"),
                make_incident("new", date=_on(20), status="contested"),
                make_incident("mid", date=_on(10), status="corroborated"),
            ],
        )
    with session_scope(engine) as session:
        assert [i.id for i in list_incidents(session)] == ["new", "mid", "old", "undated"]
        assert [i.id for i in list_incidents(session, status="contested")] == ["new", "undated"]
        assert [i.id for i in list_incidents(session, limit=2, offset=1)] == ["mid", "old"]
        assert counts(session)["contested_incidents"] == 2


def test_set_incident_status_checks_its_input(engine):
    with session_scope(engine) as session:
        replace_incidents(session, incidents=[make_incident()])
        with pytest.raises(ReviewError):
            set_incident_status(session, incident_id="inc_1", status="maybe")
        with pytest.raises(NotFoundError):
            set_incident_status(session, incident_id="missing", status="confirmed")
        assert set_incident_status(session, incident_id="inc_1", status="retracted").status == "retracted"
        assert counts(session)["contested_incidents"] == 0


def test_repeated_incident_ids_are_refused(engine):
    with pytest.raises(StoreError, match="repeated"), session_scope(engine) as session:
        replace_incidents(session, incidents=[make_incident("x"), make_incident("x")])
