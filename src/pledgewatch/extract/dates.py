"""Event dates anchored on the publication date.

Own patterns rather than a general date parser, because news wording is relative ("on Sunday",
"last week") and a general parser misreads "11/12" as a year. Rules:

- "October 9" without a year is in the publication year, or the year before if that would be after
  publication; "on Sunday" is the most recent Sunday on or before publication ("last Sunday": before).
- "the night of October 10-11", "10/11 October" -> a two-day range with day precision.
- "yesterday", "today", "last night", "last week", "this week", "earlier this month", "last month",
  "this year", "in the last two years" -> relative to publication (week / month / year / period).
- Without a publication date, only dates that state their year are resolved; the rest are still
  found (so their numbers are never read as head counts) but carry no range.
- "since 2021", "since August 2021", "since 15 August 2021" are periods from then to publication
  (without a publication date their end is unknown, so they carry no range).
- "between 10 and 17 October", "10-17 October": a span of days (week precision up to seven days,
  else period); two consecutive days ("the night of 10/11 October") keep day precision.
- Numeric dates ("12/10/2025") are read day first, as in Pakistani, Afghan and British English.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from pledgewatch.models import DateRange

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_SMALL = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "a": 1,
    "several": None,
    "few": None,
}

# Month names are matched with their capital letter only: "may" and "march" are also common words.
_M = (
    r"(?P<m{n}>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_D = r"(?P<d{n}>[0-3]?\d)(?:st|nd|rd|th)?"
_Y = r"(?P<y>(?:19|20)\d{2})"
_NIGHT = r"(?:(?:the\s+)?(?:night|nights)\s+(?:of|between)\s+)?"


def _m(n: int = 1) -> str:
    return _M.format(n=n)


def _d(n: int = 1) -> str:
    return _D.format(n=n)


_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, flags))
    for name, pattern, flags in (
        (
            "two_days_dm",
            _NIGHT
            + r"(?:[Bb]etween\s+)?"
            + _d(1)
            + r"\s*(?:-|–|/|and)\s*"
            + _d(2)
            + r"\s+(?:of\s+)?"
            + _m()
            + r"(?:,?\s+"
            + _Y
            + r")?\b",
            0,
        ),
        (
            "two_days_md",
            _NIGHT + _m() + r"\s+" + _d(1) + r"\s*(?:-|–|/|and)\s*" + _d(2) + r"\b(?:,?\s+" + _Y + r")?",
            0,
        ),
        (
            "between_dm",
            r"\b[Bb]etween\s+"
            + _d(1)
            + r"\s+"
            + _m(1)
            + r"\s+and\s+"
            + _d(2)
            + r"\s+"
            + _m(2)
            + r"(?:,?\s+"
            + _Y
            + r")?\b",
            0,
        ),
        (
            "since",
            r"\b[Ss]ince\s+(?:(?:"
            + _d(1)
            + r"\s+"
            + _m()
            + r"(?:,?\s+"
            + _Y
            + r")?)|(?:"
            + _m(2)
            + r",?\s+(?P<y2>(?:19|20)\d{2})))\b",
            0,
        ),
        ("iso", r"\b(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d1>\d{2})\b", 0),
        ("numeric", r"\b(?P<d1>\d{1,2})[/.](?P<mo>\d{1,2})[/.](?P<y>\d{4})\b", 0),
        (
            "day_md",
            r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
            + _m()
            + r"\s+"
            + _d(1)
            + r"\b(?:,?\s+"
            + _Y
            + r")?",
            0,
        ),
        (
            "day_dm",
            r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?\b"
            + _d(1)
            + r"\s+(?:of\s+)?"
            + _m()
            + r"(?:,?\s+"
            + _Y
            + r")?\b",
            0,
        ),
        ("month_year", r"\b" + _m() + r",?\s+" + _Y + r"\b", 0),
        (
            "month",
            r"\b(?:[Ii]n|[Dd]uring|[Ee]arly|[Mm]id|[Ll]ate|[Ss]ince|[Tt]hroughout)[\s-]+"
            + _m()
            + r"(?![\w-])",
            0,
        ),
        (
            "half_year",
            r"\b(?:the\s+)?(?P<half>first|second)\s+half\s+of\s+" + _Y + r"\b",
            re.I,
        ),
        ("year", r"\b(?:[Ii]n|[Ss]ince|[Dd]uring|[Tt]hroughout)\s+" + _Y + r"\b", 0),
        (
            "days_ending",
            r"\b(?P<n>two|three|four|five|six|seven|[2-9])[- ]day\b[^.;]{0,60}?\bend(?:ed|ing)\s+(?:on\s+)?"
            r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b",
            0,
        ),
        (
            "weekday",
            r"\b(?:(?P<rel>last|this|on|early|late|on\s+the\s+night\s+of)\s+)?(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:\s+(?:night|morning|evening|afternoon))?\b",
            0,
        ),
        (
            "period",
            # "over the past two years", "over the past year"
            r"\b(?:in|over|during|within)\s+the\s+(?:last|past|previous)\s+(?:(?P<n>\w+)\s+(?P<unit>days|weeks|months|years)|(?P<one>week|month|year))\b",
            re.I,
        ),
        ("ago", r"\b(?P<n>\w+)\s+(?P<unit>days|weeks)\s+ago\b", re.I),
        ("day_before_yesterday", r"\bthe\s+day\s+before\s+yesterday\b", re.I),
        ("yesterday", r"\byesterday\b", re.I),
        ("last_night", r"\blast\s+night\b", re.I),
        ("today", r"\b(?:today|tonight|this\s+(?:morning|afternoon|evening)|earlier\s+today)\b", re.I),
        ("last_weekend", r"\b(?:over|at|during)\s+the\s+weekend\b|\blast\s+weekend\b", re.I),
        ("last_week", r"\blast\s+week\b", re.I),
        ("this_week", r"\b(?:earlier\s+)?this\s+week\b", re.I),
        ("last_month", r"\blast\s+month\b", re.I),
        ("this_month", r"\b(?:earlier\s+)?this\s+month\b", re.I),
        ("last_year", r"\blast\s+year\b", re.I),
        ("this_year", r"\b(?:earlier\s+)?this\s+year\b", re.I),
    )
)


@dataclass(frozen=True)
class DateMention:
    """A date expression at ``[start, end)`` of the searched text; ``range`` is None if unanchored."""

    start: int
    end: int
    text: str
    range: DateRange | None


def _month(name: str) -> int:
    return _MONTHS[name[:3].lower()]


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _in_past_year(month: int, day: int, published: date) -> date | None:
    """The date with that month and day nearest before or on publication."""
    found = _safe_date(published.year, month, day)
    if found is not None and found > published:
        found = _safe_date(published.year - 1, month, day)
    return found


def _count(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return _SMALL.get(word.lower())


def _month_range(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


class DateFinder:
    """Finds date expressions in a text and resolves them against the publication date."""

    def find(self, text: str, published: date | None) -> list[DateMention]:
        found: list[DateMention] = []
        taken: list[tuple[int, int]] = []
        for name, pattern in _PATTERNS:
            for match in pattern.finditer(text):
                start, end = match.span()
                if any(start < e and s < end for s, e in taken):
                    continue  # an earlier, more specific pattern already read these words
                taken.append((start, end))
                words = match.group().strip()
                resolved = self._resolve(name, match, published)
                if resolved is not None:
                    resolved = resolved.model_copy(update={"text": words})
                found.append(DateMention(start, end, match.group(), resolved))
        found.sort(key=lambda m: m.start)
        return found

    def _resolve(self, name: str, match: re.Match[str], published: date | None) -> DateRange | None:  # noqa: C901
        groups = match.groupdict()
        year = int(groups["y"]) if groups.get("y") else None

        if name in ("two_days_dm", "two_days_md"):
            month, first, second = _month(groups["m1"]), int(groups["d1"]), int(groups["d2"])
            night = match.group().lower().lstrip().startswith(("the night", "night"))
            if second <= first or (night and second != first + 1):
                return None
            if year is not None:
                start = _safe_date(year, month, first)
            elif published is not None:
                start = _in_past_year(month, first, published)
            else:
                return None
            end = _safe_date(start.year, month, second) if start is not None else None
            if start is None or end is None:
                return None
            days = (end - start).days
            precision = "day" if days == 1 else ("week" if days <= 7 else "period")
            return DateRange(start=start, end=end, precision=precision)

        if name == "between_dm":
            # "between 1 April and 30 June 2026": a reporting period when it spans more than a week
            first_month, second_month = _month(groups["m1"]), _month(groups["m2"])
            if year is not None:
                start = _safe_date(year, first_month, int(groups["d1"]))
                end = _safe_date(year, second_month, int(groups["d2"]))
            elif published is not None:
                end = _in_past_year(second_month, int(groups["d2"]), published)
                start = _safe_date(end.year, first_month, int(groups["d1"])) if end is not None else None
            else:
                return None
            if start is None or end is None or end < start:
                return None
            days = (end - start).days
            precision = "day" if days == 0 else ("week" if days <= 7 else "period")
            return DateRange(start=start, end=end, precision=precision)

        if name == "since":
            if published is None:
                return None  # a period up to an unknown date
            if groups.get("d1"):  # "since 15 August 2021", "since 14 August" (the last one)
                month, day = _month(groups["m1"]), int(groups["d1"])
                start = (
                    _safe_date(year, month, day) if year is not None else _in_past_year(month, day, published)
                )
            else:  # "since August 2021"
                start = _safe_date(int(groups["y2"]), _month(groups["m2"]), 1)
            if start is None or start > published:
                return None
            return DateRange(start=start, end=published, precision="period")

        if name in ("iso", "numeric"):
            day = _safe_date(int(groups["y"]), int(groups["mo"]), int(groups["d1"]))
            return DateRange(start=day, end=day, precision="day") if day else None

        if name in ("day_md", "day_dm"):
            month, day_of_month = _month(groups["m1"]), int(groups["d1"])
            if year is not None:
                day = _safe_date(year, month, day_of_month)
            elif published is not None:
                day = _in_past_year(month, day_of_month, published)
            else:
                return None
            return DateRange(start=day, end=day, precision="day") if day else None

        if name == "month_year":
            start, end = _month_range(year, _month(groups["m1"]))
            return DateRange(start=start, end=end, precision="month")

        if name == "month":
            if published is None:
                return None
            month = _month(groups["m1"])
            target_year = published.year if month <= published.month else published.year - 1
            start, end = _month_range(target_year, month)
            if match.group().lower().startswith("since"):
                return DateRange(start=start, end=published, precision="period")  # "since January"
            return DateRange(start=start, end=min(end, published), precision="month")

        if name == "half_year":
            first = groups["half"].lower() == "first"
            start, end = (
                (date(year, 1, 1), date(year, 6, 30)) if first else (date(year, 7, 1), date(year, 12, 31))
            )
            return DateRange(start=start, end=end, precision="period")

        if name == "year":
            if match.group().lower().startswith("since"):
                if published is None or published.year < year:
                    return None  # a period up to an unknown date
                return DateRange(start=date(year, 1, 1), end=published, precision="period")
            return DateRange(start=date(year, 1, 1), end=date(year, 12, 31), precision="year")

        if published is None:
            return None  # everything below is relative to publication
        return self._relative(name, groups, published)

    def _relative(self, name: str, groups: dict[str, str | None], published: date) -> DateRange | None:
        if name == "days_ending":
            # "a three-day operation in the Bettani hills that ended on Monday": the days up to then
            days = _count(groups["n"])
            wanted = _WEEKDAYS.index(groups["wd"].lower())
            end = published - timedelta(days=(published.weekday() - wanted) % 7)
            if days is None:
                return None
            start = end - timedelta(days=days - 1)
            return DateRange(start=start, end=end, precision="day" if days <= 2 else "week")
        if name == "weekday":
            wanted = _WEEKDAYS.index(groups["wd"].lower())
            back = (published.weekday() - wanted) % 7
            if back == 0 and (groups.get("rel") or "").lower() == "last":
                back = 7
            day = published - timedelta(days=back)
            return DateRange(start=day, end=day, precision="day")
        if name in ("period", "ago"):
            amount = 1 if groups.get("one") else _count(groups["n"] or "")
            if amount is None:
                return None
            unit = (groups.get("one") or groups["unit"]).lower().rstrip("s") + "s"
            if unit == "days":
                start = published - timedelta(days=amount)
            elif unit == "weeks":
                start = published - timedelta(weeks=amount)
            elif unit == "months":
                month_index = published.year * 12 + published.month - 1 - amount
                start = date(month_index // 12, month_index % 12 + 1, 1)
            else:
                start = _safe_date(published.year - amount, published.month, published.day) or date(
                    published.year - amount, published.month, 28
                )
            if name == "ago":
                return DateRange(start=start, end=start, precision="day" if unit == "days" else "week")
            return DateRange(start=start, end=published, precision="period")
        if name == "day_before_yesterday":
            day = published - timedelta(days=2)
            return DateRange(start=day, end=day, precision="day")
        if name == "yesterday":
            day = published - timedelta(days=1)
            return DateRange(start=day, end=day, precision="day")
        if name == "last_night":
            return DateRange(start=published - timedelta(days=1), end=published, precision="day")
        if name == "today":
            return DateRange(start=published, end=published, precision="day")
        if name == "last_weekend":
            saturday = published - timedelta(days=(published.weekday() - 5) % 7)
            return DateRange(
                start=saturday, end=min(saturday + timedelta(days=1), published), precision="week"
            )
        if name == "last_week":
            monday = published - timedelta(days=published.weekday() + 7)
            return DateRange(start=monday, end=monday + timedelta(days=6), precision="week")
        if name == "this_week":
            return DateRange(
                start=published - timedelta(days=published.weekday()), end=published, precision="week"
            )
        if name == "last_month":
            previous = published.replace(day=1) - timedelta(days=1)
            start, end = _month_range(previous.year, previous.month)
            return DateRange(start=start, end=end, precision="month")
        if name == "this_month":
            return DateRange(start=published.replace(day=1), end=published, precision="month")
        if name == "last_year":
            return DateRange(
                start=date(published.year - 1, 1, 1), end=date(published.year - 1, 12, 31), precision="year"
            )
        if name == "this_year":
            return DateRange(start=date(published.year, 1, 1), end=published, precision="year")
        return None
