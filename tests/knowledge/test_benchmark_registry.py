"""The verification benchmarks file: it loads, matches the ids commitments may name, and broken files are
reported with file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from pledgewatch.errors import KnowledgeError
from pledgewatch.knowledge.benchmark_registry import (
    BENCHMARKS_FILE,
    load_benchmarks,
    validate_benchmark_file,
)
from pledgewatch.knowledge.commitment_registry import BENCHMARK_IDS, load_commitments
from tests.knowledge.design_ids import DESIGN_ACTOR_IDS


def test_shipped_benchmarks_load_and_match_the_commitment_vocabulary():
    registry = load_benchmarks(known_actors=DESIGN_ACTOR_IDS)
    assert set(registry.ids) == set(BENCHMARK_IDS)
    assert registry.lookback_months == 6
    named = {b for c in load_commitments() for b in c.benchmarks}
    assert named <= set(registry.ids)
    for benchmark in registry.benchmarks:
        assert benchmark.title and benchmark.question and benchmark.steps
        assert [lv.level for lv in benchmark.levels] == [1, 2, 3]
        assert all(lv.text for lv in benchmark.levels)
        assert any(i.effect == "implementation" for i in benchmark.indicators), benchmark.id
    assert validate_benchmark_file(known_actors=DESIGN_ACTOR_IDS) == []


def test_the_brief_steps_are_all_covered():
    text = BENCHMARKS_FILE.read_text(encoding="utf-8").lower()
    for step in (
        "monitors",
        "cross-border plotting",
        "violating commanders",
        "intelligence sharing",
        "training camps",
        "consistent messaging",
    ):
        assert step in text, step


BROKEN = """\
about: broken
lookback_months: 0
colour: red
benchmarks:
  - id: one
    title: One
    question: Why?
    indicators:
      - id: x
        effect: implementation
        description: bad actor
        perpetrators: [$party, ttp]
        target_country: $nowhere
    levels:
      - {level: 1, text: one, min_items: 2}
      - {level: 2, text: two, min_items: 1}
      - {level: 3, text: ""}
  - id: one
    title: Two
    levels:
      - {level: 1, text: one}
"""


def test_broken_file_reports_file_line_and_field(tmp_path: Path):
    path = tmp_path / "benchmarks.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    problems = [(p.where, p.problem) for p in validate_benchmark_file(path, known_actors=DESIGN_ACTOR_IDS)]
    expected = [
        (2, "lookback_months"),
        (3, "unknown top-level field"),
        (12, "'ttp' is not an actor id"),
        (13, "'$nowhere' is not an ISO 3166-1 alpha-2"),
        (16, "lower than level 1's"),
        (17, "levels[2].text"),
        (18, "duplicate benchmark id"),
        (18, "field 'question': is required"),
        (20, "must define levels 1, 2 and 3"),
    ]
    for line, text in expected:
        assert any(where == f"{path}:{line}" and text in problem for where, problem in problems), (
            line,
            text,
            problems,
        )
    with pytest.raises(KnowledgeError, match="run `pledgewatch commitments validate`"):
        load_benchmarks(path)


def test_cli_validate_checks_the_benchmarks_too():
    from pledgewatch.cli import app

    result = CliRunner().invoke(app, ["commitments", "validate"])
    assert result.exit_code == 0, result.output
    assert "file(s) valid" in result.output
