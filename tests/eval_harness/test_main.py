"""The ``python -m eval`` entry point: registry and argument handling (nothing is extracted here)."""

from __future__ import annotations

import io

import pytest
from eval.__main__ import EVALUATIONS, main, parse_args
from eval.results import EvaluationResult, Metric, render, save
from rich.console import Console


def test_registry_names_the_built_in_evaluations():
    assert {"extraction", "acled_notes"} <= set(EVALUATIONS)
    for evaluation in EVALUATIONS.values():
        assert evaluation.module.startswith("eval.")


def test_list_prints_every_evaluation():
    out = io.StringIO()
    assert main(["--list"], console=Console(file=out, width=120)) == 0
    for name in EVALUATIONS:
        assert name in out.getvalue()


def test_unknown_evaluation_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        parse_args(["reconciliaton"])
    assert exit_info.value.code == 2
    assert "choose from" in capsys.readouterr().err


def test_targets_pass_and_fail():
    assert Metric("f1", 0.95, 0.90).passed is True
    assert Metric("f1", 0.85, 0.90).passed is False
    assert Metric("f1", None, 0.90).passed is False
    assert Metric("precision", 0.5).passed is None


def test_render_and_save(tmp_path):
    result = EvaluationResult("demo", "Demo", metrics=[Metric("f1", 0.5, 0.9, "tp=1")], notes=["a note"])
    out = io.StringIO()
    render(result, Console(file=out, width=120))
    assert "FAIL" in out.getvalue() and "a note" in out.getvalue()
    path = save(result, tmp_path)
    assert path.name == "demo.json" and '"passed": false' in path.read_text()
    skipped = EvaluationResult("demo", "Demo", skipped="no data")
    out = io.StringIO()
    render(skipped, Console(file=out, width=120))
    assert "skipped" in out.getvalue()


def test_acled_notes_skips_cleanly_without_the_data_file(tmp_path, monkeypatch):
    import eval.acled_notes as acled_notes
    from eval.results import RunOptions

    monkeypatch.setattr(acled_notes, "ACLED_FILE", tmp_path / "absent.csv")
    result = acled_notes.run(RunOptions(out_dir=tmp_path, console=Console(file=io.StringIO())))
    assert result.skipped and "absent.csv" in result.skipped
    assert not (tmp_path / "acled_notes.json").exists()


def test_every_evaluation_that_runs_writes_the_file_it_names(tmp_path, monkeypatch):
    import eval.__main__ as entry

    fake = entry.Evaluation("demo", "eval.results", "a stand-in")
    monkeypatch.setitem(entry.EVALUATIONS, "demo", fake)
    monkeypatch.setattr(
        entry.Evaluation, "run", lambda self, options: EvaluationResult("demo", "Demo", metrics=[])
    )
    out = io.StringIO()
    assert main(["demo", "--out", str(tmp_path)], console=Console(file=out, width=200)) == 0
    assert (tmp_path / "demo.json").exists()
    assert str(tmp_path / "demo.json") in out.getvalue()
