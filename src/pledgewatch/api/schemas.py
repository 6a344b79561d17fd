"""API schemas: what the REST API promises to its clients.

They mirror the domain models (``pledgewatch.models``) field by field today, but are a separate
family on purpose: the domain may grow internal fields, and the API may add derived ones, without
either breaking the other. Build them with ``XPublic.from_domain(obj)``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal, Self

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
    Role,
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


class _AssessmentPart(_Public):
    # The assess output contract grows ("add fields freely"): fields added there pass through here
    # unchanged, so /api/assessments stays equal to `pledgewatch assess --format json`.
    model_config = ConfigDict(from_attributes=True, extra="allow")


class GapPublic(_AssessmentPart):
    value: float
    low: float
    high: float


class CommitmentAssessmentPublic(_AssessmentPart):
    id: str
    status: CommitmentStatus
    reason: str
    evidence: list[str] = Field(default_factory=list)
    weights: dict[str, float] = Field(default_factory=dict)
    rule: str = ""
    breach_evidence: list[str] = Field(default_factory=list)
    implementation_evidence: list[str] = Field(default_factory=list)
    breach_weight: float = 0.0
    implementation_weight: float = 0.0


class BenchmarkScorePublic(_AssessmentPart):
    id: str
    score: Literal[0, 1, 2, 3]
    evidence: list[str] = Field(default_factory=list)
    reason: str = ""
    weight: float = Field(default=0.0, description="summed weight of the implementation evidence")
    independent: int = Field(default=0, description="evidence items resting on a non-party source")
    breach_weight: float = 0.0
    window: str = Field(default="", description="the look-back window, YYYY-MM..YYYY-MM")
    next_level: str = Field(default="", description="what the next level still needs")


class PartyAssessmentPublic(_AssessmentPart):
    party: str
    period: str
    words: int
    word_claims: list[str] = Field(default_factory=list)
    breach_weight: float
    gap: GapPublic
    commitments: list[CommitmentAssessmentPublic] = Field(default_factory=list)
    benchmarks: list[BenchmarkScorePublic] = Field(default_factory=list)
    breach_evidence: list[str] = Field(default_factory=list)
    implementation_weight: float = 0.0
    implementation_evidence: list[str] = Field(default_factory=list)
    commitments_in_force: int = 0


class AssessmentReportPublic(_AssessmentPart):
    """The ``pledgewatch assess --format json`` contract (DESIGN.md, "Output contracts")."""

    method: str
    periods: list[str]
    parties: list[PartyAssessmentPublic]


# --- service ---------------------------------------------------------------------------------


class HealthPublic(BaseModel):
    status: Literal["ok"]
    version: str
    database: str = Field(description="backend name, e.g. sqlite or postgresql")
    counts: dict[str, int] | None = Field(
        default=None, description="what is stored; only for callers who may read (see public_read)"
    )


class ErrorPublic(BaseModel):
    detail: str = Field(description="what was wrong and what to do")
    code: str = Field(description="pledgewatch error code, e.g. PW404")


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorPublic, "description": "Not found"},
}
AUTH_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorPublic, "description": "Not logged in, or an unknown API token"},
    403: {"model": ErrorPublic, "description": "The role may not do this, or a missing CSRF token"},
}
ACTION_RESPONSES: dict[int | str, dict[str, Any]] = {
    **AUTH_RESPONSES,
    404: {"model": ErrorPublic, "description": "Not found"},
    409: {"model": ErrorPublic, "description": "The decision cannot be recorded as asked (e.g. no reason)"},
}


# --- review decisions ------------------------------------------------------------------------

# Every decision needs a reason: at least one visible character, kept in the audit log.
Reason = Annotated[
    str,
    Field(
        min_length=1,
        max_length=4000,
        pattern=r"^[^\x00]*\S[^\x00]*$",
        description="why (required); kept in the tamper-evident audit log",
        examples=["ISPR's own later statement gives 11, not 23; the figure was misread"],
    ),
]


class ClaimEdit(BaseModel):
    """The fields of a claim an analyst may correct; omitted fields stay as they are. The quoted
    text, its span and the document never change."""

    model_config = ConfigDict(extra="forbid")

    kind: ClaimKind | None = None
    polarity: Polarity | None = None
    speaker: ActorRefPublic | None = None
    about: str | None = Field(default=None, max_length=2000)
    targets: list[ActorRefPublic] | None = Field(default=None, max_length=50)
    event: EventPublic | None = None
    casualties: list[CasualtyPublic] | None = Field(default=None, max_length=50)

    def changes(self) -> dict[str, Any]:
        """The given fields as domain-shaped JSON (``speaker: null`` = the document's own voice)."""
        return self.model_dump(mode="json", include=self.model_fields_set)


class ClaimReview(BaseModel):
    model_config = ConfigDict(extra="forbid")

    action: Literal["confirm", "reject", "edit"] = Field(
        description="confirm or reject the claim as extracted, or edit it (give `changes`)"
    )
    reason: Reason
    changes: ClaimEdit | None = Field(default=None, description="for edit: the corrected fields")


class IncidentStatusChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: IncidentStatus = Field(description="usually confirmed or retracted")
    reason: Reason


class IncidentMerge(BaseModel):
    model_config = ConfigDict(extra="forbid")

    incident_ids: list[Annotated[str, Field(min_length=1, max_length=100)]] = Field(
        min_length=2, max_length=50, description="two or more incidents; the first keeps its id"
    )
    reason: Reason


class IncidentSplit(BaseModel):
    model_config = ConfigDict(extra="forbid")

    claim_ids: list[Annotated[str, Field(min_length=1, max_length=100)]] = Field(
        min_length=1, max_length=500, description="the claims to split off into another incident"
    )
    reason: Reason


class ReconcileOutcomePublic(BaseModel):
    decision: int = Field(description="id of the stored merge or split decision")
    kept_incident: str
    split_to: list[str] = Field(default_factory=list, description="split: where the claims went")
    counts: dict[str, int] = Field(default_factory=dict, description="what reconciliation did")

    @classmethod
    def from_counts(cls, counts: dict[str, int | str]) -> ReconcileOutcomePublic:
        counts = dict(counts)
        split_to = str(counts.pop("split_to", "") or "")
        return cls(
            decision=int(counts.pop("decision", 0) or 0),
            kept_incident=str(counts.pop("kept_incident", "")),
            split_to=[part.strip() for part in split_to.split(",") if part.strip()],
            counts={k: v for k, v in counts.items() if isinstance(v, int)},
        )


# --- audit -----------------------------------------------------------------------------------


class AuditEntryPublic(_Public):
    seq: int
    actor: str = Field(description="who")
    at: datetime
    action: str = Field(description="e.g. claim.confirm, incident.status, reconcile.merge, user.add")
    entity: str = Field(description="what, e.g. claim:<id>, incident:<id>, user:<name>")
    before: dict | None = None
    after: dict | None = None
    reason: str
    prev_hash: str = Field(description="hash of the entry before (64 zeros for the first)")
    hash: str = Field(description="sha256 of this entry's canonical JSON, prev_hash included")


class AuditEntriesPublic(Page):
    total: int = Field(description="entries matching the filter")
    data: list[AuditEntryPublic]


class AuditVerifyPublic(BaseModel):
    intact: bool
    entries: int
    first_broken: int | None = Field(description="seq of the first entry that no longer matches its hash")
    message: str


# --- users and tokens ------------------------------------------------------------------------

UserName = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$")]
Password = Annotated[str, Field(min_length=10, max_length=1024, description="at least 10 characters")]


class UserPublic(_Public):
    name: str
    role: Role
    created_at: datetime


class UsersPublic(BaseModel):
    count: int
    data: list[UserPublic]


class MePublic(BaseModel):
    name: str
    role: Role
    authenticated_by: Literal["token", "session"]


class UserCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: UserName
    role: Role
    password: Password


class UserUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: Role | None = None
    password: Password | None = None


class TokenCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    label: str = Field(default="", max_length=200, description="what the token is for")


class TokenPublic(_Public):
    id: int
    user: str
    label: str
    prefix: str = Field(description="the token's first characters")
    created_at: datetime
    last_used_at: datetime | None = None


class TokensPublic(BaseModel):
    count: int
    data: list[TokenPublic]


class TokenCreatedPublic(TokenPublic):
    token: str = Field(description="the token itself: shown this once, store it now")
