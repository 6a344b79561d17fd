"""Event-dataset import: ``pledgewatch import-events`` against pandas and DuckDB on the same file.

A synthetic ACLED file in the current 31-column schema is written to a temporary folder (rows in date
order, newest first, as ACLED exports them; notes of 100-300 characters). Each loader runs in a child
process on a fresh database, so that peak memory (``ru_maxrss``) belongs to that loader alone:

- pledgewatch: ``import_events`` into the store (a document and one claim per row, with the store's
  indexes and JSON columns), SQLite and PostgreSQL; its peak counts the mapping process too;
- pandas: ``pandas.read_csv`` then ``DataFrame.to_sql`` (defaults) into one plain table;
- DuckDB: ``CREATE TABLE ... AS SELECT * FROM read_csv(...)`` into a DuckDB file (a reference: a
  columnar engine reading CSV in C++, not a store).

Two sizes (200k and 1M rows; ``--quick``: 10k and 50k) show whether memory stays flat as the file
grows. PostgreSQL runs use a schema of their own on ``PLEDGEWATCH_TEST_POSTGRES_URL`` (default the
local test database) and are skipped when no server answers.
"""

from __future__ import annotations

import csv
import json
import os
import random
import resource
import secrets
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from pledgewatch.ingest.datasets.acled import ACLED_COLUMNS

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
COLUMNS = ACLED_COLUMNS  # the current 31-column export
_EVENTS = (
    (
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
        "BLA: Baloch Liberation Army",
        "Military Forces of Pakistan (2022-)",
        "detonated an IED targeting a military vehicle",
    ),
    (
        "Battles",
        "Armed clash",
        "TTP: Tehreek-i-Taliban Pakistan",
        "Police Forces of Pakistan (2022-)",
        "attacked a police checkpost",
    ),
    (
        "Violence against civilians",
        "Attack",
        "Unidentified Armed Group (Pakistan)",
        "Civilians (Pakistan)",
        "shot dead a shopkeeper",
    ),
    (
        "Explosions/Remote violence",
        "Grenade",
        "Baloch Separatists (Pakistan)",
        "Police Forces of Pakistan (2022-) Frontier Corps",
        "hurled a hand grenade at an FC post",
    ),
)
_PLACES = (
    ("Balochistan", "Kech", "Turbat", 26.0, 63.05),
    ("Balochistan", "Quetta", "Quetta", 30.2, 67.0),
    ("Khyber Pakhtunkhwa", "North Waziristan", "Miran Shah", 33.0, 70.07),
    ("Khyber Pakhtunkhwa", "Dera Ismail Khan", "Dera Ismail Khan", 31.83, 70.9),
)


def write_acled_file(path: Path, rows: int, *, seed: int = 7) -> int:
    """A synthetic ACLED export of ``rows`` rows; returns its size in bytes."""
    rnd = random.Random(seed)
    newest = date(2024, 12, 31)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for i in range(rows):
            day = newest - timedelta(days=(i * 3650) // rows)
            event_type, sub_type, actor1, actor2, what = _EVENTS[rnd.randrange(len(_EVENTS))]
            admin1, admin2, location, lat, lon = _PLACES[rnd.randrange(len(_PLACES))]
            killed = rnd.choice((0, 0, 1, 2, 3, 5, 26))
            notes = (
                f"On {day:%d %B %Y}, militants {what} near {location} ({admin2}, {admin1}). "
                f"The group claimed {killed + 3} personnel were killed. Fatalities coded as {killed} "
                "based on the lowest estimate." + " Further detail." * rnd.randrange(0, 8)
            )
            latitude, longitude = f"{lat + rnd.random() / 10:.4f}", f"{lon + rnd.random() / 10:.4f}"
            targeting = "Civilian targeting" if "Civilians" in actor2 else ""
            writer.writerow(
                [
                    f"PAK{9_000_000 - i}", day.isoformat(), day.year, 1, "Political violence", event_type,
                    sub_type, actor1, "", "Rebel group", actor2, "", "State forces",
                    "Rebel group-State forces", targeting, 586, "Caspian", "Pakistan", admin1, admin2,
                    location,
                    location, latitude, longitude, 1, "Dawn; The Balochistan Post", "National", notes, killed,
                    "", 1_700_000_000 + i,
                ]
            )  # fmt: skip
    return path.stat().st_size


def _peak_mib() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + children) / 1024


def run_loader(loader: str, backend: str, path: str, url: str, workdir: str) -> dict:
    """Run in a child process: load ``path`` one way and report seconds, rows and peak memory."""
    started = time.perf_counter()
    if loader == "pledgewatch":
        from pledgewatch.config import Settings
        from pledgewatch.importing import import_events
        from pledgewatch.pipeline import open_store

        engine = open_store(url)
        report = import_events(path, engine=engine, settings=Settings(database_url=url))
        rows = report.imported
        engine.dispose()
    elif loader == "pandas":
        import pandas as pd
        import sqlalchemy as sa

        frame = pd.read_csv(path)
        engine = sa.create_engine(url)
        frame.to_sql("acled_pandas", engine, if_exists="replace", index=False)
        rows = len(frame)
        engine.dispose()
    elif loader == "duckdb":
        import duckdb

        connection = duckdb.connect(str(Path(workdir) / "duck.db"))
        connection.execute("CREATE OR REPLACE TABLE acled AS SELECT * FROM read_csv(?)", [path])
        rows = connection.execute("SELECT count(*) FROM acled").fetchone()[0]
        connection.close()
    else:
        raise ValueError(loader)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "rows": rows, "peak_mib": _peak_mib()}


def _child(loader: str, backend: str, path: Path, url: str, workdir: Path) -> dict:
    code = (
        "import json; from benchmarks.importing import run_loader; "
        f"print(json.dumps(run_loader({loader!r}, {backend!r}, {str(path)!r}, {url!r}, {str(workdir)!r})))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{loader} on {backend} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _postgres_base() -> str | None:
    url = os.environ.get("PLEDGEWATCH_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)
    try:
        import sqlalchemy as sa

        engine = sa.create_engine(url, connect_args={"connect_timeout": 3})
        with engine.connect() as connection:
            connection.execute(sa.text("select 1"))
        engine.dispose()
    except Exception:  # no server: the PostgreSQL rows are skipped, said in the table
        return None
    return url


class _PostgresSchema:
    """A schema of its own for one run, dropped afterwards."""

    def __init__(self, base: str):
        import sqlalchemy as sa

        self.base = base
        self.name = f"pw_bench_{secrets.token_hex(4)}"
        self.admin = sa.create_engine(base)
        with self.admin.begin() as connection:
            connection.execute(sa.text(f'CREATE SCHEMA "{self.name}"'))
        url = sa.make_url(base).update_query_dict({"options": f"-csearch_path={self.name}"})
        self.url = url.render_as_string(hide_password=False)

    def drop(self) -> None:
        import sqlalchemy as sa

        with self.admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{self.name}" CASCADE'))
        self.admin.dispose()


def _load_average() -> str:
    try:
        return " ".join(f"{value:.1f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def bench_import(*, quick: bool, console) -> dict:
    sizes = (10_000, 50_000) if quick else (200_000, 1_000_000)
    # pledgewatch and pandas alternate and each keeps its best of `repeats` runs, so that load from
    # other processes on the machine biases neither side
    repeats = 1 if quick else 2
    postgres = _postgres_base()
    results: dict[str, object] = {"load average at start (1, 5, 15 min)": _load_average()}
    with tempfile.TemporaryDirectory(prefix="pw-bench-import-") as tmp:
        workdir = Path(tmp)
        for rows in sizes:
            path = workdir / f"acled_{rows}.csv"
            size = write_acled_file(path, rows)
            label = f"{rows // 1000}k"
            results[f"{label} file MiB"] = round(size / 2**20, 1)
            console.print(f"[bold]{label} rows[/] ({size / 2**20:.0f} MiB)")
            backends = [("sqlite", None)] + ([("postgresql", postgres)] if postgres else [])
            for backend, base in backends:
                best: dict[str, dict] = {}
                for _ in range(repeats):
                    for loader in ("pledgewatch", "pandas"):
                        schema = _PostgresSchema(base) if base else None
                        url = schema.url if schema else f"sqlite:///{workdir / f'{loader}_{rows}.db'}"
                        try:
                            measured = _child(loader, backend, path, url, workdir)
                        finally:
                            if schema:
                                schema.drop()
                            for leftover in workdir.glob(f"{loader}_{rows}.db*"):
                                leftover.unlink()
                        rate = measured["rows"] / measured["seconds"]
                        peak = measured["peak_mib"]
                        console.print(
                            f"  {label} {backend} {loader}: {rate:,.0f} rows/s, peak {peak:,.0f} MiB"
                        )
                        if loader not in best or measured["seconds"] < best[loader]["seconds"]:
                            best[loader] = measured
                for loader, measured in best.items():
                    key = f"{label} {backend} {loader}"
                    results[f"{key} rows/s"] = round(measured["rows"] / measured["seconds"])
                    results[f"{key} peak MiB"] = round(measured["peak_mib"])
                ratio = (
                    results[f"{label} {backend} pledgewatch rows/s"]
                    / results[f"{label} {backend} pandas rows/s"]
                )
                results[f"{label} {backend} ratio pledgewatch/pandas"] = round(ratio, 2)
            measured = _child("duckdb", "duckdb", path, "", workdir)
            duckdb_rate = measured["rows"] / measured["seconds"]
            peak = measured["peak_mib"]
            console.print(f"  {label} duckdb: {duckdb_rate:,.0f} rows/s, peak {peak:,.0f} MiB")
            results[f"{label} duckdb rows/s"] = round(duckdb_rate)
            results[f"{label} duckdb peak MiB"] = round(measured["peak_mib"])
            for backend, _base in backends:
                results[f"{label} {backend} ratio pledgewatch/duckdb"] = round(
                    results[f"{label} {backend} pledgewatch rows/s"] / duckdb_rate, 2
                )
            path.unlink()
        if not postgres:
            results["postgresql"] = "skipped: no server (set PLEDGEWATCH_TEST_POSTGRES_URL)"
    small, large = (f"{n // 1000}k" for n in sizes)
    for backend in ("sqlite", "postgresql") if postgres else ("sqlite",):
        for loader in ("pledgewatch", "pandas"):
            peaks = [results[f"{size} {backend} {loader} peak MiB"] for size in (small, large)]
            results[f"{loader} {backend} peak growth ({large}/{small})"] = round(peaks[1] / peaks[0], 2)
    results["load average at end (1, 5, 15 min)"] = _load_average()
    return results
