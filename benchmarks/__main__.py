"""``python -m benchmarks [NAME ...]``: run the named benchmarks (default: all) and print their tables."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

from benchmarks.extraction import bench_extraction
from benchmarks.importing import bench_import
from benchmarks.reconciling import bench_reconcile
from benchmarks.web import bench_web

BENCHMARKS = {
    "extraction": bench_extraction,
    "import": bench_import,
    "reconcile": bench_reconcile,
    "web": bench_web,
}

RESULTS_DIR = Path("bench-results")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument(
        "names", nargs="*", help=f"benchmarks to run (default: all of {', '.join(BENCHMARKS)})"
    )
    parser.add_argument("--quick", action="store_true", help="smaller inputs, for a smoke run")
    args = parser.parse_args(argv)
    unknown = [name for name in args.names if name not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark(s) {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")
    console = Console()
    RESULTS_DIR.mkdir(exist_ok=True)
    for name in args.names or list(BENCHMARKS):
        console.rule(f"[bold]{name}")
        result = BENCHMARKS[name](quick=args.quick, console=console)
        table = Table(title=name, header_style="bold")
        table.add_column("measure")
        table.add_column("value", justify="right")
        for key, value in result.items():
            table.add_row(key, f"{value:,.3f}" if isinstance(value, float) else str(value))
        console.print(table)
        (RESULTS_DIR / f"{name}.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
