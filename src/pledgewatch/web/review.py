"""The review workflow in the browser (analysts): the queue, and the forms that confirm, reject or
edit a claim, give an incident a status, merge and split incidents — each with a required reason.

Every form posts here with the session's CSRF token (checked by the ``Analyst`` rule), the decision
goes through ``api.actions`` (store change + audit entry in one transaction), and the browser is
sent back with a flash message (post/redirect/get). A refused decision (no reason, unknown claim)
comes back as a flash message on the page it was made from.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, get_args

from fastapi import APIRouter, Form, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse

from pledgewatch.api import actions
from pledgewatch.api.auth import Analyst, flash
from pledgewatch.api.caching import data_changed
from pledgewatch.api.deps import SessionDep
from pledgewatch.errors import NotFoundError, PledgewatchError, ReviewError
from pledgewatch.models import (
    EVENT_TYPES,
    CasualtyGroup,
    Claim,
    ClaimKind,
    DatePrecision,
    Outcome,
    Polarity,
)
from pledgewatch.store import browse
from pledgewatch.store import repository as repo
from pledgewatch.web import maps
from pledgewatch.web.pages import actor_names, presentation_for
from pledgewatch.web.render import local_path, redirect, render, with_query

router = APIRouter(include_in_schema=False)

QUEUE_PAGE = 50
AWAITING_INCIDENTS = 20
BLANK_CASUALTY_ROWS = 2
_FIGURE = re.compile(r"^\s*(\d{1,7})\s*(?:(?P<plus>\+)|[-–]\s*(?P<high>\d{1,7}))?\s*$")


def _back(request: Request, next_path: str | None, default: str) -> RedirectResponse:
    return redirect(request, local_path(next_path, default))


def _done(request: Request, message: str, next_path: str | None, default: str) -> RedirectResponse:
    data_changed(request.app)
    flash(request, message)
    return _back(request, next_path, default)


def _refused(request: Request, error: PledgewatchError, next_path: str | None, default: str):
    flash(request, f"Not recorded: {error.message}", kind="error")
    return _back(request, next_path, default)


# --- the queue -------------------------------------------------------------------------------


@router.get("/review", response_class=HTMLResponse)
def review_page(
    request: Request,
    session: SessionDep,
    _: Analyst,
    kind: Annotated[ClaimKind | None, Query()] = None,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
) -> HTMLResponse:
    """Claims nobody has reviewed yet (least confident first) and contested incidents awaiting an
    analyst's status."""
    claims = browse.claims_for_review(
        session, kind=kind, limit=QUEUE_PAGE + 1, offset=(page - 1) * QUEUE_PAGE
    )
    has_next = len(claims) > QUEUE_PAGE
    claims = claims[:QUEUE_PAGE]
    awaiting, awaiting_total = browse.incidents_awaiting_decision(session, limit=AWAITING_INCIDENTS)
    view = presentation_for(session, request, awaiting, claims=claims)
    base = request.app.url_path_for("review_page")
    return render(
        request,
        "review.html",
        nav="review",
        claims=[
            view.claim_view(claim, number)
            for number, claim in enumerate(claims, start=1 + (page - 1) * QUEUE_PAGE)
        ],
        counts=browse.review_counts(session),
        kind=kind,
        kinds=list(get_args(ClaimKind)),
        awaiting=[view.incident_view(incident) for incident in awaiting],
        awaiting_total=awaiting_total,
        page=page,
        prev_href=with_query(base, kind=kind, page=page - 1) if page > 1 else None,
        next_href=with_query(base, kind=kind, page=page + 1) if has_next else None,
    )


# --- claims ----------------------------------------------------------------------------------


@router.post("/claims/{claim_id}/review")
def review_claim_form(
    claim_id: str,
    request: Request,
    user: Analyst,
    action: Annotated[str, Form()],
    reason: Annotated[str, Form()] = "",
    next_path: Annotated[str, Form(alias="next")] = "",
) -> RedirectResponse:
    default = request.app.url_path_for("review_page")
    if action not in ("confirm", "reject"):
        return _refused(request, ReviewError(f"unknown action {action!r}"), next_path, default)
    try:
        actions.review_claim(
            request.app.state.engine, claim_id=claim_id, action=action, reason=reason, actor=user.name
        )
    except (ReviewError, NotFoundError) as error:
        return _refused(request, error, next_path, default)
    verb = "confirmed" if action == "confirm" else "rejected"
    return _done(
        request,
        f"Claim {claim_id} {verb}. Incident figures follow at the next reconciliation.",
        next_path,
        default,
    )


@router.get("/claims/{claim_id}/edit", response_class=HTMLResponse)
def edit_claim_page(
    claim_id: str,
    request: Request,
    session: SessionDep,
    _: Analyst,
    next_path: Annotated[str, Query(alias="next", max_length=2000)] = "",
) -> HTMLResponse:
    claim = repo.get_claim(session, claim_id=claim_id)
    if claim is None:
        raise NotFoundError(f"no claim with id {claim_id!r}", hint="claims are listed on the review page")
    view = presentation_for(session, request, [], claims=[claim])
    names = actor_names(session, request)
    places = maps.gazetteer_places(request.app.state.settings.knowledge_dir)
    event = claim.event
    return render(
        request,
        "claim_edit.html",
        nav="review",
        claim=claim,
        cv=view.claim_view(claim, 1),
        actors=sorted(names.items()),
        kinds=list(get_args(ClaimKind)),
        polarities=list(get_args(Polarity)),
        event_types=list(EVENT_TYPES),
        precisions=list(get_args(DatePrecision)),
        outcomes=list(get_args(Outcome)),
        groups=list(get_args(CasualtyGroup)),
        places=sorted(
            (p for p in places if p.feature != "country" or p.country in maps.FOCUS_COUNTRIES),
            key=lambda p: (p.country, p.name),
        ),
        casualty_rows=[*claim.casualties, *([None] * BLANK_CASUALTY_ROWS)],
        figure_text=_figure_text,
        event=event,
        incidents=browse.incidents_of_claim(session, claim_id=claim_id),
        next=local_path(next_path, ""),
    )


def _figure_text(casualty) -> str:
    if casualty is None:
        return ""
    if casualty.high is None:
        return f"{casualty.low}+"
    if casualty.high != casualty.low:
        return f"{casualty.low}-{casualty.high}"
    return str(casualty.low)


def parse_figure(text: str) -> tuple[int, int | None]:
    """ "23" → (23, 23); "20-25" → (20, 25); "200+" → (200, None) (open-ended)."""
    match = _FIGURE.match(text or "")
    if match is None:
        raise ReviewError(f"{text!r} is not a figure", hint="write 23, 20-25 or 200+")
    low = int(match.group(1))
    if match.group("plus"):
        return low, None
    high = int(match.group("high")) if match.group("high") else low
    if high < low:
        raise ReviewError(f"in {text!r} the high figure is below the low one")
    return low, high


def claim_changes(claim: Claim, form: dict[str, str], *, knowledge_dir) -> dict[str, Any]:
    """The edit form's fields as claim changes (the editable fields of ``api.actions``)."""
    changes: dict[str, Any] = {
        "kind": form.get("kind") or claim.kind,
        "polarity": form.get("polarity") or claim.polarity,
        "about": (form.get("about") or "").strip() or None,
    }
    speaker_name = (form.get("speaker_name") or "").strip()
    speaker_actor = (form.get("speaker_actor") or "").strip() or None
    changes["speaker"] = {"name": speaker_name, "actor": speaker_actor} if speaker_name else None

    event = claim.event.model_dump(mode="json") if claim.event else None
    event_type = (form.get("event_type") or "").strip() or None
    start, end = (form.get("date_start") or "").strip(), (form.get("date_end") or "").strip()
    place_id = (form.get("place") or "").strip()
    if event is None and (event_type or start or place_id not in ("", "-")):
        event = {"type": None, "tags": [], "actors": [], "location": None, "date": None}
    if event is not None:
        event["type"] = event_type
        if start:
            try:
                start_day = date.fromisoformat(start)
                end_day = date.fromisoformat(end) if end else start_day
            except ValueError as error:
                raise ReviewError(f"not a date: {error}", hint="use YYYY-MM-DD") from None
            old_text = (event.get("date") or {}).get("text")
            event["date"] = {
                "start": start_day.isoformat(),
                "end": end_day.isoformat(),
                "precision": form.get("date_precision") or "day",
                "text": old_text,
            }
        else:
            event["date"] = None
        if place_id == "-":
            event["location"] = None
        elif place_id:
            from pledgewatch.knowledge.places import Gazetteer, precision_for

            places = maps.gazetteer_places(knowledge_dir)
            place = next((p for p in places if p.id == place_id), None)
            if place is None:
                raise ReviewError(f"unknown place {place_id!r}", hint="pick a place from the list")
            location = Gazetteer(places).to_location(place, precision=precision_for(place))
            event["location"] = location.model_dump(mode="json")
    changes["event"] = event

    casualties = []
    for index in range(len(claim.casualties) + BLANK_CASUALTY_ROWS):
        figure = (form.get(f"cas-{index}-figure") or "").strip()
        if not figure:
            continue
        low, high = parse_figure(figure)
        old = claim.casualties[index] if index < len(claim.casualties) else None
        casualties.append(
            {
                "outcome": form.get(f"cas-{index}-outcome") or "killed",
                "group": form.get(f"cas-{index}-group") or "unknown",
                "side": (form.get(f"cas-{index}-side") or "").strip() or None,
                "low": low,
                "high": high,
                "text": old.text if old else None,
            }
        )
    changes["casualties"] = casualties
    return changes


@router.post("/claims/{claim_id}/edit")
async def edit_claim_form(claim_id: str, request: Request, user: Analyst) -> RedirectResponse:
    form = {key: value for key, value in (await request.form()).items() if isinstance(value, str)}
    next_path = form.get("next") or ""
    edit_page = request.app.url_path_for("edit_claim_page", claim_id=claim_id)
    engine = request.app.state.engine
    knowledge_dir = request.app.state.settings.knowledge_dir

    def record() -> Claim:
        from pledgewatch.store import session_scope

        with session_scope(engine) as session:
            claim = repo.get_claim(session, claim_id=claim_id)
        if claim is None:
            raise NotFoundError(f"no claim with id {claim_id!r}")
        changes = claim_changes(claim, form, knowledge_dir=knowledge_dir)
        return actions.review_claim(
            engine,
            claim_id=claim_id,
            action="edit",
            reason=form.get("reason"),
            actor=user.name,
            changes=changes,
        )

    try:
        await run_in_threadpool(record)
    except (ReviewError, NotFoundError) as error:
        return _refused(request, error, with_query(edit_page, next=local_path(next_path, "")), edit_page)
    return _done(
        request,
        f"Claim {claim_id} edited. Incident figures follow at the next reconciliation.",
        next_path,
        request.app.url_path_for("review_page"),
    )


# --- incidents -------------------------------------------------------------------------------


@router.post("/incidents/merge")
def merge_incidents_form(
    request: Request,
    user: Analyst,
    incident_ids: Annotated[list[str], Form()] = [],  # noqa: B006 - FastAPI copies defaults
    reason: Annotated[str, Form()] = "",
    next_path: Annotated[str, Form(alias="next")] = "",
) -> RedirectResponse:
    default = request.app.url_path_for("incidents_page")
    try:
        outcome = actions.merge_incidents(
            request.app.state.engine,
            request.app.state.settings,
            incident_ids=incident_ids,
            reason=reason,
            actor=user.name,
        )
    except (ReviewError, NotFoundError) as error:
        return _refused(request, error, next_path, default)
    kept = str(outcome.get("kept_incident", ""))
    data_changed(request.app)
    flash(
        request,
        f"Merged {len(set(incident_ids))} incidents into {kept}; the decision is kept in every later run.",
    )
    return redirect(request, request.app.url_path_for("incident_page", incident_id=kept))


@router.post("/incidents/{incident_id}/status")
def incident_status_form(
    incident_id: str,
    request: Request,
    user: Analyst,
    status: Annotated[str, Form()],
    reason: Annotated[str, Form()] = "",
    next_path: Annotated[str, Form(alias="next")] = "",
) -> RedirectResponse:
    default = request.app.url_path_for("incident_page", incident_id=incident_id)
    try:
        actions.set_incident_status(
            request.app.state.engine, incident_id=incident_id, status=status, reason=reason, actor=user.name
        )
    except (ReviewError, NotFoundError) as error:
        return _refused(request, error, next_path, default)
    return _done(request, f"Incident {incident_id} marked {status}.", next_path, default)


@router.post("/incidents/{incident_id}/split")
def split_incident_form(
    incident_id: str,
    request: Request,
    user: Analyst,
    claim_ids: Annotated[list[str], Form()] = [],  # noqa: B006 - FastAPI copies defaults
    reason: Annotated[str, Form()] = "",
    next_path: Annotated[str, Form(alias="next")] = "",
) -> RedirectResponse:
    default = request.app.url_path_for("incident_page", incident_id=incident_id)
    try:
        outcome = actions.split_incident(
            request.app.state.engine,
            request.app.state.settings,
            incident_id=incident_id,
            claim_ids=claim_ids,
            reason=reason,
            actor=user.name,
        )
    except (ReviewError, NotFoundError) as error:
        return _refused(request, error, next_path, default)
    split_to = str(outcome.get("split_to") or "another incident")
    return _done(
        request,
        f"Split {len(set(claim_ids))} claim(s) off {incident_id} into {split_to}; "
        "they stay apart in every later run.",
        next_path,
        default,
    )
