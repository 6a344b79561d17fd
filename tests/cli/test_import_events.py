"""`pledgewatch import-events` and the export formats, as a user runs them."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from pledgewatch.cli import app
from tests.ingest.datasets.conftest import ACLED_HEADER, acled_row

runner = CliRunner()


def test_import_report_then_nothing_new(tmp_path):
    path = tmp_path / "acled.csv"
    rows = [acled_row(f"PAK{i}", event_date="2024-13-01" if i < 25 else "2024-11-09") for i in range(30)]
    path.write_text("\n".join([ACLED_HEADER, *rows, "PAK99,2024"]), encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'pw.db'}"
    result = runner.invoke(app, ["import-events", str(path), "--db", db])
    assert result.exit_code == 0, result.output
    assert "line 2: event_date '2024-13-01' is not a date" in result.output
    assert "... and 6 more" in result.output  # 26 problems, 20 listed
    assert "truncated" in result.output and "claims imported" in result.output
    again = runner.invoke(app, ["import-events", str(path), "--db", db, "--format", "acled"])
    assert again.exit_code == 0
    assert "already stored (imported before)" in again.output

    exported = runner.invoke(app, ["export", "claims", "--format", "acled-csv", "--db", db])
    assert exported.exit_code == 0
    assert exported.output.splitlines()[0] == ACLED_HEADER
    assert len(exported.output.splitlines()) == 31

    geojson = runner.invoke(app, ["export", "incidents", "--format", "geojson", "--db", db])
    assert json.loads(geojson.output)["type"] == "FeatureCollection"
    parquet = runner.invoke(app, ["export", "incidents", "--format", "parquet", "--db", db])
    assert parquet.exit_code == 2 and "--out" in parquet.output


def test_unreadable_file_is_one_clear_error(tmp_path):
    path = tmp_path / "counts.csv"
    path.write_text("month,event_count\n2024-01,3\n", encoding="utf-8")
    result = runner.invoke(app, ["import-events", str(path), "--db", f"sqlite:///{tmp_path / 'pw.db'}"])
    assert result.exit_code == 2
    assert "cannot tell which event dataset" in result.output
    assert "Traceback" not in result.output
