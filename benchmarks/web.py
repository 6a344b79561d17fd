"""Load on the team server: the incidents list and incident pages under 50 concurrent clients.

A SQLite store with 100,000 synthetic incidents (10,000 with ``--quick``) is written directly through
the store, a server is started the way ``pledgewatch serve`` runs it (one uvicorn process) on
127.0.0.1 and a free port, and 50 clients (httpx, asyncio) ask for pages for a fixed time per
endpoint, logged in with a viewer's API token. Reported per endpoint: requests per second, median,
p95 and p99 latency, and errors (HTTP status >= 400 or a failed connection). Nothing leaves the
machine; the run stops by itself and stops the server it started.

The load generator runs on the same machine as the server, so both share its cores: the numbers
are a floor for what the server does alone.
"""

from __future__ import annotations

import asyncio
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLIENTS = 50
STATUSES = ("reported", "reported", "reported", "corroborated", "corroborated", "contested", "confirmed")
TYPES = (
    "armed_clash",
    "air_drone_strike",
    "attack",
    "remote_explosive_landmine_ied",
    "shelling_artillery_missile_attack",
)
SOURCES = (
    ("ISPR", "party_military", "PAK.MIL"),
    ("Islamic Emirate spokesman", "party_official", "AFG"),
    ("Wire", "independent_media", None),
)


def _build_store(path: Path, *, incidents: int, seed: int = 7) -> tuple[str, str, list[str]]:
    """A migrated SQLite store with ``incidents`` synthetic incidents; returns (url, token, ids)."""
    from pledgewatch.models import (
        ActorRef,
        Casualty,
        Claim,
        DateRange,
        Document,
        Estimate,
        Event,
        Incident,
        IncidentClaim,
        Location,
        Source,
        document_id_for,
    )
    from pledgewatch.store import add_user, create_engine_for, create_token, session_scope, upgrade
    from pledgewatch.store import repository as repo
    from pledgewatch.web.maps import gazetteer_places

    rng = random.Random(seed)
    provinces = [p for p in gazetteer_places(None) if p.feature == "admin1" and p.country in ("AF", "PK")]
    url = f"sqlite:///{path}"
    engine = create_engine_for(url)
    upgrade(engine)
    documents, claims = [], []
    start = date(2021, 8, 15)
    with session_scope(engine) as session:
        for name, kind, affiliation in SOURCES:
            repo.upsert_source(session, source=Source(name=name, kind=kind, affiliation=affiliation))
        for number in range(1000):
            name, _, affiliation = SOURCES[number % len(SOURCES)]
            place = rng.choice(provinces)
            text = (
                f"Report {number}. {name} said {rng.randint(1, 40)} people were killed in {place.name} "
                f"on day {number}. Officials gave no further details."
            )
            raw = text.encode()
            document = Document(
                id=document_id_for(raw),
                title=f"Synthetic report {number}",
                source=name,
                text=text,
                published=start + timedelta(days=number % 1600),
            )
            repo.add_document(session, document=document, raw=raw)
            sentence = text.split(". ")[1] + "."
            begin = text.index(sentence)
            when = DateRange(start=document.published, end=document.published, precision="day")
            location = Location(
                name=place.name,
                country=place.country,
                admin1=place.admin1,
                lat=place.lat,
                lon=place.lon,
                precision=3,
            )
            document_claims = [
                Claim(
                    id=f"clm_bench_{number}_{k}",
                    kind="event_report",
                    text=sentence,
                    span=(begin, begin + len(sentence)),
                    speaker=ActorRef(name=name, actor=affiliation),
                    event=Event(type=rng.choice(TYPES), location=location, date=when),
                    casualties=[Casualty(outcome="killed", group="unknown", low=rng.randint(1, 40))],
                    confidence=round(rng.uniform(0.3, 0.95), 2),
                    extractor="bench.v1",
                )
                for k in range(5)
            ]
            repo.replace_machine_claims(
                session, document_id=document.id, extractor="bench.v1", claims=document_claims
            )
            documents.append(document)
            claims.extend((claim, document) for claim in document_claims)
        rows = []
        for number in range(incidents):
            place = rng.choice(provinces)
            day = start + timedelta(days=rng.randint(0, 1600))
            linked = rng.sample(claims, 3)
            low = rng.randint(1, 20)
            rows.append(
                Incident(
                    id=f"inc_bench_{number:06d}",
                    type=rng.choice(TYPES),
                    tags=["cross_border"] if rng.random() < 0.2 else [],
                    date=DateRange(start=day, end=day, precision="day"),
                    location=Location(
                        name=place.name,
                        country=place.country,
                        admin1=place.admin1,
                        lat=place.lat,
                        lon=place.lon,
                        precision=3,
                    ),
                    status=rng.choice(STATUSES),
                    reason="synthetic incident for the load test",
                    rule="bench.v1",
                    estimates=[
                        Estimate(
                            outcome="killed",
                            group="unknown",
                            low=low,
                            best=low + 2,
                            high=low + 5,
                            rule="bench",
                            low_from=[linked[0][0].id],
                            best_from=[linked[1][0].id],
                            high_from=[linked[2][0].id],
                        )
                    ],
                    sources=rng.randint(0, 2),
                    claims=[
                        IncidentClaim(
                            claim_id=claim.id,
                            document_id=document.id,
                            source=document.source,
                            speaker=claim.speaker.actor,
                        )
                        for claim, document in linked
                    ],
                )
            )
        repo.replace_incidents(session, incidents=rows)
        add_user(session, name="loadtest", role="viewer", password="load test password", actor="benchmark")
        token, _ = create_token(session, name="loadtest", label="load test", actor="benchmark")
    engine.dispose()
    return url, token, [incident.id for incident in rows]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start_server(url: str) -> tuple[subprocess.Popen, str]:
    import httpx

    port = _free_port()
    code = (
        "import uvicorn\n"
        "from pledgewatch.api import create_app\n"
        "from pledgewatch.config import Settings\n"
        f"uvicorn.run(create_app(Settings(database_url={url!r})), host='127.0.0.1', port={port}, "
        "log_level='warning', access_log=False)\n"
    )
    process = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with code {process.returncode}")
        try:
            if httpx.get(f"{base}/api/health", timeout=2).status_code == 200:
                return process, base
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    process.terminate()
    raise RuntimeError("the server did not start within 60 s")


async def _load(base: str, token: str, next_path: Callable[[random.Random], str], seconds: float) -> dict:
    import httpx

    latencies: list[float] = []
    errors = 0
    rng = random.Random(11)
    limits = httpx.Limits(max_connections=CLIENTS, max_keepalive_connections=CLIENTS)
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=base, headers=headers, limits=limits, timeout=60) as client:

        async def one_client(deadline: float, record: bool) -> None:
            nonlocal errors
            while time.perf_counter() < deadline:
                began = time.perf_counter()
                try:
                    response = await client.get(next_path(rng))
                    failed = response.status_code >= 400
                except httpx.HTTPError:
                    failed = True
                if record:
                    latencies.append(time.perf_counter() - began)
                    errors += failed

        warm = time.perf_counter() + min(2.0, seconds / 4)
        await asyncio.gather(*(one_client(warm, False) for _ in range(CLIENTS)))
        began = time.perf_counter()
        await asyncio.gather(*(one_client(began + seconds, True) for _ in range(CLIENTS)))
        elapsed = time.perf_counter() - began
    ordered = sorted(latencies) or [0.0]

    def pct(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50_ms": statistics.median(ordered) * 1000,
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
        "errors": errors,
    }


def bench_web(*, quick: bool, console) -> dict:
    incidents = 10_000 if quick else 100_000
    seconds = 5.0 if quick else 20.0
    result: dict[str, float | int | str] = {
        "incidents": incidents,
        "clients": CLIENTS,
        "seconds_per_endpoint": seconds,
    }
    with tempfile.TemporaryDirectory(prefix="pledgewatch-web-bench-") as tmp:
        console.print(f"building a store with {incidents:,} synthetic incidents …")
        began = time.perf_counter()
        url, token, ids = _build_store(Path(tmp) / "web.db", incidents=incidents)
        result["build_s"] = time.perf_counter() - began
        process, base = _start_server(url)
        try:
            pages = max(1, incidents // 50)
            endpoints = {
                # the first 50 pages (what people page through) and any page deep in the list
                "incidents_list": lambda rng: (
                    f"/incidents?page={rng.randint(1, 50) if rng.random() < 0.8 else rng.randint(1, pages)}"
                ),
                "incident_page": lambda rng: f"/incidents/{rng.choice(ids)}",
                "api_incidents": lambda rng: (
                    f"/api/incidents?limit=100&offset={rng.randint(0, incidents - 100)}"
                ),
            }
            for name, next_path in endpoints.items():
                console.print(f"{name}: {CLIENTS} clients for {seconds:.0f} s …")
                measured = asyncio.run(_load(base, token, next_path, seconds))
                for key, value in measured.items():
                    result[f"{name}_{key}"] = value
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
    return result
