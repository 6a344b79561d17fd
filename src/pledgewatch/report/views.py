"""View models shared by the web dashboard and the HTML briefing.

Pure functions over domain models: no database, no framework, no HTML. They decide *who says what*
(attribution), which columns a comparison has (one per party, plus independent sources), and how
figures, dates and statuses read. Templates only lay these out.

Neutrality rules that live here, so the dashboard and the briefing cannot drift apart:

* A figure is never shown alone: every one carries the name of who says it (``FigureView.who``).
* A claim's *voice* is its speaker's party when the speaker is a party's actor, else the party its
  source speaks for (``Source.affiliation``), else "independent". Parties are whatever the data says
  they are (source affiliations, commitment obligors, assessed parties); nothing is hard-coded.
* Parties are ordered by id and get hues in that order, so no side is singled out by color.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from pledgewatch.models import (
    AssessmentReport,
    Casualty,
    Claim,
    Commitment,
    CommitmentAssessment,
    DateRange,
    Document,
    Estimate,
    Incident,
    IncidentClaim,
    Location,
    PartyAssessment,
    Source,
)

INDEPENDENT = "independent"
# Neutral hues by position (see web/static/pledgewatch.css and the briefing's inline CSS).
PARTY_HUES = ("a", "b", "c", "d")
HUE_COLORS = {"a": "#3d6a8a", "b": "#97733a", "c": "#6c5a8e", "d": "#4f7f7a", "i": "#6b7280"}

STATUS_HELP = {
    "reported": "reported by one side or source only",
    "corroborated": "independent sources agree",
    "contested": "the parties' own figures diverge, or one side denies the event",
    "confirmed": "confirmed by an analyst",
    "retracted": "retracted by its source",
}
RELATION_LABELS = {
    "supports": "supports the incident",
    "conflicts": "conflicting figures",
    "denies": "denies the event",
}
COMMITMENT_STATUS_HELP = {
    "kept": "no breach evidence, and implementation evidence weighing 0.5 or more, in the period",
    "in_progress": (
        "some implementation evidence: not yet enough to be kept, or beside breach evidence below 1"
    ),
    "stalled": "breach evidence weighing less than 1 and no implementation evidence",
    "broken": "breach evidence weighing 1 or more in the period (e.g. one confirmed incident, four reported)",
    "unverified": "no evidence either way in the period",
}
COMMITMENT_STATUS_ORDER = ("broken", "stalled", "in_progress", "kept", "unverified")
BENCHMARK_LEVELS = {0: "not initiated", 1: "minimal", 2: "intermediate", 3: "full"}


@lru_cache(maxsize=4)
def knowledge_actor_names(knowledge_dir: Path | None = None) -> dict[str, str]:
    """Actor id → display name from the actor dictionary (``knowledge_dir/actors.yaml``, else the
    packaged one), for stores that hold no actors yet. Empty when the dictionary cannot be read:
    ids are shown instead, which is still correct, only terser."""
    from pledgewatch.errors import KnowledgeError
    from pledgewatch.knowledge.actors import load_actors

    path = Path(knowledge_dir) / "actors.yaml" if knowledge_dir is not None else None
    if path is not None and not path.is_file():
        path = None
    try:
        return {actor.id: actor.name for actor in load_actors(path)}
    except KnowledgeError:
        return {}


def party_of(actor_id: str | None) -> str | None:
    """The top-level actor of an id: ``PAK.MIL`` → ``PAK``."""
    return actor_id.split(".", 1)[0] if actor_id else None


def humanize(value: str | None) -> str:
    """``security_forces`` → ``security forces``; ``armed_clash`` → ``Armed clash`` via ``title_case``."""
    return (value or "").replace("_", " ")


def sentence_case(value: str | None) -> str:
    text = humanize(value)
    return text[:1].upper() + text[1:]


def safe_url(url: str | None) -> str | None:
    """Only http(s) URLs become links: document metadata is untrusted (``javascript:`` etc.)."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def format_day(day: date | None) -> str:
    return f"{day.day} {day:%b %Y}" if day else ""


def format_date_range(when: DateRange | None) -> str:
    if when is None:
        return "date unknown"
    start, end = when.start, when.end
    if when.precision == "year":
        return f"{start:%Y}"
    if when.precision == "month" and start.month == end.month and start.year == end.year:
        return f"{start:%b %Y}"
    if start == end:
        return format_day(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end:%b %Y}"
    return f"{format_day(start)} – {format_day(end)}"


def format_period(period: str) -> str:
    """``2025-10`` → ``Oct 2025``; anything else is returned as given."""
    try:
        year, month = period.split("-", 1)
        return f"{date(int(year), int(month), 1):%b %Y}"
    except ValueError:
        return period


def format_place(location: Location | None) -> str:
    if location is None:
        return "place unknown"
    parts = [location.name]
    for extra in (location.admin1, location.country):
        if extra and extra not in parts:
            parts.append(extra)
    return ", ".join(parts)


def format_figure(low: int, high: int | None) -> str:
    """A claimed figure as its source gave it: ``23``, ``20–25``, ``200+`` (open-ended)."""
    if high is None:
        return f"{low}+"
    if high == low:
        return str(low)
    return f"{low}–{high}"


def format_number(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}"


# --- voices ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Voice:
    """A column of a side-by-side comparison: one party, or the independent sources."""

    key: str  # party actor id, or INDEPENDENT
    label: str  # "Pakistan" / "Independent sources"
    hue: str  # "a", "b" ... for parties, "i" for independent

    @property
    def is_party(self) -> bool:
        return self.key != INDEPENDENT

    @property
    def heading(self) -> str:
        return f"{self.label} side" if self.is_party else self.label

    @property
    def caption(self) -> str:
        return "party-affiliated sources" if self.is_party else "not a party: media, UN, mediators"

    @property
    def color(self) -> str:
        return HUE_COLORS.get(self.hue, HUE_COLORS["i"])


@dataclass
class ClaimView:
    claim: Claim
    number: int  # footnote number, stable within one page or briefing
    voice: Voice
    who: str  # the speaker in the text's words, else the source
    via: str | None  # the outlet that carried it, when not the speaker itself
    relation: str  # supports / conflicts / denies
    document: Document | None
    source: Source | None
    figures: list[tuple[str, str]] = field(default_factory=list)  # (figure, "Killed · civilians")

    @property
    def relation_label(self) -> str:
        return RELATION_LABELS.get(self.relation, self.relation)

    @property
    def verb(self) -> str:
        if self.relation == "denies" or self.claim.polarity == "denied" or self.claim.kind == "denial":
            return "denies"
        if self.claim.kind == "accusation":
            return "accuses"
        if self.claim.kind == "commitment":
            return "commits"
        return "says"

    @property
    def is_denial(self) -> bool:
        return self.verb == "denies"

    @property
    def document_title(self) -> str:
        if self.document is None:
            return self.claim.document_id or "unknown document"
        return self.document.title or self.document.source or self.document.id[:19]

    @property
    def document_url(self) -> str | None:
        return safe_url(self.document.url) if self.document else None

    @property
    def published(self) -> str:
        return format_day(self.document.published) if self.document else ""

    @property
    def anchor(self) -> str:
        return f"claim-{self.number}"

    @property
    def source_kind(self) -> str:
        return humanize(self.source.kind) if self.source else "unknown outlet"


@dataclass
class FigureView:
    """What one voice says about one (outcome, group, side): the figure and who says it."""

    value: str
    who: str
    via: str | None
    number: int
    verb: str = "says"


@dataclass
class EstimateRow:
    outcome: str
    group: str
    side: str | None
    label: str
    by_voice: dict[str, list[FigureView]]
    estimate: Estimate | None
    low_from: list[ClaimView] = field(default_factory=list)
    best_from: list[ClaimView] = field(default_factory=list)
    high_from: list[ClaimView] = field(default_factory=list)

    @property
    def low(self) -> str:
        return str(self.estimate.low) if self.estimate else "–"

    @property
    def best(self) -> str:
        return str(self.estimate.best) if self.estimate else "–"

    @property
    def high(self) -> str:
        if self.estimate is None:
            return "–"
        return "open" if self.estimate.high is None else str(self.estimate.high)


@dataclass
class IncidentView:
    incident: Incident
    title: str
    when: str
    place: str
    voices: list[Voice]
    rows: list[EstimateRow]
    claims: list[ClaimView]
    claims_by_voice: dict[str, list[ClaimView]]
    denials_by_voice: dict[str, list[ClaimView]]

    @property
    def id(self) -> str:
        return self.incident.id

    @property
    def status(self) -> str:
        return self.incident.status

    @property
    def status_help(self) -> str:
        return STATUS_HELP.get(self.incident.status, "")

    @property
    def tags(self) -> list[str]:
        return [humanize(tag) for tag in self.incident.tags]


@dataclass
class CommitmentStatusView:
    commitment_id: str
    label: str
    status: str
    reason: str
    evidence: list[str]


@dataclass
class ScorecardRow:
    period: str
    period_label: str
    words: int
    breach_weight: float
    gap_value: float
    gap_low: float
    gap_high: float
    statuses: list[CommitmentStatusView]
    benchmarks: list[tuple[str, int]]
    # added for the briefing (0.2.0 assessments); defaults keep older stored reports readable
    implementation_weight: float = 0.0
    denials: int = 0  # of ``words``: the party's own denials (the rest are assurances and statements)
    in_force: int = 0
    breach_evidence: list[str] = field(default_factory=list)
    implementation_evidence: list[str] = field(default_factory=list)

    @property
    def assurances(self) -> int:
        return self.words - self.denials

    @property
    def status_counts(self) -> list[tuple[str, int]]:
        counts = Counter(s.status for s in self.statuses)
        return [(status, counts[status]) for status in COMMITMENT_STATUS_ORDER if counts.get(status)]

    @property
    def gap(self) -> str:
        return f"{self.gap_value:.2f}"

    @property
    def band(self) -> str:
        return f"{self.gap_low:.2f}–{self.gap_high:.2f}"


@dataclass
class Scorecard:
    voice: Voice
    rows: list[ScorecardRow]


@dataclass
class LedgerEntry:
    commitment: Commitment
    voice: Voice
    obligor: str
    beneficiaries: list[str]
    category: str
    made_on: str
    valid: str
    source_url: str | None
    latest: CommitmentStatusView | None
    history: list[tuple[str, CommitmentStatusView]]  # (period label, status)


@dataclass
class GapScale:
    """Maps gap values to x positions of a small SVG band (0..width)."""

    minimum: float
    maximum: float
    width: int = 160

    def x(self, value: float) -> float:
        span = self.maximum - self.minimum or 1.0
        return round((value - self.minimum) / span * self.width, 1)


# --- the context every view is built from ----------------------------------------------------


class Presentation:
    """Everything needed to describe incidents, commitments and scores neutrally, built once.

    ``claims`` and ``documents`` may be sequences or id-keyed mappings. ``actor_names`` maps actor
    ids to display names (from the knowledge base); without it, actor ids are shown.
    """

    def __init__(
        self,
        *,
        sources: Mapping[str, Source] | None = None,
        claims: Iterable[Claim] | Mapping[str, Claim] = (),
        documents: Iterable[Document] | Mapping[str, Document] = (),
        commitments: Iterable[Commitment] = (),
        assessment: AssessmentReport | None = None,
        actor_names: Mapping[str, str] | None = None,
    ) -> None:
        self.sources = dict(sources or {})
        self.claims = _by_id(claims)
        self.documents = _by_id(documents)
        self.commitments = {c.id: c for c in commitments}
        self.assessment = assessment
        self.actor_names = dict(actor_names or {})
        self.parties = self._collect_parties()
        self.voices = {
            party: Voice(key=party, label=self.actor_label(party), hue=PARTY_HUES[i % len(PARTY_HUES)])
            for i, party in enumerate(sorted(self.parties))
        }
        self.independent = Voice(key=INDEPENDENT, label="Independent sources", hue="i")

    def _collect_parties(self) -> set[str]:
        # The parties are those whose words and deeds are tracked: commitment obligors and assessed
        # parties. Outlets affiliated with anyone else (a mediator's ministry, a third state's media)
        # sit with the other non-party sources rather than getting a column of their own. Only a
        # store with no commitments falls back to every affiliation it knows.
        parties = {party_of(c.obligor) for c in self.commitments.values()}
        if self.assessment is not None:
            parties |= {row.party for row in self.assessment.parties}
        if not parties:
            parties = {party_of(s.affiliation) for s in self.sources.values() if s.affiliation}
        return {p for p in parties if p}

    # names --------------------------------------------------------------------------------

    def actor_label(self, actor_id: str | None) -> str:
        if not actor_id:
            return ""
        return self.actor_names.get(actor_id) or actor_id

    def casualty_label(self, outcome: str, group: str, side: str | None, *, capital: bool = True) -> str:
        label = f"{sentence_case(outcome) if capital else humanize(outcome)} · {humanize(group)}"
        return f"{label} ({self.actor_label(side)})" if side else label

    def voice(self, key: str) -> Voice:
        return self.voices.get(key, self.independent)

    def party_voices(self) -> list[Voice]:
        return [self.voices[key] for key in sorted(self.voices)]

    # attribution --------------------------------------------------------------------------

    def voice_of(self, claim: Claim | None, link: IncidentClaim | None = None) -> Voice:
        speaker = claim.speaker.actor if claim and claim.speaker else (link.speaker if link else None)
        if speaker:
            party = party_of(speaker)
            return self.voices.get(party, self.independent) if party else self.independent
        source = self.source_for(claim, link)
        if source is not None and source.affiliation:
            return self.voices.get(party_of(source.affiliation) or "", self.independent)
        return self.independent

    def source_for(self, claim: Claim | None, link: IncidentClaim | None = None) -> Source | None:
        name = None
        document = self.documents.get(claim.document_id or "") if claim else None
        if document is not None:
            name = document.source
        if not name and link is not None:
            name = link.source
        return self.sources.get(name or "")

    def claim_view(self, claim: Claim, number: int, link: IncidentClaim | None = None) -> ClaimView:
        document = self.documents.get(claim.document_id or (link.document_id if link else ""))
        source_name = (document.source if document else None) or (link.source if link else None)
        speaker_name = claim.speaker.name.strip() if claim.speaker and claim.speaker.name else None
        who = _display_name(speaker_name or source_name or "an unnamed source")
        via = (
            source_name
            if speaker_name and source_name and _norm(source_name) != _norm(speaker_name)
            else None
        )
        source = self.sources.get(source_name or "")
        speaker_party = party_of(claim.speaker.actor) if claim.speaker else None
        if via and source is not None and speaker_party and party_of(source.affiliation) == speaker_party:
            via = None  # a party's spokesman in the party's own channel: not "reported by" anyone else
        return ClaimView(
            claim=claim,
            number=number,
            voice=self.voice_of(claim, link),
            who=who,
            via=via,
            relation=link.relation if link else "supports",
            document=document,
            source=source,
            figures=[
                (format_figure(c.low, c.high), self.casualty_label(c.outcome, c.group, c.side, capital=False))
                for c in claim.casualties
            ],
        )

    # incidents ----------------------------------------------------------------------------

    def incident_view(self, incident: Incident, *, numbering: Numbering | None = None) -> IncidentView:
        numbering = numbering if numbering is not None else Numbering()
        claim_views: list[ClaimView] = []
        for link in incident.claims:
            claim = self.claims.get(link.claim_id)
            if claim is None or claim.review == "rejected":
                continue
            claim_views.append(self.claim_view(claim, numbering.number(claim.id), link))
        by_id = {view.claim.id: view for view in claim_views}

        present = {view.voice.key for view in claim_views}
        voices = [v for v in self.party_voices() if v.key in present or self._is_actor_in(v.key, incident)]
        voices.append(self.independent)

        rows: dict[tuple[str, str, str | None], EstimateRow] = {}
        for estimate in incident.estimates:
            key = (estimate.outcome, estimate.group, estimate.side)
            rows[key] = EstimateRow(
                outcome=estimate.outcome,
                group=estimate.group,
                side=estimate.side,
                label=self.casualty_label(*key),
                by_voice=defaultdict(list),
                estimate=estimate,
                low_from=[by_id[c] for c in estimate.low_from if c in by_id],
                best_from=[by_id[c] for c in estimate.best_from if c in by_id],
                high_from=[by_id[c] for c in estimate.high_from if c in by_id],
            )
        for view in claim_views:
            for casualty in view.claim.casualties:
                key = (casualty.outcome, casualty.group, casualty.side)
                row = rows.get(key)
                if row is None:
                    row = rows[key] = EstimateRow(
                        outcome=casualty.outcome,
                        group=casualty.group,
                        side=casualty.side,
                        label=self.casualty_label(*key),
                        by_voice=defaultdict(list),
                        estimate=None,
                    )
                row.by_voice[view.voice.key].append(_figure(casualty, view))

        claims_by_voice: dict[str, list[ClaimView]] = {v.key: [] for v in voices}
        denials_by_voice: dict[str, list[ClaimView]] = {v.key: [] for v in voices}
        for view in claim_views:
            claims_by_voice.setdefault(view.voice.key, []).append(view)
            if view.is_denial:
                denials_by_voice.setdefault(view.voice.key, []).append(view)

        return IncidentView(
            incident=incident,
            title=self.incident_title(incident),
            when=format_date_range(incident.date),
            place=format_place(incident.location),
            voices=voices,
            rows=sorted(rows.values(), key=_row_order),
            claims=claim_views,
            claims_by_voice=claims_by_voice,
            denials_by_voice=denials_by_voice,
        )

    def incident_title(self, incident: Incident) -> str:
        kind = sentence_case(incident.type) if incident.type else "Incident"
        place = incident.location.name if incident.location else None
        return f"{kind} in {place}" if place else kind

    def _is_actor_in(self, party: str, incident: Incident) -> bool:
        return any(party_of(ref.actor) == party for ref in incident.actors)

    # assessments --------------------------------------------------------------------------

    def commitment_label(self, commitment_id: str) -> str:
        commitment = self.commitments.get(commitment_id)
        return sentence_case(commitment.category) if commitment else commitment_id

    def _status_view(self, item: CommitmentAssessment) -> CommitmentStatusView:
        return CommitmentStatusView(
            commitment_id=item.id,
            label=self.commitment_label(item.id),
            status=item.status,
            reason=item.reason,
            evidence=list(item.evidence),
        )

    def scorecards(self) -> list[Scorecard]:
        if self.assessment is None:
            return []
        by_party: dict[str, list[PartyAssessment]] = defaultdict(list)
        active = set(self.assessment.active_periods())
        for row in self.assessment.parties:
            if row.period in active:
                by_party[row.party].append(row)
        cards = []
        for party in sorted(by_party):
            rows = [
                ScorecardRow(
                    period=row.period,
                    period_label=format_period(row.period),
                    words=row.words,
                    breach_weight=row.breach_weight,
                    gap_value=row.gap.value,
                    gap_low=row.gap.low,
                    gap_high=row.gap.high,
                    statuses=[self._status_view(item) for item in row.commitments],
                    benchmarks=[(b.id, b.score) for b in row.benchmarks],
                    implementation_weight=row.implementation_weight,
                    denials=sum(1 for c in row.word_claims if self._is_denial(c)),
                    in_force=row.commitments_in_force or len(row.commitments),
                    breach_evidence=list(row.breach_evidence),
                    implementation_evidence=list(row.implementation_evidence),
                )
                for row in sorted(by_party[party], key=lambda r: r.period)
            ]
            cards.append(Scorecard(voice=self.voice(party), rows=rows))
        return cards

    def _is_denial(self, claim_id: str) -> bool:
        claim = self.claims.get(claim_id)
        return claim is not None and (claim.kind == "denial" or claim.polarity == "denied")

    def gap_scale(self, width: int = 160) -> GapScale:
        rows = self.assessment.parties if self.assessment else []
        low = min([0.0, *(r.gap.low for r in rows)])
        high = max([1.0, *(r.gap.high for r in rows)])
        return GapScale(minimum=low, maximum=high, width=width)

    def ledger(self) -> list[LedgerEntry]:
        history: dict[str, list[tuple[str, CommitmentStatusView]]] = defaultdict(list)
        if self.assessment is not None:
            for row in sorted(self.assessment.parties, key=lambda r: r.period):
                for item in row.commitments:
                    history[item.id].append((format_period(row.period), self._status_view(item)))
        entries = []
        for commitment in sorted(self.commitments.values(), key=lambda c: (c.obligor, c.made_on, c.id)):
            past = history.get(commitment.id, [])
            valid_to = format_day(commitment.valid_to) if commitment.valid_to else "open-ended"
            entries.append(
                LedgerEntry(
                    commitment=commitment,
                    voice=self.voice(party_of(commitment.obligor) or ""),
                    obligor=self.actor_label(commitment.obligor),
                    beneficiaries=[self.actor_label(b) for b in commitment.beneficiaries],
                    category=sentence_case(commitment.category),
                    made_on=format_day(commitment.made_on),
                    valid=f"{format_day(commitment.valid_from)} – {valid_to}",
                    source_url=safe_url(commitment.source_url),
                    latest=past[-1][1] if past else None,
                    history=past,
                )
            )
        return entries

    def evidence_link(self, evidence_id: str) -> str | None:
        """Where an evidence id (incident or claim) can be read in the dashboard."""
        if evidence_id in self.commitments:
            return None
        claim = self.claims.get(evidence_id)
        if claim is not None and claim.document_id:
            return f"/documents/{claim.document_id}#{evidence_id}"
        return f"/incidents/{evidence_id}"


class Numbering:
    """Footnote numbers for claims, in order of first citation."""

    def __init__(self) -> None:
        self._numbers: dict[str, int] = {}

    def number(self, claim_id: str) -> int:
        return self._numbers.setdefault(claim_id, len(self._numbers) + 1)

    def __len__(self) -> int:
        return len(self._numbers)


def status_counts(incidents: Iterable[Incident]) -> list[tuple[str, int]]:
    counts = Counter(i.status for i in incidents)
    order = ["contested", "reported", "corroborated", "confirmed", "retracted"]
    return [(status, counts[status]) for status in order if counts.get(status)]


def _figure(casualty: Casualty, view: ClaimView) -> FigureView:
    return FigureView(
        value=format_figure(casualty.low, casualty.high),
        who=view.who,
        via=view.via,
        number=view.number,
        verb="says" if not view.is_denial else "denies",
    )


_OUTCOME_ORDER = {"killed": 0, "injured": 1, "captured": 2, "missing": 3}
_GROUP_ORDER = {"security_forces": 0, "civilians": 1, "militants": 2, "unknown": 3}


def _row_order(row: EstimateRow) -> tuple:
    return (_OUTCOME_ORDER.get(row.outcome, 9), _GROUP_ORDER.get(row.group, 9), row.side or "")


def _display_name(name: str) -> str:
    """ "a hospital official" → "A hospital official": the text's words, starting a sentence."""
    if name[:1].islower() and name.split(" ", 1)[0] in ("a", "an", "the", "one", "two", "several", "local"):
        return name[:1].upper() + name[1:]
    return name


def _norm(name: str) -> str:
    return " ".join(name.lower().replace("the ", "").split())


def _by_id(items):
    if isinstance(items, Mapping):
        return dict(items)
    return {item.id: item for item in items}


def sorted_incidents(incidents: Sequence[Incident]) -> list[Incident]:
    """Newest first; undated last."""
    return sorted(
        incidents, key=lambda i: (i.date is not None, i.date.start if i.date else date.min), reverse=True
    )
