"""End to end: the demo pipeline on the bundled example corpus, on a temporary database."""

from __future__ import annotations

from pathlib import Path

import pytest

from pledgewatch.config import Settings
from pledgewatch.pipeline import open_store, run, write_report
from pledgewatch.store import repository as repo
from pledgewatch.store import session_scope

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    settings = Settings(database_url=f"sqlite:///{db}")
    engine = open_store(settings.database_url)
    summary = run([CORPUS], engine=engine, settings=settings)
    return settings, engine, summary


def test_demo_pipeline_fills_every_stage(demo_run):
    _, _, summary = demo_run
    assert summary.ingest.counts["failed"] == 0
    assert summary.ingest.counts["stored"] >= 12
    assert summary.counts["claims"] > summary.counts["documents"]
    assert summary.counts["incidents"] >= 3
    assert summary.counts["contested_incidents"] >= 1
    parties = {row.party for row in summary.assessment.parties}
    assert {"PAK", "AFG"} <= parties


def test_contested_incident_keeps_each_sides_figures(demo_run):
    _, engine, _ = demo_run
    with session_scope(engine) as session:
        contested = repo.list_incidents(session, status="contested")
        assert contested, "the corpus has incidents whose parties' figures diverge"
        speakers = {link.speaker for incident in contested for link in incident.claims}
    # both parties' own claims sit in the contested incidents: neither side's figure replaces the other's
    assert any(s and s.startswith("PAK") for s in speakers)
    assert any(s and s.startswith("AFG") for s in speakers)
    for incident in contested:
        assert incident.reason
        for estimate in incident.estimates:
            assert estimate.low <= estimate.best
            assert estimate.high is None or estimate.best <= estimate.high


def test_rerun_adds_nothing(demo_run):
    settings, engine, first = demo_run
    second = run([CORPUS], engine=engine, settings=settings)
    assert second.ingest.counts["stored"] == 0
    assert second.ingest.counts["already stored"] == first.ingest.counts["stored"]
    assert second.counts["documents"] == first.counts["documents"]
    assert second.counts["claims"] == first.counts["claims"]
    assert second.counts["incidents"] == first.counts["incidents"]


def test_report_is_written(demo_run, tmp_path):
    _, engine, _ = demo_run
    out = write_report(engine=engine, out=tmp_path / "briefing.html")
    html = out.read_text(encoding="utf-8")
    assert "data:image/png;base64," in html
    assert "PAK" in html and "AFG" in html
