"""Which export formats exist for what, and one function that writes any of them.

``export claims``: jsonl (the contract), acled-csv. ``export incidents``: jsonl (the contract),
acled-csv, geojson, parquet. Text formats go to standard output unless a file is given; Parquet
needs a file.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sqlalchemy.engine import Engine

from pledgewatch.errors import ExportError

FORMATS: dict[str, tuple[str, ...]] = {
    "claims": ("jsonl", "acled-csv"),
    "incidents": ("jsonl", "acled-csv", "geojson", "parquet"),
}


def write_export(what: str, fmt: str, *, engine: Engine, out: Path | None) -> int:
    """Write ``what`` (claims | incidents) in ``fmt`` to ``out`` (stdout when None); returns how many
    claims or incidents were written."""
    if fmt not in FORMATS.get(what, ()):
        raise ExportError(
            f"{what} cannot be exported as {fmt}", hint=f"use one of {', '.join(FORMATS.get(what, ()))}"
        )
    if fmt == "parquet":
        if out is None:
            raise ExportError("Parquet is binary: it needs a file", hint="pass --out FILE.parquet")
        from pledgewatch.export.parquet import write_incidents_parquet

        return write_incidents_parquet(engine=engine, out=out)
    handle = out.open("w", encoding="utf-8", newline="") if out is not None else sys.stdout
    try:
        if fmt == "jsonl":
            from pledgewatch.export import iter_claim_lines, iter_incident_lines

            lines = (
                iter_claim_lines(engine=engine) if what == "claims" else iter_incident_lines(engine=engine)
            )
            count = 0
            for line in lines:
                handle.write(line + "\n")
                count += 1
            return count
        if fmt == "acled-csv":
            from pledgewatch.export.acled import iter_claim_rows, iter_incident_rows, write_csv

            rows = iter_claim_rows(engine=engine) if what == "claims" else iter_incident_rows(engine=engine)
            return write_csv(rows, handle)
        from pledgewatch.export.geojson import iter_geojson_chunks

        count = -1
        for chunk in iter_geojson_chunks(engine=engine):
            handle.write(chunk)
            count += 1
        return max(count - 1, 0)
    finally:
        if out is not None:
            handle.close()
        else:
            handle.flush()
