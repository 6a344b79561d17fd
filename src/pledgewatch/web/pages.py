"""Dashboard pages: server-rendered Jinja2 templates, no JavaScript.

Each page gathers what it shows through the store (no SQL here), builds view models with
``pledgewatch.report.views`` (shared with the briefing, so both say the same thing the same way) and
renders a template. Templates autoescape everything: document text is untrusted.

Read pages take ``Reader`` (viewers and above, or anyone with ``public_read``); the review queue,
the review actions and the audit page live in ``web/review.py``, logins and users in ``web/team.py``.
"""

from __future__ import annotations

import dataclasses
import math
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from pledgewatch.api.auth import Reader
from pledgewatch.api.caching import aggregates
from pledgewatch.api.deps import SessionDep
from pledgewatch.errors import NotFoundError
from pledgewatch.models import Claim, Incident, IncidentStatus
from pledgewatch.report.charts import png_data_uri, words_vs_breaches_png
from pledgewatch.report.views import (
    STATUS_HELP,
    Presentation,
    format_period,
    knowledge_actor_names,
    party_of,
    safe_url,
)
from pledgewatch.store import browse
from pledgewatch.store import repository as repo
from pledgewatch.web import maps
from pledgewatch.web.render import app_path, error_page, login_redirect, render, with_query

__all__ = ["error_page", "login_redirect", "router"]

router = APIRouter(include_in_schema=False)

DASHBOARD_INCIDENTS = 25
PAGE_SIZE = 50  # incidents per page of the table: each shows every side's figures
MAX_PAGE = 1_000_000
PARTY_WORDS = 30


# --- gathering -------------------------------------------------------------------------------


def actor_names(session: Session, request: Request) -> dict[str, str]:
    """Display names from the store's actors, else from the actor dictionary in the knowledge folder."""
    stored = {actor.id: actor.name for actor in repo.list_actors(session)}
    return stored or knowledge_actor_names(request.app.state.settings.knowledge_dir)


def presentation_for(
    session: Session, request: Request, incidents: list[Incident], *, claims: list[Claim] = ()
) -> Presentation:
    """Everything the views need to attribute the given incidents' claims (and ``claims``) and show
    the scores; claims and documents are fetched in batches."""
    claim_ids = {link.claim_id for incident in incidents for link in incident.claims}
    found = browse.claims_by_id(session, claim_ids=claim_ids)
    found.update({claim.id: claim for claim in claims})
    document_ids = {c.document_id for c in found.values() if c.document_id}
    return Presentation(
        sources=repo.get_sources(session),
        claims=found,
        documents=browse.documents_by_id(session, document_ids=document_ids),
        commitments=repo.list_commitments(session),
        assessment=repo.get_assessment(session),
        actor_names=actor_names(session, request),
    )


# --- dashboard -------------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request, session: SessionDep, _: Reader) -> HTMLResponse:
    counts = repo.counts(session)
    incidents = browse.search_incidents(session, where=browse.IncidentFilter(), limit=DASHBOARD_INCIDENTS)
    view = presentation_for(session, request, incidents)
    scorecards = view.scorecards()
    chart = words_vs_breaches_png(scorecards)
    return render(
        request,
        "dashboard.html",
        nav="dashboard",
        counts=counts,
        incidents=[view.incident_view(incident) for incident in incidents],
        more_incidents=counts.get("incidents", 0) > len(incidents),
        voices=[*view.party_voices(), view.independent],
        scorecards=scorecards,
        gap_scale=view.gap_scale(width=120),
        chart=png_data_uri(chart) if chart else None,
        method=view.assessment.method if view.assessment else None,
        parties=view.party_voices(),
        status_summary=status_summary,
    )


# --- incidents: filterable table, map, timeline ----------------------------------------------


@router.get("/incidents", response_class=HTMLResponse)
def incidents_page(
    request: Request,
    session: SessionDep,
    _: Reader,
    status: Annotated[IncidentStatus | None, Query()] = None,
    event_type: Annotated[str | None, Query(alias="type", max_length=60)] = None,
    country: Annotated[str | None, Query(pattern=r"^[A-Z]{2}$")] = None,
    admin1: Annotated[str | None, Query(max_length=200)] = None,
    date_from: Annotated[date | None, Query(alias="from")] = None,
    date_to: Annotated[date | None, Query(alias="to")] = None,
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
) -> HTMLResponse:
    where = browse.IncidentFilter(
        status=status,
        type=event_type or None,
        country=country or None,
        admin1=admin1 or None,
        date_from=date_from,
        date_to=date_to,
    )
    total = browse.count_incidents(session, where=where)
    pages = max(1, math.ceil(total / PAGE_SIZE))
    incidents = browse.search_incidents(session, where=where, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    view = presentation_for(session, request, incidents)
    base = request.scope.get("root_path", "") + request.app.url_path_for("incidents_page")
    filters = {
        "status": status,
        "type": where.type,
        "country": where.country,
        "admin1": where.admin1,
        "from": date_from.isoformat() if date_from else None,
        "to": date_to.isoformat() if date_to else None,
    }

    def place_href(place_country: str | None, place_admin1: str | None) -> str:
        return with_query(base, **{**filters, "country": place_country, "admin1": place_admin1})

    def range_href(start: date, end: date) -> str:
        return with_query(base, **{**filters, "from": start.isoformat(), "to": end.isoformat()})

    cache = aggregates(request.app)
    everything = browse.IncidentFilter()
    places_all = cache.get(("places", everything), lambda: browse.incident_places(session, where=everything))
    places = (
        places_all
        if where.is_empty
        else cache.get(("places", where), lambda: browse.incident_places(session, where=where))
    )
    incident_map = maps.incident_map(
        knowledge_dir=request.app.state.settings.knowledge_dir,
        counts=places,
        page_incidents=incidents,
        title=view.incident_title,
        place_href=place_href,
        incident_href=lambda incident_id: app_path(request.app, "incident_page", incident_id=incident_id),
    )
    return render(
        request,
        "incidents.html",
        nav="incidents",
        incidents=[view.incident_view(incident) for incident in incidents],
        voices=[*view.party_voices(), view.independent],
        filters=filters,
        filtered=not where.is_empty,
        status=status,
        statuses=list(STATUS_HELP),
        types=cache.get("types", lambda: browse.incident_type_counts(session)),
        countries=sorted({c for c, _a, _n in places_all if c}),
        provinces=sorted({(c or "", a) for c, a, _n in places_all if a}),
        total=total,
        page=page,
        pages=pages,
        prev_href=with_query(base, **filters, page=page - 1) if page > 1 else None,
        next_href=with_query(base, **filters, page=page + 1) if page < pages else None,
        map=incident_map,
        by_status=cache.get(
            ("status", dataclasses.replace(where, status=None)),
            lambda: browse.incident_status_counts(session, where=dataclasses.replace(where, status=None)),
        ),
        timeline=maps.timeline(
            **cache.get(("timeline", where), lambda: _timeline_counts(session, where)),
            total=total,
            range_href=range_href,
        ),
    )


def _timeline_counts(session: Session, where: browse.IncidentFilter) -> dict:
    first, last = browse.incident_span(session, where=where)
    unit = maps.timeline_unit(first, last)
    return {"unit": unit, "counts": browse.incident_timeline_counts(session, where=where, unit=unit)}


@router.get("/incidents/{incident_id}", response_class=HTMLResponse)
def incident_page(incident_id: str, request: Request, session: SessionDep, _: Reader) -> HTMLResponse:
    incident = repo.get_incident(session, incident_id=incident_id)
    if incident is None:
        raise NotFoundError(
            f"no incident with id {incident_id!r}", hint="see the list of incidents at /incidents"
        )
    view = presentation_for(session, request, [incident])
    history = repo.list_audit(session, entity=f"incident:{incident_id}", limit=20)
    return render(
        request,
        "incident.html",
        nav="incidents",
        inc=view.incident_view(incident),
        statuses=list(STATUS_HELP),
        history=history,
    )


# --- commitments and parties -----------------------------------------------------------------


@router.get("/commitments", response_class=HTMLResponse)
def commitments_page(request: Request, session: SessionDep, _: Reader) -> HTMLResponse:
    view = presentation_for(session, request, [])
    return render(
        request,
        "commitments.html",
        nav="commitments",
        ledger=view.ledger(),
        periods=view.assessment.periods if view.assessment else [],
        method=view.assessment.method if view.assessment else None,
        evidence_link=view.evidence_link,
        parties=view.party_voices(),
    )


@router.get("/parties", response_class=HTMLResponse)
def parties_page(request: Request, session: SessionDep, _: Reader) -> HTMLResponse:
    view = presentation_for(session, request, [])
    cards = {card.voice.key: card for card in view.scorecards()}
    ledger = view.ledger()
    rows = view.assessment.parties if view.assessment else []
    parties = [
        {
            "voice": voice,
            "card": cards.get(voice.key),
            "commitments": sum(1 for e in ledger if party_of(e.commitment.obligor) == voice.key),
            "chart": party_chart(
                sorted((r for r in rows if r.party == voice.key), key=lambda r: r.period),
                peak=chart_peak(view.assessment),
                width=600,
                height=150,
            ),
        }
        for voice in view.party_voices()
    ]
    return render(
        request,
        "parties.html",
        nav="parties",
        parties=parties,
        gap_scale=view.gap_scale(width=120),
        method=view.assessment.method if view.assessment else None,
    )


@router.get("/parties/{party}", response_class=HTMLResponse)
def party_page(party: str, request: Request, session: SessionDep, _: Reader) -> HTMLResponse:
    """One party's words against its deeds over time: every month's own assurances (words) beside
    the weighted breach evidence, the gap with its band, the commitments and their statuses."""
    assessment = repo.get_assessment(session)
    rows = sorted(
        (r for r in (assessment.parties if assessment else []) if r.party == party), key=lambda r: r.period
    )
    word_ids = [claim_id for row in rows for claim_id in row.word_claims]
    words = browse.claims_by_id(session, claim_ids=word_ids[-PARTY_WORDS * 3 :])
    view = presentation_for(session, request, [], claims=list(words.values()))
    if party not in view.voices:
        raise NotFoundError(
            f"no tracked party {party!r}",
            hint="parties are commitment obligors and assessed parties; see /parties",
        )
    voice = view.voice(party)
    card = next((c for c in view.scorecards() if c.voice.key == party), None)
    ledger = [e for e in view.ledger() if party_of(e.commitment.obligor) == party]
    recent_words = sorted(
        words.values(),
        key=lambda c: (
            (view.documents[c.document_id].published or date.min)
            if c.document_id in view.documents
            else date.min
        ),
        reverse=True,
    )[:PARTY_WORDS]
    return render(
        request,
        "party.html",
        nav="parties",
        voice=voice,
        card=card,
        chart=party_chart(rows, peak=chart_peak(assessment)),
        ledger=ledger,
        words=[view.claim_view(claim, number) for number, claim in enumerate(recent_words, start=1)],
        gap_scale=view.gap_scale(width=120),
        method=assessment.method if assessment else None,
        evidence_link=view.evidence_link,
        status_summary=status_summary,
    )


def _nice_step(top: float, ticks: int = 4) -> float:
    """A round step (1, 2, 2.5 or 5 × 10^k) that covers ``top`` in about ``ticks`` steps."""
    raw = max(top, 1e-9) / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)


def chart_peak(assessment) -> float:
    """The largest words or breach weight of any party: every party's chart uses this one scale."""
    rows = assessment.parties if assessment else []
    return max([1.0, *(r.words for r in rows), *(r.breach_weight for r in rows)])


def party_chart(rows, *, peak: float, width: int = 1000, height: int = 220) -> dict | None:
    """Words (bars) and breach weight (line) per month on one scale — numbers for an inline SVG.
    Every assessed month is drawn, quiet ones too: the time axis stays honest. ``peak`` is shared by
    all parties (``chart_peak``), so no party's chart is magnified against another's."""
    if not rows:
        return None
    top, bottom, left = 10, 24, 40
    plot = height - top - bottom
    step_value = _nice_step(peak)
    top_value = step_value * math.ceil(peak / step_value)
    step = (width - left) / len(rows)

    def y(value: float) -> float:
        return round(top + plot - value / top_value * plot, 1)

    months = []
    for i, row in enumerate(rows):
        months.append(
            {
                "x": round(left + i * step + step * 0.15, 1),
                "w": round(max(step * 0.7, 1.0), 1),
                "cx": round(left + i * step + step / 2, 1),
                "words": row.words,
                "wy": y(row.words),
                "wh": round(top + plot - y(row.words), 1),
                "breach": row.breach_weight,
                "by": y(row.breach_weight),
                "label": format_period(row.period),
                "gap": row.gap.value,
            }
        )
    ticks = []
    value = 0.0
    while value <= top_value + 1e-9:
        ticks.append((value, y(value)))
        value += step_value
    every = max(1, math.ceil(len(months) / 10))
    return {
        "width": width,
        "height": height,
        "left": left,
        "months": months,
        "line": " ".join(f"{m['cx']},{m['by']}" for m in months),
        "ticks": ticks,
        "labels": [m for i, m in enumerate(months) if i % every == 0 and m["cx"] < width - 28],
        "dots": len(months) <= 40,
    }


def status_summary(statuses) -> list[tuple[str, int, str]]:
    """Commitment statuses of one month as (status, how many, which), worst first."""
    order = ["broken", "stalled", "unverified", "in_progress", "kept"]
    grouped: dict[str, list[str]] = {}
    for item in statuses:
        grouped.setdefault(item.status, []).append(item.label)
    return [
        (status, len(grouped[status]), "; ".join(sorted(set(grouped[status]))))
        for status in sorted(grouped, key=lambda s: order.index(s) if s in order else len(order))
    ]


# --- documents -------------------------------------------------------------------------------


@router.get("/documents/{document_id}", response_class=HTMLResponse)
def document_page(document_id: str, request: Request, session: SessionDep, _: Reader) -> HTMLResponse:
    document = repo.get_document(session, document_id=document_id)
    if document is None:
        raise NotFoundError(
            f"no document with id {document_id!r}", hint="documents are linked from incidents"
        )
    claims = repo.list_claims(session, document_id=document.id, include_rejected=True)
    view = Presentation(
        sources=repo.get_sources(session),
        claims=claims,
        documents=[document],
        commitments=repo.list_commitments(session),
        assessment=None,
        actor_names=actor_names(session, request),
    )
    claim_views = [view.claim_view(claim, number) for number, claim in enumerate(claims, start=1)]
    source = view.sources.get(document.source or "")
    return render(
        request,
        "document.html",
        nav="",
        document=document,
        source=source,
        affiliation=view.actor_label(source.affiliation) if source else "",
        claims=claim_views,
        segments=highlight_segments(document.text, claims),
        url=safe_url(document.url),
    )


def highlight_segments(text: str, claims: list[Claim]) -> list[tuple[str, int | None, str | None]]:
    """The text cut into (piece, claim number, claim id) so claim spans can be marked without
    building HTML in Python; overlapping spans keep the first claim."""
    spans = sorted(
        (max(0, c.span[0]), min(len(text), c.span[1]), number, c.id)
        for number, c in enumerate(claims, start=1)
        if c.span[1] > c.span[0]
    )
    segments: list[tuple[str, int | None, str | None]] = []
    cursor = 0
    for start, end, number, claim_id in spans:
        if start < cursor:
            continue
        if start > cursor:
            segments.append((text[cursor:start], None, None))
        segments.append((text[start:end], number, claim_id))
        cursor = end
    if cursor < len(text):
        segments.append((text[cursor:], None, None))
    return segments
