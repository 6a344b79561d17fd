"""Notebook access: ``pledgewatch.open(url)`` → pandas DataFrames of what a store holds.

::

    import pledgewatch
    pw = pledgewatch.open("sqlite:///pw.db")
    claims = pw.claims()          # one row per claim: who said what, where, when, how many
    incidents = pw.incidents()    # one row per incident: type, place, dates, killed low/best/high
    pw.assessments()              # one row per party and month: words, breach weight, gap
    pw.documents()                # one row per document (dataset files included)

Flat columns for filtering and plotting (dates as ``datetime64``), nested values (actors, casualties,
estimates, linked claims) as lists of dicts. Reads page by page through the repository, like the API.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Engine

from pledgewatch.models import Claim, event_family

PAGE_SIZE = 5000
_DATE_COLUMNS = ("date_start", "date_end")
CLAIM_COLUMNS: tuple[str, ...] = (
    "id",
    "document_id",
    "source",
    "kind",
    "polarity",
    "review",
    "speaker",
    "speaker_actor",
    "text",
    "about",
    "event_type",
    "event_family",
    "tags",
    "date_start",
    "date_end",
    "date_precision",
    "location",
    "country",
    "admin1",
    "admin2",
    "lat",
    "lon",
    "geo_precision",
    "perpetrators",
    "targets",
    "actors",
    "killed_low",
    "killed_high",
    "injured_low",
    "injured_high",
    "casualties",
    "confidence",
    "extractor",
    "span_start",
    "span_end",
)
INCIDENT_COLUMNS: tuple[str, ...] = (
    "id",
    "type",
    "family",
    "tags",
    "date_start",
    "date_end",
    "date_precision",
    "location_name",
    "country",
    "admin1",
    "admin2",
    "lat",
    "lon",
    "geo_precision",
    "status",
    "reason",
    "rule",
    "sources",
    "killed_low",
    "killed_best",
    "killed_high",
    "estimates",
    "actors",
    "claims",
)
ASSESSMENT_COLUMNS: tuple[str, ...] = (
    "party",
    "period",
    "method",
    "words",
    "breach_weight",
    "gap",
    "gap_low",
    "gap_high",
    "commitments",
    "benchmarks",
)
DOCUMENT_COLUMNS: tuple[str, ...] = (
    "id",
    "title",
    "source",
    "published",
    "path",
    "url",
    "language",
    "media_type",
    "text_length",
    "ingested_at",
)


def claim_record(claim: Claim, sources: dict[str, str | None]) -> dict[str, Any]:
    """One claim as a flat row."""
    event = claim.event
    where = event.location if event else None
    when = event.date if event else None

    def figure(outcome: str) -> tuple[int | None, int | None]:
        matching = [c for c in claim.casualties if c.outcome == outcome]
        if not matching:
            return None, None
        highs = [c.high for c in matching]
        return sum(c.low for c in matching), None if None in highs else sum(h for h in highs if h is not None)

    killed_low, killed_high = figure("killed")
    injured_low, injured_high = figure("injured")
    return {
        "id": claim.id,
        "document_id": claim.document_id,
        "source": sources.get(claim.document_id or ""),
        "kind": claim.kind,
        "polarity": claim.polarity,
        "review": claim.review,
        "speaker": claim.speaker.name if claim.speaker else None,
        "speaker_actor": claim.speaker.actor if claim.speaker else None,
        "text": claim.text,
        "about": claim.about,
        "event_type": event.type if event else None,
        "event_family": event_family(event.type) if event else None,
        "tags": list(event.tags) if event else [],
        "date_start": when.start if when else None,
        "date_end": when.end if when else None,
        "date_precision": when.precision if when else None,
        "location": where.name if where else None,
        "country": where.country if where else None,
        "admin1": where.admin1 if where else None,
        "admin2": where.admin2 if where else None,
        "lat": where.lat if where else None,
        "lon": where.lon if where else None,
        "geo_precision": where.precision if where else None,
        "perpetrators": [a.actor or a.name for a in event.actors if a.role == "perpetrator"] if event else [],
        "targets": [a.actor or a.name for a in event.actors if a.role == "target"] if event else [],
        "actors": [a.model_dump(mode="json") for a in event.actors] if event else [],
        "killed_low": killed_low,
        "killed_high": killed_high,
        "injured_low": injured_low,
        "injured_high": injured_high,
        "casualties": [c.model_dump(mode="json") for c in claim.casualties],
        "confidence": claim.confidence,
        "extractor": claim.extractor,
        "span_start": claim.span[0],
        "span_end": claim.span[1],
    }


class Workspace:
    """A store opened for reading into DataFrames. Use as a context manager or call ``close()``."""

    def __init__(self, database_url: str, *, engine: Engine | None = None):
        from pledgewatch.pipeline import open_store

        self.database_url = database_url
        self.engine = engine if engine is not None else open_store(database_url)

    def __repr__(self) -> str:
        return f"<pledgewatch workspace {self.engine.url.render_as_string(hide_password=True)}>"

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.engine.dispose()

    # --- frames ---------------------------------------------------------------------------

    def claims(self, *, include_rejected: bool = False):
        """One row per claim (rejected claims only with ``include_rejected=True``)."""
        from pledgewatch.store import list_claims, list_documents, session_scope

        with session_scope(self.engine) as session:
            sources = {d.id: d.source for d in list_documents(session)}
        records = []
        for page in self._pages(
            lambda s, limit, offset: list_claims(
                s, include_rejected=include_rejected, limit=limit, offset=offset
            )
        ):
            records.extend(claim_record(claim, sources) for claim in page)
        return _frame(records, columns=CLAIM_COLUMNS)

    def incidents(self):
        """One row per incident, newest first, with killed low / best / high totals."""
        from pledgewatch.export.parquet import incident_record
        from pledgewatch.store import list_incidents

        records = []
        for page in self._pages(lambda s, limit, offset: list_incidents(s, limit=limit, offset=offset)):
            records.extend(incident_record(incident) for incident in page)
        return _frame(records, columns=INCIDENT_COLUMNS)

    def assessments(self):
        """One row per party and month of the current assessment; ``commitments`` lists each
        commitment's status, reason and evidence."""
        from pledgewatch.store import get_assessment, session_scope

        with session_scope(self.engine) as session:
            report = get_assessment(session)
        records = []
        for party in report.parties if report else []:
            records.append(
                {
                    "party": party.party,
                    "period": party.period,
                    "method": report.method,
                    "words": party.words,
                    "breach_weight": party.breach_weight,
                    "gap": party.gap.value,
                    "gap_low": party.gap.low,
                    "gap_high": party.gap.high,
                    "commitments": [c.model_dump(mode="json") for c in party.commitments],
                    "benchmarks": [b.model_dump(mode="json") for b in party.benchmarks],
                }
            )
        return _frame(records, columns=ASSESSMENT_COLUMNS)

    def documents(self):
        """One row per document (without its text, see ``text_length``)."""
        from pledgewatch.store import list_documents

        records = []
        for page in self._pages(lambda s, limit, offset: list_documents(s, limit=limit, offset=offset)):
            for document in page:
                records.append(
                    {
                        "id": document.id,
                        "title": document.title,
                        "source": document.source,
                        "published": document.published,
                        "path": document.path,
                        "url": document.url,
                        "language": document.language,
                        "media_type": document.media_type,
                        "text_length": len(document.text),
                        "ingested_at": document.ingested_at,
                    }
                )
        return _frame(records, columns=DOCUMENT_COLUMNS, dates=("published",))

    def _pages(self, fetch):
        from pledgewatch.store import session_scope

        offset = 0
        while True:
            with session_scope(self.engine) as session:
                page = fetch(session, PAGE_SIZE, offset)
            if page:
                yield page
            if len(page) < PAGE_SIZE:
                return
            offset += PAGE_SIZE


def _frame(records: list[dict], *, columns: tuple[str, ...], dates: tuple[str, ...] = _DATE_COLUMNS):
    import pandas as pd

    frame = pd.DataFrame.from_records(records, columns=list(columns))
    for column in dates:
        if column in frame.columns:
            frame[column] = pd.to_datetime(frame[column])
    return frame
