"""The briefing, built once (:func:`build_briefing`) and laid out twice: a self-contained HTML file
(inline CSS, charts as inline PNG, no external assets) and a PDF (``report.pdf``).

Both layouts read the same :class:`Briefing`, so the HTML and the PDF can never show different numbers.
It can be e-mailed, archived, printed or opened on an air-gapped laptop. What it holds, in order: how
to read it, each party's summary side by side, words against deeds over time, the incident map, the
commitment ledger, the verification benchmarks, each side's figures per incident, the method, and
numbered notes quoting the sentence behind every figure, with links.
"""

from __future__ import annotations

import base64
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined

from pledgewatch import __version__
from pledgewatch.models import (
    AssessmentReport,
    Benchmark,
    Claim,
    Commitment,
    DateRange,
    Document,
    Incident,
    Place,
    Source,
)
from pledgewatch.report.charts import png_data_uri, saydo_timeline_png
from pledgewatch.report.incident_map import BOUNDARY_NOTE, MapPoint, in_data_frame, incident_map_png
from pledgewatch.report.views import (
    BENCHMARK_LEVELS,
    COMMITMENT_STATUS_HELP,
    COMMITMENT_STATUS_ORDER,
    STATUS_HELP,
    ClaimView,
    CommitmentStatusView,
    IncidentView,
    LedgerEntry,
    Numbering,
    Presentation,
    Scorecard,
    ScorecardRow,
    Voice,
    format_date_range,
    format_number,
    format_period,
    knowledge_actor_names,
    party_of,
    status_counts,
)

DEFAULT_TITLE = "Commitments and incidents briefing"
LEDGER_MONTHS = 6  # the ledger shows the last months shown; the scorecards list every one


# --- the briefing's parts --------------------------------------------------------------------


@dataclass(frozen=True)
class EvidenceRef:
    """A pointer from a status or score to its evidence: an incident (I3) or a quoted claim [12]."""

    id: str
    label: str
    anchor: str
    kind: str  # incident | claim | other


@dataclass
class NumberedIncident:
    number: int
    view: IncidentView
    perpetrators: list[str]  # display names of the perpetrators named in the incident
    mapped: bool

    @property
    def label(self) -> str:
        return f"I{self.number}"

    @property
    def anchor(self) -> str:
        return f"inc-{self.view.id}"


@dataclass
class PartySummary:
    voice: Voice
    period_label: str  # the latest month shown
    in_force: int
    words: int
    denials: int
    breach_weight: float
    implementation_weight: float
    gap: str
    band: str
    statuses: list[tuple[str, int]]  # the latest month's statuses, in COMMITMENT_STATUS_ORDER
    benchmarks: list[tuple[str, int]]  # (benchmark title, score) in registry order
    totals: dict[str, float]  # over every month shown: words, denials, breach, implementation
    status_months: list[tuple[str, int]]  # commitment-months per status over the months shown, no unverified
    peak_gap: str  # the highest gap over the months shown, its band and month


@dataclass
class BenchmarkCell:
    score: int
    label: str
    reason: str
    refs: list[EvidenceRef]


@dataclass
class BenchmarkRow:
    id: str
    title: str
    question: str
    levels: list[tuple[int, str]]
    cells: dict[str, BenchmarkCell]  # party -> cell


@dataclass
class LedgerRow:
    entry: LedgerEntry
    cells: list[tuple[str, CommitmentStatusView | None]]  # (period label, status or None if not in force)
    refs: list[EvidenceRef]  # the latest assessed month's evidence


@dataclass
class Finding:
    """A commitment whose status in some month shown was other than unverified (its latest such month)."""

    commitment_id: str
    label: str  # "No safe haven (Islamic Emirate assurances since 15 Aug 2021)"
    status: str
    period_label: str
    refs: list[EvidenceRef]


@dataclass
class LedgerGroup:
    instrument: str
    rows: list[LedgerRow]


@dataclass
class Briefing:
    title: str
    generated_at: datetime
    version: str
    method: str | None
    span: str | None
    parties: list[Voice]
    periods: list[str]  # the months shown (any party active), "YYYY-MM"
    period_labels: list[str]  # the ledger's columns: the last LEDGER_MONTHS of ``periods``
    summaries: list[PartySummary]
    scorecards: list[Scorecard]
    incidents: list[NumberedIncident]
    unattributed: list[NumberedIncident]
    unmapped: list[NumberedIncident]
    ledger: list[LedgerGroup]
    findings: dict[str, list[Finding]]  # party -> its commitments with evidence, most severe first
    benchmarks: list[BenchmarkRow]
    lookback_months: int | None
    footnotes: list[ClaimView]
    timeline_png: bytes | None
    map_png: bytes | None
    counts: dict[str, int]
    status_counts: list[tuple[str, int]]
    status_help: dict[str, str] = field(default_factory=lambda: dict(STATUS_HELP))
    commitment_status_help: dict[str, str] = field(default_factory=lambda: dict(COMMITMENT_STATUS_HELP))
    boundary_note: str = BOUNDARY_NOTE
    method_notes: list[tuple[str, str]] = field(default_factory=list)

    @property
    def timeline_uri(self) -> str | None:
        return png_data_uri(self.timeline_png) if self.timeline_png else None

    @property
    def map_uri(self) -> str | None:
        return png_data_uri(self.map_png) if self.map_png else None


# --- building it -----------------------------------------------------------------------------


def build_briefing(
    *,
    incidents: Iterable[Incident],
    claims: Iterable[Claim] | Mapping[str, Claim],
    commitments: Iterable[Commitment],
    assessment: AssessmentReport | None,
    documents: Iterable[Document] | Mapping[str, Document],
    sources: Mapping[str, Source],
    generated_at: datetime,
    title: str = DEFAULT_TITLE,
    actor_names: Mapping[str, str] | None = None,
    benchmarks: Sequence[Benchmark] | None = None,
    lookback_months: int | None = None,
    places: Sequence[Place] = (),
    charts: bool = True,
) -> Briefing:
    """Everything the briefing shows, decided once. ``benchmarks`` (the registry) gives titles and
    level criteria; ``places`` (the gazetteer) gives the map's reference cities and border crossings."""
    if actor_names is None:
        actor_names = knowledge_actor_names()
    commitments = list(commitments)
    view = Presentation(
        sources=sources,
        claims=claims,
        documents=documents,
        commitments=commitments,
        assessment=assessment,
        actor_names=actor_names,
    )
    numbering = Numbering()
    chronological = sorted(incidents, key=lambda i: (i.date is None, i.date.start if i.date else None, i.id))
    numbered: list[NumberedIncident] = []
    for n, incident in enumerate(chronological, start=1):
        perpetrators = sorted(
            {view.actor_label(a.actor) for a in incident.actors if a.role == "perpetrator" and a.actor}
        )
        location = incident.location
        numbered.append(
            NumberedIncident(
                number=n,
                view=view.incident_view(incident, numbering=numbering),
                perpetrators=perpetrators,
                mapped=location is not None and location.lat is not None and location.lon is not None,
            )
        )
    by_incident = {item.view.id: item for item in numbered}
    footnotes: dict[int, ClaimView] = {}
    for item in numbered:
        for claim_view in item.view.claims:
            footnotes.setdefault(claim_view.number, claim_view)

    def ref(evidence_id: str) -> EvidenceRef:
        item = by_incident.get(evidence_id)
        if item is not None:
            return EvidenceRef(evidence_id, item.label, item.anchor, "incident")
        claim = view.claims.get(evidence_id)
        if claim is not None and claim.review != "rejected":
            number = numbering.number(claim.id)
            if number not in footnotes:
                footnotes[number] = view.claim_view(claim, number)
            return EvidenceRef(evidence_id, f"[{number}]", f"fn-{number}", "claim")
        return EvidenceRef(evidence_id, evidence_id, "", "other")

    scorecards = view.scorecards()
    periods = sorted({row.period for card in scorecards for row in card.rows})
    ledger_periods = periods[-LEDGER_MONTHS:]
    registry = {b.id: b for b in benchmarks or []}
    ledger = _ledger(view, ledger_periods, ref)
    benchmark_rows = _benchmark_rows(view, assessment, registry, ref, periods[-1] if periods else None)
    summaries = _summaries(view, scorecards, benchmark_rows)

    dated = [i.date for i in chronological if i.date is not None]
    span = None
    if dated:
        first, last = min(d.start for d in dated), max(d.end for d in dated)
        span = format_date_range(DateRange(start=first, end=last, precision="day"))
    parties = view.party_voices()
    timeline = saydo_timeline_png(scorecards) if charts else None
    points = [
        MapPoint(
            label=item.label,
            lat=item.view.incident.location.lat,
            lon=item.view.incident.location.lon,
            status=item.view.status,
            killed=max([0, *(e.best for e in item.view.incident.estimates if e.outcome == "killed")]),
        )
        for item in numbered
        if item.mapped and item.view.status != "retracted"
    ]
    outside = {p.label for p in points if not in_data_frame(p)}
    for item in numbered:
        if item.label in outside:
            item.mapped = False
    # the countries drawn as the theatre: where the incidents took place
    points = [p for p in points if p.label not in outside]
    countries = sorted(
        {i.view.incident.location.country for i in numbered if i.mapped and i.view.incident.location.country}
    )
    map_png = (
        incident_map_png(points, places=places, parties_countries=countries) if (charts and points) else None
    )

    return Briefing(
        title=title,
        generated_at=generated_at,
        version=__version__,
        method=assessment.method if assessment else None,
        span=span,
        parties=parties,
        periods=periods,
        period_labels=[format_period(p) for p in ledger_periods],
        summaries=summaries,
        scorecards=scorecards,
        incidents=numbered,
        unattributed=[i for i in numbered if not i.perpetrators],
        unmapped=[i for i in numbered if not i.mapped],
        ledger=ledger,
        findings=_findings(view, periods, ref),
        benchmarks=benchmark_rows,
        lookback_months=lookback_months,
        footnotes=[footnotes[n] for n in sorted(footnotes)],
        timeline_png=timeline,
        map_png=map_png,
        counts={
            "documents": len(view.documents),
            "claims": len(view.claims),
            "incidents": len(numbered),
            "contested": sum(1 for i in numbered if i.view.status == "contested"),
            "commitments": len(commitments),
        },
        status_counts=status_counts(chronological),
        method_notes=method_notes(assessment.method if assessment else None, lookback_months),
    )


def _ledger(view: Presentation, periods: list[str], ref) -> list[LedgerGroup]:
    entries = view.ledger()
    by_period: dict[tuple[str, str], CommitmentStatusView] = {}
    if view.assessment is not None:
        for row in view.assessment.parties:
            for item in row.commitments:
                by_period[(item.id, row.period)] = view._status_view(item)
    groups: dict[str, list[LedgerRow]] = {}
    order: dict[str, tuple] = {}
    # pair each party's version of the same undertaking: instrument, then topic, then party
    for entry in sorted(
        entries,
        key=lambda e: (
            e.commitment.made_on,
            e.commitment.instrument,
            _topic(e.commitment.id),
            e.commitment.obligor,
        ),
    ):
        c = entry.commitment
        cells = [(format_period(p), by_period.get((c.id, p))) for p in periods]
        latest = entry.latest
        refs = [ref(i) for i in latest.evidence] if latest else []
        groups.setdefault(c.instrument, []).append(LedgerRow(entry=entry, cells=cells, refs=refs))
        order.setdefault(c.instrument, (c.made_on, c.instrument))
    # newest instrument first: what the next round of talks is about comes first
    return [
        LedgerGroup(instrument=k, rows=groups[k])
        for k in sorted(groups, key=lambda k: order[k], reverse=True)
    ]


def _findings(view: Presentation, periods: list[str], ref) -> dict[str, list[Finding]]:
    """Per party, each commitment's latest month shown with a status other than unverified."""
    found: dict[str, dict[str, tuple[str, object]]] = {party: {} for party in view.voices}
    if view.assessment is not None:
        shown = set(periods)
        for row in sorted(view.assessment.parties, key=lambda r: r.period):
            if row.period not in shown or row.party not in found:
                continue
            for item in row.commitments:
                if item.status != "unverified":
                    found[row.party][item.id] = (row.period, item)
    severity = {status: i for i, status in enumerate(COMMITMENT_STATUS_ORDER)}
    out: dict[str, list[Finding]] = {}
    for party, items in found.items():
        findings = []
        for cid, (period, item) in items.items():
            commitment = view.commitments.get(cid)
            label = view.commitment_label(cid) + (f" ({commitment.instrument})" if commitment else "")
            findings.append(
                Finding(cid, label, item.status, format_period(period), [ref(i) for i in item.evidence])
            )
        out[party] = sorted(findings, key=lambda f: (severity[f.status], f.commitment_id))
    return out


def _topic(commitment_id: str) -> str:
    parts = commitment_id.split(".")
    return ".".join(parts[:-1]) if len(parts) > 2 else commitment_id


def _benchmark_rows(
    view: Presentation, assessment, registry: Mapping[str, Benchmark], ref, period: str | None
) -> list[BenchmarkRow]:
    """Every benchmark's score for every party in ``period`` (the last month shown)."""
    if assessment is None or period is None:
        return []
    latest: dict[str, dict] = {}
    for row in assessment.parties:
        if row.period != period:
            continue
        for score in row.benchmarks:
            latest.setdefault(score.id, {})[row.party] = score
    ids = [b for b in registry if b in latest] + sorted(b for b in latest if b not in registry)
    rows = []
    for bid in ids:
        bench = registry.get(bid)
        cells = {}
        for party in sorted(view.voices):
            score = latest[bid].get(party)
            if score is None:
                continue
            cells[party] = BenchmarkCell(
                score=score.score,
                label=BENCHMARK_LEVELS[score.score],
                reason=_benchmark_reason(score),
                refs=[ref(i) for i in score.evidence],
            )
        rows.append(
            BenchmarkRow(
                id=bid,
                title=bench.title if bench else bid.replace("_", " "),
                question=bench.question if bench else "",
                levels=[(lv.level, lv.text) for lv in sorted(bench.levels, key=lambda lv: lv.level)]
                if bench
                else [],
                cells=cells,
            )
        )
    return rows


def _benchmark_reason(score) -> str:
    """A score's reason in plain words (the stored ``reason`` keeps the technical form)."""
    if not score.window:  # assessed by an older method: show its own reason
        return score.reason
    first, _, last = score.window.partition("..")
    span = (
        f"{format_period(first)} – {format_period(last)}" if last and last != first else format_period(first)
    )
    n = len(score.evidence)
    if n == 0:
        found = f"No implementation evidence in {span}"
    else:
        found = (
            f"{n} item{'s' if n != 1 else ''} in {span}, weight {score.weight:g}, "
            f"{score.independent} from an independent source"
        )
    if score.breach_weight:
        found += f"; breach weight {score.breach_weight:g} in the month"
    if score.next_level:
        found += f". Next: {score.next_level}"
    return found + "."


def _summaries(
    view: Presentation, scorecards: list[Scorecard], benchmark_rows: list[BenchmarkRow]
) -> list[PartySummary]:
    summaries = []
    for card in scorecards:
        last: ScorecardRow = card.rows[-1]
        counts = Counter(s.status for s in last.statuses)
        summaries.append(
            PartySummary(
                voice=card.voice,
                period_label=last.period_label,
                in_force=last.in_force,
                words=last.words,
                denials=last.denials,
                breach_weight=last.breach_weight,
                implementation_weight=last.implementation_weight,
                gap=last.gap,
                band=last.band,
                statuses=[(s, counts[s]) for s in COMMITMENT_STATUS_ORDER if counts.get(s)],
                benchmarks=[
                    (row.title, row.cells[card.voice.key].score)
                    for row in benchmark_rows
                    if card.voice.key in row.cells
                ],
                totals={
                    "words": sum(r.words for r in card.rows),
                    "denials": sum(r.denials for r in card.rows),
                    "breach": round(sum(r.breach_weight for r in card.rows), 6),
                    "implementation": round(sum(r.implementation_weight for r in card.rows), 6),
                },
                status_months=_status_months(card.rows),
                peak_gap=_peak_gap(card.rows),
            )
        )
    return summaries


def _status_months(rows: Sequence[ScorecardRow]) -> list[tuple[str, int]]:
    counts = Counter(s.status for r in rows for s in r.statuses if s.status != "unverified")
    return [(status, counts[status]) for status in COMMITMENT_STATUS_ORDER if counts.get(status)]


def _peak_gap(rows: Sequence[ScorecardRow]) -> str:
    top = max(rows, key=lambda r: (r.gap_value, r.gap_high, r.period))
    if top.gap_value == 0 and top.gap_high == 0:
        return "0.00"
    return f"{top.gap} ({top.band}), {top.period_label}"


def method_notes(method: str | None, lookback_months: int | None) -> list[tuple[str, str]]:
    """The assessment method in plain words, from the constants the code uses (so it cannot drift)."""
    from pledgewatch.assess import (
        BROKEN_AT,
        CLAIM_WEIGHT,
        KEPT_AT,
        STANDING_WORDS,
        STATUS_WEIGHTS,
        WORDS_SCALE,
    )

    weights = ", ".join(f"{s} {w:g}" for s, w in STATUS_WEIGHTS.items())
    lookback = f"{lookback_months} months" if lookback_months else "six months"
    return [
        (
            "Words",
            "A party's words are its own assurances, commitments, statements and denials in the month, "
            "spoken by its officials or issued by its official outlets. They are counted and shown, and "
            "never count as evidence that it kept a commitment: repeating an assurance or a denial cannot "
            "improve a status.",
        ),
        (
            "Evidence and its weight",
            f"Incidents (and, for rules about claims, single claims) matching a commitment's indicators, "
            f"weighted by how well they are established: {weights}; a claim not reconciled into an "
            f"incident weighs {CLAIM_WEIGHT:g}. An incident contested only by the judged party's own denial, "
            "or only because casualty figures diverge, is weighed at its event's corroboration without "
            "them, so a denial never lowers the weight. Implementation evidence must rest on at least one "
            "source outside the party: its own account of its compliance is words.",
        ),
        (
            "Commitment status (per month)",
            f"broken: breach weight {BROKEN_AT:g} or more; stalled: breach weight above 0 and below "
            f"{BROKEN_AT:g}, with no implementation evidence; in progress: implementation evidence beside a "
            f"smaller breach, or below {KEPT_AT:g} with no breach; kept: no breach and implementation "
            f"evidence weighing {KEPT_AT:g} or more; unverified: no evidence either way. Outcomes decide: "
            "implementation never offsets a breach.",
        ),
        (
            "Say–do gap",
            f"gap = say × do, where say = 1 − exp(−(words + standing) / {WORDS_SCALE:g}), standing = "
            f"{STANDING_WORDS} when a commitment of the party is in force (the promise on record counts as "
            "one "
            "word), and do = 1 − exp(−breach weight). 0 means deeds do not contradict words; it approaches 1 "
            "with many assurances and heavy breach evidence. The band recomputes it counting only "
            "corroborated and confirmed evidence (low) and every non-retracted item at full weight (high).",
        ),
        (
            "Verification benchmarks",
            "Six concrete steps, scored for every party on the Peace Accords Matrix scale (0 not initiated, "
            "1 minimal, 2 intermediate, 3 full) with the same level criteria for every party, from the "
            f"implementation evidence of the last {lookback} (the commitments that feed the benchmark and "
            "the benchmark's own indicators, written once for every party). Full implementation also "
            "needs an independent source and no significant breach in the month.",
        ),
        (
            "Neutrality",
            "Every rule reads roles (the party judged, the other party, independent sources), never names: "
            "swapping the parties' names in the inputs swaps every number in this briefing, which a test "
            f"checks. Method {method or 'not recorded'}.",
        ),
    ]


# --- HTML ------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _environment() -> Environment:
    # autoescape everything: claim texts, titles and URLs come from untrusted documents
    env = Environment(
        loader=PackageLoader("pledgewatch.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = format_number
    env.filters["b64"] = lambda data: base64.b64encode(data).decode("ascii")
    return env


def render_html(briefing: Briefing) -> str:
    return _environment().get_template("briefing.html").render(b=briefing)


def render_briefing(
    *,
    incidents: Iterable[Incident],
    claims: Iterable[Claim] | Mapping[str, Claim],
    commitments: Iterable[Commitment],
    assessment: AssessmentReport | None,
    documents: Iterable[Document] | Mapping[str, Document],
    sources: Mapping[str, Source],
    generated_at: datetime,
    title: str = DEFAULT_TITLE,
    actor_names: Mapping[str, str] | None = None,
    benchmarks: Sequence[Benchmark] | None = None,
    lookback_months: int | None = None,
    places: Sequence[Place] = (),
) -> str:
    """The briefing as one HTML string (see :func:`build_briefing` for the arguments).

    Every figure is shown as its source's claim with a footnote quoting the sentence it rests on.
    ``actor_names`` (actor id → display name) defaults to the packaged actor dictionary.
    """
    return render_html(
        build_briefing(
            incidents=incidents,
            claims=claims,
            commitments=commitments,
            assessment=assessment,
            documents=documents,
            sources=sources,
            generated_at=generated_at,
            title=title,
            actor_names=actor_names,
            benchmarks=benchmarks,
            lookback_months=lookback_months,
            places=places,
        )
    )


def write_briefing(path: str | Path, **inputs) -> Path:
    """Render the briefing (same arguments as :func:`render_briefing`) and write it to ``path``.

    A ``.pdf`` suffix writes the PDF; anything else the self-contained HTML (UTF-8).
    """
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    briefing = build_briefing(**inputs)
    if out.suffix.lower() == ".pdf":
        from pledgewatch.report.pdf import write_pdf

        return write_pdf(briefing, out)
    out.write_text(render_html(briefing), encoding="utf-8")
    return out


def write_briefings(paths: Sequence[str | Path], **inputs) -> list[Path]:
    """Build the briefing once and write it to every path (HTML or PDF by suffix)."""
    briefing = build_briefing(**inputs)
    written = []
    for path in paths:
        out = Path(path)
        out.parent.mkdir(parents=True, exist_ok=True)
        if out.suffix.lower() == ".pdf":
            from pledgewatch.report.pdf import write_pdf

            written.append(write_pdf(briefing, out))
        else:
            out.write_text(render_html(briefing), encoding="utf-8")
            written.append(out)
    return written


def briefing_numbers(briefing: Briefing) -> dict:
    """Every number the briefing shows, keyed by party id: what the symmetry test compares."""
    summaries = {
        s.voice.key: {
            "period": s.period_label,
            "in_force": s.in_force,
            "words": s.words,
            "denials": s.denials,
            "breach": s.breach_weight,
            "implementation": s.implementation_weight,
            "gap": s.gap,
            "band": s.band,
            "statuses": s.statuses,
            "totals": s.totals,
            "status_months": s.status_months,
            "peak_gap": s.peak_gap,
            "benchmarks": s.benchmarks,
        }
        for s in briefing.summaries
    }
    scorecards = {
        card.voice.key: [
            (
                r.period,
                r.words,
                r.denials,
                r.breach_weight,
                r.implementation_weight,
                r.gap,
                r.band,
                sorted((s.commitment_id, s.status) for s in r.statuses),
                sorted(r.benchmarks),
            )
            for r in card.rows
        ]
        for card in briefing.scorecards
    }
    ledger = {
        row.entry.commitment.id: [(label, cell.status if cell else None) for label, cell in row.cells]
        for group in briefing.ledger
        for row in group.rows
    }
    findings = {
        party: [(f.commitment_id, f.status, f.period_label, sorted(r.id for r in f.refs)) for f in items]
        for party, items in briefing.findings.items()
    }
    benchmarks = {
        row.id: {party: (cell.score, sorted(r.id for r in cell.refs)) for party, cell in row.cells.items()}
        for row in briefing.benchmarks
    }
    figures = {
        item.view.id: {
            key: sorted(
                row.label + " " + f.value for row in item.view.rows for f in row.by_voice.get(key, [])
            )
            for key in [v.key for v in item.view.voices]
        }
        for item in briefing.incidents
    }
    return {
        "summaries": summaries,
        "scorecards": scorecards,
        "ledger": ledger,
        "findings": findings,
        "benchmarks": benchmarks,
        "figures": figures,
        "counts": briefing.counts,
        "unattributed": sorted(i.view.id for i in briefing.unattributed),
    }


__all__ = [
    "Briefing",
    "briefing_numbers",
    "build_briefing",
    "party_of",
    "render_briefing",
    "render_html",
    "write_briefing",
    "write_briefings",
]
