"""Domain types shared by every stage.

These are plain pydantic models: no database, no framework. Stages take and return them; the store
maps them to tables; the API maps them to its own schemas. Field names follow the output contracts in
DESIGN.md ("Output contracts") and ``knowledge/schema/claims.v1.schema.json``.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

CLAIMS_SCHEMA_ID = "pledgewatch.claims/v1"

ClaimKind = Literal["event_report", "commitment", "denial", "accusation", "demand", "statement"]
Polarity = Literal["asserted", "denied"]
Outcome = Literal["killed", "injured", "captured", "missing"]
CasualtyGroup = Literal["security_forces", "civilians", "militants", "unknown"]
DatePrecision = Literal["day", "week", "month", "year", "period"]
ActorRole = Literal["perpetrator", "target", "other"]
ReviewState = Literal["machine", "confirmed", "rejected", "edited"]
IncidentStatus = Literal["reported", "corroborated", "contested", "confirmed", "retracted"]
ClaimRelation = Literal["supports", "conflicts", "denies"]
CommitmentStatus = Literal["kept", "in_progress", "stalled", "broken", "unverified"]
SourceKind = Literal[
    "independent_media",
    "state_media",
    "party_official",
    "party_military",
    "armed_group",
    "intl_org",
    "ngo",
    "think_tank",
    "dataset",
    "unknown",
]
ActorType = Literal[
    "state", "state_force", "de_facto_authority", "armed_group", "intl_org", "civilians", "other"
]
PlaceFeature = Literal["country", "admin1", "admin2", "city", "town", "border_crossing", "region"]

EVENT_TYPES: tuple[str, ...] = (
    "armed_clash",
    "government_regains_territory",
    "non_state_actor_overtakes_territory",
    "chemical_weapon",
    "air_drone_strike",
    "suicide_bomb",
    "shelling_artillery_missile_attack",
    "remote_explosive_landmine_ied",
    "grenade",
    "sexual_violence",
    "attack",
    "abduction_forced_disappearance",
    "peaceful_protest",
    "protest_with_intervention",
    "excessive_force_against_protesters",
    "violent_demonstration",
    "mob_violence",
    "agreement",
    "arrests",
    "change_to_group_activity",
    "disrupted_weapons_use",
    "headquarters_or_base_established",
    "looting_property_destruction",
    "non_violent_transfer_of_territory",
    "other",
)
EVENT_TAGS: tuple[str, ...] = (
    "cross_border",
    "infiltration",
    "ceasefire_violation",
    "training_camp",
    "safe_haven",
    "targeted_killing",
    "checkpost",
)

# Event families: reconciliation compares families, not exact sub-types, because two sources
# often describe the same clash as "shelling" and "armed clash" (ACLED's own event_type level).
EVENT_FAMILIES: dict[str, str] = {
    "armed_clash": "battles",
    "government_regains_territory": "battles",
    "non_state_actor_overtakes_territory": "battles",
    "chemical_weapon": "explosions_remote_violence",
    "air_drone_strike": "explosions_remote_violence",
    "suicide_bomb": "explosions_remote_violence",
    "shelling_artillery_missile_attack": "explosions_remote_violence",
    "remote_explosive_landmine_ied": "explosions_remote_violence",
    "grenade": "explosions_remote_violence",
    "sexual_violence": "violence_against_civilians",
    "attack": "violence_against_civilians",
    "abduction_forced_disappearance": "violence_against_civilians",
    "peaceful_protest": "protests",
    "protest_with_intervention": "protests",
    "excessive_force_against_protesters": "protests",
    "violent_demonstration": "riots",
    "mob_violence": "riots",
    "agreement": "strategic_developments",
    "arrests": "strategic_developments",
    "change_to_group_activity": "strategic_developments",
    "disrupted_weapons_use": "strategic_developments",
    "headquarters_or_base_established": "strategic_developments",
    "looting_property_destruction": "strategic_developments",
    "non_violent_transfer_of_territory": "strategic_developments",
    "other": "strategic_developments",
}


def event_family(event_type: str | None) -> str | None:
    """The ACLED event-type level of a sub-event type, or None when unknown."""
    return EVENT_FAMILIES.get(event_type) if event_type else None


def short_hash(*parts: object, length: int = 16) -> str:
    """A stable hex digest of the given parts: ids must be identical across runs and workers."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return digest[:length]


def document_id_for(raw: bytes) -> str:
    """Content address of a document: ``sha256:<hex>`` of its raw bytes."""
    return "sha256:" + hashlib.sha256(raw).hexdigest()


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- knowledge -------------------------------------------------------------------------------


class Actor(_Model):
    id: str
    name: str
    aliases: list[str] = Field(default_factory=list)
    type: ActorType
    parent: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-2


class Place(_Model):
    id: str
    name: str
    aliases: list[str] = Field(default_factory=list)
    feature: PlaceFeature
    country: str  # ISO 3166-1 alpha-2
    admin1: str | None = None
    admin2: str | None = None
    lat: float | None = None
    lon: float | None = None


class Source(_Model):
    name: str
    kind: SourceKind = "unknown"
    affiliation: str | None = None  # actor id of the party it speaks for; None = independent

    @property
    def is_party(self) -> bool:
        return self.affiliation is not None


# --- documents -------------------------------------------------------------------------------


class Document(_Model):
    """An ingested document. ``raw`` is kept verbatim; everything else is derived from it."""

    id: str  # "sha256:<hex>" of raw
    path: str | None = None
    title: str | None = None
    source: str | None = None  # outlet or issuer, as given in the metadata
    published: date | None = None
    published_from: str | None = None  # how the date was found: front_matter, htmldate, pdf_metadata, none
    url: str | None = None
    language: str | None = "en"
    media_type: str = "text/plain"
    text: str
    ingested_at: datetime | None = None


# --- claims (schema v1) ----------------------------------------------------------------------


class ActorRef(_Model):
    name: str  # the words used in the text
    actor: str | None = None  # canonical actor id, None if unresolved
    role: ActorRole | None = None  # only inside event.actors


class Location(_Model):
    name: str
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: Literal[1, 2, 3] | None = None


class DateRange(_Model):
    start: date
    end: date
    precision: DatePrecision
    text: str | None = None


class Event(_Model):
    type: str | None = None
    tags: list[str] = Field(default_factory=list)
    actors: list[ActorRef] = Field(default_factory=list)
    location: Location | None = None
    date: DateRange | None = None


class Casualty(_Model):
    outcome: Outcome
    group: CasualtyGroup
    side: str | None = None
    low: int = Field(ge=0)
    high: int | None = Field(default=None, ge=0)  # None = open-ended ("more than 200")
    text: str | None = None


class Claim(_Model):
    id: str
    kind: ClaimKind
    text: str
    span: tuple[int, int]
    speaker: ActorRef | None = None  # None = the document's own voice
    polarity: Polarity = "asserted"
    about: str | None = None
    targets: list[ActorRef] = Field(default_factory=list)
    event: Event | None = None
    casualties: list[Casualty] = Field(default_factory=list)
    confidence: float = Field(ge=0, le=1)
    extractor: str | None = None
    # Not part of schema v1's claim object when printed by `extract`; set by the store and exports.
    document_id: str | None = None
    review: ReviewState = "machine"

    def contract_dict(self) -> dict:
        """The schema-v1 ``claim`` object (no store-only fields)."""
        data = self.model_dump(mode="json", exclude={"document_id", "review"})
        if data.get("event"):
            for actor in data["event"]["actors"]:
                if actor.get("role") is None:
                    actor.pop("role", None)
        if data.get("speaker"):
            data["speaker"].pop("role", None)
        for target in data.get("targets", []):
            target.pop("role", None)
        return data


# --- incidents -------------------------------------------------------------------------------


class Estimate(_Model):
    outcome: Outcome
    group: CasualtyGroup
    side: str | None = None
    low: int
    best: int
    high: int | None = None
    rule: str
    # which claims gave each value, so a user can click from a number to its sentences
    low_from: list[str] = Field(default_factory=list)
    best_from: list[str] = Field(default_factory=list)
    high_from: list[str] = Field(default_factory=list)


class IncidentClaim(_Model):
    claim_id: str
    document_id: str
    source: str | None = None
    speaker: str | None = None  # actor id or None
    relation: ClaimRelation = "supports"
    # a later report of the same source and voice that replaced this claim's figures (a rising toll);
    # the estimate's rule says which figures; the claim's other figures, if any, still count
    superseded_by: str | None = None


class Incident(_Model):
    id: str
    type: str | None = None
    tags: list[str] = Field(default_factory=list)
    date: DateRange | None = None
    location: Location | None = None
    actors: list[ActorRef] = Field(default_factory=list)
    status: IncidentStatus = "reported"
    reason: str = ""
    rule: str = ""
    estimates: list[Estimate] = Field(default_factory=list)
    sources: int = 0  # independent-source count
    claims: list[IncidentClaim] = Field(default_factory=list)

    def contract_dict(self) -> dict:
        """The object printed by ``export incidents --format jsonl``."""
        data = self.model_dump(mode="json")
        if data["location"] is not None:
            data["location"] = {k: data["location"][k] for k in ("name", "country", "admin1", "lat", "lon")}
        return data


DecisionKind = Literal["merge", "split"]


class ReconcileDecision(_Model):
    """A human decision on reconciliation, keyed by claim ids (stable across runs, unlike incidents).

    merge: ``claim_ids`` are kept in one incident from now on. split: ``claim_ids`` (the part split
    off) never share an incident with ``other_claim_ids`` (the rest of the incident it left).
    """

    id: int | None = None
    kind: DecisionKind
    claim_ids: list[str]
    other_claim_ids: list[str] = Field(default_factory=list)
    incident_ids: list[str] = Field(default_factory=list)  # the incidents as the analyst saw them
    actor: str
    reason: str
    at: datetime | None = None


# --- commitments and assessments -------------------------------------------------------------


class Indicator(_Model):
    """A machine-checkable rule saying which incidents or claims breach or support a commitment.

    Every non-empty criterion must match (AND); inside a list any value may match (OR).
    """

    id: str
    effect: Literal["breach", "implementation"]
    description: str
    event_types: list[str] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)
    perpetrators: list[str] = Field(default_factory=list)  # actor ids (children match parents' ids)
    targets: list[str] = Field(default_factory=list)
    origin_country: str | None = None  # ISO2 territory the act comes from
    target_country: str | None = None  # ISO2 country where it lands
    claim_kinds: list[ClaimKind] = Field(default_factory=list)  # for claim-based indicators
    keywords: list[str] = Field(default_factory=list)
    weight: float = 1.0


class Commitment(_Model):
    id: str
    obligor: str  # actor id
    beneficiaries: list[str] = Field(default_factory=list)
    category: str
    text: str
    made_on: date
    instrument: str
    source_document: str
    source_url: str | None = None
    valid_from: date
    valid_to: date | None = None
    indicators: list[Indicator] = Field(default_factory=list)
    benchmarks: list[str] = Field(default_factory=list)  # verification benchmark ids this commitment feeds


class Gap(_Model):
    value: float
    low: float
    high: float


class CommitmentAssessment(_Model):
    id: str  # commitment id
    status: CommitmentStatus
    reason: str
    evidence: list[str] = Field(default_factory=list)  # incident or claim ids: breach + implementation
    weights: dict[str, float] = Field(default_factory=dict)  # evidence id -> weight
    rule: str = ""
    # the two halves of ``evidence``, and what each weighs in total
    breach_evidence: list[str] = Field(default_factory=list)
    implementation_evidence: list[str] = Field(default_factory=list)
    breach_weight: float = 0.0
    implementation_weight: float = 0.0


class BenchmarkScore(_Model):
    id: str
    score: Literal[0, 1, 2, 3]
    evidence: list[str] = Field(default_factory=list)
    reason: str = ""
    weight: float = 0.0  # summed weight of the implementation evidence in the look-back window
    independent: int = 0  # of ``evidence``: items resting on a source that speaks for no party
    breach_weight: float = 0.0  # in the month scored, of the commitments feeding it and its own rules
    window: str = ""  # the look-back window, "YYYY-MM..YYYY-MM"
    next_level: str = ""  # what the next level still needs, in words ("" at level 3)


class BenchmarkLevel(_Model):
    """What evidence earns one level of a verification benchmark (Peace Accords Matrix scale).

    Every criterion must hold, and so must every lower level's. Items are the distinct implementation
    evidence ids in the benchmark's look-back window; an item is independent when it rests on a
    source that speaks for no party.
    """

    level: Literal[1, 2, 3]
    text: str  # what earns it, in plain words, for this benchmark
    min_items: int = Field(default=1, ge=1)
    min_weight: float = Field(default=0.0, ge=0)
    min_independent: int = Field(default=0, ge=0)
    max_breach: float | None = Field(default=None, gt=0)  # breach weight in the period must stay below


class Benchmark(_Model):
    """A concrete verification step a credible party would take; scored 0-3 for every party alike.

    ``indicators`` may name the party being scored as ``$party`` and its territory as
    ``$party_country`` (and the other parties as ``$others`` / ``$other_country``), so one rule
    is written once and applied to every party.
    """

    id: str
    title: str
    question: str
    steps: list[str] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    levels: list[BenchmarkLevel]


class PartyAssessment(_Model):
    party: str
    period: str  # "YYYY-MM"
    words: int
    word_claims: list[str] = Field(default_factory=list)
    breach_weight: float
    gap: Gap
    commitments: list[CommitmentAssessment] = Field(default_factory=list)
    benchmarks: list[BenchmarkScore] = Field(default_factory=list)
    # the evidence behind breach_weight, and the implementation side (never part of the gap)
    breach_evidence: list[str] = Field(default_factory=list)
    implementation_weight: float = 0.0
    implementation_evidence: list[str] = Field(default_factory=list)
    commitments_in_force: int = 0

    @property
    def is_active(self) -> bool:
        """Worth showing: the party spoke that month, or some evidence touched its commitments."""
        return (
            self.words > 0
            or self.breach_weight > 0
            or any(c.status != "unverified" for c in self.commitments)
        )


class AssessmentReport(_Model):
    method: str
    periods: list[str]
    parties: list[PartyAssessment]

    def contract_dict(self) -> dict:
        return self.model_dump(mode="json")

    def active_periods(self) -> list[str]:
        """Periods in which any party is active; shown for every party alike, so no side's quiet
        months are hidden while the other's are shown."""
        return sorted({row.period for row in self.parties if row.is_active})


class AuditEntry(_Model):
    seq: int
    actor: str  # who
    at: datetime
    action: str
    entity: str  # e.g. "claim:clm_..."
    before: dict | None = None
    after: dict | None = None
    reason: str
    prev_hash: str
    hash: str


# --- users (team server) ---------------------------------------------------------------------

Role = Literal["viewer", "analyst", "admin"]
ROLES: tuple[str, ...] = ("viewer", "analyst", "admin")  # each may do what the ones before it may


class User(_Model):
    """A person who logs in to the team server. The password hash never leaves the store."""

    id: int
    name: str
    role: Role
    created_at: datetime
    # bumped when the password changes: sessions signed for an older epoch stop working
    session_epoch: int = 0


class ApiToken(_Model):
    """An API token for scripts; only its sha256 is stored, the token itself is shown once."""

    id: int
    user: str  # the user's name
    label: str
    prefix: str  # the token's first characters, to recognise it in a list
    created_at: datetime
    last_used_at: datetime | None = None
