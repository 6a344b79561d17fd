"""The review workflow: each decision needs a reason, lands in the audit chain with who, before and
after, shows on the pages, and survives the pipeline running again."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from pledgewatch.config import Settings
from pledgewatch.store import create_engine_for, session_scope
from pledgewatch.store import repository as repo
from pledgewatch.web.review import parse_figure
from tests.api.conftest import form_token

KURRAM = "inc_kurram_20251012"
NWAZ = "inc_nwaz_20251009"


def _auth(tokens, name: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens[name]}"}


def _audit(client, tokens, **params) -> list[dict]:
    return client.get("/api/audit", params=params, headers=_auth(tokens, "ana")).json()["data"]


def _flashes(html: str) -> list[str]:
    return re.findall(r'class="flash[^"]*"[^>]*>([^<]*)<', html)


# --- REST API --------------------------------------------------------------------------------


def test_confirm_a_claim_through_the_api(fresh_store) -> None:
    client, _, tokens = fresh_store()
    response = client.post(
        "/api/claims/clm_ispr_kurram/review",
        json={"action": "confirm", "reason": "matches ISPR's own release"},
        headers=_auth(tokens, "ana"),
    )
    assert response.status_code == 200, response.text
    assert response.json()["review"] == "confirmed"
    entry = _audit(client, tokens, entity="claim:clm_ispr_kurram")[0]
    assert entry["actor"] == "ana" and entry["action"] == "claim.confirm"
    assert entry["reason"] == "matches ISPR's own release"
    assert entry["before"]["review"] == "machine" and entry["after"]["review"] == "confirmed"
    assert re.fullmatch(r"[0-9a-f]{64}", entry["hash"]) and entry["prev_hash"] != entry["hash"]


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_every_decision_needs_a_reason(fresh_store, reason) -> None:
    client, _, tokens = fresh_store()
    body = {"action": "reject"} | ({"reason": reason} if reason is not None else {})
    response = client.post("/api/claims/clm_ispr_kurram/review", json=body, headers=_auth(tokens, "ana"))
    assert response.status_code == 422
    status = client.post(
        f"/api/incidents/{KURRAM}/status",
        json={"status": "confirmed", "reason": reason or ""},
        headers=_auth(tokens, "ana"),
    )
    assert status.status_code == 422
    assert (
        client.get("/api/claims/clm_ispr_kurram", headers=_auth(tokens, "vic")).json()["review"] == "machine"
    )
    assert not _audit(client, tokens, entity="claim:clm_ispr_kurram")


def test_edit_a_claims_figures(fresh_store) -> None:
    client, _, tokens = fresh_store()
    body = {
        "action": "edit",
        "reason": "ISPR gave 23 soldiers killed, not a range",
        "changes": {
            "casualties": [
                {"outcome": "killed", "group": "security_forces", "side": "PAK", "low": 23, "high": 23},
                {"outcome": "killed", "group": "militants", "side": "AFG", "low": 200, "high": None},
            ]
        },
    }
    response = client.post("/api/claims/clm_ispr_kurram/review", json=body, headers=_auth(tokens, "ana"))
    assert response.status_code == 200, response.text
    claim = response.json()
    assert claim["review"] == "edited"
    assert claim["text"].startswith("ISPR said 23 soldiers")  # the quote never changes
    assert [c["low"] for c in claim["casualties"]] == [23, 200]
    entry = _audit(client, tokens, entity="claim:clm_ispr_kurram")[0]
    assert entry["action"] == "claim.edit"
    assert entry["before"]["casualties"] != entry["after"]["casualties"]


def test_an_invalid_edit_is_refused_with_a_message(fresh_store) -> None:
    client, _, tokens = fresh_store()
    body = {
        "action": "edit",
        "reason": "typo",
        "changes": {"casualties": [{"outcome": "killed", "group": "civilians", "low": -4}]},
    }
    response = client.post("/api/claims/clm_ispr_kurram/review", json=body, headers=_auth(tokens, "ana"))
    assert response.status_code == 409
    assert "casualties" in response.json()["detail"]
    edit_without_changes = {"action": "edit", "reason": "nothing"}
    assert (
        client.post(
            "/api/claims/clm_ispr_kurram/review", json=edit_without_changes, headers=_auth(tokens, "ana")
        ).status_code
        == 409
    )


def test_status_merge_and_split_through_the_api(fresh_store) -> None:
    client, url, tokens = fresh_store()
    ana = _auth(tokens, "ana")
    status = client.post(
        f"/api/incidents/{NWAZ}/status",
        json={"status": "retracted", "reason": "ISPR withdrew the report"},
        headers=ana,
    )
    assert status.status_code == 200 and status.json()["status"] == "retracted"

    merged = client.post(
        "/api/incidents/merge",
        json={"incident_ids": [KURRAM, NWAZ], "reason": "one operation, two reports"},
        headers=ana,
    )
    assert merged.status_code == 200, merged.text
    assert merged.json()["kept_incident"] == KURRAM and merged.json()["decision"] > 0
    incident = client.get(f"/api/incidents/{KURRAM}", headers=ana).json()
    assert {"clm_ispr_nwaz", "clm_ispr_kurram"} <= {c["claim_id"] for c in incident["claims"]}
    actions = [e["action"] for e in _audit(client, tokens)]
    assert "reconcile.merge" in actions and "incident.status" in actions

    split = client.post(
        f"/api/incidents/{KURRAM}/split",
        json={"claim_ids": ["clm_ispr_nwaz"], "reason": "North Waziristan is another operation after all"},
        headers=ana,
    )
    assert split.status_code == 200, split.text
    assert split.json()["split_to"] and KURRAM not in split.json()["split_to"]
    incident = client.get(f"/api/incidents/{KURRAM}", headers=ana).json()
    assert "clm_ispr_nwaz" not in {c["claim_id"] for c in incident["claims"]}


def test_merge_errors_are_clear(fresh_store) -> None:
    client, _, tokens = fresh_store()
    ana = _auth(tokens, "ana")
    one = client.post("/api/incidents/merge", json={"incident_ids": [KURRAM], "reason": "x"}, headers=ana)
    assert one.status_code == 422
    same = client.post(
        "/api/incidents/merge", json={"incident_ids": [KURRAM, KURRAM], "reason": "x"}, headers=ana
    )
    assert same.status_code == 409 and "two different" in same.json()["detail"]
    unknown = client.post(
        "/api/incidents/merge", json={"incident_ids": [KURRAM, "inc_nope"], "reason": "x"}, headers=ana
    )
    assert unknown.status_code == 404 and "inc_nope" in unknown.json()["detail"]


# --- the pipeline keeps human decisions ------------------------------------------------------


def test_pipeline_runs_keep_every_decision(fresh_store, sample) -> None:
    from pledgewatch.pipeline import reconcile_stored

    client, url, tokens = fresh_store()
    ana = _auth(tokens, "ana")
    client.post(
        "/api/claims/clm_wire_kurram/review",
        json={"action": "reject", "reason": "misattributed"},
        headers=ana,
    )
    client.post(
        f"/api/incidents/{KURRAM}/status", json={"status": "confirmed", "reason": "UNAMA"}, headers=ana
    )
    engine = create_engine_for(url)
    try:
        # extraction runs again over the document: the rejected claim stays rejected
        wire = next(d for d in sample.documents if d.source == "Wire service")
        with session_scope(engine) as session:
            repo.replace_machine_claims(
                session,
                document_id=wire.id,
                extractor="rules.v1",
                claims=[c for c in sample.claims if c.document_id == wire.id],
            )
        reconcile_stored(engine=engine, settings=Settings(database_url=url))
        with session_scope(engine) as session:
            assert repo.get_claim(session, claim_id="clm_wire_kurram").review == "rejected"
            assert repo.get_incident(session, incident_id=KURRAM).status == "confirmed"
            assert repo.verify_audit(session) == (True, None)
    finally:
        engine.dispose()


# --- the browser's forms ---------------------------------------------------------------------


def test_review_a_claim_from_the_queue(fresh_store) -> None:
    client, _, tokens = fresh_store("ana")
    queue = client.get("/review")
    assert queue.status_code == 200 and "clm_ispr_kurram" in queue.text
    token = form_token(client, "/review")
    response = client.post(
        "/claims/clm_ispr_kurram/review",
        data={
            "action": "confirm",
            "reason": "checked against the ISPR site",
            "csrf_token": token,
            "next": "/review",
        },
    )
    assert response.status_code == 200 and response.url.path == "/review"
    assert any("confirmed" in message for message in _flashes(response.text))
    assert "q-clm_ispr_kurram" not in response.text  # left the queue
    audit = client.get("/audit").text
    assert "claim.confirm" in audit and "checked against the ISPR site" in audit


def test_a_form_without_a_reason_records_nothing(fresh_store) -> None:
    client, _, tokens = fresh_store("ana")
    token = form_token(client, "/review")
    response = client.post(
        "/claims/clm_ispr_kurram/review", data={"action": "reject", "reason": "  ", "csrf_token": token}
    )
    assert any("reason is required" in message for message in _flashes(response.text))
    assert client.get("/api/claims/clm_ispr_kurram").json()["review"] == "machine"


def test_merge_status_and_split_from_the_pages(fresh_store) -> None:
    client, _, tokens = fresh_store("ana")
    page = client.get("/incidents")
    assert 'id="merge-form"' in page.text and f'value="{KURRAM}" form="merge-form"' in page.text
    token = form_token(client, "/incidents")
    merged = client.post(
        "/incidents/merge",
        data={"incident_ids": [KURRAM, NWAZ], "reason": "same operation", "csrf_token": token},
    )
    assert merged.url.path == f"/incidents/{KURRAM}"
    assert any("Merged 2 incidents" in m for m in _flashes(merged.text))
    assert "Decisions on this incident" in merged.text and "same operation" in merged.text

    status = client.post(
        f"/incidents/{KURRAM}/status",
        data={"status": "confirmed", "reason": "UNAMA confirms", "csrf_token": token},
    )
    assert any("marked confirmed" in m for m in _flashes(status.text))
    assert 'class="badge st-confirmed"' in status.text

    split = client.post(
        f"/incidents/{KURRAM}/split",
        data={"claim_ids": ["clm_ispr_nwaz"], "reason": "another operation", "csrf_token": token},
    )
    assert any("Split 1 claim(s)" in m for m in _flashes(split.text)), _flashes(split.text)
    actions = [e["action"] for e in _audit(client, tokens)]
    assert actions[:3] == ["reconcile.split", "incident.status", "reconcile.merge"]


def test_edit_a_claim_in_the_form(fresh_store) -> None:
    client, _, tokens = fresh_store("ana")
    page = client.get("/claims/clm_iea_kurram/edit")
    assert page.status_code == 200 and "Edit what the machine extracted" in page.text
    token = form_token(client, "/claims/clm_iea_kurram/edit")
    form = {
        "csrf_token": token,
        "kind": "event_report",
        "polarity": "asserted",
        "speaker_name": "Zabihullah Mujahid",
        "speaker_actor": "AFG",
        "event_type": "armed_clash",
        "date_start": "2025-10-11",
        "date_end": "2025-10-12",
        "date_precision": "day",
        "place": "",
        "cas-0-outcome": "killed",
        "cas-0-group": "security_forces",
        "cas-0-side": "PAK",
        "cas-0-figure": "55-58",
        "cas-1-outcome": "injured",
        "cas-1-group": "security_forces",
        "cas-1-side": "PAK",
        "cas-1-figure": "30+",
        "reason": "the spokesman's later post gives 55 to 58",
        "next": f"/incidents/{KURRAM}",
    }
    response = client.post("/claims/clm_iea_kurram/edit", data=form)
    assert response.url.path == f"/incidents/{KURRAM}", _flashes(response.text)
    claim = client.get("/api/claims/clm_iea_kurram").json()
    assert claim["review"] == "edited"
    assert [(c["low"], c["high"]) for c in claim["casualties"]] == [(55, 58), (30, None)]
    assert claim["event"]["location"]["name"] == "Kurram"  # "keep" kept the place
    bad = client.post("/claims/clm_iea_kurram/edit", data={**form, "cas-0-figure": "many"})
    assert any("not a figure" in m for m in _flashes(bad.text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [("23", (23, 23)), ("20-25", (20, 25)), ("20 – 25", (20, 25)), ("200+", (200, None))],
)
def test_parse_figure(text: str, expected) -> None:
    assert parse_figure(text) == expected


@pytest.mark.parametrize("text", ["", "many", "25-20", "-3", "1e9"])
def test_parse_figure_refuses(text: str) -> None:
    from pledgewatch.errors import ReviewError

    with pytest.raises(ReviewError):
        parse_figure(text)


# --- audit page and tampering ----------------------------------------------------------------


def test_the_audit_page_shows_a_broken_chain(fresh_store) -> None:
    client, url, tokens = fresh_store("ana")
    ana = _auth(tokens, "ana")
    client.post("/api/claims/clm_ispr_kurram/review", json={"action": "confirm", "reason": "ok"}, headers=ana)
    client.post("/api/claims/clm_iea_kurram/review", json={"action": "reject", "reason": "dup"}, headers=ana)
    assert "chain is intact" in client.get("/audit?verify=1").text
    assert client.get("/api/audit/verify", headers=ana).json()["intact"] is True

    engine = sa.create_engine(url)
    with engine.begin() as connection:
        seq = connection.execute(
            sa.text("select seq from audit_entries where action = 'claim.confirm'")
        ).scalar_one()
        connection.execute(
            sa.text("update audit_entries set reason = 'rewritten' where seq = :seq"), {"seq": seq}
        )
    engine.dispose()
    page = client.get("/audit?verify=1").text
    assert f"broken at entry #{seq}" in page
    body = client.get("/api/audit/verify", headers=ana).json()
    assert body["intact"] is False and body["first_broken"] == seq
    assert f"#{seq}" in body["message"]


def test_viewers_see_no_review_controls(client) -> None:
    html = client.get(f"/incidents/{KURRAM}").text
    assert "Review this claim" not in html and "split-form" not in html and "Analyst decision" not in html
    assert 'id="merge-form"' not in client.get("/incidents").text
    assert client.get("/review", follow_redirects=False).status_code == 403
