"""Dashboard pages: server-rendered Jinja2 templates, no JavaScript.

Each page gathers what it shows through the repository (no SQL here), builds view models with
``pledgewatch.report.views`` (shared with the briefing, so both say the same thing the same way) and
renders a template. Templates autoescape everything: document text is untrusted.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context
from sqlalchemy.orm import Session

from pledgewatch import __version__
from pledgewatch.api.deps import SessionDep
from pledgewatch.errors import NotFoundError
from pledgewatch.models import Claim, Document, Incident, IncidentStatus
from pledgewatch.report.charts import png_data_uri, words_vs_breaches_png
from pledgewatch.report.views import (
    COMMITMENT_STATUS_HELP,
    STATUS_HELP,
    Presentation,
    format_day,
    format_number,
    humanize,
    knowledge_actor_names,
    safe_url,
    status_counts,
)
from pledgewatch.store import repository as repo

router = APIRouter(include_in_schema=False)

DASHBOARD_INCIDENTS = 25
PAGE_SIZE = 100


@pass_context
def path_for(context, name: str, /, **params: object) -> str:
    """A root-relative link (``/incidents/...``): never an absolute URL built from the Host header."""
    request: Request = context["request"]
    return request.scope.get("root_path", "") + request.app.url_path_for(name, **params)


@lru_cache(maxsize=1)
def templates() -> Jinja2Templates:
    env = Environment(
        loader=PackageLoader("pledgewatch.web", "templates"),
        autoescape=True,  # never turned off: claim texts, titles and URLs come from documents
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = format_number
    env.filters["humanize"] = humanize
    env.filters["day"] = format_day
    env.filters["safe_url"] = safe_url
    env.globals["path_for"] = path_for
    env.globals["version"] = __version__
    env.globals["status_help"] = STATUS_HELP
    env.globals["commitment_status_help"] = COMMITMENT_STATUS_HELP
    return Jinja2Templates(env=env)


def render(request: Request, name: str, status_code: int = 200, **context) -> HTMLResponse:
    return templates().TemplateResponse(request, name, context, status_code=status_code)


def error_page(request: Request, *, status: int, message: str) -> HTMLResponse:
    return render(request, "error.html", status_code=status, status=status, message=message, nav="")


# --- gathering -------------------------------------------------------------------------------


def _claims_of(session: Session, incidents: list[Incident]) -> dict[str, Claim]:
    claims: dict[str, Claim] = {}
    for incident in incidents:
        for link in incident.claims:
            if link.claim_id not in claims:
                claim = repo.get_claim(session, claim_id=link.claim_id)
                if claim is not None:
                    claims[claim.id] = claim
    return claims


def _documents_of(session: Session, claims: dict[str, Claim]) -> dict[str, Document]:
    documents: dict[str, Document] = {}
    for document_id in {c.document_id for c in claims.values() if c.document_id}:
        document = repo.get_document(session, document_id=document_id)
        if document is not None:
            documents[document.id] = document
    return documents


def actor_names(session: Session, request: Request) -> dict[str, str]:
    """Display names from the store's actors, else from the actor dictionary in the knowledge folder."""
    stored = {actor.id: actor.name for actor in repo.list_actors(session)}
    return stored or knowledge_actor_names(request.app.state.settings.knowledge_dir)


def presentation_for(session: Session, request: Request, incidents: list[Incident]) -> Presentation:
    """Everything the views need to attribute the given incidents' claims and show the scores."""
    claims = _claims_of(session, incidents)
    return Presentation(
        sources=repo.get_sources(session),
        claims=claims,
        documents=_documents_of(session, claims),
        commitments=repo.list_commitments(session),
        assessment=repo.get_assessment(session),
        actor_names=actor_names(session, request),
    )


# --- pages -----------------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request, session: SessionDep) -> HTMLResponse:
    counts = repo.counts(session)
    incidents = repo.list_incidents(session, limit=DASHBOARD_INCIDENTS)
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
    )


@router.get("/incidents", response_class=HTMLResponse)
def incidents_page(
    request: Request,
    session: SessionDep,
    status: Annotated[IncidentStatus | None, Query()] = None,
    page: Annotated[int, Query(ge=1)] = 1,
) -> HTMLResponse:
    offset = (page - 1) * PAGE_SIZE
    incidents = repo.list_incidents(session, status=status, limit=PAGE_SIZE + 1, offset=offset)
    has_next = len(incidents) > PAGE_SIZE
    incidents = incidents[:PAGE_SIZE]
    view = presentation_for(session, request, incidents)
    return render(
        request,
        "incidents.html",
        nav="incidents",
        incidents=[view.incident_view(incident) for incident in incidents],
        voices=[*view.party_voices(), view.independent],
        status=status,
        statuses=list(STATUS_HELP),
        page=page,
        has_next=has_next,
        counts=status_counts(incidents),
    )


@router.get("/incidents/{incident_id}", response_class=HTMLResponse)
def incident_page(incident_id: str, request: Request, session: SessionDep) -> HTMLResponse:
    incident = repo.get_incident(session, incident_id=incident_id)
    if incident is None:
        raise NotFoundError(
            f"no incident with id {incident_id!r}", hint="see the list of incidents at /incidents"
        )
    view = presentation_for(session, request, [incident])
    return render(request, "incident.html", nav="incidents", inc=view.incident_view(incident))


@router.get("/commitments", response_class=HTMLResponse)
def commitments_page(request: Request, session: SessionDep) -> HTMLResponse:
    view = presentation_for(session, request, [])
    return render(
        request,
        "commitments.html",
        nav="commitments",
        ledger=view.ledger(),
        periods=view.assessment.periods if view.assessment else [],
        method=view.assessment.method if view.assessment else None,
        evidence_link=view.evidence_link,
    )


@router.get("/documents/{document_id}", response_class=HTMLResponse)
def document_page(document_id: str, request: Request, session: SessionDep) -> HTMLResponse:
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
