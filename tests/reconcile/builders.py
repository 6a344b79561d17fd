"""Small builders for reconciliation scenarios: claims, sources, documents with dates and texts."""

from __future__ import annotations

import re
from datetime import date

from pledgewatch.models import ActorRef, Casualty, Claim, DateRange, Event, Location, Source
from pledgewatch.reconcile import ClaimContext, reconcile

PARENTS = {"PAK.MIL": "PAK", "PAK.POL": "PAK", "AFG.MIL": "AFG"}


def ancestors(actor: str) -> list[str]:
    chain = [actor]
    while chain[-1] in PARENTS:
        chain.append(PARENTS[chain[-1]])
    return chain


ISPR = Source(name="ISPR", kind="party_military", affiliation="PAK.MIL")
IEA = Source(name="Islamic Emirate spokesman", kind="party_official", affiliation="AFG")
KP_POLICE = Source(name="Khyber Pakhtunkhwa Police", kind="party_official", affiliation="PAK.POL")
TTP_MEDIA = Source(name="Umar Media", kind="armed_group", affiliation="TTP")
DAWN = Source(name="Dawn", kind="independent_media")
NEWS = Source(name="The News International", kind="independent_media")
REUTERS = Source(name="Reuters", kind="independent_media")
AP = Source(name="Associated Press", kind="independent_media")
UNAMA = Source(name="UNAMA", kind="intl_org")
ACLED = Source(name="ACLED", kind="dataset")
UCDP = Source(name="UCDP", kind="dataset")

KURRAM = Location(
    name="Kurram",
    country="PK",
    admin1="Khyber Pakhtunkhwa",
    admin2="Kurram",
    precision=2,
    lat=33.75,
    lon=70.10,
)
BAJAUR = Location(
    name="Khar", country="PK", admin1="Khyber Pakhtunkhwa", admin2="Bajaur", precision=1, lat=34.73, lon=71.52
)
CHAMAN = Location(
    name="Chaman", country="PK", admin1="Balochistan", admin2="Chaman", precision=2, lat=30.90, lon=66.45
)
SPIN_BOLDAK = Location(
    name="Spin Boldak",
    country="AF",
    admin1="Kandahar",
    admin2="Spin Boldak",
    precision=2,
    lat=31.01,
    lon=66.40,
)
HAYATABAD = Location(
    name="Hayatabad",
    country="PK",
    admin1="Khyber Pakhtunkhwa",
    admin2="Peshawar",
    precision=1,
    lat=33.98,
    lon=71.45,
)
PESHAWAR_CITY = Location(
    name="Peshawar",
    country="PK",
    admin1="Khyber Pakhtunkhwa",
    admin2="Peshawar",
    precision=1,
    lat=34.01,
    lon=71.58,
)


def day(d: int, month: int = 10, year: int = 2025) -> DateRange:
    return DateRange(start=date(year, month, d), end=date(year, month, d), precision="day")


def fig(
    n: int, side: str | None = None, group: str = "security_forces", outcome: str = "killed", high="same"
) -> Casualty:
    return Casualty(outcome=outcome, group=group, side=side, low=n, high=n if high == "same" else high)


def actor(actor_id: str, role: str) -> ActorRef:
    return ActorRef(name=actor_id, actor=actor_id, role=role)


def claim(
    cid: str,
    doc: str,
    *,
    kind: str = "event_report",
    etype: str | None = "armed_clash",
    where: Location | None = KURRAM,
    when: DateRange | None = None,
    casualties=(),
    speaker: str | None = None,
    polarity: str = "asserted",
    actors=(),
    text: str | None = None,
    tags=(),
) -> Claim:
    return Claim(
        id=cid,
        kind=kind,
        text=text or f"sentence of {cid}",
        span=(0, 10),
        speaker=ActorRef(name=speaker, actor=speaker) if speaker else None,
        polarity=polarity,
        event=Event(
            type=etype,
            tags=list(tags),
            actors=list(actors),
            location=where,
            date=when if when is not None else day(12),
        ),
        casualties=list(casualties),
        confidence=0.9,
        document_id=doc,
    )


def context(doc: str, source: Source, published: date = date(2025, 10, 12), text: str | None = None):
    return {doc: ClaimContext(document_id=doc, source=source, published=published, text=text)}


def contexts(**sources: Source) -> dict[str, ClaimContext]:
    found = {}
    for doc, source in sources.items():
        found |= context(doc, source)
    return found


def run(claims, ctx, **kwargs):
    return reconcile(claims, contexts=ctx, ancestors=ancestors, **kwargs)


def clusters(result) -> list[list[str]]:
    return sorted(sorted(link.claim_id for link in incident.claims) for incident in result.incidents)


SWAP = {"PAK.MIL": "AFG.MIL", "AFG.MIL": "PAK.MIL", "PAK": "AFG", "AFG": "PAK", "PK": "AF", "AF": "PK"}
TOKEN = re.compile(r"\b(PAK\.MIL|AFG\.MIL|PAK|AFG|PK|AF)\b")


def swap(value):
    if isinstance(value, str):
        return TOKEN.sub(lambda m: SWAP[m.group(0)], value)
    if isinstance(value, dict):
        return {k: swap(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [swap(v) for v in value]
    return value
