"""Reconciliation at scale: synthetic claims, time and peak memory per size, against all-pairs.

Synthetic corpus (``synthetic_claims``): about 400 places (districts of 40 provinces in two
countries, with coordinates), 3 to 8 claims per event from a dozen sources (parties' outlets, wires,
newspapers, UN, datasets) with the variations real reports have: dates a day off or a night's range,
the province but no district, an exact point, partisan and independent figures that differ, a rising
toll reported again by the same outlet a day later, a claim's type given as a related one,
cross-border events placed on each side of the border. A dataset gives an event one row, as ACLED
and UCDP do (reconcile keeps two rows of one dataset for one day apart).

**Density is constant across sizes.** A real monitoring corpus grows by covering more time (a longer
archive, more sources over the years), not by piling more reports onto the same days: the number of
events a district has in a week is a property of the conflict, not of the corpus size. So the corpus
covers two years at 100k claims (about 25 events a day over the two countries, ACLED's order of
magnitude) and proportionally more at larger sizes (``span_days``: 6 years at 300k, 20 at 1M, all
ending on ``END``); events per place and day, and with them the claims a claim must be compared
with, stay the same at every size. An earlier version packed every size into two years, so at 1M
each district had ten times the events per day of any real corpus and the pairs compared grew 5.4x
faster than the claims: that measured the density, not the scaling. That workload is still available
as a stress test (``density="stress"``; ``python -m benchmarks.reconciling --density stress``), where
blocking's cap on candidates per claim (``reconcile.blocking.MAX_CANDIDATES``) keeps comparisons
bounded and the table says how many claims reached it.

Each size runs in a child process, and only ``reconcile()`` is timed: CPU seconds of the child and
wall seconds (the machine is shared, so CPU time is the figure to compare; ``repeat`` runs each size
again and keeps the lowest CPU time). Peak memory is the child's ``ru_maxrss``: the total (input
claims included) and reconcile's own share (peak minus the peak after generating the input, which
stays alive). The naive baseline compares every pair of claims with the same ``compare``: by
default it is timed on two samples (5,000 and 10,000 claims; 2,000 and 4,000 with ``--quick``), the
table shows the growth exponent they give, and the larger is scaled by n² to the smallest size; with
``python -m benchmarks.reconciling --naive-full`` it is timed on the whole smallest size instead
(about an hour of CPU at 100k claims), and the table says which. Pairwise precision and recall against the
synthetic truth are reported too (from cluster contingency counts, O(n)); they are below 1 because
some synthetic events are indistinguishable (same district, type and actors a day apart).
"""

from __future__ import annotations

import json
import math
import random
import resource
import subprocess
import sys
import time
from collections import Counter
from datetime import date, timedelta
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZES = (100_000, 300_000, 1_000_000)
QUICK_SIZES = (20_000, 50_000, 100_000)
# The smallest headline size covers two years; larger corpora cover proportionally more time.
BASE_CLAIMS = 100_000
BASE_DAYS = 730
END = date(2025, 12, 31)


def span_days(n: int, density: str = "constant") -> int:
    """Days the corpus covers: grows with ``n`` at constant density, fixed under ``"stress"``."""
    if density == "stress":
        return BASE_DAYS
    if density != "constant":
        raise ValueError(f"density must be 'constant' or 'stress', got {density!r}")
    return max(BASE_DAYS * n // BASE_CLAIMS, 60)


def _places(rng: random.Random):
    from pledgewatch.models import Location

    places = []
    for country, lat0, lon0 in (("PK", 30.0, 67.5), ("AF", 33.0, 64.0)):
        for p in range(20):
            admin1 = f"{country} province {p:02d}"
            plat, plon = lat0 + rng.uniform(-3, 4), lon0 + rng.uniform(-3, 4)
            for d in range(10):
                lat, lon = plat + rng.uniform(-0.8, 0.8), plon + rng.uniform(-0.8, 0.8)
                places.append(
                    {
                        "district": Location.model_construct(
                            name=f"{admin1} district {d}",
                            country=country,
                            admin1=admin1,
                            admin2=f"district {d}",
                            lat=round(lat, 2),
                            lon=round(lon, 2),
                            precision=2,
                        ),
                        "province": Location.model_construct(
                            name=admin1,
                            country=country,
                            admin1=admin1,
                            admin2=None,
                            lat=plat,
                            lon=plon,
                            precision=3,
                        ),
                        "lat": lat,
                        "lon": lon,
                    }
                )
    return places


TYPES = [
    ("armed_clash", 0.35, "shelling_artillery_missile_attack"),
    ("suicide_bomb", 0.12, "armed_clash"),
    ("remote_explosive_landmine_ied", 0.15, "attack"),
    ("air_drone_strike", 0.10, None),
    ("attack", 0.13, "armed_clash"),
    ("arrests", 0.08, None),
    ("peaceful_protest", 0.07, None),
]
SOURCES = [
    # name, kind, affiliation, speaker the source's claims carry
    ("ISPR", "party_military", "PAK.MIL", None),
    ("Islamic Emirate spokesman", "party_official", "AFG", None),
    ("Khyber Pakhtunkhwa Police", "party_official", "PAK.POL", None),
    ("Dawn", "independent_media", None, None),
    ("The News International", "independent_media", None, None),
    ("Reuters", "independent_media", None, None),
    ("Associated Press", "independent_media", None, None),
    ("TOLOnews", "independent_media", None, None),
    ("UNAMA", "intl_org", None, None),
    ("ACLED", "dataset", None, None),
    ("UCDP", "dataset", None, None),
    ("Reuters", "independent_media", None, "AFG"),
    ("Dawn", "independent_media", None, "PAK.MIL"),
]


def synthetic_claims(n: int, seed: int = 1, density: str = "constant"):
    """``(claims, contexts, truth)`` with about ``n`` claims; truth maps claim id -> event number.

    The claims cover ``span_days(n, density)`` days ending on ``END``: with ``"constant"`` the number
    of events per place and day is the same at every size; ``"stress"`` packs every size into two
    years.
    """
    from pledgewatch.models import ActorRef, Casualty, Claim, DateRange, Event, Location, Source
    from pledgewatch.reconcile import ClaimContext

    rng = random.Random(seed)
    days = span_days(n, density)
    start = END - timedelta(days=days - 1)
    places = _places(rng)
    sources = [Source(name=name, kind=kind, affiliation=aff) for name, kind, aff, _ in SOURCES]
    speakers = {
        i: ActorRef.model_construct(name=who, actor=who, role=None)
        for i, (*_, who) in enumerate(SOURCES)
        if who
    }
    actor_sets = [
        [ActorRef.model_construct(name=a, actor=a, role=r) for a, r in pair]
        for pair in (
            (("TTP", "perpetrator"), ("PAK.MIL", "target")),
            (("AFG.MIL", "perpetrator"), ("PAK.MIL", "target")),
            (("PAK.MIL", "perpetrator"), ("CIV", "target")),
            (("BLA", "perpetrator"), ("PAK.POL", "target")),
            (("ISKP", "perpetrator"), ("CIV", "target")),
            (),
        )
    ]
    ranges: dict[tuple, DateRange] = {}

    def span(day: int, width: int) -> DateRange:
        key = (day, width)
        if key not in ranges:
            first = start + timedelta(days=day)
            ranges[key] = DateRange.model_construct(
                start=first, end=first + timedelta(days=width), precision="day", text=None
            )
        return ranges[key]

    contexts: dict[str, ClaimContext] = {}

    def document(source_index: int, day: int) -> str:
        doc_id = f"doc:{source_index}:{day}"
        if doc_id not in contexts:
            contexts[doc_id] = ClaimContext(
                document_id=doc_id, source=sources[source_index], published=start + timedelta(days=day)
            )
        return doc_id

    types, weights = [t[0] for t in TYPES], [t[1] for t in TYPES]
    related = {t[0]: t[2] for t in TYPES}
    claims: list = []
    truth: dict[str, int] = {}
    event = 0
    while len(claims) < n:
        event += 1
        place = rng.choice(places)
        day = rng.randrange(days)
        etype = rng.choices(types, weights)[0]
        actors = rng.choice(actor_sets)
        toll = rng.choice([0, 0, 1, 2, 3, 5, 8, 12, 20, 45])
        group = rng.choice(["security_forces", "civilians", "militants", "unknown"])
        cross_border = etype in ("armed_clash", "shelling_artillery_missile_attack") and rng.random() < 0.15
        exact = Location.model_construct(
            name=place["district"].name,
            country=place["district"].country,
            admin1=place["district"].admin1,
            admin2=place["district"].admin2,
            lat=round(place["lat"] + rng.uniform(-0.02, 0.02), 4),
            lon=round(place["lon"] + rng.uniform(-0.02, 0.02), 4),
            precision=1,
        )
        rows_given: set[int] = set()
        for k in range(rng.randint(3, 8)):
            source_index = rng.randrange(len(SOURCES))
            kind = SOURCES[source_index][1]
            if kind == "dataset" and source_index in rows_given:
                continue  # a dataset codes an event once a day: one row, not two
            if kind == "dataset":
                rows_given.add(source_index)
                where, when, claim_type = exact, span(day, 0), etype
            else:
                roll = rng.random()
                where = place["province"] if roll < 0.1 else place["district"]
                jitter = rng.random()
                if jitter < 0.15:
                    when = span(day - 1, 1)  # "the night of ..."
                elif jitter < 0.25:
                    when = span(day + 1, 0)  # a day off
                else:
                    when = span(day, 0)
                claim_type = related[etype] if related[etype] and rng.random() < 0.1 else etype
            published = day + (1 if rng.random() < 0.1 else 0)
            figure = toll
            if SOURCES[source_index][2] or source_index in speakers:
                figure = int(toll * rng.choice([0.5, 1, 1, 2, 3]))
            casualties = (
                [
                    Casualty.model_construct(
                        outcome="killed", group=group, side=None, low=figure, high=figure, text=None
                    )
                ]
                if toll and rng.random() < 0.8
                else []
            )
            claim_id = f"c{len(claims):08d}"
            claims.append(
                Claim.model_construct(
                    id=claim_id,
                    kind="event_report",
                    text=f"report {k} of event {event}",
                    span=(0, 10),
                    speaker=speakers.get(source_index),
                    polarity="asserted",
                    about=None,
                    targets=[],
                    event=Event.model_construct(
                        type=claim_type,
                        tags=["cross_border"] if cross_border else [],
                        actors=actors,
                        location=where,
                        date=when,
                    ),
                    casualties=casualties,
                    confidence=0.9,
                    extractor=None,
                    document_id=document(source_index, published),
                    review="machine",
                )
            )
            truth[claim_id] = event
    return claims, contexts, truth


def _pairs(sizes) -> int:
    return sum(s * (s - 1) // 2 for s in sizes)


def pairwise_scores(truth: dict[str, int], predicted: dict[str, str]) -> tuple[float, float]:
    """Pairwise precision and recall from cluster contingency counts (O(n))."""
    cells = Counter((truth[c], predicted.get(c, c)) for c in truth)
    together = _pairs(cells.values())
    gold = _pairs(Counter(truth.values()).values())
    found = _pairs(Counter(predicted.get(c, c) for c in truth).values())
    return (together / found if found else 1.0), (together / gold if gold else 1.0)


def _ancestors(actor: str) -> list[str]:
    parents = {"PAK.MIL": "PAK", "PAK.POL": "PAK", "AFG.MIL": "AFG"}
    chain = [actor]
    while chain[-1] in parents:
        chain.append(parents[chain[-1]])
    return chain


def _run_size(n: int, seed: int = 1, density: str = "constant") -> dict:
    from pledgewatch.reconcile import reconcile

    started = time.perf_counter()
    claims, contexts, truth = synthetic_claims(n, seed, density)
    generated = time.perf_counter() - started
    input_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started, cpu_started = time.perf_counter(), time.process_time()
    result = reconcile(claims, contexts=contexts, ancestors=_ancestors)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    predicted = {link.claim_id: incident.id for incident in result.incidents for link in incident.claims}
    precision, recall = pairwise_scores(truth, predicted)
    return {
        "claims": len(claims),
        "days": span_days(n, density),
        "events": len(set(truth.values())),
        "incidents": result.counts["incidents"],
        "pairs_compared": result.counts["pairs_compared"],
        "claims_capped": result.counts["claims_capped"],
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "generate_seconds": generated,
        "peak_rss_mib": peak,
        "input_rss_mib": input_peak,
        "precision": precision,
        "recall": recall,
    }


def _naive(sample: int, seed: int = 1) -> dict:
    """Every pair compared (no blocking) on a sample: seconds and pairs."""
    from pledgewatch.reconcile import compare, place_claim
    from pledgewatch.reconcile.matching import MATCH_THRESHOLD

    claims, contexts, _ = synthetic_claims(sample, seed)
    placed = [place_claim(c, contexts[c.document_id]) for c in claims]
    placed = [p for p in placed if not isinstance(p, str)]
    started = time.process_time()
    matching = 0
    for a, b in combinations(placed, 2):
        score = compare(a, b, window_days=2, contested_ratio=1.5)
        matching += score is not None and score >= MATCH_THRESHOLD
    seconds = time.process_time() - started
    return {"claims": len(placed), "seconds": seconds, "pairs": len(placed) * (len(placed) - 1) // 2}


def _child(code: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True, timeout=3 * 3600
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _measure(n: int, density: str, repeat: int) -> dict:
    """The run with the lowest CPU time out of ``repeat`` (CPU time is what other load disturbs least)."""
    runs = [
        _child(
            "import json; from benchmarks.reconciling import _run_size; "
            f"print(json.dumps(_run_size({n}, density={density!r})))"
        )
        for _ in range(max(repeat, 1))
    ]
    return min(runs, key=lambda r: r["cpu_seconds"])


def bench_reconcile(
    *, quick: bool = False, console=None, density: str = "constant", repeat: int = 1, naive_full: bool = False
) -> dict:
    """``naive_full``: time the all-pairs baseline on the whole smallest size (about an hour of CPU at
    100k claims) instead of scaling samples by n²."""
    sizes = QUICK_SIZES if quick else SIZES
    sample = 2_000 if quick else 5_000
    result: dict = {
        "density": f"{density} (days covered: " + ", ".join(f"{span_days(n, density):,}" for n in sizes) + ")"
    }
    rows = []
    for n in sizes:
        measured = _measure(n, density, repeat)
        rows.append(measured)
        label = f"{n // 1000}k"
        result[f"{label} claims: seconds (wall)"] = round(measured["seconds"], 2)
        result[f"{label} claims: seconds (CPU)"] = round(measured["cpu_seconds"], 2)
        result[f"{label} claims: CPU microseconds per claim"] = round(
            1e6 * measured["cpu_seconds"] / measured["claims"]
        )
        result[f"{label} claims: peak RSS MiB (input claims included)"] = round(measured["peak_rss_mib"])
        result[f"{label} claims: peak RSS MiB over the input (reconcile's own)"] = round(
            measured["peak_rss_mib"] - measured["input_rss_mib"]
        )
        result[f"{label} claims: pairs compared per claim"] = round(
            measured["pairs_compared"] / measured["claims"], 2
        )
        result[f"{label} claims: claims at the blocking cap"] = measured["claims_capped"]
        result[f"{label} claims: pairwise precision / recall vs synthetic truth"] = (
            f"{measured['precision']:.3f} / {measured['recall']:.3f}"
        )
        if console is not None:
            console.print(
                f"{n:>9,} claims: {measured['seconds']:.1f} s ({measured['cpu_seconds']:.1f} s CPU), "
                f"{measured['peak_rss_mib']:.0f} MiB peak ({measured['input_rss_mib']:.0f} MiB input), "
                f"{measured['incidents']:,} incidents for {measured['events']:,} events",
                highlight=False,
            )
    first, last = rows[0], rows[-1]

    def per_claim(row: dict, measure: str) -> float:
        return row[measure] / row["claims"]

    label = f"{last['claims'] // 1000}k / {first['claims'] // 1000}k"
    result[f"growth: CPU time per claim, {label} (1.0 = linear)"] = round(
        per_claim(last, "cpu_seconds") / per_claim(first, "cpu_seconds"), 2
    )
    result[f"growth: reconcile's memory per claim, {label}"] = round(
        (last["peak_rss_mib"] - last["input_rss_mib"])
        / last["claims"]
        / ((first["peak_rss_mib"] - first["input_rss_mib"]) / first["claims"]),
        2,
    )
    result[f"growth: pairs compared per claim, {label}"] = round(
        per_claim(last, "pairs_compared") / per_claim(first, "pairs_compared"), 2
    )

    def naive(n: int) -> dict:
        return _child(
            f"import json; from benchmarks.reconciling import _naive; print(json.dumps(_naive({n})))"
        )

    smallest = f"{first['claims']:,}"
    if naive_full:
        full = naive(sizes[0])
        result[f"naive all-pairs at {full['claims']:,} claims: CPU seconds (MEASURED)"] = round(
            full["seconds"]
        )
        result[f"speed-up over naive at {smallest} claims (measured)"] = round(
            full["seconds"] / first["cpu_seconds"]
        )
        return result
    small, double = naive(sample), naive(2 * sample)
    # the exponent the two samples show (2.0 = quadratic), which is what the estimate below assumes
    exponent = math.log(double["seconds"] / small["seconds"]) / math.log(double["claims"] / small["claims"])
    per_pair = double["seconds"] / double["pairs"]
    estimate = per_pair * first["claims"] * (first["claims"] - 1) / 2
    for run in (small, double):
        result[f"naive all-pairs, measured on {run['claims']:,} claims: CPU seconds"] = round(
            run["seconds"], 2
        )
    result["naive all-pairs: growth exponent between the two samples (2.0 = n^2)"] = round(exponent, 2)
    result[f"naive all-pairs at {smallest} claims: CPU seconds (ESTIMATED, scaled by n^2)"] = round(estimate)
    result[f"speed-up over naive at {smallest} claims (estimated)"] = round(estimate / first["cpu_seconds"])
    return result


def main(argv: list[str] | None = None) -> int:
    """``python -m benchmarks.reconciling``: this benchmark alone, with its own options."""
    import argparse

    from rich.console import Console
    from rich.table import Table

    parser = argparse.ArgumentParser(prog="python -m benchmarks.reconciling", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller inputs, for a smoke run")
    parser.add_argument(
        "--density",
        choices=("constant", "stress"),
        default="constant",
        help="constant: the corpus covers more days as it grows (default); stress: always two years",
    )
    parser.add_argument("--repeat", type=int, default=1, help="runs per size; the lowest CPU time is kept")
    parser.add_argument(
        "--naive-full",
        action="store_true",
        help="time the all-pairs baseline on the whole smallest size (about an hour at 100k claims)",
    )
    args = parser.parse_args(argv)
    console = Console()
    result = bench_reconcile(
        quick=args.quick,
        console=console,
        density=args.density,
        repeat=args.repeat,
        naive_full=args.naive_full,
    )
    table = Table(title=f"reconcile ({args.density} density)", header_style="bold")
    table.add_column("measure")
    table.add_column("value", justify="right")
    for key, value in result.items():
        table.add_row(key, f"{value:,.3f}" if isinstance(value, float) else str(value))
    console.print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
