"""The JSON API: every route answers with the documented shape; errors carry a helpful message."""

from __future__ import annotations

import pytest

from pledgewatch.models import document_id_for
from tests.api.sample import Sample

KURRAM = "inc_kurram_20251012"


def test_health_reports_counts(client) -> None:
    body = client.get("/api/health").json()
    assert body["status"] == "ok"
    assert body["database"] == "sqlite"
    assert body["counts"]["documents"] == 3
    assert body["counts"]["claims"] == 5
    assert body["counts"]["incidents"] == 2
    assert body["counts"]["contested_incidents"] == 1


def test_list_claims_shape_and_attribution(client, sample: Sample) -> None:
    response = client.get("/api/claims")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"data", "count", "limit", "offset"}
    assert body["count"] == len(body["data"]) == len(sample.claims)
    claim = next(c for c in body["data"] if c["id"] == "clm_iea_kurram")
    assert claim["speaker"] == {"name": "Zabihullah Mujahid", "actor": "AFG", "role": None}
    assert claim["document_id"].startswith("sha256:")
    assert claim["review"] == "machine"
    assert {
        "outcome": "killed",
        "group": "security_forces",
        "side": "PAK",
        "low": 58,
        "high": 58,
    }.items() <= (claim["casualties"][0].items())
    assert claim["span"] == list(sample.claim("clm_iea_kurram").span)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=denial", {"clm_iea_denial"}),
        ("speaker=PAK.MIL", {"clm_ispr_kurram", "clm_ispr_nwaz"}),
        ("speaker=AFG&kind=event_report", {"clm_iea_kurram"}),
    ],
)
def test_list_claims_filters(client, query: str, expected: set[str]) -> None:
    body = client.get(f"/api/claims?{query}").json()
    assert {c["id"] for c in body["data"]} == expected


def test_list_claims_by_document_and_paging(client, sample: Sample) -> None:
    wire = sample.documents[2]
    body = client.get("/api/claims", params={"document_id": wire.id}).json()
    assert [c["id"] for c in body["data"]] == ["clm_wire_kurram"]

    first = client.get("/api/claims?limit=2&offset=0").json()
    second = client.get("/api/claims?limit=2&offset=2").json()
    assert first["count"] == 2 and first["limit"] == 2 and second["offset"] == 2
    assert not {c["id"] for c in first["data"]} & {c["id"] for c in second["data"]}


def test_get_claim(client) -> None:
    body = client.get("/api/claims/clm_ispr_kurram").json()
    assert body["id"] == "clm_ispr_kurram"
    assert body["speaker"]["actor"] == "PAK.MIL"
    assert body["text"].startswith("ISPR said 23 soldiers")


def test_list_incidents_and_status_filter(client) -> None:
    body = client.get("/api/incidents").json()
    assert set(body) == {"data", "count", "limit", "offset"}
    assert [i["id"] for i in body["data"]] == [KURRAM, "inc_nwaz_20251009"]  # newest first

    contested = client.get("/api/incidents?status=contested").json()
    assert [i["id"] for i in contested["data"]] == [KURRAM]


def test_get_incident_shape(client) -> None:
    incident = client.get(f"/api/incidents/{KURRAM}").json()
    assert {
        "id",
        "type",
        "tags",
        "date",
        "location",
        "status",
        "reason",
        "rule",
        "estimates",
        "sources",
        "claims",
    } <= set(incident)
    assert incident["status"] == "contested"
    assert incident["date"] == {
        "start": "2025-10-11",
        "end": "2025-10-12",
        "precision": "day",
        "text": "11/12 October",
    }
    assert incident["location"]["name"] == "Kurram"
    killed = next(e for e in incident["estimates"] if e["group"] == "security_forces" and e["side"] == "PAK")
    assert (killed["low"], killed["best"], killed["high"]) == (23, 23, 58)
    assert killed["high_from"] == ["clm_iea_kurram"]
    assert {c["relation"] for c in incident["claims"]} == {"supports", "conflicts"}
    assert {c["speaker"] for c in incident["claims"]} == {"PAK.MIL", "AFG", None}


def test_commitments(client) -> None:
    body = client.get("/api/commitments").json()
    assert body["count"] == 2
    assert {c["obligor"] for c in body["data"]} == {"AFG", "PAK"}  # one per party, same rules
    one = client.get("/api/commitments/doha-2025-afg-no-safe-haven").json()
    assert one["category"] == "no_safe_haven"
    assert one["indicators"][0]["effect"] == "breach"
    assert one["made_on"] == "2025-10-19"


def test_assessment_is_the_contract_dict(client, sample: Sample) -> None:
    body = client.get("/api/assessments").json()
    assert body == sample.assessment.contract_dict()
    row = body["parties"][0]
    assert {"party", "period", "words", "breach_weight", "gap", "commitments", "benchmarks"} <= set(row)
    assert set(row["gap"]) == {"value", "low", "high"}
    assert {"id", "status", "reason", "evidence"} <= set(row["commitments"][0])


def test_get_document(client, sample: Sample) -> None:
    wire = sample.documents[2]
    body = client.get(f"/api/documents/{wire.id}").json()
    assert body["id"] == wire.id == document_id_for(sample.raws[wire.id])
    assert body["text"] == wire.text
    assert body["source_info"] == {"name": "Wire service", "kind": "independent_media", "affiliation": None}
    assert "path" not in body


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/api/claims/clm_nope", ["no claim", "clm_nope", "/api/claims"]),
        ("/api/incidents/inc_nope", ["no incident", "inc_nope"]),
        ("/api/commitments/cmt_nope", ["no commitment", "cmt_nope"]),
        ("/api/documents/sha256:0000", ["no document", "sha256:"]),
    ],
)
def test_not_found_is_json_with_a_message(client, path: str, words: list[str]) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["code"] == "PW404"
    for word in words:
        assert word in body["detail"]


def test_missing_assessment_says_what_to_run(empty_client) -> None:
    response = empty_client.get("/api/assessments")
    assert response.status_code == 404
    assert "pledgewatch assess" in response.json()["detail"]
    assert empty_client.get("/api/incidents").json() == {"data": [], "count": 0, "limit": 100, "offset": 0}


def test_invalid_query_is_a_clear_422(client) -> None:
    response = client.get("/api/claims?limit=0")
    assert response.status_code == 422
    assert "limit" in response.json()["detail"]
    assert client.get("/api/incidents?status=invented").status_code == 422


def test_unknown_api_path_is_json(client) -> None:
    response = client.get("/api/nothing-here")
    assert response.status_code == 404
    assert response.json()["detail"]


def test_uninitialised_database_is_a_503_with_a_hint(tmp_path) -> None:
    from fastapi.testclient import TestClient

    from pledgewatch.api import create_app
    from pledgewatch.config import Settings

    url = f"sqlite:///{tmp_path / 'never-initialised.db'}"
    with TestClient(create_app(Settings(database_url=url, public_read=True))) as raw_client:
        response = raw_client.get("/api/claims")
        assert response.status_code == 503
        assert "pledgewatch init" in response.json()["detail"]
        page = raw_client.get("/")
        assert page.status_code == 503
        assert "pledgewatch init" in page.text
    with TestClient(create_app(Settings(database_url=url))) as raw_client:
        # a token must be looked up in the database: the same clear 503, not a 500
        response = raw_client.get("/api/claims", headers={"Authorization": "Bearer pw_nothing-here"})
        assert response.status_code == 503
        assert "pledgewatch init" in response.json()["detail"]
        page = raw_client.get("/")  # off to the login page, which needs the database too
        assert page.status_code == 503 and "pledgewatch init" in page.text


def test_openapi_lists_every_route(client) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in [
        "/api/health",
        "/api/claims",
        "/api/claims/{claim_id}",
        "/api/incidents",
        "/api/incidents/{incident_id}",
        "/api/commitments",
        "/api/commitments/{commitment_id}",
        "/api/assessments",
        "/api/documents/{document_id}",
        "/api/claims/{claim_id}/review",
        "/api/incidents/{incident_id}/status",
        "/api/incidents/merge",
        "/api/incidents/{incident_id}/split",
        "/api/audit",
        "/api/audit/verify",
        "/api/users",
        "/api/users/{name}",
        "/api/users/{name}/tokens",
        "/api/tokens/{token_id}",
        "/api/me",
    ]:
        assert path in paths, path
    assert "/" not in paths  # pages are not part of the API


def test_app_builds_nothing_at_import_time() -> None:
    import importlib

    module = importlib.import_module("pledgewatch.api.app")
    assert not any(name in vars(module) for name in ("app", "engine", "settings"))
