"""Event datasets (ACLED, UCDP GED, GTD): one CSV file → a document and one claim per row.

Public interface::

    FORMATS                                   registry: --format name → DatasetFormat
    open_dataset(path, *, fmt="auto", encoding=None) -> DatasetFile
    DatasetFile.rows(context, on_bytes=None) -> Iterator[RowOutcome]
    MappingContext(actors=DatasetActors.load(index), gazetteer=..., with_notes=False)

Decisions (DESIGN.md: "imported dataset rows are claims too, with the dataset as the source"):

- **The file is a document.** Its id is the sha256 of the file's bytes, computed streaming. It does
  not hold the file's bytes: ``raw`` is the header line exactly as written, and each row's verbatim
  text is the ``text`` of its claim, with ``span`` = the row's character offsets in the decoded file.
  Header + claim texts in span order give the file back; rows that were not imported are listed,
  with their line, in the import report. So nothing is lost and nothing is held twice.
- **A row is a claim** of kind ``event_report`` by the dataset: ``speaker`` is None, the document's own
  voice, and the document's source is the dataset (``Source(kind="dataset", affiliation=None)``). A
  row's own ``source`` column names the outlets the dataset coded it from; it stays in the row text.
  ``confidence`` is 1.0 (the row says exactly this) and ``extractor`` names the importer and its
  version (``pledgewatch.datasets.acled/1``).
- **Stable ids**: ``acled_<event_id_cnty>``, ``ucdp_ged_<id>``, ``gtd_<eventid>``, else a hash of the
  row's values (leaving out an unnamed index column, so a re-saved file keeps its ids).
- **Bad rows** are reported with their line and reason (``RowProblem``): rejected when the row cannot
  be read (wrong column count, a row cut off at the end of the file, a CSV error, a duplicate),
  imported without the offending value otherwise (a bad date, a non-numeric count, bad coordinates,
  an unknown event type, inconsistent estimates).
- **Encodings**: UTF-8 (with or without a byte-order mark); a GTD file that is not UTF-8 is read as
  cp1252, its own encoding; any other non-UTF-8 file is refused with the byte and line where it
  stops being UTF-8, unless the caller names the encoding.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pledgewatch.errors import IngestError
from pledgewatch.ingest.datasets.acled import ACLED_COLUMNS, AcledFormat
from pledgewatch.ingest.datasets.base import DatasetFormat, MappingContext, RowMapper
from pledgewatch.ingest.datasets.common import REJECTING_REASONS, DatasetActors, RowOutcome, RowProblem
from pledgewatch.ingest.datasets.gtd import GtdFormat
from pledgewatch.ingest.datasets.reader import (
    LENIENT_ERRORS,
    ByteScan,
    TextSource,
    iter_records,
    read_header,
    scan_file,
)
from pledgewatch.ingest.datasets.ucdp import UcdpFormat

__all__ = [
    "ACLED_COLUMNS",
    "FORMATS",
    "REJECTING_REASONS",
    "DatasetActors",
    "DatasetFile",
    "DatasetFormat",
    "MappingContext",
    "RowMapper",
    "RowOutcome",
    "RowProblem",
    "detect_format",
    "open_dataset",
]

FORMATS: dict[str, DatasetFormat] = {fmt.name: fmt for fmt in (AcledFormat(), UcdpFormat(), GtdFormat())}


def detect_format(columns: list[str], *, where: str | Path | None = None) -> DatasetFormat:
    """The format whose signature columns the header has (GTD and UCDP first: their signatures are
    more specific than ACLED's)."""
    names = {column.strip() for column in columns}
    for name in ("gtd", "ucdp-ged", "acled"):
        if FORMATS[name].matches(names):
            return FORMATS[name]
    shown = ", ".join(column for column in columns[:8] if column.strip())
    raise IngestError(
        f"cannot tell which event dataset this is from its header ({shown}"
        + (", ...)" if len(columns) > 8 else ")"),
        where=where,
        hint="expected ACLED (event_date, event_type, actor1 ...), UCDP GED (type_of_violence, side_a, "
        "side_b ...) or GTD (eventid, iyear, imonth, iday ...); pass --format if the columns were renamed",
    )


@dataclass
class DatasetFile:
    """A dataset file, checked and ready to stream: its format, encoding, header and content address."""

    path: Path
    format: DatasetFormat
    scan: ByteScan
    source: TextSource
    header: list[str]
    header_text: str
    notices: list[str]

    @property
    def document_id(self) -> str:
        return "sha256:" + self.scan.sha256

    @property
    def header_bytes(self) -> bytes:
        """The header line as it is in the file (byte-order mark and line ending included)."""
        with self.path.open("rb") as handle:
            first = handle.readline(1 << 20)
        return first

    def rows(
        self, context: MappingContext, *, on_bytes: Callable[[int], None] | None = None
    ) -> Iterator[RowOutcome]:
        """Every data row mapped to a claim (or to problems), in file order."""
        mapper = self.format.mapper(self.header, context)
        records = iter_records(self.path, self.source, on_bytes=on_bytes)
        next(records, None)  # the header
        for record in records:
            yield mapper(record)


def open_dataset(
    path: str | Path,
    *,
    fmt: str = "auto",
    encoding: str | None = None,
    on_bytes: Callable[[int], None] | None = None,
) -> DatasetFile:
    """Check a dataset file before importing it: readable, its format (from the header unless given),
    the columns that format needs, and its encoding. Raises ``IngestError`` with what to do."""
    path = Path(path)
    if not path.is_file():
        raise IngestError("no such file", where=path)
    scan = scan_file(path, on_bytes=on_bytes)
    if scan.size == 0:
        raise IngestError("the file is empty", where=path)
    notices: list[str] = []
    if encoding:
        lenient = encoding.lower().replace("-", "").replace("_", "") in ("cp1252", "windows1252")
        source = TextSource(encoding, LENIENT_ERRORS if lenient else "strict")
    elif scan.first_bad_utf8 is None:
        source = TextSource("utf-8-sig" if scan.bom else "utf-8")
    else:
        # the header is ASCII in every format: read it leniently to learn the format first
        source = TextSource("cp1252", LENIENT_ERRORS)
    try:
        header, header_text = read_header(path, source)
    except LookupError as error:
        raise IngestError(
            f"unknown encoding {encoding!r}", where=path, hint="e.g. utf-8, cp1252, latin-1"
        ) from error
    header = [column.strip() for column in header]
    if fmt in (None, "", "auto"):
        dataset_format = detect_format(header, where=path)
    elif fmt in FORMATS:
        dataset_format = FORMATS[fmt]
    else:
        raise IngestError(f"unknown dataset format {fmt!r}", hint=f"use auto or one of {', '.join(FORMATS)}")
    missing = dataset_format.missing(set(header))
    if missing:
        raise IngestError(
            f"not a {dataset_format.label} export: missing column(s) {', '.join(missing)}",
            where=f"{path}:1",
            hint=dataset_format.needs,
        )
    if not encoding and scan.first_bad_utf8 is not None:
        offset, line = scan.first_bad_utf8
        if dataset_format.native_encoding == "utf-8":
            raise IngestError(
                f"not UTF-8: byte {offset} (line {line}) is not valid UTF-8, and {dataset_format.label} "
                "exports are UTF-8",
                where=path,
                hint="if a spreadsheet re-saved it in another encoding, name that, e.g. --encoding cp1252",
            )
        notices.append(
            f"not UTF-8 (byte {offset}, line {line}): read as {dataset_format.native_encoding}, "
            f"{dataset_format.label}'s own encoding"
        )
        source = TextSource(dataset_format.native_encoding, LENIENT_ERRORS)
    if not scan.ends_with_newline:
        notices.append("the file does not end with a line break: it may have been cut off")
    return DatasetFile(
        path=path,
        format=dataset_format,
        scan=scan,
        source=source,
        header=header,
        header_text=header_text,
        notices=notices,
    )
