"""`pledgewatch merge`, `split` and `explain incident` on a small store (no spaCy needed)."""

from __future__ import annotations

import json
from datetime import date

from typer.testing import CliRunner

from pledgewatch.cli import app
from pledgewatch.models import Casualty, DateRange, Event, Location
from pledgewatch.store import create_engine_for, session_scope, upgrade
from pledgewatch.store import repository as repo
from tests.store.factories import make_claim, make_document

runner = CliRunner()
KURRAM = Location(name="Kurram", country="PK", admin1="Khyber Pakhtunkhwa", admin2="Kurram", precision=2)
BAJAUR = Location(name="Bajaur", country="PK", admin1="Khyber Pakhtunkhwa", admin2="Bajaur", precision=2)


def _store(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'pw.db'}"
    engine = create_engine_for(url)
    upgrade(engine)
    rows = [("c1", "ISPR", KURRAM, 23), ("c2", "Reuters", KURRAM, 25), ("c3", "Dawn", BAJAUR, None)]
    with session_scope(engine) as session:
        for claim_id, source, where, killed in rows:
            document, raw = make_document(raw=claim_id.encode(), source=source, published=date(2025, 10, 12))
            when = DateRange(start=date(2025, 10, 12), end=date(2025, 10, 12), precision="day")
            casualties = (
                [Casualty(outcome="killed", group="security_forces", side="PAK.MIL", low=killed, high=killed)]
                if killed
                else []
            )
            claim = make_claim(
                claim_id,
                speaker=None,
                event=Event(type="armed_clash", location=where, date=when),
                casualties=casualties,
            )
            repo.add_document(session, document=document, raw=raw)
            repo.replace_machine_claims(session, document_id=document.id, extractor="test/1", claims=[claim])
    engine.dispose()
    return url


def _incidents(url: str) -> dict[str, list[str]]:
    result = runner.invoke(app, ["export", "incidents", "--db", url])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    return {line["id"]: sorted(c["claim_id"] for c in line["claims"]) for line in lines}


def test_merge_split_and_explain(tmp_path):
    url = _store(tmp_path)
    assert runner.invoke(app, ["reconcile", "--db", url]).exit_code == 0
    incidents = _incidents(url)
    by_claims = {tuple(v): k for k, v in incidents.items()}
    kurram, bajaur = by_claims[("c1", "c2")], by_claims[("c3",)]

    result = runner.invoke(app, ["explain", "incident", kurram, "--db", url])
    assert result.exit_code == 0, result.output
    assert "Status:" in result.output and "corroborated" in result.output
    assert "What would change the status" in result.output
    result = runner.invoke(app, ["explain", "incident", kurram, "--format", "json", "--db", url])
    data = json.loads(result.stdout)
    assert data["links"][0]["matched"] is True and data["estimates"][0]["explanation"]

    result = runner.invoke(
        app, ["merge", kurram, bajaur, "--reason", "one clash", "--actor", "ana", "--db", url]
    )
    assert result.exit_code == 0, result.output
    assert f"Merged into {kurram}" in result.output
    assert _incidents(url) == {kurram: ["c1", "c2", "c3"]}

    result = runner.invoke(
        app, ["split", kurram, "--claims", "c3", "--reason", "other district", "--db", url]
    )
    assert result.exit_code == 0, result.output
    after = _incidents(url)
    assert after[kurram] == ["c1", "c2"] and sorted(after.values()) == [["c1", "c2"], ["c3"]]
    assert runner.invoke(app, ["reconcile", "--db", url]).exit_code == 0
    assert _incidents(url) == after


def test_bad_decisions_are_one_line_errors(tmp_path):
    url = _store(tmp_path)
    runner.invoke(app, ["reconcile", "--db", url])
    result = runner.invoke(app, ["split", "inc_nope", "--claims", "c1", "--reason", "x", "--db", url])
    assert result.exit_code == 2 and "no incident 'inc_nope'" in result.output
    result = runner.invoke(app, ["explain", "incident", "inc_nope", "--db", url])
    assert result.exit_code == 2
    result = runner.invoke(app, ["merge", "inc_a", "--db", url])
    assert result.exit_code != 0  # --reason is required
