"""The command line as a user meets it: help, extract without a database, ingest of a bad folder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from pledgewatch.cli import app

CORPUS = Path(__file__).resolve().parents[2] / "examples" / "corpus"
SCHEMA = (
    Path(__file__).resolve().parents[2]
    / "src"
    / "pledgewatch"
    / "knowledge"
    / "schema"
    / "claims.v1.schema.json"
)

runner = CliRunner()


def test_help_lists_every_stage():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in (
        "ingest",
        "extract",
        "reconcile",
        "assess",
        "report",
        "export",
        "serve",
        "run",
        "commitments",
    ):
        assert command in result.output


@pytest.mark.slow
def test_extract_prints_schema_v1_jsonl_without_a_database(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no pledgewatch.db may appear
    sample = sorted(CORPUS.glob("*.md"))[0]
    result = runner.invoke(app, ["extract", str(sample), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    assert len(lines) == 1
    payload = json.loads(lines[0])
    validator = jsonschema.Draft202012Validator(
        json.loads(SCHEMA.read_text()), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    validator.validate(payload)
    assert payload["document"]["path"] == str(sample)
    assert not list(tmp_path.glob("*.db"))


def _mixed_folder(root: Path) -> Path:
    folder = root / "inbox"
    folder.mkdir()
    for good in sorted(CORPUS.glob("*.md"))[:3]:
        shutil.copy(good, folder / good.name)
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "empty.md").write_bytes(b"")
    (folder / "fake.pdf").write_bytes(b"this is not a pdf at all\n")
    (folder / "nav-only.html").write_text(
        "<html><head><title>Menu</title></head><body><nav><a href='/'>Home</a></nav></body></html>",
        encoding="utf-8",
    )
    return folder


@pytest.mark.slow
def test_ingest_mixed_folder_reports_each_bad_file_and_keeps_the_rest(tmp_path):
    folder = _mixed_folder(tmp_path)
    db = f"sqlite:///{tmp_path / 'pw.db'}"
    first = runner.invoke(app, ["ingest", str(folder), "--db", db])
    assert first.exit_code == 1
    for bad in ("binary.txt", "empty.md", "fake.pdf", "nav-only.html"):
        lines = [line for line in first.output.splitlines() if bad in line]
        assert len(lines) == 1, (bad, first.output)
    assert "3" in first.output  # three good files stored

    second = runner.invoke(app, ["ingest", str(folder), "--db", db])
    assert second.exit_code == 1
    table = second.output[second.output.index("Ingest") :]
    row = [line for line in table.splitlines() if "│" in line and any(ch.isdigit() for ch in line)][-1]
    stored, already, failed = [int(cell) for cell in row.replace("│", " ").split()]
    assert (stored, already, failed) == (0, 3, 4)
