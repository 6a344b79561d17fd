from __future__ import annotations

import pytest

from pledgewatch.extract.numbers import Figure, parse_count, parse_figure


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("23", 23),
        ("1,093", 1093),
        ("six", 6),
        ("Twenty-three", 23),
        ("two hundred and five", 205),
        ("a dozen", 12),
        ("one thousand two hundred", 1200),
    ],
)
def test_parse_count_reads_digits_and_number_words(text, expected):
    assert parse_count(text) == expected


@pytest.mark.parametrize("text", ["a", "soldiers", "first", ""])
def test_parse_count_refuses_words_that_are_not_numbers(text):
    assert parse_count(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15-20", Figure(15, 20, True)),
        ("15 to 20", Figure(15, 20, True)),
        ("between 15 and 20", Figure(15, 20, True)),
        ("15 or 16", Figure(15, 16, True)),
        ("twenty-three", Figure(23, 23, False)),
    ],
)
def test_parse_figure_reads_ranges(text, expected):
    assert parse_figure(text) == expected


def test_parse_figure_does_not_read_a_list_as_a_range():
    assert parse_figure("12 and one") is None


def test_parse_figure_rejects_a_descending_range():
    # "10-11" read the wrong way round would be a nonsense range
    assert parse_figure("20-15") is None
