"""UCDP Georeferenced Event Dataset (GED) exports: the standard columns (``id``, ``relid``, ...,
``best``/``low``/``high`` or ``best_est``/``low_est``/``high_est``), files with columns added or
dropped, a leading unnamed index column, ``type_of_violence`` as a code (1, 2, 3) or as text
("State", "Non-State", "One-Sided").

Mapping (``pledgewatch.datasets.ucdp-ged/1``):

- type: state-based (1) and non-state (2) conflict → armed_clash, both sides role ``other`` (UCDP does
  not code who started a clash); one-sided violence (3) → attack, side_a perpetrator, side_b target,
  tag ``civilian_targeting``.
- casualties (killed): one figure per non-zero death column — deaths_a for side_a and deaths_b for
  side_b (security_forces for a "Government of ..." side, militants for any other armed side,
  civilians for "Civilians"; ``side`` = the side's actor id when known), deaths_civilians → civilians,
  deaths_unknown → unknown. Those columns add up to UCDP's best estimate. When one column holds all
  the deaths, its figure takes the row's low..high range; otherwise each is exact and the total's
  low/best/high are kept in each figure's ``text``. A row with no deaths in any column keeps low..high
  as one ``unknown`` figure. low > best or best > high is reported (``inconsistent_estimates``) and
  the range widened to cover all three.
- date: date_start..date_end with ``date_prec`` (1 day, 2 a few days, 3 week, 4 month, 5 year); without
  it, day when start = end, else period.
- location: where_coordinates (else adm_2, adm_1, country), adm_1, adm_2, coordinates, ``where_prec``
  (1 → 1; 2, 3 → 2; 4 and coarser → 3); country from the country name.
- key: ``id``, else ``relid``, else a hash of the row's values (the unnamed index column left out).
"""

from __future__ import annotations

import re

from pledgewatch.ingest.datasets.base import DatasetFormat, MappingContext, RowMapper
from pledgewatch.ingest.datasets.common import (
    RowContext,
    actor_ref,
    casualty,
    country_code,
    date_range,
    event,
    location,
    parse_coordinate,
    parse_count,
    parse_date,
    parse_int_code,
)
from pledgewatch.models import CasualtyGroup

_LETTERS = re.compile(r"[^a-z0-9]")
_VIOLENCE: dict[str, str] = {
    "1": "state",
    "state": "state",
    "statebased": "state",
    "statebasedconflict": "state",
    "2": "non_state",
    "nonstate": "non_state",
    "nonstateconflict": "non_state",
    "3": "one_sided",
    "onesided": "one_sided",
    "onesidedviolence": "one_sided",
}
_DATE_PRECISION = {1: "day", 2: "period", 3: "week", 4: "month", 5: "year"}
_GEO_PRECISION = {1: 1, 2: 2, 3: 2, 4: 3, 5: 3, 6: 3, 7: 3}


class UcdpFormat(DatasetFormat):
    name = "ucdp-ged"
    label = "UCDP GED"
    source_name = "UCDP"
    key_column = "id"
    note_column = "source_headline"
    signature = frozenset({"type_of_violence", "side_a", "side_b"})
    required = ("type_of_violence", "side_a", "side_b", "date_start", ("best", "best_est"))
    needs = (
        "a UCDP GED export needs type_of_violence, side_a, side_b, date_start and best (or best_est) "
        "(and ideally id, date_end, date_prec, low/high, deaths_a/deaths_b/deaths_civilians/"
        "deaths_unknown, where_coordinates, adm_1, adm_2, country, latitude, longitude, where_prec)"
    )

    def mapper(self, header: list[str], context: MappingContext) -> RowMapper:
        return UcdpMapper(self, header, context)


def _side_group(name: str) -> CasualtyGroup:
    lowered = name.strip().lower()
    if lowered.startswith("government of"):
        return "security_forces"
    if lowered.startswith("civilians"):
        return "civilians"
    return "militants"


class UcdpMapper(RowMapper):
    def __init__(self, fmt: DatasetFormat, header: list[str], context: MappingContext):
        super().__init__(fmt, header, context)
        if self.key_position is None and "relid" in self.positions:
            self.key_position = self.positions["relid"]
        g = self.getter
        self.violence = g("type_of_violence")
        self.side_a = g("side_a")
        self.side_b = g("side_b")
        self.date_start = g("date_start")
        self.date_end = g("date_end")
        self.date_prec = g("date_prec")
        self.where = g("where_coordinates")
        self.adm_1 = g("adm_1")
        self.adm_2 = g("adm_2")
        self.country = g("country")
        self.latitude = g("latitude")
        self.longitude = g("longitude")
        self.where_prec = g("where_prec")
        self.deaths = [
            (column, g(column))
            for column in ("deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown")
            if self.has(column)
        ]
        self.best = g("best", "best_est")
        self.low = g("low", "low_est")
        self.high = g("high", "high_est")

    def event(self, fields: list[str], row: RowContext) -> tuple[dict, list[dict]]:
        raw_violence = fields[self.violence].strip()
        violence = _VIOLENCE.get(_LETTERS.sub("", raw_violence.lower()))
        if violence is None:
            row.problem(
                "unknown_event_type",
                f"type_of_violence {raw_violence!r} is not 1, 2 or 3 (state-based, non-state, one-sided)",
            )
        when = self._dates(fields, row)
        day = when["start"] if when else None
        side_a, side_b = fields[self.side_a].strip(), fields[self.side_b].strip()
        one_sided = violence == "one_sided"
        actors = []
        resolved: dict[str, str | None] = {}
        for column, name, role in (("deaths_a", side_a, "perpetrator"), ("deaths_b", side_b, "target")):
            if name:
                actor = self.context.actors.resolve(name, day)
                resolved[column] = actor
                actors.append(actor_ref(name, actor, role if one_sided else "other"))
        what = event(
            None if violence is None else ("attack" if one_sided else "armed_clash"),
            ["civilian_targeting"] if one_sided else [],
            actors,
            self._location(fields, row),
            when,
        )
        return what, self._casualties(fields, row, side_a, side_b, resolved)

    def _dates(self, fields: list[str], row: RowContext) -> dict | None:
        raw_start = fields[self.date_start]
        start = parse_date(raw_start, "date_start", row)
        if start is None:
            return None
        raw_end = fields[self.date_end].strip()
        end = parse_date(raw_end, "date_end", row) if raw_end else start
        if end is None or end < start:
            if end is not None:
                row.problem("bad_date", f"date_end {raw_end!r} is before date_start {raw_start.strip()!r}")
            end = start
        precision = _DATE_PRECISION.get(parse_int_code(fields[self.date_prec]) or 0)
        if precision is None:
            precision = "day" if start == end else "period"
        elif precision == "day" and start != end:
            precision = "period"
        text = raw_start.strip() if start == end else f"{raw_start.strip()} to {raw_end}"
        return date_range(start, end, precision, text)

    def _location(self, fields: list[str], row: RowContext) -> dict | None:
        admin1 = fields[self.adm_1].strip() or None
        admin2 = fields[self.adm_2].strip() or None
        country_label = fields[self.country].strip()
        name = fields[self.where].strip() or admin2 or admin1 or country_label
        lat = parse_coordinate(fields[self.latitude], "latitude", row, limit=90)
        lon = parse_coordinate(fields[self.longitude], "longitude", row, limit=180)
        if not name and lat is None:
            return None
        code = country_code(country_label) if country_label else None
        if country_label and code is None:
            row.rules.append("country_unknown")
        precision = _GEO_PRECISION.get(parse_int_code(fields[self.where_prec]) or 0)
        return location(name or f"{lat}, {lon}", code, admin1, admin2, lat, lon, precision)

    def _casualties(
        self, fields: list[str], row: RowContext, side_a: str, side_b: str, resolved: dict[str, str | None]
    ) -> list[dict]:
        best = parse_count(fields[self.best], "best", row, required=True)
        low = parse_count(fields[self.low], "low", row, required=False)
        high = parse_count(fields[self.high], "high", row, required=False)
        known = [v for v in (low, best, high) if v is not None]
        if not known:
            return []
        lo, hi = min(known), max(known)
        if (low is not None and best is not None and low > best) or (
            high is not None and best is not None and high < best
        ):
            row.problem(
                "inconsistent_estimates",
                f"low {low}, best {best}, high {high} are not in order; the range is taken as {lo}–{hi}",
            )
        totals = f"best {best if best is not None else '?'}, low {lo}, high {hi}"
        parts: list[tuple[str, CasualtyGroup, str | None, int]] = []
        for column, getter in self.deaths:
            value = parse_count(fields[getter], column, row, required=False)
            if not value:
                continue
            if column == "deaths_a":
                parts.append((column, _side_group(side_a), resolved.get(column), value))
            elif column == "deaths_b":
                parts.append((column, _side_group(side_b), resolved.get(column), value))
            elif column == "deaths_civilians":
                parts.append((column, "civilians", None, value))
            else:
                parts.append((column, "unknown", None, value))
        if self.deaths and parts and best is not None and sum(p[3] for p in parts) != best:
            row.problem(
                "inconsistent_estimates",
                f"the death columns add up to {sum(p[3] for p in parts)}, not to best {best}",
            )
        if not parts:
            return [casualty("killed", "unknown", lo, hi, totals)]
        if len(parts) == 1:
            column, group, side, value = parts[0]
            return [
                casualty("killed", group, min(lo, value), max(hi, value), f"{column} {value}; {totals}", side)
            ]
        return [
            casualty("killed", group, value, value, f"{column} {value}; {totals}", side)
            for column, group, side, value in parts
        ]
