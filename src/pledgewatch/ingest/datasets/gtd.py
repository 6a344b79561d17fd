"""Global Terrorism Database (GTD) exports: 135 columns, cp1252 (Latin-1) text, ``eventid`` keys.

Mapping (``pledgewatch.datasets.gtd/1``):

- type from ``attacktype1_txt``: Bombing/Explosion → remote_explosive_landmine_ied (suicide_bomb when
  ``suicide`` is 1, grenade or shelling_artillery_missile_attack when ``weapsubtype1_txt`` says so);
  Armed Assault and Unarmed Assault → attack; Assassination → attack + tag ``targeted_killing``;
  Hostage Taking (Kidnapping or Barricade Incident) and Hijacking → abduction_forced_disappearance;
  Facility/Infrastructure Attack → looting_property_destruction; Unknown → other.
- actors: gname, gname2, gname3 as perpetrators (GTD's "Unknown" is left out), targtype1_txt as the
  target ("Private Citizens & Property" resolves to civilians, CIV; also tag ``civilian_targeting``).
- casualties: ``nkill`` → killed, ``nwound`` → injured, group unknown (GTD's totals include
  perpetrators); an empty cell is GTD's "unknown", so no figure, not a problem.
- date: iyear/imonth/iday; a 0 month or day widens the date to the year or month; an extended incident
  (``extended`` 1) with a ``resolution`` date spans to it. ``approxdate`` is kept as the date's text.
- location: city (else provstate, else country_txt), provstate as admin1, coordinates, ``specificity``
  (1 → 1, 2 → 2, 3–5 → 3); country from country_txt (historical states to their successors).
"""

from __future__ import annotations

import calendar
from datetime import date, datetime

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
    parse_int_code,
)

_ATTACK_TYPES: dict[str, str] = {
    "bombing/explosion": "remote_explosive_landmine_ied",
    "armed assault": "attack",
    "unarmed assault": "attack",
    "assassination": "attack",
    "hostage taking (kidnapping)": "abduction_forced_disappearance",
    "hostage taking (barricade incident)": "abduction_forced_disappearance",
    "hijacking": "abduction_forced_disappearance",
    "facility/infrastructure attack": "looting_property_destruction",
    "unknown": "other",
}
_WEAPON_SUBTYPES: dict[str, str] = {
    "grenade": "grenade",
    "projectile (rockets, mortars, rpgs, etc.)": "shelling_artillery_missile_attack",
}
_GEO_PRECISION = {1: 1, 2: 2, 3: 3, 4: 3, 5: 3}
_UNKNOWN_NAMES = {"", "unknown"}


class GtdFormat(DatasetFormat):
    name = "gtd"
    label = "GTD"
    source_name = "GTD"
    key_column = "eventid"
    note_column = "summary"
    signature = frozenset({"eventid", "iyear", "imonth", "iday"})
    required = ("eventid", "iyear", "imonth", "iday", "country_txt", "attacktype1_txt")
    needs = (
        "a GTD export needs eventid, iyear, imonth, iday, country_txt and attacktype1_txt "
        "(and ideally provstate, city, latitude, longitude, specificity, gname, targtype1_txt, "
        "nkill, nwound, suicide, summary)"
    )
    native_encoding = "cp1252"

    def mapper(self, header: list[str], context: MappingContext) -> RowMapper:
        return GtdMapper(self, header, context)


class GtdMapper(RowMapper):
    def __init__(self, fmt: DatasetFormat, header: list[str], context: MappingContext):
        super().__init__(fmt, header, context)
        g = self.getter
        self.year, self.month, self.day = g("iyear"), g("imonth"), g("iday")
        self.approxdate = g("approxdate")
        self.extended = g("extended")
        self.resolution = g("resolution")
        self.country = g("country_txt")
        self.provstate = g("provstate")
        self.city = g("city")
        self.latitude = g("latitude")
        self.longitude = g("longitude")
        self.specificity = g("specificity")
        self.attack = g("attacktype1_txt")
        self.suicide = g("suicide")
        self.weapon = g("weapsubtype1_txt")
        self.groups = [g(column) for column in ("gname", "gname2", "gname3")]
        self.target = g("targtype1_txt")
        self.nkill = g("nkill")
        self.nwound = g("nwound")

    def event(self, fields: list[str], row: RowContext) -> tuple[dict, list[dict]]:
        when = self._dates(fields, row)
        day = when["start"] if when else None
        attack = fields[self.attack].strip()
        event_type = _ATTACK_TYPES.get(attack.lower())
        tags: list[str] = []
        if event_type is None:
            row.problem("unknown_event_type", f"attacktype1_txt {attack!r} is not a GTD attack type")
        elif event_type == "remote_explosive_landmine_ied":
            if parse_int_code(fields[self.suicide]) == 1:
                event_type = "suicide_bomb"
            else:
                event_type = _WEAPON_SUBTYPES.get(fields[self.weapon].strip().lower(), event_type)
        if attack.lower() == "assassination":
            tags.append("targeted_killing")
        actors = []
        for getter in self.groups:
            name = fields[getter].strip()
            if name.lower() not in _UNKNOWN_NAMES:
                actors.append(actor_ref(name, self.context.actors.resolve(name, day), "perpetrator"))
        target = fields[self.target].strip()
        if target.lower() not in _UNKNOWN_NAMES:
            actor = self.context.actors.resolve(target, day)
            actors.append(actor_ref(target, actor, "target"))
            if actor == "CIV":
                tags.append("civilian_targeting")
        figures = []
        for outcome, getter, column in (("killed", self.nkill, "nkill"), ("injured", self.nwound, "nwound")):
            value = parse_count(fields[getter], column, row, required=False)
            if value is not None:
                figures.append(casualty(outcome, "unknown", value, value, f"{column} {value}"))
        return event(event_type, tags, actors, self._location(fields, row), when), figures

    def _dates(self, fields: list[str], row: RowContext) -> dict | None:
        year = parse_int_code(fields[self.year])
        month = parse_int_code(fields[self.month]) or 0
        day = parse_int_code(fields[self.day]) or 0
        approx = fields[self.approxdate].strip() or None
        if year is None or not 1 <= year <= 9999 or not 0 <= month <= 12:
            row.problem(
                "bad_date",
                f"iyear/imonth/iday {fields[self.year]!r}/{fields[self.month]!r}/{fields[self.day]!r} "
                "is not a date (stored without a date)",
            )
            return None
        if month == 0:
            return date_range(date(year, 1, 1), date(year, 12, 31), "year", approx)
        last = calendar.monthrange(year, month)[1]
        if day == 0:
            return date_range(date(year, month, 1), date(year, month, last), "month", approx)
        if not 1 <= day <= last:
            row.problem("bad_date", f"iday {day} does not exist in {year}-{month:02d}")
            return None
        start = date(year, month, day)
        if parse_int_code(fields[self.extended]) == 1 and (resolution := fields[self.resolution].strip()):
            try:
                end = datetime.strptime(resolution, "%m/%d/%Y").date()
            except ValueError:
                try:
                    end = date.fromisoformat(resolution)
                except ValueError:
                    row.problem("bad_date", f"resolution {resolution!r} is not a date")
                    end = start
            if end > start:
                return date_range(start, end, "period", approx)
        return date_range(start, start, "day", approx)

    def _location(self, fields: list[str], row: RowContext) -> dict | None:
        country_label = fields[self.country].strip()
        admin1 = fields[self.provstate].strip() or None
        city = fields[self.city].strip()
        name = (city if city.lower() not in _UNKNOWN_NAMES else "") or admin1 or country_label
        lat = parse_coordinate(fields[self.latitude], "latitude", row, limit=90)
        lon = parse_coordinate(fields[self.longitude], "longitude", row, limit=180)
        if not name and lat is None:
            return None
        code = country_code(country_label) if country_label else None
        if country_label and code is None:
            row.rules.append("country_unknown")
        precision = _GEO_PRECISION.get(parse_int_code(fields[self.specificity]) or 0)
        return location(name or f"{lat}, {lon}", code, admin1, None, lat, lon, precision)
