"""API schemas: what the REST API promises to its clients.

They mirror the domain models (``pledgewatch.models``) field by field today, but are a separate
family on purpose: the domain may grow internal fields, and the API may add derived ones, without
either breaking the other. Build them with ``XPublic.from_domain(obj)``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field

from pledgewatch.models import (
    ActorRole,
    CasualtyGroup,
    ClaimKind,
    ClaimRelation,
    CommitmentStatus,
    DatePrecision,
    IncidentStatus,
    Outcome,
    Polarity,
    ReviewState,
    SourceKind,
)


class _Public(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    @classmethod
    def from_domain(cls, obj: BaseModel) -> Self:
        return cls.model_validate(obj.model_dump())


# --- shared parts ----------------------------------------------------------------------------


class ActorRefPublic(_Public):
    name: str = Field(description="the words used in the text")
    actor: str | None = Field(description="canonical actor id, null if unresolved")
    role: ActorRole | None = None


class LocationPublic(_Public):
    name: str
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: Literal[1, 2, 3] | None = None


class DateRangePublic(_Public):
    start: date
    end: date
    precision: DatePrecision
    text: str | None = None


class Page(BaseModel):
    count: int = Field(description="number of items in this page")
    limit: int
    offset: int


# --- documents and sources -------------------------------------------------------------------


class SourcePublic(_Public):
    name: str
    kind: SourceKind
    affiliation: str | None = Field(
        description="actor id of the party the source speaks for; null = independent"
    )


class DocumentPublic(_Public):
    id: str = Field(description="sha256:<hex> of the raw bytes")
    title: str | None = None
    source: str | None = None
    published: date | None = None
    published_from: str | None = None
    url: str | None = None
    language: str | None = None
    media_type: str
    ingested_at: datetime | None = None
    text: str = Field(description="the extracted text that claim spans point into")
    source_info: SourcePublic | None = Field(default=None, description="the stored source record, if any")


# --- claims ----------------------------------------------------------------------------------


class EventPublic(_Public):
    type: str | None = None
    tags: list[str] = Field(default_factory=list)
    actors: list[ActorRefPublic] = Field(default_factory=list)
    location: LocationPublic | None = None
    date: DateRangePublic | None = None


class CasualtyPublic(_Public):
    outcome: Outcome
    group: CasualtyGroup
    side: str | None = None
    low: int
    high: int | None = Field(default=None, description="null = open-ended ('more than 200')")
    text: str | None = None


class ClaimPublic(_Public):
    id: str
    document_id: str | None
    kind: ClaimKind
    text: str = Field(description="the sentence(s) the claim rests on, verbatim; untrusted text")
    span: tuple[int, int]
    speaker: ActorRefPublic | None = Field(description="who asserts it; null = the document's own voice")
    polarity: Polarity
    about: str | None = None
    targets: list[ActorRefPublic] = Field(default_factory=list)
    event: EventPublic | None = None
    casualties: list[CasualtyPublic] = Field(default_factory=list)
    confidence: float
    extractor: str | None = None
    review: ReviewState


class ClaimsPublic(Page):
    data: list[ClaimPublic]


# --- incidents -------------------------------------------------------------------------------


class EstimatePublic(_Public):
    outcome: Outcome
    group: CasualtyGroup
    side: str | None = None
    low: int
    best: int
    high: int | None = None
    rule: str
    low_from: list[str] = Field(default_factory=list, description="claim ids that gave the low value")
    best_from: list[str] = Field(default_factory=list)
    high_from: list[str] = Field(default_factory=list)


class IncidentClaimPublic(_Public):
    claim_id: str
    document_id: str
    source: str | None = None
    speaker: str | None = None
    relation: ClaimRelation


class IncidentPublic(_Public):
    id: str
    type: str | None = None
    tags: list[str] = Field(default_factory=list)
    date: DateRangePublic | None = None
    location: LocationPublic | None = None
    actors: list[ActorRefPublic] = Field(default_factory=list)
    status: IncidentStatus
    reason: str
    rule: str
    estimates: list[EstimatePublic] = Field(default_factory=list)
    sources: int = Field(description="independent-source count")
    claims: list[IncidentClaimPublic] = Field(default_factory=list)


class IncidentsPublic(Page):
    data: list[IncidentPublic]


# --- commitments and assessments -------------------------------------------------------------


class IndicatorPublic(_Public):
    id: str
    effect: Literal["breach", "implementation"]
    description: str
    event_types: list[str] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)
    perpetrators: list[str] = Field(default_factory=list)
    targets: list[str] = Field(default_factory=list)
    origin_country: str | None = None
    target_country: str | None = None
    claim_kinds: list[ClaimKind] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)
    weight: float


class CommitmentPublic(_Public):
    id: str
    obligor: str
    beneficiaries: list[str] = Field(default_factory=list)
    category: str
    text: str
    made_on: date
    instrument: str
    source_document: str
    source_url: str | None = None
    valid_from: date
    valid_to: date | None = None
    indicators: list[IndicatorPublic] = Field(default_factory=list)
    benchmarks: list[str] = Field(default_factory=list)


class CommitmentsPublic(BaseModel):
    count: int
    data: list[CommitmentPublic]


class GapPublic(_Public):
    value: float
    low: float
    high: float


class CommitmentAssessmentPublic(_Public):
    id: str
    status: CommitmentStatus
    reason: str
    evidence: list[str] = Field(default_factory=list)
    weights: dict[str, float] = Field(default_factory=dict)
    rule: str = ""


class BenchmarkScorePublic(_Public):
    id: str
    score: Literal[0, 1, 2, 3]
    evidence: list[str] = Field(default_factory=list)
    reason: str = ""


class PartyAssessmentPublic(_Public):
    party: str
    period: str
    words: int
    word_claims: list[str] = Field(default_factory=list)
    breach_weight: float
    gap: GapPublic
    commitments: list[CommitmentAssessmentPublic] = Field(default_factory=list)
    benchmarks: list[BenchmarkScorePublic] = Field(default_factory=list)


class AssessmentReportPublic(_Public):
    """The ``pledgewatch assess --format json`` contract (DESIGN.md, "Output contracts")."""

    method: str
    periods: list[str]
    parties: list[PartyAssessmentPublic]


# --- service ---------------------------------------------------------------------------------


class HealthPublic(BaseModel):
    status: Literal["ok"]
    version: str
    database: str = Field(description="backend name, e.g. sqlite or postgresql")
    counts: dict[str, int]


class ErrorPublic(BaseModel):
    detail: str = Field(description="what was wrong and what to do")
    code: str = Field(description="pledgewatch error code, e.g. PW404")


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorPublic, "description": "Not found"},
}
