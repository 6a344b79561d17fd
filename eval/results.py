"""What every evaluation returns, how it is printed (Rich) and saved (``eval-results/<name>.json``)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

REPO_ROOT = Path(__file__).resolve().parents[1]
RESULTS_DIR = REPO_ROOT / "eval-results"
REAL_DATA_DIR = REPO_ROOT.parent / "shared" / "data" / "real"


@dataclass
class RunOptions:
    verbose: bool = False
    limit: int | None = None
    out_dir: Path = RESULTS_DIR
    console: Console = field(default_factory=Console)


@dataclass
class Metric:
    name: str
    value: float | None  # None = nothing to measure ("n/a")
    target: float | None = None
    detail: str = ""

    @property
    def passed(self) -> bool | None:
        if self.target is None:
            return None
        return self.value is not None and self.value >= self.target


@dataclass
class Section:
    """An extra table (break-downs for debugging)."""

    title: str
    columns: list[str]
    rows: list[list[str]]


@dataclass
class EvaluationResult:
    name: str
    title: str
    metrics: list[Metric] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)  # saved to JSON, not printed
    skipped: str | None = None  # why the evaluation could not run
    seconds: float = 0.0

    @property
    def failed_targets(self) -> list[Metric]:
        return [m for m in self.metrics if m.passed is False]

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        for metric, raw in zip(self.metrics, data["metrics"], strict=True):
            raw["passed"] = metric.passed
        return data


def fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def render(result: EvaluationResult, console: Console) -> None:
    if result.skipped:
        console.print(f"[yellow]{result.name}: skipped[/yellow] — {result.skipped}")
        return
    table = Table(title=f"{result.title} ({result.seconds:.1f} s)", title_justify="left")
    for column in ("metric", "value", "target", "result", "detail"):
        table.add_column(column, justify="right" if column in {"value", "target"} else "left")
    for metric in result.metrics:
        verdict = {True: "[green]PASS[/green]", False: "[red]FAIL[/red]", None: ""}[metric.passed]
        target = "" if metric.target is None else f">= {metric.target:.2f}"
        table.add_row(metric.name, fmt(metric.value), target, verdict, metric.detail)
    console.print(table)
    for section in result.sections:
        extra = Table(title=section.title, title_justify="left")
        for column in section.columns:
            extra.add_column(column)
        for row in section.rows:
            extra.add_row(*row)
        console.print(extra)
    for note in result.notes:
        console.print(f"  {note}", highlight=False)


def save(result: EvaluationResult, out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{result.name}.json"
    text = json.dumps(result.to_json(), indent=2, default=str, ensure_ascii=False)
    path.write_text(text + "\n", encoding="utf-8")
    return path


@cache
def shared_extractor():
    """The rule-based extractor, built once per process and shared by every evaluation."""
    from pledgewatch.extract import Extractor

    return Extractor()


@cache
def shared_gazetteer() -> tuple[Any, str | None]:
    """``(gazetteer, None)`` when ``pledgewatch.knowledge.places.Gazetteer`` works, else ``(None, why)``."""
    try:
        from pledgewatch.knowledge import places
    except ImportError as error:
        return None, f"gazetteer not importable ({error}); places compared by name only"
    try:
        # the packaged gazetteer: Gazetteer(load_places()) where the loader exists, else Gazetteer()
        loader = getattr(places, "load_places", None)
        return (places.Gazetteer(loader()) if loader else places.Gazetteer()), None
    except Exception as error:  # an optional aid: report why it is missing, never hide it
        return None, f"gazetteer not built ({type(error).__name__}: {error}); places compared by name only"


def place_id(gazetteer: Any, name: str) -> str | None:
    """The gazetteer id a name resolves to, or None."""
    if gazetteer is None or not name:
        return None
    try:
        place = gazetteer.lookup(name)
    except (LookupError, ValueError):
        return None
    return getattr(place, "id", None)
