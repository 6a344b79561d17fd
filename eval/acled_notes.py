"""Extract claims from real ACLED coders' ``notes`` and compare them with the row's own coded columns.

Input: ``../shared/data/real/acled_balochistan_2020-2024_somaiyahhafeez.csv`` beside the checkout
(1,705 rows); the evaluation is skipped with a message when the file is absent.

Each row's ``notes`` becomes a plain-text Document. Published date: ``event_date + 7 days``. Notes
are written within about a week and start with an absolute date ("On 9 November 2024, ..."), so the
extractor does not need the publication date; giving it one a week later keeps the run realistic
for anchors, and an extractor that falls back to the publication date is scored wrong, so the coded
date cannot leak into the answer.

Rules, per row (the "primary" value is the one from the first claim, in text order, that has it):
- date: the primary event date's start equals ``event_date``.
- place: the primary event location's name equals ``location`` or ``admin2`` (case-insensitive,
  light normalisation: "Kech District" = "Kech"), or resolves in the gazetteer to the same place
  as one of them.
- fatalities: let K be the asserted (not denied) killed figures, any speaker. If the coded
  ``fatalities`` F is 0: correct when no killed figure with low > 0 is in the document's own voice
  (ACLED codes unverified claims by armed groups as 0, so "BLA claim five soldiers were killed"
  stays correct). If F > 0: correct when F equals the low of some figure in K, or the sum of the
  lows of the distinct figures in K, or the sum over those in the document's own voice
  ("killed two soldiers and one civilian" → 3).
"""

from __future__ import annotations

import csv
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from rich.progress import Progress

from eval.extraction import figures_from_claims
from eval.results import (
    REAL_DATA_DIR,
    EvaluationResult,
    Metric,
    RunOptions,
    place_id,
    shared_extractor,
    shared_gazetteer,
)
from eval.scoring import Figure, dedupe, names_equal, ratio

NAME = "acled_notes"
ACLED_FILE = REAL_DATA_DIR / "acled_balochistan_2020-2024_somaiyahhafeez.csv"
PUBLISHED_LAG = timedelta(days=7)
SAMPLE_SEED = 1705
TARGET_DATE, TARGET_PLACE, TARGET_FATALITIES = 0.95, 0.90, 0.85
REQUIRED_COLUMNS = ("event_date", "location", "admin2", "fatalities", "notes")
MAX_FAILURES_SAVED = 50


@dataclass(frozen=True)
class AcledRow:
    line: int  # line number in the CSV file, header = 1
    event_date: date
    location: str
    admin2: str
    fatalities: int
    notes: str


def read_rows(path: Path) -> tuple[list[AcledRow], list[str]]:
    """Rows usable for the evaluation, and one message per row left out (with the reason)."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{path}: missing columns {', '.join(missing)}")
        rows, problems = [], []
        for line, record in enumerate(reader, start=2):
            try:
                row = AcledRow(
                    line=line,
                    event_date=date.fromisoformat(record["event_date"].strip()),
                    location=record["location"].strip(),
                    admin2=record["admin2"].strip(),
                    fatalities=int(record["fatalities"]),
                    notes=record["notes"].strip(),
                )
            except (ValueError, AttributeError) as error:
                problems.append(f"line {line}: {error}")
                continue
            if not row.notes:
                problems.append(f"line {line}: empty notes")
                continue
            rows.append(row)
    return rows, problems


def sample(rows: Sequence[AcledRow], limit: int | None) -> list[AcledRow]:
    """All rows, or a fixed-seed sample of ``limit`` rows kept in file order (same rows every run)."""
    if limit is None or limit >= len(rows):
        return list(rows)
    chosen = random.Random(SAMPLE_SEED).sample(range(len(rows)), limit)
    return [rows[i] for i in sorted(chosen)]


def note_document(row: AcledRow) -> Any:
    from pledgewatch.models import Document, document_id_for

    return Document(
        id=document_id_for(row.notes.encode("utf-8")),
        path=f"{ACLED_FILE.name}:{row.line}",
        source="ACLED",
        published=row.event_date + PUBLISHED_LAG,
        published_from="acled_event_date_plus_7_days",
        media_type="text/plain",
        text=row.notes,
    )


def _in_text_order(claims: Sequence[Any]) -> list[Any]:
    return sorted(claims, key=lambda claim: tuple(claim.span))


def extracted_dates(claims: Sequence[Any]) -> list[date]:
    events = [c.event for c in _in_text_order(claims) if c.event is not None]
    return [e.date.start for e in events if e.date is not None]


def extracted_places(claims: Sequence[Any]) -> list[str]:
    events = [c.event for c in _in_text_order(claims) if c.event is not None]
    return [e.location.name for e in events if e.location is not None]


def fatalities_match(coded: int, figures: Sequence[Figure]) -> bool:
    """The rule in the module docstring; ``figures`` are asserted figures, denied ones already left out."""
    killed, _ = dedupe((f for f in figures if f.outcome == "killed"), key=lambda f: f.identity)
    if coded == 0:
        return not any(f.low > 0 and f.speaker is None for f in killed)
    if any(f.low == coded for f in killed):
        return True
    own_voice = [f for f in killed if f.speaker is None]
    return coded in {sum(f.low for f in killed), sum(f.low for f in own_voice)}


def place_matches(row: AcledRow, name: str | None, gazetteer: Any = None) -> bool:
    if not name:
        return False
    targets = [t for t in (row.location, row.admin2) if t]
    if any(names_equal(t, name) for t in targets):
        return True
    found = place_id(gazetteer, name)
    return found is not None and any(place_id(gazetteer, t) == found for t in targets)


@dataclass
class RowOutcome:
    row: AcledRow
    date_ok: bool
    date_any: bool
    place_ok: bool
    place_any: bool
    fatalities_ok: bool
    predicted_date: date | None
    predicted_place: str | None
    killed: list[str]
    error: str | None = None

    def failure(self, metric: str) -> dict[str, Any]:
        return {
            "line": self.row.line,
            "metric": metric,
            "coded": {
                "date": self.row.event_date.isoformat(),
                "place": f"{self.row.location} / {self.row.admin2}",
                "fatalities": self.row.fatalities,
            },
            "predicted": {
                "date": self.predicted_date.isoformat() if self.predicted_date else None,
                "place": self.predicted_place,
                "killed": self.killed,
            },
            "error": self.error,
            "notes": self.row.notes[:300],
        }


def judge(
    row: AcledRow, claims: Sequence[Any], gazetteer: Any = None, error: str | None = None
) -> RowOutcome:
    dates = extracted_dates(claims)
    places = extracted_places(claims)
    figures = figures_from_claims(claims)
    return RowOutcome(
        row=row,
        date_ok=bool(dates) and dates[0] == row.event_date,
        date_any=row.event_date in dates,
        place_ok=bool(places) and place_matches(row, places[0], gazetteer),
        place_any=any(place_matches(row, p, gazetteer) for p in places),
        fatalities_ok=fatalities_match(row.fatalities, figures),
        predicted_date=dates[0] if dates else None,
        predicted_place=places[0] if places else None,
        killed=[f.describe() for f in figures if f.outcome == "killed"],
        error=error,
    )


Extracted = list[tuple[list[Any], str | None]]  # claims per document, and the error if extract() raised


def _extract_all(extractor: Any, documents: list[Any], progress: Progress) -> Extracted:
    """Claims per document; uses ``extract_many`` (nlp.pipe batching) when the extractor offers it."""
    batch = getattr(extractor, "extract_many", None)
    task = progress.add_task("ACLED notes", total=len(documents))
    if callable(batch):
        out: Extracted = []
        size = 64
        for start in range(0, len(documents), size):
            chunk = documents[start : start + size]
            out += [(list(claims), None) for claims in batch(chunk)]
            progress.advance(task, len(chunk))
        return out
    out = []
    for document in documents:
        try:
            out.append((list(extractor.extract(document)), None))
        except Exception as exc:  # reported per row; one bad note must not stop 1,705
            out.append(([], f"{type(exc).__name__}: {exc}"))
        progress.advance(task)
    return out


def run(options: RunOptions) -> EvaluationResult:
    result = EvaluationResult(NAME, "ACLED notes vs coded columns (real data, Balochistan 2020-2024)")
    if not ACLED_FILE.is_file():
        result.skipped = f"ACLED file not found at {ACLED_FILE} (it lives in ../shared/data/real/)"
        return result
    try:
        extractor = shared_extractor()
    except ImportError as error:
        result.skipped = f"the extractor does not import yet ({error})"
        return result
    rows, problems = read_rows(ACLED_FILE)
    if problems:
        result.notes.append(f"{len(problems)} row(s) left out: " + "; ".join(problems[:5]))
    available = len(rows)
    rows = sample(rows, options.limit)
    gazetteer, why_not = shared_gazetteer()
    if why_not:
        result.notes.append(why_not)

    started = time.perf_counter()
    documents = [note_document(row) for row in rows]
    with Progress(console=options.console, transient=True) as progress:
        extracted = _extract_all(extractor, documents, progress)
    seconds = time.perf_counter() - started
    pairs = zip(rows, extracted, strict=True)
    outcomes = [judge(row, claims, gazetteer, error) for row, (claims, error) in pairs]

    n = len(outcomes)

    def share(attr: str) -> float | None:
        return ratio(sum(getattr(o, attr) for o in outcomes), n)

    def count(attr: str) -> str:
        return f"{sum(getattr(o, attr) for o in outcomes)}/{n}"

    result.metrics = [
        Metric("event date (first date = event_date)", share("date_ok"), TARGET_DATE, count("date_ok")),
        Metric("  event date, any claim", share("date_any"), detail=count("date_any")),
        Metric(
            "place (first location = location|admin2)", share("place_ok"), TARGET_PLACE, count("place_ok")
        ),
        Metric("  place, any claim", share("place_any"), detail=count("place_any")),
        Metric(
            "fatalities (see module docstring)",
            share("fatalities_ok"),
            TARGET_FATALITIES,
            count("fatalities_ok"),
        ),
    ]
    errors = sum(1 for o in outcomes if o.error)
    if errors:
        result.notes.append(f"extract() raised on {errors} note(s)")
    sampled = f"fixed-seed sample of {n} of {available}" if n < available else f"all {n}"
    result.notes.append(
        f"{sampled} rows; extraction took {seconds:.1f} s ({n / seconds if seconds else 0:.1f} notes/s); "
        f"published = event_date + {PUBLISHED_LAG.days} days"
    )
    failures = {
        metric: [o.failure(metric) for o in outcomes if not getattr(o, attr)][:MAX_FAILURES_SAVED]
        for metric, attr in (("date", "date_ok"), ("place", "place_ok"), ("fatalities", "fatalities_ok"))
    }
    result.details = {"rows": n, "seconds": seconds, "failures_sample": failures}
    result.seconds = seconds

    if options.verbose:
        for metric, items in failures.items():
            options.console.print(f"[bold]{metric} misses[/bold] (first {min(len(items), 15)})")
            for item in items[:15]:
                options.console.print(
                    f"    line {item['line']}: coded {item['coded']} predicted {item['predicted']}"
                    f"\n      {item['notes'][:200]}",
                    highlight=False,
                    markup=False,
                )
    return result
