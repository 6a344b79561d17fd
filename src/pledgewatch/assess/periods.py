"""Assessment periods: calendar months named "YYYY-MM"."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from datetime import date

from pledgewatch.errors import PledgewatchError

PERIOD_PATTERN = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def period_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def month_periods(start: date, end: date) -> list[str]:
    """Every month from ``start``'s through ``end``'s, as "YYYY-MM"; empty when end is before start."""
    periods = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        periods.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return periods


def period_bounds(period: str) -> tuple[date, date]:
    """First and last day of a "YYYY-MM" period."""
    match = PERIOD_PATTERN.match(period)
    if match is None:
        raise PledgewatchError(
            f"period {period!r} is not a month", hint='write periods as "YYYY-MM", e.g. "2025-10"'
        )
    year, month = int(match.group(1)), int(match.group(2))
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def normalise_periods(periods: Iterable[str]) -> list[str]:
    """Validated, de-duplicated, sorted periods."""
    unique = sorted(set(periods))
    for period in unique:
        period_bounds(period)
    return unique
