"""The PDF briefing, the numbers it shares with the HTML, the CLI, and the symmetry of every number."""

from __future__ import annotations

import io
import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pledgewatch.assess import assess
from pledgewatch.knowledge.benchmark_registry import load_benchmarks
from pledgewatch.knowledge.commitment_registry import load_commitments
from pledgewatch.knowledge.places import load_places
from pledgewatch.report import briefing_numbers, build_briefing, render_html, write_briefings
from pledgewatch.report.pdf import render_pdf
from tests.api.sample import Sample, build_sample, populate
from tests.assess.test_assess import SWAP, ancestors, swap

GENERATED = datetime(2025, 11, 20, 9, 30, tzinfo=UTC)
COUNTRIES = {"PAK": "PK", "AFG": "AF", "TTP": "PK"}
BENCHMARKS = load_benchmarks()


def _affiliations(sample: Sample) -> dict[str, str | None]:
    return {
        d.id: sample.sources[d.source].affiliation for d in sample.documents if d.source in sample.sources
    }


def _inputs(sample: Sample, commitments, country_of) -> dict:
    """The sample's evidence, assessed against ``commitments`` with the shipped benchmarks."""
    assessment = assess(
        commitments=commitments,
        incidents=sample.incidents,
        claims=sample.claims,
        ancestors=ancestors,
        country_of=country_of,
        claim_dates={
            c.id: d.published for d in sample.documents for c in sample.claims if c.document_id == d.id
        },
        document_affiliations=_affiliations(sample),
        benchmarks=BENCHMARKS.benchmarks,
        lookback_months=BENCHMARKS.lookback_months,
    )
    return {
        "incidents": sample.incidents,
        "claims": sample.claims,
        "commitments": commitments,
        "assessment": assessment,
        "documents": sample.documents,
        "sources": sample.sources,
        "generated_at": GENERATED,
        "actor_names": {},
        "benchmarks": BENCHMARKS.benchmarks,
        "lookback_months": BENCHMARKS.lookback_months,
        "places": load_places(),
    }


@pytest.fixture(scope="module")
def sample() -> Sample:
    return build_sample()


@pytest.fixture(scope="module")
def inputs(sample) -> dict:
    return _inputs(sample, load_commitments(), COUNTRIES.get)


@pytest.fixture(scope="module")
def briefing(inputs):
    return build_briefing(**inputs)


@pytest.fixture(scope="module")
def pdf(briefing) -> bytes:
    return render_pdf(briefing)


def _pdf_text(data: bytes) -> tuple[int, str, list[str]]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    uris = [
        annot.get_object().get("/A", {}).get("/URI")
        for page in reader.pages
        for annot in page.get("/Annots", []) or []
    ]
    return len(reader.pages), " ".join(text.split()), [u for u in uris if u]


def test_pdf_is_a_real_document_with_every_section(pdf: bytes, sample: Sample) -> None:
    assert pdf.startswith(b"%PDF-")
    pages, text, uris = _pdf_text(pdf)
    assert pages >= 4
    for heading in (
        "Summary",
        "Words and deeds over time",
        "Incident map",
        "Commitment ledger",
        "Verification benchmarks",
        "Incidents: what each side says",
        "Party scorecards",
        "Method note",
        "Notes: the evidence sentences",
    ):
        assert heading in text, heading
    assert "ISPR says 23" in text and "Zabihullah Mujahid says 58" in text
    assert "Afghanistan does not recognise the Durand Line" in text
    # footnotes link to the documents; the ledger links to the instruments' texts
    for document in sample.documents:
        assert document.url in uris
    assert (
        "https://www.state.gov/wp-content/uploads/2020/02/Agreement-For-Bringing-Peace-to-Afghanistan-02.29.20.pdf"
        in uris
    )


def test_pdf_and_html_show_the_same_numbers(briefing, pdf: bytes) -> None:
    _, text, _ = _pdf_text(pdf)
    html = " ".join(re.sub(r"<[^>]+>", " ", render_html(briefing)).split())
    for summary in briefing.summaries:
        for value in (summary.gap, summary.band):
            assert value in text and value in html
    assert briefing.method in text and briefing.method in html


def test_pdf_is_reproducible(briefing, pdf: bytes) -> None:
    assert render_pdf(briefing) == pdf  # no dates or random ids inside: the same briefing, the same bytes


def test_write_briefings_by_suffix(tmp_path: Path, inputs) -> None:
    html, pdf = write_briefings([tmp_path / "b.html", tmp_path / "sub" / "b.pdf"], **inputs)
    assert html.read_text(encoding="utf-8").startswith("<!doctype html>")
    assert pdf.read_bytes().startswith(b"%PDF-")


def test_unattributed_incidents_are_disclosed(briefing) -> None:
    labels = {i.label for i in briefing.unattributed}
    assert all(not i.perpetrators for i in briefing.incidents if i.label in labels)
    html = render_html(briefing)
    if labels:
        assert "name no perpetrator" in html


# --- symmetry --------------------------------------------------------------------------------


def _plain(value):
    """Tuples as lists, as JSON would have them (``swap`` returns lists)."""
    return json.loads(json.dumps(value))


def _canon(value):
    """Lists of labels in name order sort differently once names are swapped: compare them as sets."""
    if isinstance(value, dict):
        return {k: _canon(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_canon(v) for v in value]
        return sorted(items) if all(isinstance(v, str) for v in items) else items
    return value


def _mirrored(model):
    return type(model).model_validate(swap(model.model_dump(mode="json")))


def test_swapping_the_parties_names_swaps_every_number_in_the_briefing(sample: Sample, briefing) -> None:
    swapped_sample = Sample(
        sources={name: _mirrored(source) for name, source in sample.sources.items()},
        documents=sample.documents,
        raws=sample.raws,
        claims=[_mirrored(c) for c in sample.claims],
        incidents=[_mirrored(i) for i in sample.incidents],
        commitments=sample.commitments,
        assessment=sample.assessment,
        actors=sample.actors,
    )
    swapped = build_briefing(
        **_inputs(
            swapped_sample,
            [_mirrored(c) for c in load_commitments()],
            lambda a: swap(COUNTRIES.get(swap(a))),
        )
    )
    original = _plain(briefing_numbers(briefing))
    assert _canon(_plain(briefing_numbers(swapped))) == _canon(swap(original))
    assert swap(original) != original  # the scenario is not symmetric by itself
    assert set(original["summaries"]) == {"AFG", "PAK"}
    assert original["ledger"] and original["benchmarks"] and original["figures"]
    assert SWAP["AFG"] == "PAK"


# --- the CLI ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def store(tmp_path_factory, sample: Sample) -> str:
    from pledgewatch.store import create_engine_for, session_scope, upgrade

    url = f"sqlite:///{tmp_path_factory.mktemp('store') / 'pw.db'}"
    engine = create_engine_for(url)
    upgrade(engine)
    with session_scope(engine) as session:
        populate(session, sample)
    engine.dispose()
    return url


def test_cli_report_writes_html_and_pdf(tmp_path: Path, store: str) -> None:
    from pledgewatch.cli import app

    runner = CliRunner()
    html, pdf = tmp_path / "b.html", tmp_path / "b.pdf"
    result = runner.invoke(app, ["report", "--db", store, "--out", str(html), "--pdf", str(pdf)])
    assert result.exit_code == 0, result.output
    assert html.read_text(encoding="utf-8").startswith("<!doctype html>")
    assert pdf.read_bytes().startswith(b"%PDF-")
    only_pdf = tmp_path / "only.pdf"
    result = runner.invoke(app, ["report", "--db", store, "--out", str(only_pdf)])
    assert result.exit_code == 0, result.output
    assert only_pdf.read_bytes().startswith(b"%PDF-")


def test_cli_assess_contract_and_explain_commitment(store: str) -> None:
    import json

    from pledgewatch.cli import app

    runner = CliRunner()
    result = runner.invoke(app, ["assess", "--db", store, "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["method"] == "pledgewatch.saydo/0.2.0"
    row = report["parties"][0]
    assert {"party", "period", "words", "breach_weight", "gap", "commitments", "benchmarks"} <= set(row)
    assert set(row["gap"]) >= {"value", "low", "high"}
    assert {"id", "status", "reason", "evidence"} <= set(row["commitments"][0])
    assert {"id", "score", "evidence"} <= set(row["benchmarks"][0])

    result = runner.invoke(app, ["explain", "commitment", "uncharter1945.no_use_of_force.afg", "--db", store])
    assert result.exit_code == 0, result.output
    assert "uncharter1945.no_use_of_force.afg" in result.output and "What would change it" in result.output
    result = runner.invoke(
        app, ["explain", "commitment", "uncharter1945.no_use_of_force.pak", "--db", store, "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["commitment"]["obligor"] == "PAK"
    result = runner.invoke(app, ["explain", "commitment", "no.such.thing", "--db", store])
    assert result.exit_code == 2 and "no commitment" in result.output
