"""ACLED-compatible CSV: the 31 columns of a current ACLED export, for claims and for incidents.

Claims (``export claims --format acled-csv``): one row per claim that reports an event. Every column
the model holds (date and its precision, type, actors, location, coordinates, precision, tags,
fatalities) comes from the claim, so a reviewer's edits show. A claim imported from an ACLED file
also gets, from its verbatim row, the columns the model does not hold (inter codes, interaction,
region, admin3, source, source_scale, notes, tags, timestamp), and a model value equal to the row's
keeps the row's spelling ("25.0000", not "25.0"): importing an ACLED file and exporting its claims
gives the file's rows back. Other claims fill what they can: ``notes`` is the claim's text, ``source``
its document's source.

Incidents (``export incidents --format acled-csv``): one row per incident. ``fatalities`` is the best
estimate of deaths: the larger of the ``unknown``-group figure and the sum of the other groups' (the
groups of one incident are disjoint; ``unknown`` may cover them all). ``notes`` is the incident's
reason, ``source`` the sources of its claims, ``event_id_cnty`` the incident id.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from typing import Any

from sqlalchemy.engine import Engine

from pledgewatch.ingest.datasets import ACLED_COLUMNS
from pledgewatch.ingest.datasets.common import country_code, country_name, country_numeric
from pledgewatch.models import Claim, Incident, event_family

PAGE_SIZE = 1000

SUB_EVENT_LABELS: dict[str, str] = {
    "armed_clash": "Armed clash",
    "government_regains_territory": "Government regains territory",
    "non_state_actor_overtakes_territory": "Non-state actor overtakes territory",
    "chemical_weapon": "Chemical weapon",
    "air_drone_strike": "Air/drone strike",
    "suicide_bomb": "Suicide bomb",
    "shelling_artillery_missile_attack": "Shelling/artillery/missile attack",
    "remote_explosive_landmine_ied": "Remote explosive/landmine/IED",
    "grenade": "Grenade",
    "sexual_violence": "Sexual violence",
    "attack": "Attack",
    "abduction_forced_disappearance": "Abduction/forced disappearance",
    "peaceful_protest": "Peaceful protest",
    "protest_with_intervention": "Protest with intervention",
    "excessive_force_against_protesters": "Excessive force against protesters",
    "violent_demonstration": "Violent demonstration",
    "mob_violence": "Mob violence",
    "agreement": "Agreement",
    "arrests": "Arrests",
    "change_to_group_activity": "Change to group/activity",
    "disrupted_weapons_use": "Disrupted weapons use",
    "headquarters_or_base_established": "Headquarters or base established",
    "looting_property_destruction": "Looting/property destruction",
    "non_violent_transfer_of_territory": "Non-violent transfer of territory",
    "other": "Other",
}
EVENT_TYPE_LABELS: dict[str, str] = {
    "battles": "Battles",
    "explosions_remote_violence": "Explosions/Remote violence",
    "violence_against_civilians": "Violence against civilians",
    "protests": "Protests",
    "riots": "Riots",
    "strategic_developments": "Strategic developments",
}
DISORDER_TYPES: dict[str, str] = {
    "battles": "Political violence",
    "explosions_remote_violence": "Political violence",
    "violence_against_civilians": "Political violence",
    "protests": "Demonstrations",
    "riots": "Political violence; Demonstrations",
    "strategic_developments": "Strategic developments",
}
_TIME_PRECISION = {"day": "1", "week": "2", "month": "3", "year": "3", "period": "3"}
_ACLED_IMPORTER = "pledgewatch.datasets.acled/"


def write_csv(rows: Iterable[dict[str, str]], handle) -> int:
    """Write ACLED rows (dicts keyed by column) to a text handle; returns how many."""
    writer = csv.DictWriter(
        handle, fieldnames=list(ACLED_COLUMNS), extrasaction="ignore", lineterminator="\n"
    )
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    return count


# --- claims ----------------------------------------------------------------------------------


def iter_claim_rows(*, engine: Engine, include_rejected: bool = False) -> Iterator[dict[str, str]]:
    """ACLED rows of the stored claims that report an event, page by page (constant memory)."""
    from pledgewatch.store import get_document, get_document_raw, list_claims, session_scope

    headers: dict[str, list[str] | None] = {}
    sources: dict[str, str] = {}
    offset = 0
    while True:
        with session_scope(engine) as session:
            page = list_claims(session, include_rejected=include_rejected, limit=PAGE_SIZE, offset=offset)
            for document_id in {
                c.document_id for c in page if c.document_id and c.document_id not in sources
            }:
                document = get_document(session, document_id=document_id)
                sources[document_id] = (document.source or "") if document else ""
                if len(sources) > 10_000:  # bounded: keep the cache of a huge store small
                    sources.clear()
                    headers.clear()
                    sources[document_id] = (document.source or "") if document else ""
            for claim in page:
                if (
                    claim.extractor
                    and claim.extractor.startswith(_ACLED_IMPORTER)
                    and claim.document_id not in headers
                ):
                    raw = get_document_raw(session, document_id=claim.document_id) or b""
                    headers[claim.document_id] = _header_columns(raw)
        for claim in page:
            if claim.event is None:
                continue
            original = None
            if claim.extractor and claim.extractor.startswith(_ACLED_IMPORTER):
                original = _original_row(headers.get(claim.document_id), claim.text)
            yield claim_row(claim, source=sources.get(claim.document_id or "", ""), original=original)
        if len(page) < PAGE_SIZE:
            return
        offset += PAGE_SIZE


def _header_columns(raw: bytes) -> list[str] | None:
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    rows = list(csv.reader(io.StringIO(text)))
    return [c.strip() for c in rows[0]] if rows else None


def _original_row(header: list[str] | None, text: str) -> dict[str, str] | None:
    if not header:
        return None
    rows = list(csv.reader(io.StringIO(text)))
    if len(rows) != 1 or len(rows[0]) != len(header):
        return None
    return {name: value for name, value in zip(header, rows[0], strict=True) if name}


def _same_number(raw: str, value: float | int | None) -> bool:
    try:
        return value is not None and float(raw) == float(value)
    except ValueError:
        return False


def _keep(original: dict[str, str] | None, column: str, value: str, *, equal=None) -> str:
    """The original spelling when it says the same as the model's value, else the model's value."""
    if original is None or column not in original:
        return value
    raw = original[column]
    if raw == value or (equal is not None and equal(raw)):
        return raw
    return value


def _event_date(when) -> date | None:
    if when is None:
        return None
    if when.text:
        try:
            return date.fromisoformat(when.text.strip()[:10])
        except ValueError:
            pass
    if when.precision == "week":
        return when.start + timedelta(days=(when.end - when.start).days // 2)
    return when.start


def _either(original: dict[str, str], first: str, second: str) -> str:
    return first if first in original or second not in original else second


def _actor_columns(actors, original: dict[str, str] | None) -> dict[str, str]:
    names = [a.name for a in actors]
    if original is not None:
        # the old schema calls the associated actors ally_actor_1/2
        keys = (
            "actor1",
            _either(original, "assoc_actor_1", "ally_actor_1"),
            "actor2",
            _either(original, "assoc_actor_2", "ally_actor_2"),
        )
        groups = [original.get(key, "") for key in keys]
        listed = [n.strip() for g in groups for n in g.split(";") if n.strip()]
        if sorted(listed) == sorted(names):  # unedited: the row says which actor is which
            return dict(zip(("actor1", "assoc_actor_1", "actor2", "assoc_actor_2"), groups, strict=True))
    first = [a.name for a in actors if a.role == "perpetrator"]
    second = [a.name for a in actors if a.role == "target"]
    others = [a.name for a in actors if a.role not in ("perpetrator", "target")]
    if not first and others:
        first, others = others[:1], others[1:]
    if not second and others:
        second, others = others[:1], others[1:]
    return {
        "actor1": first[0] if first else "",
        "assoc_actor_1": "; ".join(first[1:] + others),
        "actor2": second[0] if second else "",
        "assoc_actor_2": "; ".join(second[1:]),
    }


def claim_row(claim: Claim, *, source: str = "", original: dict[str, str] | None = None) -> dict[str, str]:
    """One claim as an ACLED row (see the module docs for which values come from where)."""
    event = claim.event
    where = event.location if event else None
    when = event.date if event else None
    row: dict[str, str] = {column: "" for column in ACLED_COLUMNS}
    if original is not None:
        row.update({k: v for k, v in original.items() if k in row})
    family = event_family(event.type) if event else None
    day = _event_date(when)
    row["event_id_cnty"] = (original or {}).get("event_id_cnty") or claim.id
    row["event_date"] = _keep(
        original, "event_date", day.isoformat() if day else "", equal=lambda raw: _parsed(raw) == day
    )
    row["year"] = _keep(
        original,
        "year",
        str(day.year) if day else "",
        equal=lambda raw: _same_number(raw, day.year if day else None),
    )
    precision = _TIME_PRECISION.get(when.precision, "") if when else ""
    row["time_precision"] = _keep(
        original, "time_precision", precision, equal=lambda raw: _same_number(raw, _int(precision))
    )
    row["disorder_type"] = _keep(original, "disorder_type", DISORDER_TYPES.get(family or "", ""))
    row["event_type"] = _keep(original, "event_type", EVENT_TYPE_LABELS.get(family or "", ""))
    row["sub_event_type"] = _keep(
        original, "sub_event_type", SUB_EVENT_LABELS.get(event.type or "", "") if event else ""
    )
    row.update(_actor_columns(event.actors if event else [], original))
    row["civilian_targeting"] = "Civilian targeting" if event and "civilian_targeting" in event.tags else ""
    country = where.country if where else None
    row["iso"] = _keep(
        original,
        "iso",
        country_numeric(country),
        equal=lambda raw: _same_number(raw, _int(country_numeric(country))),
    )
    row["country"] = _keep(
        original,
        "country",
        country_name(country),
        equal=lambda raw: country_code(raw) == country and country is not None,
    )
    row["admin1"] = (where.admin1 or "") if where else ""
    row["admin2"] = (where.admin2 or "") if where else ""
    row["location"] = _keep(original, "location", where.name if where else "")
    lat, lon = (where.lat, where.lon) if where else (None, None)
    row["latitude"] = _keep(original, "latitude", _number(lat), equal=lambda raw: _same_number(raw, lat))
    row["longitude"] = _keep(original, "longitude", _number(lon), equal=lambda raw: _same_number(raw, lon))
    geo = str(where.precision) if where and where.precision else ""
    row["geo_precision"] = _keep(
        original, "geo_precision", geo, equal=lambda raw: _same_number(raw, _int(geo))
    )
    killed = [c for c in claim.casualties if c.outcome == "killed"]
    fatalities = str(sum(c.low for c in killed)) if killed else ""
    row["fatalities"] = _keep(
        original, "fatalities", fatalities, equal=lambda raw: _same_number(raw, _int(fatalities))
    )
    if original is None:
        row["source"] = source
        row["notes"] = claim.text
    return row


def _parsed(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw.strip()[:10])
    except ValueError:
        return None


def _int(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None


def _number(value: float | None) -> str:
    return "" if value is None else repr(value)


# --- incidents -------------------------------------------------------------------------------


def incident_fatalities(incident: Incident) -> int | None:
    killed = [e for e in incident.estimates if e.outcome == "killed"]
    if not killed:
        return None
    unknown = sum(e.best for e in killed if e.group == "unknown")
    known = sum(e.best for e in killed if e.group != "unknown")
    return max(unknown, known)


def incident_row(incident: Incident) -> dict[str, Any]:
    where = incident.location
    when = incident.date
    family = event_family(incident.type)
    day = _event_date(when)
    first = [a.name for a in incident.actors if a.role == "perpetrator"]
    second = [a.name for a in incident.actors if a.role == "target"]
    others = [a.name for a in incident.actors if a.role not in ("perpetrator", "target")]
    if not first and others:
        first, others = others[:1], others[1:]
    if not second and others:
        second, others = others[:1], others[1:]
    fatalities = incident_fatalities(incident)
    country = where.country if where else None
    return {
        "event_id_cnty": incident.id,
        "event_date": day.isoformat() if day else "",
        "year": str(day.year) if day else "",
        "time_precision": _TIME_PRECISION.get(when.precision, "") if when else "",
        "disorder_type": DISORDER_TYPES.get(family or "", ""),
        "event_type": EVENT_TYPE_LABELS.get(family or "", ""),
        "sub_event_type": SUB_EVENT_LABELS.get(incident.type or "", ""),
        "actor1": first[0] if first else "",
        "assoc_actor_1": "; ".join(first[1:] + others),
        "actor2": second[0] if second else "",
        "assoc_actor_2": "; ".join(second[1:]),
        "civilian_targeting": "Civilian targeting"
        if "civilian_targeting" in incident.tags or any(a.actor == "CIV" for a in incident.actors)
        else "",
        "iso": country_numeric(country),
        "country": country_name(country),
        "admin1": (where.admin1 or "") if where else "",
        "admin2": (where.admin2 or "") if where else "",
        "location": where.name if where else "",
        "latitude": _number(where.lat) if where else "",
        "longitude": _number(where.lon) if where else "",
        "geo_precision": str(where.precision) if where and where.precision else "",
        "source": "; ".join(dict.fromkeys(link.source for link in incident.claims if link.source)),
        "notes": incident.reason,
        "fatalities": "" if fatalities is None else str(fatalities),
        "tags": "; ".join(incident.tags),
    }


def iter_incident_rows(*, engine: Engine) -> Iterator[dict[str, Any]]:
    from pledgewatch.store import list_incidents, session_scope

    offset = 0
    while True:
        with session_scope(engine) as session:
            page = list_incidents(session, limit=PAGE_SIZE, offset=offset)
        for incident in page:
            yield incident_row(incident)
        if len(page) < PAGE_SIZE:
            return
        offset += PAGE_SIZE
