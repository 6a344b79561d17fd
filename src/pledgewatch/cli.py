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
user_app = typer.Typer(help="Team server users, roles and API tokens.", no_args_is_help=True)
app.add_typer(user_app, name="user")
audit_app = typer.Typer(help="The tamper-evident audit trail of human decisions.", no_args_is_help=True)
app.add_typer(audit_app, name="audit")

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
    acled_csv = "acled-csv"  # claims and incidents
    geojson = "geojson"  # incidents
    parquet = "parquet"  # incidents (needs --out)


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
def _progress(
    console_: Console, *, counting_bytes: bool = False
) -> Iterator[Callable[[str, int | None], Callable[[int], None]]]:
    """A Rich progress display exposed as the pipeline's progress factory (items, or bytes read)."""
    if counting_bytes:
        from rich.progress import DownloadColumn, TimeRemainingColumn, TransferSpeedColumn

        columns = (DownloadColumn(), TransferSpeedColumn(), TimeRemainingColumn())
    else:
        columns = (MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(
        TextColumn("[bold]{task.description:<12}"),
        BarColumn(),
        *columns,
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
    from rich.markup import escape as esc  # reasons cite claims as [claim-id], which is not markup

    incident = explanation.incident
    when = f"{incident.date.start}..{incident.date.end}" if incident.date else "undated"
    where = incident.location.name if incident.location else "unplaced"
    console.print(
        f"[bold]{incident.id}[/] {incident.type or 'untyped'} at {esc(where)}, {when}", highlight=False
    )
    status = explanation.status
    if explanation.human_status:
        status += f" (set by an analyst; the rules say {explanation.machine_status})"
    console.print(
        f"[bold]Status:[/] {status} — {esc(explanation.status_reason)}", highlight=False, soft_wrap=True
    )

    claims = Table(title="Claims", header_style="bold", show_lines=False)
    for column in ("claim", "source (unit)", "published", "voice", "relation", "figures", "event"):
        claims.add_column(column, overflow="fold")
    for line in explanation.claims:
        unit = "" if line.source_unit == line.source else f" (= {line.source_unit})"
        voice = (line.voice or "own voice") + (" · independent" if line.independent else "")
        relation = line.relation + (f", superseded by {line.superseded_by}" if line.superseded_by else "")
        claims.add_row(
            *(esc(cell) for cell in (line.claim_id, f"{line.source}{unit}", line.published or "", voice)),
            *(esc(cell) for cell in (relation, line.figures, line.event)),
        )
    console.print(claims)

    links = Table(title="Why they are together (strongest links)", header_style="bold")
    for column in ("claims", "score", "evidence"):
        links.add_column(column, overflow="fold")
    for link in explanation.links:
        score = "—" if link.score is None else f"{link.score:g}"
        evidence = "; ".join(f"{f.text} ({f.points:+g})" if f.points else f.text for f in link.findings)
        links.add_row(esc(f"{link.claim_a} ↔ {link.claim_b}"), score, esc(evidence))
    console.print(links)

    console.print("[bold]Sources:[/] " + esc("; ".join(explanation.sources)), highlight=False, soft_wrap=True)
    for line in explanation.estimates:
        est = line.estimate
        side = f" ({est.side})" if est.side else ""
        console.print(
            f"[bold]Estimate[/] {est.outcome} {est.group}{side}: "
            f"low {est.low}, best {est.best}, high {est.high}",
            highlight=False,
        )
        for text in line.lines:
            console.print(f"  · {esc(text)}", highlight=False, soft_wrap=True)
    console.print("[bold]What would change the status:[/]")
    for text in explanation.what_would_change:
        console.print(f"  · {esc(text)}", highlight=False, soft_wrap=True)
    for decision in explanation.decisions:
        console.print(
            f"[dim]decision {decision.id}: {decision.kind} by {decision.actor} at {decision.at}: "
            f"{esc(decision.reason)}[/]",
            highlight=False,
        )
    for note in explanation.notes:
        console.print(f"[dim]{esc(note)}[/]", highlight=False, soft_wrap=True)


@explain_app.command("commitment")
def explain_commitment_command(
    commitment: Annotated[str, typer.Argument(help="The commitment id (see `commitments list`).")],
    fmt: Annotated[ExplainFormat, typer.Option("--format", "-f")] = ExplainFormat.text,
    all_periods: Annotated[
        bool, typer.Option("--all-periods", help="Also show the months in which nothing matched.")
    ] = False,
    db: DbOption = None,
) -> None:
    """A commitment's text and source, its indicators in plain words, and per month: the matching
    evidence with status and weight, the party's words, the status and why, what would change it."""
    from pledgewatch.pipeline import explain_commitment

    settings = _settings(db)
    with _errors_to_exit():
        explanation = explain_commitment(
            engine=_open(settings), settings=settings, commitment_id=commitment, all_periods=all_periods
        )
    if fmt is ExplainFormat.json:
        sys.stdout.write(json.dumps(explanation.to_dict(), ensure_ascii=False, indent=2, default=str) + "\n")
        return
    _print_commitment_explanation(explanation)


def _print_commitment_explanation(explanation) -> None:
    c = explanation.commitment
    valid = f"{c.valid_from} to {c.valid_to or 'open-ended'}"
    console.print(f"[bold]{c.id}[/] — {c.obligor}, {c.category.replace('_', ' ')}", highlight=False)
    console.print(f"“{c.text}”", highlight=False, soft_wrap=True)
    console.print(
        f"[dim]{c.instrument}; made {c.made_on}; in force {valid}; source: {c.source_document}"
        + (f" <{c.source_url}>" if c.source_url else "")
        + (f"; beneficiaries {', '.join(c.beneficiaries)}" if c.beneficiaries else "")
        + "[/]",
        highlight=False,
        soft_wrap=True,
    )
    console.print(f"[bold]Indicators[/] (method {explanation.method})")
    for line in explanation.indicators:
        console.print(
            f"  · [bold]{line.effect}[/] {line.id}: {line.description}", highlight=False, soft_wrap=True
        )
        console.print(f"    [dim]{line.criteria}[/]", highlight=False, soft_wrap=True)
    for period in explanation.periods:
        console.rule(f"{period.period}: {period.status.replace('_', ' ')}")
        console.print(period.reason, highlight=False, soft_wrap=True)
        for title, lines in (
            ("Breach evidence", period.breaches),
            ("Implementation evidence", period.implementation),
        ):
            if not lines:
                continue
            table = Table(title=title, header_style="bold", title_justify="left")
            for column in ("id", "when", "where", "what", "status", "weighed as", "weight", "indicators"):
                table.add_column(column, overflow="fold")
            for e in lines:
                table.add_row(
                    e.id,
                    e.when,
                    e.where,
                    e.summary,
                    e.status,
                    e.weighed_as,
                    f"{e.weight:g}",
                    ", ".join(e.indicators),
                )
            console.print(table)
        if period.words:
            console.print(f"[bold]Words[/] ({len(period.words)}, never evidence):")
            for w in period.words:
                console.print(
                    f"  · {w.said_on} {w.kind} [{w.id}]: “{w.text}”", highlight=False, soft_wrap=True
                )
        console.print("[bold]What would change it:[/]")
        for text in period.what_would_change:
            console.print(f"  · {text}", highlight=False, soft_wrap=True)
    if explanation.quiet_periods:
        quiet = explanation.quiet_periods
        span = quiet[0] if len(quiet) == 1 else f"{quiet[0]} … {quiet[-1]}"
        console.print(
            f"[dim]{len(quiet)} other month(s) in force ({span}): unverified, nothing matched and no words "
            "(`--all-periods` lists them).[/]",
            highlight=False,
        )


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
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="Where to write the briefing: FILE.html (self-contained) or FILE.pdf (by suffix).",
        ),
    ] = None,
    pdf: Annotated[Path | None, typer.Option("--pdf", help="Also write the briefing as a PDF here.")] = None,
    db: DbOption = None,
) -> None:
    """Write the briefing: summary, words-vs-deeds chart, incident map, commitment ledger, benchmarks, each
    side's figures per incident, method, and notes quoting the evidence (HTML and/or PDF)."""
    from pledgewatch.pipeline import write_report

    settings = _settings(db)
    if out is None and pdf is None:
        out = Path("briefing.html")
    with _errors_to_exit():
        write_report(engine=_open(settings), out=out, pdf=pdf, settings=settings)
    for path in (out, pdf):
        if path is not None:
            console.print(f"Briefing written to [bold]{path}[/]")


@app.command()
def run(
    paths: Annotated[
        list[Path], typer.Argument(help="Files or folders to ingest before running every stage.")
    ],
    db: DbOption = None,
    workers: WorkersOption = None,
    report_out: Annotated[
        Path | None, typer.Option("--report", help="Also write the briefing (HTML; PDF for a .pdf name).")
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


def _warn_if_no_users(engine, settings: Settings) -> None:
    from pledgewatch.store import count_users, session_scope

    with session_scope(engine) as session:
        if count_users(session) == 0:
            err_console.print(
                "No users yet: create the first admin with "
                f"[bold]pledgewatch user add admin --role admin --db {settings.database_url}[/]"
                + (
                    ""
                    if settings.public_read
                    else " (pages need a login; PLEDGEWATCH_PUBLIC_READ=1 opens reading)"
                ),
                soft_wrap=True,
                highlight=False,
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
        _warn_if_no_users(_open(settings), settings)
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
    """jsonl: one claim per line (schema v1 claim + document_id + review state); acled-csv: ACLED's
    31 columns for every claim that reports an event (imported ACLED rows come back as they were)."""
    from pledgewatch.export import iter_claim_lines

    settings = _settings(db)
    with _errors_to_exit():
        if fmt is not ExportFormat.jsonl:
            _write_export("claims", fmt, settings=settings, out=out)
            return
        _write_lines(iter_claim_lines(engine=_open(settings)), out)


@export_app.command("incidents")
def export_incidents(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f")] = ExportFormat.jsonl,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="File to write (default: standard output).")
    ] = None,
    db: DbOption = None,
) -> None:
    """jsonl: one incident per line (id, type, tags, date, location, status, reason, estimates, sources,
    claims); acled-csv: ACLED's 31 columns; geojson: a FeatureCollection of points; parquet (--out)."""
    from pledgewatch.export import iter_incident_lines

    settings = _settings(db)
    with _errors_to_exit():
        if fmt is not ExportFormat.jsonl:
            _write_export("incidents", fmt, settings=settings, out=out)
            return
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


# --- event datasets in and out (import-events; export formats) --------------------------------


class DatasetFormatOption(StrEnum):
    auto = "auto"
    acled = "acled"
    ucdp_ged = "ucdp-ged"
    gtd = "gtd"


@app.command("import-events")
def import_events_command(
    file: Annotated[Path, typer.Argument(help="An ACLED, UCDP GED or GTD export (CSV).")],
    fmt: Annotated[
        DatasetFormatOption, typer.Option("--format", "-f", help="auto: tell the format from the header.")
    ] = DatasetFormatOption.auto,
    extract_notes: Annotated[
        bool,
        typer.Option(
            "--extract-notes",
            help="Also extract attributed claims from each row's notes (ACLED notes, GTD summary); slow.",
        ),
    ] = False,
    encoding: Annotated[
        str | None,
        typer.Option(help="The file's encoding when it is not UTF-8 (GTD's cp1252 is found by itself)."),
    ] = None,
    db: DbOption = None,
) -> None:
    """Import an event dataset: one document for the file, one claim per row, attributed to the dataset.

    Bad rows never stop the import: each is reported with its line and reason. Importing the same file
    again adds nothing.
    """
    from pledgewatch.importing import import_events

    settings = _settings(db)
    with _errors_to_exit():
        engine = _open(settings)
        with _progress(err_console, counting_bytes=True) as progress:
            report = import_events(
                file,
                engine=engine,
                settings=settings,
                fmt=fmt.value,
                encoding=encoding,
                extract_notes=extract_notes,
                progress=progress,
            )
    _print_import_report(report)


PROBLEM_LINES_SHOWN = 20


def _print_import_report(report) -> None:
    for notice in report.notices:
        err_console.print(f"[yellow]![/] {notice}", highlight=False, soft_wrap=True)
    for problem in report.problems[:PROBLEM_LINES_SHOWN]:
        mark = "[red]✗[/]" if problem.rejected else "[yellow]![/]"
        err_console.print(f"{mark} {problem}", highlight=False, soft_wrap=True)
    more = report.problem_count - min(len(report.problems), PROBLEM_LINES_SHOWN)
    if more > 0:
        err_console.print(f"... and {more} more", highlight=False)
    table = Table(title=f"{Path(report.path).name} ({report.format}, {report.encoding})", show_header=False)
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_row("rows read", str(report.rows))
    table.add_row("claims imported", str(report.imported))
    table.add_row("already stored (imported before)", str(report.already_stored))
    if report.stored_from_other_file:
        table.add_row(
            "stored from another file (of which changed)",
            f"{report.stored_from_other_file} ({report.changed_since_stored})",
        )
    table.add_row("rows not imported", str(report.rejected))
    table.add_row("rows imported with a problem", str(report.imported_with_problems))
    for reason, count in sorted(report.problems_by_reason.items()):
        table.add_row(f"  {reason.replace('_', ' ')}", str(count))
    if report.note_documents or report.note_claims:
        table.add_row("notes read / claims from notes", f"{report.note_documents} / {report.note_claims}")
    table.add_row("seconds", f"{report.seconds:.1f}")
    console.print(table)
    console.print(f"[dim]document {report.document_id} (source {report.source})[/]", highlight=False)


def _write_export(what: str, fmt: ExportFormat, *, settings: Settings, out: Path | None) -> None:
    from pledgewatch.export.formats import write_export

    count = write_export(what, fmt.value, engine=_open(settings), out=out)
    if out is not None:
        console.print(f"Wrote {count} {what} to [bold]{out}[/]")


# --- end of event datasets --------------------------------------------------------------------


@commitments_app.command("validate")
def commitments_validate(
    files: Annotated[
        list[Path] | None, typer.Argument(help="YAML files to check (default: the packaged registry).")
    ] = None,
) -> None:
    """Check commitment files (and, by default, the benchmarks file): every problem with file, line, field."""
    from pledgewatch.knowledge.actors import load_actors
    from pledgewatch.knowledge.benchmark_registry import validate_benchmark_file
    from pledgewatch.knowledge.commitment_registry import default_commitment_files, validate_commitment_files

    paths = files or default_commitment_files()
    known = {actor.id for actor in load_actors()}
    problems = validate_commitment_files(paths, known_actors=known)
    if not files:
        paths = [*paths, Path("benchmarks.yaml")]
        problems += validate_benchmark_file(known_actors=known)
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


class RoleChoice(StrEnum):
    viewer = "viewer"
    analyst = "analyst"
    admin = "admin"


def _user_change(settings: Settings, change: Callable) -> object:
    """Run one users/tokens change in a transaction of its own (audited by the store)."""
    from pledgewatch.store import session_scope

    with _errors_to_exit(), session_scope(_open(settings)) as session:
        return change(session)


def _read_password(password_stdin: bool) -> str:
    if password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return typer.prompt("Password", hide_input=True, confirmation_prompt=True)


@user_app.command("add")
def user_add(
    name: Annotated[str, typer.Argument(help="Login name (letters, digits, _ . @ -).")],
    role: Annotated[
        RoleChoice, typer.Option("--role", help="viewer reads, analyst reviews, admin manages users.")
    ],
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from one line of standard input.")
    ] = False,
    actor: ActorOption = None,
    db: DbOption = None,
) -> None:
    """Create a user; asks for the password twice (argon2-hashed, at least 10 characters)."""
    from pledgewatch.store import add_user

    settings = _settings(db)
    password = _read_password(password_stdin)
    user = _user_change(
        settings, lambda s: add_user(s, name=name, role=role.value, password=password, actor=_actor(actor))
    )
    console.print(f"Added [bold]{user.name}[/] ({user.role}).")


@user_app.command("remove")
def user_remove(name: str, actor: ActorOption = None, db: DbOption = None) -> None:
    """Remove a user and their API tokens (the last admin stays)."""
    from pledgewatch.store import remove_user

    _user_change(_settings(db), lambda s: remove_user(s, name=name, actor=_actor(actor)))
    console.print(f"Removed [bold]{name}[/].")


@user_app.command("role")
def user_role(
    name: str, role: Annotated[RoleChoice, typer.Argument()], actor: ActorOption = None, db: DbOption = None
) -> None:
    """Change a user's role."""
    from pledgewatch.store import set_role

    user = _user_change(_settings(db), lambda s: set_role(s, name=name, role=role.value, actor=_actor(actor)))
    console.print(f"[bold]{user.name}[/] is now {user.role}.")


@user_app.command("password")
def user_password(
    name: str,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read it from standard input.")
    ] = False,
    actor: ActorOption = None,
    db: DbOption = None,
) -> None:
    """Set a user's password (their sessions end)."""
    from pledgewatch.store import set_password

    settings = _settings(db)
    password = _read_password(password_stdin)
    _user_change(settings, lambda s: set_password(s, name=name, password=password, actor=_actor(actor)))
    console.print(f"Password of [bold]{name}[/] changed.")


@user_app.command("list")
def user_list(db: DbOption = None) -> None:
    """Users, roles and API tokens (prefixes only)."""
    from pledgewatch.store import list_tokens, list_users

    users, tokens = _user_change(_settings(db), lambda s: (list_users(s), list_tokens(s)))
    table = Table(header_style="bold")
    for column in ("name", "role", "since", "API tokens"):
        table.add_column(column)
    for user in users:
        mine = [f"{t.id}: {t.prefix}… {t.label}" for t in tokens if t.user == user.name]
        table.add_row(user.name, user.role, user.created_at.date().isoformat(), "\n".join(mine) or "—")
    console.print(table)


@user_app.command("token")
def user_token(
    name: str,
    label: Annotated[str, typer.Option("--label", help="What the token is for.")] = "",
    actor: ActorOption = None,
    db: DbOption = None,
) -> None:
    """Create an API token for NAME and print it once (scripts send `Authorization: Bearer TOKEN`)."""
    from pledgewatch.store import create_token

    token, record = _user_change(
        _settings(db), lambda s: create_token(s, name=name, label=label, actor=_actor(actor))
    )
    err_console.print(f"API token {record.id} for [bold]{record.user}[/] — shown once, store it now:")
    sys.stdout.write(token + "\n")


@audit_app.command("verify")
def audit_verify(db: DbOption = None) -> None:
    """Recompute the audit hash chain; names the first entry edited, inserted or removed behind
    pledgewatch's back (exit code 1)."""
    from pledgewatch.store import session_scope, verify_audit
    from pledgewatch.store.browse import count_audit

    settings = _settings(db)
    with _errors_to_exit(), session_scope(_open(settings)) as session:
        intact, first_broken = verify_audit(session)
        entries = count_audit(session)
    if intact:
        console.print(f"[green]✓[/] audit chain intact: {entries} entries verified.")
        return
    err_console.print(
        f"[bold red]✗ audit chain broken at entry #{first_broken}[/]: its content no longer matches its "
        "hash, or the entry before it was removed or inserted outside pledgewatch."
    )
    raise typer.Exit(1)


@audit_app.command("list")
def audit_list(
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="How many, newest first.")] = 20,
    db: DbOption = None,
) -> None:
    """The newest audit entries: who, when, what, on which entity, why."""
    from pledgewatch.store import list_audit, session_scope

    settings = _settings(db)
    with _errors_to_exit(), session_scope(_open(settings)) as session:
        entries = list_audit(session, limit=limit)
    table = Table(header_style="bold")
    for column in ("#", "when (UTC)", "who", "action", "entity", "reason"):
        table.add_column(column, overflow="fold")
    for e in entries:
        table.add_row(str(e.seq), e.at.strftime("%Y-%m-%d %H:%M"), e.actor, e.action, e.entity, e.reason)
    console.print(table)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
