"""ACLED exports: the current 31-column schema, the old schema (before 2019: ``ally_actor_1``,
"Remote violence", "Battle-No change of territory") and reduced files missing columns.

Mapping (``pledgewatch.datasets.acled/1``):

- type: ``sub_event_type`` in snake_case; without it (old schema, reduced files) ``event_type`` is
  mapped to the sub-type its words allow, refined by the notes' words where the old type covered
  several (Remote violence: "airstrike" → air_drone_strike, "mortar" → shelling, ...; counted as rule
  ``event_type_from_notes``) and, for old Riots/Protests, by the actors' ``inter`` codes.
- actors: actor1 (+ assoc/ally actors) and actor2 (+ theirs). ACLED codes who did what only for
  one-sided violence, so roles are perpetrator/target for Explosions/Remote violence, Violence against
  civilians and Mob violence, and ``other`` for both sides of battles, protests, riots and strategic
  developments, where actor1 is not necessarily the initiator.
- casualties: ``fatalities`` → killed, group ``unknown`` (ACLED counts every death of the event,
  the attacker's included: the 26 of the 2024-11-09 Quetta station bombing are civilians, soldiers and
  the bomber), low = high = fatalities, 0 included: ACLED's 0 is a claim that nobody was reported killed.
- location: location/admin1/admin2, coordinates, ``geo_precision``; country from ``iso`` (numeric),
  else ``country``, else the ISO3 prefix of ``event_id_cnty``, else the gazetteer's admin1.
- date: ``event_date`` with ``time_precision`` (2 = the week around it, 3 = its month).
- tags: ``civilian_targeting`` when ACLED's column says so.
"""

from __future__ import annotations

import re
from datetime import date

from pledgewatch.ingest.datasets.base import DatasetFormat, MappingContext, RowMapper
from pledgewatch.ingest.datasets.common import (
    RowContext,
    casualty,
    coded_date_range,
    country_code,
    country_code_from_alpha3,
    country_code_from_numeric,
    date_range,
    event,
    location,
    parse_coordinate,
    parse_count,
    parse_date,
    parse_int_code,
    snake_event_type,
    split_names,
)
from pledgewatch.knowledge.actors import normalise_name
from pledgewatch.models import event_family

# ACLED event types (top level, current and old) → the sub-type when the notes do not say more.
_TOP_LEVEL: dict[str, str] = {
    "battles": "armed_clash",
    "battle-no change of territory": "armed_clash",
    "battle-government regains territory": "government_regains_territory",
    "battle-non-state actor overtakes territory": "non_state_actor_overtakes_territory",
    "explosions/remote violence": "remote_explosive_landmine_ied",
    "remote violence": "remote_explosive_landmine_ied",
    "violence against civilians": "attack",
    "protests": "peaceful_protest",
    "riots": "violent_demonstration",
    "riots/protests": "peaceful_protest",
    "strategic developments": "other",
    "strategic development": "other",
    "non-violent transfer of territory": "non_violent_transfer_of_territory",
    "headquarters or base established": "headquarters_or_base_established",
}
# Words in the notes that say which sub-type an old, broader event type was (first match wins).
_REFINE: dict[str, tuple[tuple[re.Pattern[str], str], ...]] = {
    "remote_explosive_landmine_ied": (
        (re.compile(r"\bsuicide\b", re.I), "suicide_bomb"),
        (
            re.compile(
                r"\b(air ?strikes?|air ?raids?|air forces?|jets?|warplanes?|drones?|MiG|bombers?|"
                r"aerial|helicopters?)\b",
                re.I,
            ),
            "air_drone_strike",
        ),
        (re.compile(r"\bgrenades?\b", re.I), "grenade"),
        (
            re.compile(r"\b(mortars?|shell(s|ing|ed)?|artillery|rockets?|missiles?|RPGs?)\b", re.I),
            "shelling_artillery_missile_attack",
        ),
        (re.compile(r"\bchemical\b", re.I), "chemical_weapon"),
    ),
    "attack": (
        (re.compile(r"\b(abduct\w*|kidnap\w*|disappear\w*)\b", re.I), "abduction_forced_disappearance"),
        (re.compile(r"\b(rape\w*|sexual\w*)\b", re.I), "sexual_violence"),
    ),
    "other": (
        (re.compile(r"\b(arrest\w*|detain\w*)\b", re.I), "arrests"),
        (re.compile(r"\b(agreement|ceasefire|cease-fire|peace deal|truce|accord)\b", re.I), "agreement"),
        (re.compile(r"\b(defus\w*|diffus\w*|seiz\w* (weapons|explosives))\b", re.I), "disrupted_weapons_use"),
        (
            re.compile(r"\b(loot\w*|torch\w*|set (ablaze|on fire)|destroy\w*)\b", re.I),
            "looting_property_destruction",
        ),
    ),
}
# Roles only where ACLED's coding says who acted on whom.
_ONE_SIDED_FAMILIES = {"explosions_remote_violence", "violence_against_civilians"}
_ISO3_ID = re.compile(r"^([A-Z]{3})\d+$")

# The current export's columns, in order (what `export ... --format acled-csv` writes).
ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)


class AcledFormat(DatasetFormat):
    name = "acled"
    label = "ACLED"
    source_name = "ACLED"
    key_column = "event_id_cnty"
    note_column = "notes"
    signature = frozenset({"event_date", "event_type", "actor1"})
    required = ("event_date", "event_type", "actor1", "fatalities")
    needs = (
        "an ACLED export needs event_date, event_type, actor1 and fatalities "
        "(and ideally event_id_cnty, sub_event_type, actor2, country or iso, admin1, location, "
        "latitude, longitude, geo_precision, time_precision, source, notes)"
    )

    def mapper(self, header: list[str], context: MappingContext) -> RowMapper:
        return AcledMapper(self, header, context)


class AcledMapper(RowMapper):
    def __init__(self, fmt: DatasetFormat, header: list[str], context: MappingContext):
        super().__init__(fmt, header, context)
        g = self.getter
        self.event_date = g("event_date")
        self.time_precision = g("time_precision")
        self.event_type = g("event_type")
        self.sub_event_type = g("sub_event_type")
        self.has_sub_type = self.has("sub_event_type")
        self.actor1 = g("actor1")
        self.actor2 = g("actor2")
        self.assoc1 = g("assoc_actor_1", "ally_actor_1")
        self.assoc2 = g("assoc_actor_2", "ally_actor_2")
        self.inter1 = g("inter1")
        self.inter2 = g("inter2")
        self.civilian_targeting = g("civilian_targeting")
        self.iso = g("iso")
        self.country = g("country")
        self.event_id = g("event_id_cnty")
        self.admin1 = g("admin1")
        self.admin2 = g("admin2")
        self.admin3 = g("admin3")
        self.location = g("location")
        self.latitude = g("latitude")
        self.longitude = g("longitude")
        self.geo_precision = g("geo_precision")
        self.fatalities = g("fatalities")
        self.notes = g("notes")
        self._admin1_country: dict[str, str | None] = {}
        self._sub_types: dict[str, str | None] = {}
        # Dates, actor names, places and counts repeat from row to row: each distinct raw value is
        # worked out once (bounded, like the other caches; only values that raised no problem).
        self._dates: dict[tuple[str, str], tuple] = {}
        self._one_sided: dict[str | None, bool] = {}
        self._actor_sets: dict[tuple[str, str, str, str, bool], tuple] = {}
        self._places: dict[tuple[str, ...], tuple] = {}
        self._fatalities: dict[str, tuple[int, str]] = {}

    def event(self, fields: list[str], row: RowContext) -> tuple[dict, list[dict]]:
        day, when = self._when(fields, row)
        event_type = self._event_type(fields, row)
        one_sided = self._one_sided.get(event_type)
        if one_sided is None:
            one_sided = self._one_sided[event_type] = (
                event_family(event_type) in _ONE_SIDED_FAMILIES or event_type == "mob_violence"
            )
        resolve = self.context.actors.resolve
        actors = [
            {"name": name, "actor": actor if fixed else resolve(name, day), "role": role}
            for name, role, fixed, actor in self._actor_set(fields, one_sided)
        ]
        tags = ["civilian_targeting"] if fields[self.civilian_targeting].strip() else []
        figures = []
        raw_fatalities = fields[self.fatalities]
        known = self._fatalities.get(raw_fatalities)
        if known is None:
            fatalities = parse_count(raw_fatalities, "fatalities", row, required=True)
            if fatalities is not None:
                known = (fatalities, f"fatalities {fatalities}")
                if len(self._fatalities) < 1000:
                    self._fatalities[raw_fatalities] = known
        if known is not None:
            figures.append(casualty("killed", "unknown", known[0], known[0], known[1]))
        return event(event_type, tags, actors, self._location(fields, row), when), figures

    def _when(self, fields: list[str], row: RowContext) -> tuple[date | None, dict | None]:
        key = (fields[self.event_date], fields[self.time_precision])
        known = self._dates.get(key)
        if known is None:
            raw_date = key[0]
            day = parse_date(raw_date, "event_date", row)
            if day is None:
                return None, None
            when = coded_date_range(day, parse_int_code(key[1]), raw_date.strip())
            known = (day, when["start"], when["end"], when["precision"], when["text"])
            if len(self._dates) < 100_000:
                self._dates[key] = known
        day, start, end, precision, text = known
        return day, date_range(start, end, precision, text)

    def _actor_set(self, fields: list[str], one_sided: bool) -> tuple[tuple[str, str, bool, str | None], ...]:
        """(name, role, fixed, actor) for each actor name of the row; ``fixed`` when the name's actor
        does not depend on the event date (else it is resolved per row, in ``event``)."""
        key = (fields[self.actor1], fields[self.assoc1], fields[self.actor2], fields[self.assoc2], one_sided)
        known = self._actor_sets.get(key)
        if known is None:
            fixed = self.context.actors.fixed
            known = tuple(
                (name, role, *fixed(name))
                for main, assoc, role in (
                    (key[0], key[1], "perpetrator" if one_sided else "other"),
                    (key[2], key[3], "target" if one_sided else "other"),
                )
                for name in (main.strip(), *split_names(assoc))
                if name
            )
            if len(self._actor_sets) < 100_000:
                self._actor_sets[key] = known
        return known

    def _event_type(self, fields: list[str], row: RowContext) -> str | None:
        if self.has_sub_type:
            label = fields[self.sub_event_type]
            if label:
                found = self._sub_types.get(label)
                if found is None and len(self._sub_types) < 1000:
                    found = self._sub_types[label] = snake_event_type(label)
                if found is not None:
                    return found
                row.problem(
                    "unknown_event_type", f"sub_event_type {label!r} is not one of ACLED's 25 sub-event types"
                )
                return None
        label = fields[self.event_type].strip()
        found = _TOP_LEVEL.get(label.lower()) or snake_event_type(label)
        if found is None:
            row.problem("unknown_event_type", f"event_type {label!r} is not an ACLED event type")
            return None
        if label.lower() == "riots/protests":
            return self._riot_or_protest(fields, row)
        for pattern, refined in _REFINE.get(found, ()):
            if pattern.search(fields[self.notes]):
                row.rules.append("event_type_from_notes")
                return refined
        row.rules.append("event_type_from_old_type")
        return found

    def _riot_or_protest(self, fields: list[str], row: RowContext) -> str:
        """Old "Riots/Protests": ACLED's inter codes say who was there (5 rioters, 6 protesters, 7
        civilians, 1 state forces); fatalities say whether force against protesters killed."""
        row.rules.append("event_type_from_inter_codes")
        inter1, inter2 = parse_int_code(fields[self.inter1]), parse_int_code(fields[self.inter2])
        codes = {inter1, inter2}
        killed = (parse_int_code(fields[self.fatalities]) or 0) > 0
        if 5 in codes:  # rioters
            return "mob_violence" if 7 in codes else "violent_demonstration"
        if 6 in codes:  # protesters
            if codes & {1, 2, 3, 4, 8}:
                return "excessive_force_against_protesters" if killed else "protest_with_intervention"
            return "peaceful_protest"
        actor = fields[self.actor1].lower()
        return "violent_demonstration" if actor.startswith("rioters") else "peaceful_protest"

    def _location(self, fields: list[str], row: RowContext) -> dict | None:
        lat = parse_coordinate(fields[self.latitude], "latitude", row, limit=90)
        lon = parse_coordinate(fields[self.longitude], "longitude", row, limit=180)
        key = (
            fields[self.location],
            fields[self.admin3],
            fields[self.admin2],
            fields[self.admin1],
            fields[self.country],
            fields[self.iso],
            fields[self.geo_precision],
        )
        known = self._places.get(key)
        if known is not None:
            return location(*known[:4], lat, lon, known[4])
        admin1 = fields[self.admin1].strip() or None
        admin2 = fields[self.admin2].strip() or None
        country_label = fields[self.country].strip()
        name = (
            fields[self.location].strip() or fields[self.admin3].strip() or admin2 or admin1 or country_label
        )
        if not name and lat is None:
            return None
        problems, rules = len(row.problems), len(row.rules)
        precision = parse_int_code(fields[self.geo_precision])
        if precision not in (None, 1, 2, 3):
            row.problem("bad_number", f"geo_precision {fields[self.geo_precision]!r} is not 1, 2 or 3")
            precision = None
        country = self._country(fields, country_label, admin1, row)
        # reusable for the same place columns only when nothing about this row decided it: not a name
        # from its coordinates, no problem, and a country from iso or country (not from the event id,
        # nor from admin1 after the event id failed, both of which add a rule or leave no country)
        reusable = name and country and len(row.problems) == problems and len(row.rules) == rules
        if reusable and len(self._places) < 100_000:
            self._places[key] = (name, country, admin1, admin2, precision)
        return location(name or f"{lat}, {lon}", country, admin1, admin2, lat, lon, precision)

    def _country(self, fields: list[str], label: str, admin1: str | None, row: RowContext) -> str | None:
        code = country_code_from_numeric(fields[self.iso]) or (country_code(label) if label else None)
        if code:
            return code
        match = _ISO3_ID.match(fields[self.event_id].strip())
        if match and (code := country_code_from_alpha3(match.group(1))):
            row.rules.append("country_from_event_id")
            return code
        if admin1 and self.context.gazetteer is not None:
            if admin1 not in self._admin1_country and len(self._admin1_country) < 10_000:
                place = self.context.gazetteer.lookup(admin1, feature="admin1")
                # exact names only: a fuzzy match could put a province in the wrong country
                exact = (
                    place is not None
                    and place.feature == "admin1"
                    and normalise_name(admin1) in {normalise_name(n) for n in (place.name, *place.aliases)}
                )
                self._admin1_country[admin1] = place.country if exact else None
            code = self._admin1_country.get(admin1)
            if code:
                row.rules.append("country_from_admin1")
                return code
        if label:
            row.rules.append("country_unknown")
        return None
