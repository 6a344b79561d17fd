"""Small domain objects for the store tests."""

from __future__ import annotations

from datetime import date

from pledgewatch.models import (
    ActorRef,
    Casualty,
    Claim,
    DateRange,
    Document,
    Estimate,
    Event,
    Incident,
    IncidentClaim,
    Location,
    document_id_for,
)

TEXT = (
    "ISPR said 23 soldiers were martyred in Kurram on Saturday. "
    "The Islamic Emirate spokesman denied that TTP operates from Afghan soil."
)


def make_document(raw: bytes = b"raw bytes of a Dawn report", **fields) -> tuple[Document, bytes]:
    values = {
        "id": document_id_for(raw),
        "path": "corpus/dawn-2025-10-12.md",
        "title": "Soldiers killed in Kurram border clash",
        "source": "Dawn",
        "published": date(2025, 10, 12),
        "published_from": "front_matter",
        "url": "https://www.dawn.com/news/1",
        "language": "en",
        "media_type": "text/markdown",
        "text": TEXT,
    }
    values.update(fields)
    return Document(**values), raw


def make_claim(claim_id: str = "clm_1", **fields) -> Claim:
    values = {
        "id": claim_id,
        "kind": "event_report",
        "text": "ISPR said 23 soldiers were martyred in Kurram on Saturday.",
        "span": (0, 58),
        "speaker": ActorRef(name="ISPR", actor="PAK.MIL"),
        "polarity": "asserted",
        "targets": [ActorRef(name="khwarij", actor="TTP")],
        "event": Event(
            type="armed_clash",
            tags=["cross_border", "checkpost"],
            actors=[
                ActorRef(name="Afghan Taliban", actor="AFG.MIL", role="perpetrator"),
                ActorRef(name="soldiers", actor="PAK.MIL", role="target"),
            ],
            location=Location(
                name="Kurram", country="PK", admin1="Khyber Pakhtunkhwa", lat=33.8, lon=70.1, precision=2
            ),
            date=DateRange(
                start=date(2025, 10, 11), end=date(2025, 10, 12), precision="day", text="Saturday"
            ),
        ),
        "casualties": [
            Casualty(
                outcome="killed", group="security_forces", side="PAK", low=23, high=23, text="23 soldiers"
            ),
            Casualty(
                outcome="killed", group="militants", side="AFG", low=200, high=None, text="more than 200"
            ),
        ],
        "confidence": 0.85,
        "extractor": "pledgewatch.rules/0.1.0",
    }
    values.update(fields)
    return Claim(**values)


def make_incident(incident_id: str = "inc_1", **fields) -> Incident:
    values = {
        "id": incident_id,
        "type": "armed_clash",
        "tags": ["cross_border"],
        "date": DateRange(start=date(2025, 10, 11), end=date(2025, 10, 12), precision="day"),
        "location": Location(name="Kurram", country="PK", admin1="Khyber Pakhtunkhwa", lat=33.8, lon=70.1),
        "actors": [ActorRef(name="Afghan Taliban", actor="AFG.MIL", role="perpetrator")],
        "status": "contested",
        "reason": "Pakistan says 23 soldiers killed; the Taliban say 58.",
        "rule": "pledgewatch.reconcile/0.1.0:contested_ratio",
        "estimates": [
            Estimate(
                outcome="killed",
                group="security_forces",
                side="PAK",
                low=23,
                best=23,
                high=58,
                rule="acled_low",
                low_from=["clm_1"],
                best_from=["clm_1"],
                high_from=["clm_2"],
            )
        ],
        "sources": 2,
        "claims": [
            IncidentClaim(claim_id="clm_1", document_id="sha256:aa", source="Dawn", speaker="PAK.MIL"),
            IncidentClaim(
                claim_id="clm_2", document_id="sha256:bb", source="Tolo", speaker="AFG", relation="conflicts"
            ),
        ],
    }
    values.update(fields)
    return Incident(**values)
