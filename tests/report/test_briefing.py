"""The briefing: one self-contained HTML file with each side's figures, a chart, the method, the evidence."""

from __future__ import annotations

import base64
import re
from datetime import UTC, datetime
from html import unescape
from pathlib import Path

import pytest

from pledgewatch.report import render_briefing, write_briefing
from tests.api.assets import external_assets
from tests.api.sample import HOSTILE, Sample, build_sample, populate

GENERATED = datetime(2025, 10, 20, 9, 30, tzinfo=UTC)


def _inputs(sample: Sample) -> dict:
    return {
        "incidents": sample.incidents,
        "claims": sample.claims,
        "commitments": sample.commitments,
        "assessment": sample.assessment,
        "documents": sample.documents,
        "sources": sample.sources,
        "generated_at": GENERATED,
    }


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.fixture(scope="module")
def sample() -> Sample:
    return build_sample()


@pytest.fixture(scope="module")
def html(sample: Sample) -> str:
    return render_briefing(**_inputs(sample), actor_names={a.id: a.name for a in sample.actors})


def test_briefing_is_self_contained(html: str) -> None:
    assert html.startswith("<!doctype html>")
    assert external_assets(html) == []
    assert 'src="http' not in html
    assert "<script" not in html.lower()
    assert "<link" not in html.lower()
    assert "<style>" in html  # the CSS is inline


def test_briefing_has_inline_png_charts_timeline_and_map(html: str) -> None:
    images = re.findall(
        r'<img class="chart" src="data:image/png;base64,([A-Za-z0-9+/=]+)" alt="([^"]+)"', html
    )
    assert len(images) == 2, "the words-vs-deeds timeline and the incident map"
    for data, _alt in images:
        png = base64.b64decode(data)
        assert png.startswith(b"\x89PNG\r\n\x1a\n")
        assert len(png) > 20_000  # real charts, not empty canvases
    assert "own words (bars)" in images[0][1] and "Map of the incidents" in images[1][1]
    text = _text(html)
    assert "Natural Earth" in text and "Afghanistan does not recognise the Durand Line" in text


def test_briefing_sets_both_parties_figures_side_by_side(html: str) -> None:
    text = _text(html)
    assert "ISPR says 23" in text
    assert "Zabihullah Mujahid says 58" in text
    assert "A hospital official says 23+" in text
    kurram = _text(html[html.index("Armed clash in Kurram") :])
    assert (
        kurram.index("Afghanistan side") < kurram.index("Pakistan side") < kurram.index("Independent sources")
    )
    assert "Why contested:" in text


def test_briefing_sections(html: str) -> None:
    text = _text(html)
    for heading in (
        "Summary",
        "Incidents: what each side says",
        "Commitment ledger",
        "Words and deeds over time",
        "Incident map",
        "Verification benchmarks",
        "Party scorecards",
        "Method note",
        "Notes: the evidence sentences",
    ):
        assert heading in text, heading
    assert "Figures are claims by their sources" in text
    assert "Estimates: low / best / high" in text
    assert "Status rules" in text and "contested" in text
    # summary: counts and every party's latest month, described the same way
    assert "2 incidents between 9–12 Oct 2025: 1 contested, 1 reported." in text
    assert "Latest month shown" in text and "Say–do gap (band)" in text
    assert "Afghanistan , Oct 2025: 4 own assurances or denials (words), breach weight 2.50" in text
    assert "Pakistan , Oct 2025: 3 own assurances or denials (words), breach weight 1.50" in text
    # ledger: both parties' commitments, quoted
    assert "“Afghanistan will not allow its territory to be used for attacks against Pakistan.”" in text
    assert "“Pakistan will respect Afghanistan's sovereignty" in text


def test_footnotes_quote_the_evidence_with_document_titles_and_urls(html: str, sample: Sample) -> None:
    notes = html[html.index('id="notes"') :]
    text = _text(notes)
    for claim_id in ("clm_ispr_kurram", "clm_iea_kurram", "clm_wire_kurram", "clm_ispr_nwaz"):
        assert f"“{sample.claim(claim_id).text}”" in text, claim_id
    for document in sample.documents:
        assert document.title in text
        assert f'href="{document.url}"' in notes
    # every cited number points to a footnote that exists
    cited = set(re.findall(r'href="#fn-(\d+)"', html))
    defined = set(re.findall(r'id="fn-(\d+)"', html))
    assert cited and cited <= defined


def test_write_briefing(tmp_path: Path, sample: Sample) -> None:
    out = write_briefing(tmp_path / "out" / "briefing.html", **_inputs(sample))
    assert out == tmp_path / "out" / "briefing.html"
    content = out.read_text(encoding="utf-8")
    assert "Method note" in content and "data:image/png;base64," in content


def test_briefing_escapes_document_text() -> None:
    html = render_briefing(**_inputs(build_sample(hostile=True)))
    assert HOSTILE not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "javascript:" not in html


def test_briefing_with_nothing_stored() -> None:
    html = render_briefing(
        incidents=[],
        claims=[],
        commitments=[],
        assessment=None,
        documents=[],
        sources={},
        generated_at=GENERATED,
    )
    text = _text(html)
    assert "No incidents have been reconciled yet." in text
    assert "No assessment has been stored yet" in text
    assert "data:image/png" not in html


def test_briefing_from_the_store_as_the_pipeline_reads_it(tmp_path: Path) -> None:
    from pledgewatch.store import create_engine_for, session_scope, upgrade
    from pledgewatch.store import repository as repo

    sample = build_sample()
    engine = create_engine_for(f"sqlite:///{tmp_path / 'store.db'}")
    upgrade(engine)
    with session_scope(engine) as session:
        populate(session, sample)
    with session_scope(engine) as session:
        html = render_briefing(
            incidents=repo.list_incidents(session),
            claims=repo.list_claims(session),
            commitments=repo.list_commitments(session),
            assessment=repo.get_assessment(session),
            documents=repo.list_documents(session),
            sources=repo.get_sources(session),
            generated_at=GENERATED,
        )
    engine.dispose()
    text = _text(html)
    assert "ISPR says 23" in text and "Zabihullah Mujahid says 58" in text
    assert "Afghanistan" in text and "Pakistan side" in text  # names from the packaged actor dictionary

    bare = _text(render_briefing(**_inputs(sample), actor_names={}))
    assert "AFG side" in bare and "PAK side" in bare  # with no names at all, the ids are shown


def test_parties_are_described_symmetrically() -> None:
    """Swapping the parties' names swaps their columns and colors, nothing else."""
    from pledgewatch.report.views import Presentation

    sample = build_sample()
    view = Presentation(sources=sample.sources, commitments=sample.commitments, assessment=sample.assessment)
    assert [v.key for v in view.party_voices()] == ["AFG", "PAK"]
    assert [v.hue for v in view.party_voices()] == ["a", "b"]
    cards = view.scorecards()
    assert [c.voice.key for c in cards] == ["AFG", "PAK"]
    assert [len(c.rows) for c in cards] == [3, 3]
