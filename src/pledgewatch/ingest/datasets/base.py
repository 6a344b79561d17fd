"""What every dataset format shares: the format description, the per-file row mapper, row checks."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from pledgewatch.ingest.datasets.common import DatasetActors, RowContext, RowOutcome
from pledgewatch.ingest.datasets.reader import CsvRecord
from pledgewatch.knowledge.places import Gazetteer
from pledgewatch.models import Document, document_id_for, short_hash

_SAFE_KEY = re.compile(r"^[A-Za-z0-9._:-]{1,80}$")


@dataclass(frozen=True)
class MappingContext:
    """What a row mapper may consult: the knowledge, built once per import."""

    actors: DatasetActors
    gazetteer: Gazetteer | None = None
    with_notes: bool = False


class DatasetFormat:
    """A dataset export format. Subclasses set the names and build a ``RowMapper`` per file."""

    name: str = ""  # the --format value: "acled", "ucdp-ged", "gtd"
    label: str = ""  # how users name it: "ACLED"
    source_name: str = ""  # the dataset as a source (sources.yaml)
    version: int = 1  # bump when the mapping of rows to claims changes
    key_column: str | None = None
    note_column: str | None = None
    signature: frozenset[str] = frozenset()  # columns that identify the format in a header
    required: tuple[str | tuple[str, ...], ...] = ()  # a tuple = one of these columns
    needs: str = ""  # a sentence saying what the format needs, for the missing-columns message
    native_encoding: str = "utf-8"

    @property
    def importer(self) -> str:
        """The ``extractor`` recorded on every claim this format makes."""
        return f"pledgewatch.datasets.{self.name}/{self.version}"

    def matches(self, columns: set[str]) -> bool:
        return self.signature <= columns

    def missing(self, columns: set[str]) -> list[str]:
        missing = []
        for need in self.required:
            options = need if isinstance(need, tuple) else (need,)
            if not any(option in columns for option in options):
                missing.append(" or ".join(options))
        return missing

    def mapper(self, header: list[str], context: MappingContext) -> RowMapper:
        raise NotImplementedError


class RowMapper:
    """Turns the records of one file into claims. Built once per file (column positions known)."""

    def __init__(self, fmt: DatasetFormat, header: list[str], context: MappingContext):
        self.format = fmt
        self.context = context
        self.header = header
        self.width = len(header)
        # a leading unnamed column is a spreadsheet or pandas row index: not data, not part of the key
        self.index_columns = {i for i, name in enumerate(header) if not name.strip()}
        self.positions = {name: i for i, name in enumerate(header) if name.strip()}
        self.key_position = self.positions.get(fmt.key_column) if fmt.key_column else None
        self.importer = fmt.importer
        self.prefix = fmt.name.replace("-", "_")

    def has(self, column: str) -> bool:
        return column in self.positions

    def getter(self, *columns: str) -> int:
        """The position of the first of ``columns`` present in this file; a column the file lacks
        points at the empty string ``__call__`` appends to every row, so ``fields[position]`` is ""."""
        for column in columns:
            position = self.positions.get(column)
            if position is not None:
                return position
        return self.width

    def __call__(self, record: CsvRecord) -> RowOutcome:
        outcome = RowOutcome(line=record.line, start=record.start, end=record.end)
        row = RowContext(record.line)
        if record.error is not None:
            row.problem("csv_error", f"cannot be read as CSV: {record.error}")
        elif len(record.fields) != self.width:
            got = len(record.fields)
            if not record.terminated and got < self.width:
                row.problem(
                    "truncated_row",
                    f"the file ends inside this row: {got} of {self.width} fields (the file was cut off)",
                )
            else:
                row.problem("wrong_column_count", f"{got} fields where the header has {self.width}")
        else:
            record.fields.append("")  # what a column the file lacks reads as (see ``getter``)
            key = self.key(record.fields, row)
            outcome.claim_data = self.claim(record, key, row)
            if self.context.with_notes:
                outcome.note = self.note(record.fields, key, outcome.claim_data)
        outcome.problems = row.problems
        outcome.rules = tuple(row.rules)
        return outcome

    # --- keys ---------------------------------------------------------------------------------

    def key(self, fields: list[str], row: RowContext) -> str:
        """The claim id: ``<format>_<dataset key>``, else ``<format>_r<hash of the row's values>``
        (the unnamed index column left out, so a re-saved file keeps its ids)."""
        prefix = self.prefix
        if self.key_position is not None:
            value = fields[self.key_position].strip()
            if value:
                if _SAFE_KEY.match(value):
                    return f"{prefix}_{value}"
                return f"{prefix}_k{short_hash(self.format.name, value, length=24)}"
        row.rules.append("key_from_row_hash")
        values = [v for i, v in enumerate(fields[: self.width]) if i not in self.index_columns]
        return f"{prefix}_r{short_hash(self.format.name, *values, length=24)}"

    # --- the claim ----------------------------------------------------------------------------

    def claim(self, record: CsvRecord, claim_id: str, row: RowContext) -> dict[str, Any]:
        """The row as a schema-v1 claim in plain data (``Claim.model_validate`` accepts it)."""
        event, casualties = self.event(record.fields, row)
        return {
            "id": claim_id,
            "kind": "event_report",
            "text": record.raw,
            "span": (record.start, record.end),
            "speaker": None,  # the dataset itself: the document's own voice (see the package docs)
            "polarity": "asserted",
            "about": None,
            "targets": [],
            "event": event,
            "casualties": casualties,
            "confidence": 1.0,
            "extractor": self.importer,
        }

    def event(self, fields: list[str], row: RowContext) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """The row's ``event`` and ``casualties`` (schema v1, plain data)."""
        raise NotImplementedError

    @staticmethod
    def event_day(claim: dict[str, Any]) -> date | None:
        when = claim["event"]["date"] if claim.get("event") else None
        return when["start"] if when else None

    def note(self, fields: list[str], key: str, claim: dict[str, Any]) -> Document | None:
        """The row's notes as a small document of its own, so the extractor's spans index into it."""
        position = self.positions.get(self.format.note_column or "")
        if position is None:
            return None
        text = fields[position].strip()
        if not text:
            return None
        raw = text.encode("utf-8")
        return Document(
            id=document_id_for(raw),
            title=f"{self.format.label} notes, {key}",
            source=self.format.source_name,
            published=self.event_day(claim),
            published_from="dataset",
            language="en",
            media_type="text/plain",
            text=text,
        )
