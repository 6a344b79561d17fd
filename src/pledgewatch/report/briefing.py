"""The briefing: one self-contained HTML file (inline CSS, charts as inline PNG, no external assets).

It can be e-mailed, archived or opened on an air-gapped laptop, and reads the same in print.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined

from pledgewatch import __version__
from pledgewatch.models import AssessmentReport, Claim, Commitment, DateRange, Document, Incident, Source
from pledgewatch.report.charts import png_data_uri, words_vs_breaches_png
from pledgewatch.report.views import (
    COMMITMENT_STATUS_HELP,
    STATUS_HELP,
    Numbering,
    Presentation,
    format_date_range,
    format_number,
    knowledge_actor_names,
    sorted_incidents,
    status_counts,
)


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
    return env


def render_briefing(
    *,
    incidents: Iterable[Incident],
    claims: Iterable[Claim] | Mapping[str, Claim],
    commitments: Iterable[Commitment],
    assessment: AssessmentReport | None,
    documents: Iterable[Document] | Mapping[str, Document],
    sources: Mapping[str, Source],
    generated_at: datetime,
    title: str = "Commitments and incidents briefing",
    actor_names: Mapping[str, str] | None = None,
) -> str:
    """The briefing as one HTML string: summary, incidents side by side, ledger, scorecards, method.

    Every figure is shown as its source's claim with a footnote quoting the sentence it rests on.
    ``actor_names`` (actor id → display name) defaults to the packaged actor dictionary.
    """
    if actor_names is None:
        actor_names = knowledge_actor_names()
    incidents = sorted_incidents(list(incidents))
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
    incident_views = [view.incident_view(incident, numbering=numbering) for incident in incidents]
    footnotes = {}
    for incident_view in incident_views:
        for claim_view in incident_view.claims:
            footnotes.setdefault(claim_view.number, claim_view)

    scorecards = view.scorecards()
    chart = words_vs_breaches_png(scorecards)
    dated = [i.date for i in incidents if i.date is not None]
    span = None
    if dated:
        first, last = min(d.start for d in dated), max(d.end for d in dated)
        span = format_date_range(DateRange(start=first, end=last, precision="day"))

    return (
        _environment()
        .get_template("briefing.html")
        .render(
            title=title,
            generated_at=generated_at,
            version=__version__,
            method=assessment.method if assessment else None,
            periods=assessment.periods if assessment else [],
            incidents=incident_views,
            incident_ids={i.id for i in incidents},
            span=span,
            status_counts=status_counts(incidents),
            n_contested=sum(1 for i in incidents if i.status == "contested"),
            n_documents=len(view.documents),
            n_claims=len(view.claims),
            ledger=view.ledger(),
            scorecards=scorecards,
            gap_scale=view.gap_scale(width=120),
            chart=png_data_uri(chart) if chart else None,
            footnotes=[footnotes[n] for n in sorted(footnotes)],
            status_help=STATUS_HELP,
            commitment_status_help=COMMITMENT_STATUS_HELP,
            parties=view.party_voices(),
        )
    )


def write_briefing(
    path: str | Path,
    *,
    incidents: Iterable[Incident],
    claims: Iterable[Claim] | Mapping[str, Claim],
    commitments: Iterable[Commitment],
    assessment: AssessmentReport | None,
    documents: Iterable[Document] | Mapping[str, Document],
    sources: Mapping[str, Source],
    generated_at: datetime,
    title: str = "Commitments and incidents briefing",
    actor_names: Mapping[str, str] | None = None,
) -> Path:
    """Render the briefing and write it to ``path`` (UTF-8); returns the path written."""
    html = render_briefing(
        incidents=incidents,
        claims=claims,
        commitments=commitments,
        assessment=assessment,
        documents=documents,
        sources=sources,
        generated_at=generated_at,
        title=title,
        actor_names=actor_names,
    )
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")
    return out
