"""Score the extractor against the hand-written gold in ``eval/gold/extraction``.

Per document, the extractor's claims become three lists — casualty figures, statements (claims that
are not event reports) and events — matched greedily one-to-one with the gold lists:

- figures on (outcome, group, side, low, high); on matched figures, speaker attribution compares
  ``claim.speaker.actor`` (None for the document's own voice or an unresolved speaker) with the gold
  speaker. Figures of claims with polarity "denied" are not asserted and are left out. Predictions
  repeating the same figure from the same speaker count once (the gold lists each figure once).
- statements on (kind, speaker).
- events on type, place (name, case-insensitive, or the same gazetteer place; the gold's
  ``place_also`` names are accepted too) and date (exact start, and end when the gold gives one).
  A prediction that only restates part of a gold event (same type, no place or no date) is counted
  as redundant, not as a false positive.

Secondary figures help debugging: a voice-aware attribution (the issuer of a party's release and
the document's own voice are treated as one speaker), per-field agreement on figure pairs anchored
on (outcome, low), and place/date agreement on events paired by type.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from eval.gold import GOLD_DIR, STYLES, GoldDocument, load_gold
from eval.results import (
    EvaluationResult,
    Metric,
    RunOptions,
    Section,
    fmt,
    place_id,
    shared_extractor,
    shared_gazetteer,
)
from eval.scoring import (
    FIGURE_FIELDS,
    Attribution,
    EventFields,
    EventMatch,
    FieldAgreement,
    Figure,
    Match,
    PlaceMatcher,
    PredictedEvent,
    Score,
    Statement,
    attribution,
    dedupe,
    event_field_agreement,
    field_agreement,
    match_events,
    match_figures,
    match_statements,
    names_equal,
    ratio,
)

NAME = "extraction"
TARGET_FIGURE_F1 = 0.90
TARGET_ATTRIBUTION = 0.90


# --- claims -> comparable items ------------------------------------------------------------------


def _speaker(claim: Any) -> str | None:
    return claim.speaker.actor if claim.speaker is not None else None


def figures_from_claims(claims: Iterable[Any]) -> list[Figure]:
    figures = []
    for claim in claims:
        if claim.polarity == "denied":
            continue
        for casualty in claim.casualties:
            figures.append(
                Figure(
                    outcome=casualty.outcome,
                    group=casualty.group,
                    side=casualty.side,
                    low=casualty.low,
                    high=casualty.high,
                    speaker=_speaker(claim),
                    text=casualty.text or claim.text[:100],
                )
            )
    return figures


def statements_from_claims(claims: Iterable[Any]) -> list[Statement]:
    return [
        Statement(kind=claim.kind, speaker=_speaker(claim), text=claim.text[:100])
        for claim in claims
        if claim.kind != "event_report"
    ]


def events_from_claims(claims: Iterable[Any]) -> list[PredictedEvent]:
    events = []
    for claim in claims:
        event = claim.event
        if event is None or not event.type or claim.polarity == "denied":
            continue
        events.append(
            PredictedEvent(
                type=event.type,
                place=event.location.name if event.location is not None else None,
                date=event.date.start if event.date is not None else None,
                date_end=event.date.end if event.date is not None else None,
            )
        )
    return events


def make_place_matcher(gazetteer: Any) -> PlaceMatcher:
    """Same name (normalised), or both names resolve to the same gazetteer place."""
    ids: dict[str, str | None] = {}

    def resolve(name: str) -> str | None:
        if name not in ids:
            ids[name] = place_id(gazetteer, name)
        return ids[name]

    def same_place(gold_name: str, predicted_name: str) -> bool:
        if names_equal(gold_name, predicted_name):
            return True
        gold_id = resolve(gold_name)
        return gold_id is not None and gold_id == resolve(predicted_name)

    return same_place


# --- scoring one document ------------------------------------------------------------------------


@dataclass
class DocumentScore:
    name: str
    style: str
    claims: int = 0
    error: str | None = None
    figures: Match = field(default_factory=Match)
    duplicate_figures: int = 0
    attribution: Attribution = field(default_factory=Attribution)
    attribution_voice: Attribution = field(default_factory=Attribution)
    fields: FieldAgreement = field(default_factory=FieldAgreement)
    statements: Match = field(default_factory=Match)
    statements_voice: Match = field(default_factory=Match)
    statements_kind: Match = field(default_factory=Match)
    events: EventMatch = field(default_factory=EventMatch)
    event_fields: EventFields = field(default_factory=EventFields)

    def issues(self) -> list[str]:
        lines = [f"error: {self.error}"] if self.error else []
        lines += [f"missed figure   {g.describe()}  «{g.text}»" for g in self.figures.missed]
        lines += [f"spurious figure {p.describe()}  «{p.text}»" for p in self.figures.spurious]
        lines += [
            f"wrong speaker   {g.describe()} <- predicted {p.speaker or 'null'}"
            for g, p in self.figures.pairs
            if g.speaker != p.speaker
        ]
        lines += [f"missed statement   {g.describe()}  «{g.text}»" for g in self.statements.missed]
        lines += [f"spurious statement {p.describe()}  «{p.text}»" for p in self.statements.spurious]
        lines += [f"missed event   {g.describe()}" for g in self.events.missed]
        lines += [f"spurious event {p.describe()}" for p in self.events.spurious]
        return lines

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "style": self.style,
            "claims": self.claims,
            "error": self.error,
            "figures": asdict(self.figures.score),
            "duplicate_figures": self.duplicate_figures,
            "attribution": {"correct": self.attribution.correct, "total": self.attribution.total},
            "statements": asdict(self.statements.score),
            "events": {**asdict(self.events.score), "redundant": len(self.events.redundant)},
            "issues": self.issues(),
        }


def score_document(
    gold: GoldDocument,
    claims: Sequence[Any],
    same_place: PlaceMatcher = names_equal,
    error: str | None = None,
) -> DocumentScore:
    predicted_figures, duplicates = dedupe(figures_from_claims(claims), key=lambda f: f.identity)
    predicted_events, _ = dedupe(events_from_claims(claims), key=lambda e: e)
    score = score_items(gold, predicted_figures, statements_from_claims(claims), predicted_events, same_place)
    score.claims, score.error, score.duplicate_figures = len(claims), error, duplicates
    return score


def score_items(
    gold: GoldDocument,
    predicted_figures: Sequence[Figure],
    predicted_statements: Sequence[Statement],
    predicted_events: Sequence[PredictedEvent],
    same_place: PlaceMatcher = names_equal,
) -> DocumentScore:
    """One document's scores for any list of predicted items: the extractor's, or a second coder's."""
    figures = match_figures(gold.figures, predicted_figures)
    return DocumentScore(
        name=gold.name,
        style=gold.style,
        figures=figures,
        attribution=attribution(figures.pairs),
        attribution_voice=attribution(figures.pairs, voice=gold.voice),
        fields=field_agreement(gold.figures, predicted_figures),
        statements=match_statements(gold.statements, predicted_statements),
        statements_voice=match_statements(gold.statements, predicted_statements, voice=gold.voice),
        statements_kind=match_statements(gold.statements, predicted_statements, kind_only=True),
        events=match_events(gold.events, predicted_events, same_place),
        event_fields=event_field_agreement(gold.events, predicted_events, same_place),
    )


# --- totals --------------------------------------------------------------------------------------


def _total(scores: Iterable[Any], start: Any) -> Any:
    total = start
    for score in scores:
        total = total + score
    return total


def summarize(scores: Sequence[DocumentScore]) -> list[Metric]:
    figures = _total((s.figures.score for s in scores), Score())
    attrib = _total((s.attribution for s in scores), Attribution())
    attrib_voice = _total((s.attribution_voice for s in scores), Attribution())
    statements = _total((s.statements.score for s in scores), Score())
    statements_voice = _total((s.statements_voice.score for s in scores), Score())
    statements_kind = _total((s.statements_kind.score for s in scores), Score())
    events = _total((s.events.score for s in scores), Score())
    redundant = sum(len(s.events.redundant) for s in scores)
    return [
        Metric("casualty figures F1", figures.f1, TARGET_FIGURE_F1, figures.counts()),
        Metric("casualty figures precision", figures.precision),
        Metric("casualty figures recall", figures.recall),
        Metric(
            "speaker attribution accuracy",
            attrib.accuracy,
            TARGET_ATTRIBUTION,
            f"{attrib.correct}/{attrib.total}",
        ),
        Metric(
            "  attribution, voice-aware",
            attrib_voice.accuracy,
            detail=f"{attrib_voice.correct}/{attrib_voice.total} (issuer = own voice)",
        ),
        Metric("statements F1 (kind, speaker)", statements.f1, detail=statements.counts()),
        Metric("statements precision", statements.precision),
        Metric("statements recall", statements.recall),
        Metric("  statements F1, voice-aware", statements_voice.f1, detail=statements_voice.counts()),
        Metric("  statements F1, kind only", statements_kind.f1, detail=statements_kind.counts()),
        Metric("events F1 (type, place, date)", events.f1, detail=f"{events.counts()} redundant={redundant}"),
        Metric("events precision", events.precision),
        Metric("events recall", events.recall),
    ]


def breakdown_sections(scores: Sequence[DocumentScore]) -> list[Section]:
    fields = _total((s.fields for s in scores), FieldAgreement())
    field_rows = [
        [
            "anchored pairs",
            f"{fields.anchored}/{fields.gold}",
            "gold figures with a prediction of same outcome+low",
        ]
    ]
    field_rows += [
        [name, fmt(ratio(fields.agree[name], fields.anchored)), f"{fields.agree[name]}/{fields.anchored}"]
        for name in FIGURE_FIELDS
    ]
    ev = _total((s.event_fields for s in scores), EventFields())
    event_rows = [
        ["type-paired events", f"{ev.typed}/{ev.gold}", "gold events with a prediction of the same type"],
        ["place", fmt(ratio(ev.place, ev.typed)), f"{ev.place}/{ev.typed}"],
        ["date", fmt(ratio(ev.date, ev.typed)), f"{ev.date}/{ev.typed}"],
    ]
    style_rows = []
    for style, label in STYLES.items():
        group = [s for s in scores if s.style == style]
        if not group:
            continue
        fig = _total((s.figures.score for s in group), Score())
        att = _total((s.attribution for s in group), Attribution())
        st = _total((s.statements.score for s in group), Score())
        ev_score = _total((s.events.score for s in group), Score())
        style_rows.append(
            [label, str(len(group)), fmt(fig.f1), fmt(att.accuracy), fmt(st.f1), fmt(ev_score.f1)]
        )
    return [
        Section(
            "casualty fields on pairs anchored on (outcome, low)", ["field", "agreement", "n"], field_rows
        ),
        Section("events paired by type", ["field", "agreement", "count"], event_rows),
        Section(
            "by style",
            ["style", "docs", "figures F1", "attribution", "statements F1", "events F1"],
            style_rows,
        ),
    ]


# --- running -------------------------------------------------------------------------------------


def document_builder(notes: list[str]) -> Callable[[GoldDocument], Any]:
    """``pledgewatch.ingest.parse_document`` when it imports; else a Document from the front matter."""
    try:
        from pledgewatch.ingest import parse_document
    except ImportError as error:
        notes.append(f"pledgewatch.ingest.parse_document not importable ({error}); Document built here")
        from pledgewatch.models import Document, document_id_for

        def build(gold: GoldDocument) -> Any:
            meta = gold.front_matter
            return Document(
                id=document_id_for(gold.raw),
                path=str(gold.path),
                title=meta.get("title"),
                source=meta.get("source"),
                published=gold.published,
                published_from="front_matter" if gold.published else "none",
                url=meta.get("url"),
                media_type="text/markdown",
                text=gold.body,
            )

        return build

    return lambda gold: parse_document(gold.raw, path=str(gold.path), suffix=".md")


def run(options: RunOptions) -> EvaluationResult:
    return run_on(options)


def run_on(options: RunOptions, *, name: str = NAME, gold_dir: Path = GOLD_DIR) -> EvaluationResult:
    """The extraction evaluation on any folder of gold documents (same conventions and metrics)."""
    repo = GOLD_DIR.parents[2]
    label = gold_dir.relative_to(repo).as_posix() if gold_dir.is_relative_to(repo) else str(gold_dir)
    result = EvaluationResult(name, f"Extraction vs gold ({label})")
    started = time.perf_counter()
    try:
        golds = load_gold(gold_dir)
        extractor = shared_extractor()
    except ImportError as error:
        result.skipped = f"the extractor does not import yet ({error})"
        return result
    build = document_builder(result.notes)
    gazetteer, why_not = shared_gazetteer()
    if why_not:
        result.notes.append(why_not)
    same_place = make_place_matcher(gazetteer)

    scores = []
    for gold in golds:
        claims: list[Any] = []
        error = None
        try:
            claims = list(extractor.extract(build(gold)))
        except Exception as exc:  # one broken document must not hide the other scores; it is reported
            error = f"{type(exc).__name__}: {exc}"
        scores.append(score_document(gold, claims, same_place, error))

    result.metrics = summarize(scores)
    result.sections = breakdown_sections(scores)
    duplicates = sum(s.duplicate_figures for s in scores)
    if duplicates:
        result.notes.append(f"{duplicates} repeated predicted figures (same figure and speaker) counted once")
    failed = [s.name for s in scores if s.error]
    if failed:
        result.notes.append(f"extract() raised on {len(failed)} document(s): {', '.join(failed)}")
    result.notes.append(
        f"{len(golds)} documents, {sum(len(g.figures) for g in golds)} gold figures, "
        f"{sum(len(g.statements) for g in golds)} statements, {sum(len(g.events) for g in golds)} events"
    )
    result.details = {"documents": [s.to_json() for s in scores]}
    result.seconds = time.perf_counter() - started
    if options.verbose:
        print_issues(scores, options.console)
    return result


def print_issues(scores: Sequence[DocumentScore], console: Any) -> None:
    """Every document's misses, spurious items and wrong speakers (``--verbose``)."""
    for score in scores:
        issues = score.issues()
        if issues:
            console.print(f"[bold]{score.name}[/bold] ({score.claims} claims)")
            for line in issues:
                console.print(f"    {line}", highlight=False, markup=False)
