"""The gold corpus itself: complete, valid and within the conventions of its README."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from eval.gold import GOLD_DIR, MAX_WORDS, MIN_WORDS, STYLES, GoldError, load_gold, parse_gold


@pytest.fixture(scope="module")
def gold():
    return load_gold()


def test_at_least_42_documents_and_several_of_each_style(gold):
    assert len(gold) >= 42
    counts = Counter(doc.style for doc in gold)
    assert set(counts) == set(STYLES)
    assert all(n >= 3 for n in counts.values()), counts


def test_documents_have_front_matter_and_a_sensible_length(gold):
    for doc in gold:
        assert MIN_WORDS <= doc.word_count <= MAX_WORDS, (doc.name, doc.word_count)
        assert doc.front_matter["url"].startswith("https://example.org/"), doc.name


def test_op_eds_carry_no_date_and_everything_else_does(gold):
    for doc in gold:
        assert (doc.published is None) == (doc.style == "oped"), doc.name


def test_op_ed_events_have_no_invented_dates(gold):
    for doc in gold:
        if doc.style == "oped":
            assert all(event.date is None for event in doc.events), doc.name


def test_the_corpus_exercises_figures_statements_and_events(gold):
    assert sum(len(d.figures) for d in gold) >= 80
    assert sum(len(d.statements) for d in gold) >= 80
    assert sum(len(d.events) for d in gold) >= 30
    assert any(f.high is None for d in gold for f in d.figures)  # open-ended
    assert any(f.high not in (None, f.low) for d in gold for f in d.figures)  # ranges
    assert {f.outcome for d in gold for f in d.figures} == {"killed", "injured", "captured", "missing"}


def test_readme_is_there():
    assert (GOLD_DIR / "README.md").is_file()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"casualties": [], "statements": []}, "missing section 'events'"),
        (
            {
                "casualties": [
                    {
                        "outcome": "kiled",
                        "group": "militants",
                        "side": None,
                        "low": 1,
                        "high": 1,
                        "speaker": None,
                    }
                ],
                "statements": [],
                "events": [],
            },
            "casualties[0].outcome: 'kiled'",
        ),
        (
            {
                "casualties": [
                    {
                        "outcome": "killed",
                        "group": "militants",
                        "side": "PAK.MIl",
                        "low": 1,
                        "high": 1,
                        "speaker": None,
                    }
                ],
                "statements": [],
                "events": [],
            },
            "casualties[0].side: 'PAK.MIl'",
        ),
        (
            {
                "casualties": [
                    {
                        "outcome": "killed",
                        "group": "militants",
                        "side": None,
                        "low": 5,
                        "high": 3,
                        "speaker": None,
                    }
                ],
                "statements": [],
                "events": [],
            },
            "high 3 is below low 5",
        ),
        ({"casualties": [], "statements": [{"kind": "event_report", "speaker": None}], "events": []}, "kind"),
        (
            {"casualties": [], "statements": [], "events": [{"type": "battle", "place": "X", "date": None}]},
            "type",
        ),
        (
            {"casualties": [], "statements": [], "events": [{"type": "attack", "place": "X"}]},
            "missing field 'date'",
        ),
        (
            {
                "casualties": [],
                "statements": [],
                "events": [{"type": "attack", "place": "X", "date": "2025-10-32"}],
            },
            "not an ISO date",
        ),
    ],
)
def test_broken_gold_is_reported_with_file_and_item(data, message):
    with pytest.raises(GoldError, match=re.escape(message)):
        parse_gold(data, where=Path("x.gold.yaml"))


def test_a_document_without_gold_is_an_error(tmp_path):
    (tmp_path / "lonely.md").write_text("---\ntitle: t\nsource: s\nurl: u\n---\nbody\n", encoding="utf-8")
    with pytest.raises(GoldError, match="no gold file"):
        load_gold(tmp_path)
