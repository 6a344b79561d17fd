"""Date rules, anchored on a Sunday publication date (no spaCy needed)."""

from __future__ import annotations

from datetime import date

import pytest

from pledgewatch.extract.dates import DateFinder

SUNDAY = date(2025, 10, 12)


def first(text: str, published: date | None = SUNDAY):
    mentions = DateFinder().find(text, published)
    assert mentions, f"no date found in {text!r}"
    return mentions[0].range


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("The attack took place on Sunday.", "2025-10-12", "2025-10-12", "day"),
        ("Militants struck on Friday night.", "2025-10-10", "2025-10-10", "day"),
        ("It happened last Sunday.", "2025-10-05", "2025-10-05", "day"),
        ("Clashes erupted on October 9.", "2025-10-09", "2025-10-09", "day"),
        ("The school was attacked on 9 October.", "2025-10-09", "2025-10-09", "day"),
        ("Talks were held on October 25.", "2024-10-25", "2024-10-25", "day"),  # later in the year: last year
        ("on the night of October 10-11", "2025-10-10", "2025-10-11", "day"),
        ("on the night of 11/12 October", "2025-10-11", "2025-10-12", "day"),
        ("The blast happened yesterday.", "2025-10-11", "2025-10-11", "day"),
        ("Police said today that ...", "2025-10-12", "2025-10-12", "day"),
        ("Drones were seen last night.", "2025-10-11", "2025-10-12", "day"),
        ("Border posts were attacked last week.", "2025-09-29", "2025-10-05", "week"),
        ("Fighting resumed earlier this month.", "2025-10-01", "2025-10-12", "month"),
        ("Talks collapsed last month.", "2025-09-01", "2025-09-30", "month"),
        ("1,093 people were killed in the last two years.", "2023-10-12", "2025-10-12", "period"),
        ("Attacks rose in May 2024.", "2024-05-01", "2024-05-31", "month"),
        ("The bombing on 30 July 2023 killed dozens.", "2023-07-30", "2023-07-30", "day"),
        ("Dated 12/10/2025.", "2025-10-12", "2025-10-12", "day"),
    ],
)
def test_dates_are_anchored_on_the_publication_date(text, start, end, precision):
    found = first(text)
    assert (found.start.isoformat(), found.end.isoformat(), found.precision) == (start, end, precision)


def test_the_matched_words_are_kept():
    assert first("on the night of October 10-11").text == "the night of October 10-11"


@pytest.mark.parametrize(
    "text", ["The attack took place on Sunday.", "Clashes erupted on October 9.", "yesterday"]
)
def test_without_a_publication_date_no_year_is_invented(text):
    assert first(text, published=None) is None


def test_without_a_publication_date_a_stated_year_still_resolves():
    found = first("Clashes erupted on October 9, 2025.", published=None)
    assert found.start == date(2025, 10, 9)


@pytest.mark.parametrize("text", ["Militants may strike again.", "They will march to the capital."])
def test_lower_case_month_words_are_not_dates(text):
    assert DateFinder().find(text, SUNDAY) == []


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("between 1 April and 30 June 2025", date(2025, 4, 1), date(2025, 6, 30), "period"),
        ("between 3 October and 5 October", date(2025, 10, 3), date(2025, 10, 5), "week"),
        ("operations since January", date(2025, 1, 1), SUNDAY, "period"),
    ],
)
def test_reporting_periods(text, start, end, precision):
    found = first(text)
    assert (found.start, found.end, found.precision) == (start, end, precision)


def test_an_operation_of_several_days_ending_on_a_weekday():
    found = first("killed in a three-day operation in the hills that ended on Saturday, police said")
    assert (found.start, found.end) == (date(2025, 10, 9), date(2025, 10, 11))


def test_a_weekday_without_a_length_stays_one_day():
    found = first("the operation ended on Saturday")
    assert (found.start, found.end) == (date(2025, 10, 11), date(2025, 10, 11))
