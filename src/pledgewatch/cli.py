"""Command line: thin commands over ``pledgewatch.pipeline``.

Each command resolves settings, opens the store when it needs one, calls one library function and
turns library errors into a one-line message and a non-zero exit code.
"""

from __future__ import annotations

import json
import logging
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from pledgewatch import __version__
from pledgewatch.config import Settings, get_settings
from pledgewatch.errors import IngestError, PledgewatchError

app = typer.Typer(
    name="pledgewatch",
    help=(
        "Monitor commitments made by parties to a conflict and verify them against evidence.\n\n"
        "Typical use: `pledgewatch run REPORTS/ --db sqlite:///pw.db` then `pledgewatch serve --db sqlite:///pw.db`."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="markdown",
)
commitments_app = typer.Typer(
    help="The commitments registry: list and validate the YAML files.", no_args_is_help=True
)
export_app = typer.Typer(help="Export stored results in formats other tools read.", no_args_is_help=True)
app.add_typer(commitments_app, name="commitments")
app.add_typer(export_app, name="export")
explain_app = typer.Typer(help="Explain how pledgewatch reached a result.", no_args_is_help=True)
app.add_typer(explain_app, name="explain")

console = Console()
err_console = Console(stderr=True)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database URL (else $PLEDGEWATCH_DATABASE_URL, else sqlite:///pledgewatch.db).",
        show_default=False,
    ),
]
WorkersOption = Annotated[
    int | None,
    typer.Option(
        "--workers",
        "-w",
        min=1,
        help="Extraction processes, model loaded once each (default $PLEDGEWATCH_WORKERS or 1).",
    ),
]


class ClaimFormat(StrEnum):
    jsonl = "jsonl"
    summary = "summary"


class AssessFormat(StrEnum):
    json = "json"
    table = "table"


class ExportFormat(StrEnum):
    jsonl = "jsonl"


def _settings(db: str | None) -> Settings:
    settings = get_settings()
    return settings.model_copy(update={"database_url": db}) if db else settings


@contextmanager
def _errors_to_exit() -> Iterator[None]:
    try:
        yield
    except PledgewatchError as error:
        err_console.print(f"[bold red]error:[/] {error.message}", highlight=False)
        raise typer.Exit(2) from None


@contextmanager
def _progress(console_: Console) -> Iterator[Callable[[str, int | None], Callable[[int], None]]]:
    """A Rich progress display exposed as the pipeline's progress factory."""
    with Progress(
        TextColumn("[bold]{task.description:<12}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console_,
        transient=False,
        disable=not console_.is_terminal,
    ) as progress:

        def factory(label: str, total: int | None) -> Callable[[int], None]:
            task = progress.add_task(label, total=total)
            return lambda n=1: progress.advance(task, n)

        yield factory


def _open(settings: Settings):
    from pledgewatch.pipeline import open_store

    return open_store(settings.database_url)


def _version_callback(value: bool) -> None:
    if value:
        console.print(f"pledgewatch {__version__}")
        raise typer.Exit()


# Libraries that log every page they could not fully parse; the user sees our one-line errors instead.
_NOISY_LOGGERS = ("trafilatura", "htmldate", "pypdf", "justext", "courlan")


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version_callback, is_eager=True, help="Show the version.")
    ] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log what the stages do.")] = False,
) -> None:
    """Monitor commitments made by parties to a conflict and verify them against evidence."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    for name in _NOISY_LOGGERS:
        logging.getLogger(name).setLevel(logging.INFO if verbose else logging.CRITICAL)


@app.command()
def init(db: DbOption = None) -> None:
    """Create or upgrade the database schema (safe to run again)."""
    from pledgewatch.pipeline import Knowledge, sync_knowledge

    settings = _settings(db)
    with _errors_to_exit():
        counts = sync_knowledge(engine=_open(settings), knowledge=Knowledge(settings))
    console.print(
        f"Database ready at [bold]{settings.database_url}[/] — "
        + ", ".join(f"{n} {what}" for what, n in counts.items())
    )


@app.command()
def ingest(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Files or folders (.txt .md .html .pdf); folders are read recursively."),
    ],
    db: DbOption = None,
) -> None:
    """Store documents content-addressed; the same bytes again are reported as already stored."""
    from pledgewatch.pipeline import ingest_paths

    settings = _settings(db)
    with _errors_to_exit():
        engine = _open(settings)
        with _progress(err_console) as progress:
            report = ingest_paths(paths, engine=engine, settings=settings, progress=progress)
    _print_ingest(report)
    if report.failures:
        raise typer.Exit(1)


def _print_ingest(report) -> None:
    for failure in report.failures:
        err_console.print(f"[red]✗[/] {failure.error}", highlight=False, soft_wrap=True)
    table = Table(title="Ingest", show_header=True, header_style="bold")
    for column in ("stored", "already stored", "failed"):
        table.add_column(column, justify="right")
    counts = report.counts
    table.add_row(str(counts["stored"]), str(counts["already stored"]), str(counts["failed"]))
    console.print(table)


@app.command()
def extract(
    files: Annotated[
        list[Path] | None,
        typer.Argument(help="Files or folders to read. Without them, extract the stored documents in --db."),
    ] = None,
    fmt: Annotated[
        ClaimFormat, typer.Option("--format", "-f", help="jsonl: one schema-v1 object per document.")
    ] = ClaimFormat.jsonl,
    workers: WorkersOption = None,
    db: DbOption = None,
) -> None:
    """Extract attributed claims. With FILES: print them (no database needed). Without: fill the store."""
    from pledgewatch.pipeline import extract_files, extract_stored

    settings = _settings(db)
    workers = workers or settings.workers
    if not files:
        with _errors_to_exit():
            engine = _open(settings)
            with _progress(err_console) as progress:
                counts = extract_stored(engine=engine, settings=settings, workers=workers, progress=progress)
        console.print(f"Extracted {counts['claims']} claims from {counts['documents']} documents.")
        return
    failed = 0
    with _errors_to_exit(), _progress(err_console) as progress:
        for item in extract_files(files, settings=settings, workers=workers, progress=progress):
            if isinstance(item, IngestError):
                failed += 1
                err_console.print(f"[red]✗[/] {item.message}", highlight=False, soft_wrap=True)
                continue
            if fmt is ClaimFormat.jsonl:
                sys.stdout.write(json.dumps(item, ensure_ascii=False) + "\n")
            else:
                _print_claim_summary(item)
    if failed:
        raise typer.Exit(1)


def _figure_label(casualty: dict) -> str:
    side = f"/{casualty['side']}" if casualty.get("side") else ""
    low, high = casualty["low"], casualty["high"]
    amount = f"{low}+" if high is None else (str(low) if high == low else f"{low}–{high}")
    return f"{casualty['outcome']} {casualty['group']}{side} {amount}"


def _print_claim_summary(payload: dict) -> None:
    document = payload["document"]
    table = Table(
        title=f"{document.get('path')} — {document.get('source') or 'unknown source'}", show_lines=False
    )
    for column in ("kind", "speaker", "figures", "event", "text"):
        table.add_column(column, overflow="fold")
    for claim in payload["claims"]:
        speaker = claim["speaker"]["actor"] or claim["speaker"]["name"] if claim["speaker"] else "(document)"
        figures = "; ".join(_figure_label(c) for c in claim["casualties"])
        event = claim.get("event") or {}
        where = (event.get("location") or {}).get("name", "")
        when = (event.get("date") or {}).get("start", "")
        table.add_row(
            claim["kind"],
            speaker,
            figures,
            f"{event.get('type') or ''} {where} {when}".strip(),
            claim["text"][:160],
        )
    console.print(table)


@app.command()
def reconcile(db: DbOption = None) -> None:
    """Group stored claims into incidents with low/best/high estimates and a status."""
    from pledgewatch.pipeline import reconcile_stored

    settings = _settings(db)
    with _errors_to_exit():
        counts = reconcile_stored(engine=_open(settings), settings=settings)
    _print_counts("Reconcile", counts)


ReasonOption = Annotated[str, typer.Option("--reason", "-r", help="Why (required; kept in the audit log).")]
ActorOption = Annotated[
    str | None, typer.Option("--actor", help="Who decides (default: the login name).", show_default=False)
]


def _actor(actor: str | None) -> str:
    import getpass

    return actor or getpass.getuser()


@app.command()
def merge(
    incidents: Annotated[
        list[str], typer.Argument(help="Two or more incident ids; the first one keeps its id.")
    ],
    reason: ReasonOption,
    actor: ActorOption = None,
    db: DbOption = None,
) -> None:
    """Record that incidents are one event (kept in every later run), then re-reconcile."""
    from pledgewatch.pipeline import merge_incidents

    settings = _settings(db)
    with _errors_to_exit():
        counts = merge_incidents(
            incidents, engine=_open(settings), settings=settings, actor=_actor(actor), reason=reason
        )
    console.print(f"Merged into [bold]{counts.pop('kept_incident')}[/] (decision {counts.pop('decision')}).")
    _print_counts("Reconcile", counts)


@app.command()
def split(
    incident: Annotated[str, typer.Argument(help="The incident to split.")],
    claims: Annotated[
        str,
        typer.Option(
            "--claims", "-c", help="Comma-separated claim ids to split off (see `explain incident`)."
        ),
    ],
    reason: ReasonOption,
    actor: ActorOption = None,
    db: DbOption = None,
) -> None:
    """Record that some claims are another event (never merged back), then re-reconcile."""
    from pledgewatch.pipeline import split_incident

    settings = _settings(db)
    claim_ids = [c.strip() for c in claims.split(",") if c.strip()]
    with _errors_to_exit():
        counts = split_incident(
            incident, claim_ids, engine=_open(settings), settings=settings, actor=_actor(actor), reason=reason
        )
    console.print(
        f"Split {len(claim_ids)} claim(s) off [bold]{counts.pop('kept_incident')}[/] into "
        f"[bold]{counts.pop('split_to') or '(no incident)'}[/] (decision {counts.pop('decision')})."
    )
    _print_counts("Reconcile", counts)


class ExplainFormat(StrEnum):
    text = "text"
    json = "json"


@explain_app.command("incident")
def explain_incident_command(
    incident: Annotated[str, typer.Argument(help="The incident id (see `export incidents`).")],
    fmt: Annotated[ExplainFormat, typer.Option("--format", "-f")] = ExplainFormat.text,
    db: DbOption = None,
) -> None:
    """Why these claims are one incident, how each estimate was chosen, what would change its status."""
    from pledgewatch.pipeline import explain_incident

    settings = _settings(db)
    with _errors_to_exit():
        explanation = explain_incident(engine=_open(settings), settings=settings, incident_id=incident)
    if fmt is ExplainFormat.json:
        sys.stdout.write(json.dumps(explanation.to_dict(), ensure_ascii=False, indent=2, default=str) + "\n")
        return
    _print_explanation(explanation)


def _print_explanation(explanation) -> None:
    incident = explanation.incident
    when = f"{incident.date.start}..{incident.date.end}" if incident.date else "undated"
    where = incident.location.name if incident.location else "unplaced"
    console.print(f"[bold]{incident.id}[/] {incident.type or 'untyped'} at {where}, {when}", highlight=False)
    status = explanation.status
    if explanation.human_status:
        status += f" (set by an analyst; the rules say {explanation.machine_status})"
    console.print(f"[bold]Status:[/] {status} — {explanation.status_reason}", highlight=False, soft_wrap=True)

    claims = Table(title="Claims", header_style="bold", show_lines=False)
    for column in ("claim", "source (unit)", "published", "voice", "relation", "figures", "event"):
        claims.add_column(column, overflow="fold")
    for line in explanation.claims:
        unit = "" if line.source_unit == line.source else f" (= {line.source_unit})"
        voice = (line.voice or "own voice") + (" · independent" if line.independent else "")
        relation = line.relation + (f", superseded by {line.superseded_by}" if line.superseded_by else "")
        claims.add_row(
            line.claim_id,
            f"{line.source}{unit}",
            line.published or "",
            voice,
            relation,
            line.figures,
            line.event,
        )
    console.print(claims)

    links = Table(title="Why they are together (strongest links)", header_style="bold")
    for column in ("claims", "score", "evidence"):
        links.add_column(column, overflow="fold")
    for link in explanation.links:
        score = "—" if link.score is None else f"{link.score:g}"
        evidence = "; ".join(f"{f.text} ({f.points:+g})" if f.points else f.text for f in link.findings)
        links.add_row(f"{link.claim_a} ↔ {link.claim_b}", score, evidence)
    console.print(links)

    console.print("[bold]Sources:[/] " + "; ".join(explanation.sources), highlight=False, soft_wrap=True)
    for line in explanation.estimates:
        est = line.estimate
        side = f" ({est.side})" if est.side else ""
        console.print(
            f"[bold]Estimate[/] {est.outcome} {est.group}{side}: "
            f"low {est.low}, best {est.best}, high {est.high}",
            highlight=False,
        )
        for text in line.lines:
            console.print(f"  · {text}", highlight=False, soft_wrap=True)
    console.print("[bold]What would change the status:[/]")
    for text in explanation.what_would_change:
        console.print(f"  · {text}", highlight=False, soft_wrap=True)
    for decision in explanation.decisions:
        console.print(
            f"[dim]decision {decision.id}: {decision.kind} by {decision.actor} at {decision.at}: "
            f"{decision.reason}[/]",
            highlight=False,
        )
    for note in explanation.notes:
        console.print(f"[dim]{note}[/]", highlight=False, soft_wrap=True)


@app.command()
def assess(
    fmt: Annotated[
        AssessFormat, typer.Option("--format", "-f", help="json: the assessment contract.")
    ] = AssessFormat.table,
    all_periods: Annotated[bool, typer.Option("--all-periods", help="Table: show quiet months too.")] = False,
    db: DbOption = None,
) -> None:
    """Score each party's commitments per month: words, breach evidence, status, say–do gap."""
    from pledgewatch.pipeline import assess_stored

    settings = _settings(db)
    with _errors_to_exit():
        report = assess_stored(engine=_open(settings), settings=settings)
    if fmt is AssessFormat.json:
        sys.stdout.write(json.dumps(report.contract_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        _print_scorecard(report, all_periods=all_periods)


@app.command()
def report(
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Where to write the self-contained HTML briefing.")
    ] = Path("briefing.html"),
    db: DbOption = None,
) -> None:
    """Write a self-contained HTML briefing (incidents, each side's figures, scorecards, method)."""
    from pledgewatch.pipeline import write_report

    settings = _settings(db)
    with _errors_to_exit():
        path = write_report(engine=_open(settings), out=out, settings=settings)
    console.print(f"Briefing written to [bold]{path}[/]")


@app.command()
def run(
    paths: Annotated[
        list[Path], typer.Argument(help="Files or folders to ingest before running every stage.")
    ],
    db: DbOption = None,
    workers: WorkersOption = None,
    report_out: Annotated[
        Path | None, typer.Option("--report", help="Also write the HTML briefing to this file.")
    ] = None,
) -> None:
    """Run every stage: ingest → extract → reconcile → assess (→ report), then print a summary."""
    from pledgewatch.pipeline import run as run_pipeline
    from pledgewatch.pipeline import write_report

    settings = _settings(db)
    workers = workers or settings.workers
    with _errors_to_exit():
        engine = _open(settings)
        with _progress(err_console) as progress:
            summary = run_pipeline(
                paths, engine=engine, settings=settings, workers=workers, progress=progress
            )
        if report_out is not None:
            write_report(engine=engine, out=report_out, settings=settings)
    for failure in summary.ingest.failures:
        err_console.print(f"[red]✗[/] {failure.error}", highlight=False, soft_wrap=True)
    _print_run_summary(summary, settings=settings, report_out=report_out)
    if summary.ingest.failures:
        raise typer.Exit(1)


def _print_counts(title: str, counts: dict[str, int]) -> None:
    table = Table(title=title, show_header=False)
    table.add_column("what")
    table.add_column("count", justify="right")
    for key, value in counts.items():
        table.add_row(key.replace("_", " "), str(value))
    console.print(table)


def _print_run_summary(summary, *, settings: Settings, report_out: Path | None) -> None:
    ingest_counts = summary.ingest.counts
    counts = summary.counts
    table = Table(title="pledgewatch run", show_header=False, title_style="bold")
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_row(
        "documents stored (new / already stored / failed)",
        f"{ingest_counts['stored']} / {ingest_counts['already stored']} / {ingest_counts['failed']}",
    )
    table.add_row("documents in the store", str(counts.get("documents", 0)))
    table.add_row("claims", str(counts.get("claims", 0)))
    table.add_row("incidents", str(counts.get("incidents", 0)))
    table.add_row("contested incidents", str(counts.get("contested_incidents", 0)))
    table.add_row("commitments tracked", str(counts.get("commitments", 0)))
    console.print(table)
    _print_scorecard(summary.assessment)
    if report_out is not None:
        console.print(f"Briefing: [bold]{report_out}[/] (open it in a browser)")
    console.print(
        f"Dashboard: [bold]pledgewatch serve --db {settings.database_url}[/] then open "
        f"http://{settings.host}:{settings.port}/  (or `make serve`)"
    )


def _print_scorecard(report, *, all_periods: bool = False) -> None:
    active = set(report.active_periods())
    rows = [row for row in report.parties if all_periods or row.period in active]
    table = Table(title=f"Say–do scorecard ({report.method})", header_style="bold")
    for column in ("party", "period", "words", "breach weight", "gap [low–high]", "commitment statuses"):
        table.add_column(column, justify="right" if column in {"words", "breach weight"} else "left")
    for row in rows:
        statuses = Counter(c.status for c in row.commitments)
        table.add_row(
            row.party,
            row.period,
            str(row.words),
            f"{row.breach_weight:.2f}",
            f"{row.gap.value:.2f} [{row.gap.low:.2f}–{row.gap.high:.2f}]",
            ", ".join(f"{n} {status}" for status, n in sorted(statuses.items())),
        )
    console.print(table)
    omitted = len(report.parties) - len(rows)
    if omitted:
        console.print(
            f"[dim]{omitted} party-months in which no party spoke and no evidence arrived are not shown "
            "(`pledgewatch assess --all-periods`, or `--format json`, lists every one).[/]"
        )
    console.print(
        "[dim]Figures are claims by their sources, not facts; the gap weighs a party's own words against "
        "breach evidence weighted by how well each incident is established.[/]"
    )


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str | None, typer.Option(help="Interface to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port.")] = None,
) -> None:
    """Start the dashboard and REST API (OpenAPI docs at /docs)."""
    from pledgewatch.api import serve as serve_app

    settings = _settings(db)
    with _errors_to_exit():
        _open(settings)
        host = host or settings.host
        port = port or settings.port
        err_console.print(
            f"Serving [bold]{settings.database_url}[/] on http://{host}:{port}/  (Ctrl-C to stop)"
        )
        serve_app(settings, host=host, port=port)


@export_app.command("claims")
def export_claims(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f")] = ExportFormat.jsonl,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="File to write (default: standard output).")
    ] = None,
    db: DbOption = None,
) -> None:
    """One claim per line (schema v1 claim + document_id + review state)."""
    from pledgewatch.export import iter_claim_lines

    settings = _settings(db)
    with _errors_to_exit():
        _write_lines(iter_claim_lines(engine=_open(settings)), out)


@export_app.command("incidents")
def export_incidents(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f")] = ExportFormat.jsonl,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="File to write (default: standard output).")
    ] = None,
    db: DbOption = None,
) -> None:
    """One incident per line: id, type, tags, date, location, status, reason, estimates, sources, claims."""
    from pledgewatch.export import iter_incident_lines

    settings = _settings(db)
    with _errors_to_exit():
        _write_lines(iter_incident_lines(engine=_open(settings)), out)


def _write_lines(lines, out: Path | None) -> None:
    if out is None:
        for line in lines:
            sys.stdout.write(line + "\n")
        return
    count = 0
    with out.open("w", encoding="utf-8") as handle:
        for line in lines:
            handle.write(line + "\n")
            count += 1
    console.print(f"Wrote {count} lines to [bold]{out}[/]")


@commitments_app.command("validate")
def commitments_validate(
    files: Annotated[
        list[Path] | None, typer.Argument(help="YAML files to check (default: the packaged registry).")
    ] = None,
) -> None:
    """Check commitment files: every problem with file, line and field."""
    from pledgewatch.knowledge.actors import load_actors
    from pledgewatch.knowledge.commitment_registry import default_commitment_files, validate_commitment_files

    paths = files or default_commitment_files()
    known = {actor.id for actor in load_actors()}
    problems = validate_commitment_files(paths, known_actors=known)
    for problem in problems:
        err_console.print(f"[red]✗[/] {problem.message}", highlight=False, soft_wrap=True)
    if problems:
        err_console.print(f"{len(problems)} problem(s) in {len(paths)} file(s).")
        raise typer.Exit(1)
    console.print(f"[green]✓[/] {len(paths)} file(s) valid.")


@commitments_app.command("list")
def commitments_list() -> None:
    """List the commitments in the registry."""
    from pledgewatch.knowledge.commitment_registry import load_commitments

    with _errors_to_exit():
        commitments = load_commitments(get_settings().commitments_dir)
    table = Table(header_style="bold")
    for column in ("id", "obligor", "category", "made on", "instrument"):
        table.add_column(column, overflow="fold")
    for c in commitments:
        table.add_row(c.id, c.obligor, c.category, c.made_on.isoformat(), c.instrument)
    console.print(table)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
