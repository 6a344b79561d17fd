"""Streaming CSV reading for dataset files: constant memory whatever the file size.

``scan_file`` makes one pass over the bytes (sha256 for the document id, and the first byte that is
not UTF-8); ``DatasetFile.records`` then yields one ``CsvRecord`` per row with its line number, its
verbatim text and its character offsets in the decoded file, which is what lets a claim keep the row
exactly as it was written.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from pledgewatch.errors import IngestError

CHUNK_BYTES = 1 << 20
UTF8_BOM = codecs.BOM_UTF8
# cp1252 leaves five bytes undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D); GTD files may still hold them.
# They are read as their Latin-1 characters instead of failing the whole file.
LENIENT_ERRORS = "pledgewatch-latin1"


def _register_lenient_errors() -> None:
    try:
        codecs.lookup_error(LENIENT_ERRORS)
    except LookupError:
        codecs.register_error(
            LENIENT_ERRORS,
            lambda error: (error.object[error.start : error.end].decode("latin-1"), error.end),
        )


@dataclass(frozen=True)
class ByteScan:
    size: int
    sha256: str  # hex
    bom: bool
    first_bad_utf8: tuple[int, int] | None  # (byte offset, 1-based line) of the first non-UTF-8 byte
    ends_with_newline: bool


def scan_file(path: Path, *, on_bytes: Callable[[int], None] | None = None) -> ByteScan:
    """Hash the file and find where (if anywhere) it stops being UTF-8, reading 1 MiB at a time."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    first_bad: int | None = None  # byte offset
    position = 0
    last = b""
    head = b""
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(CHUNK_BYTES):
                digest.update(chunk)
                if not head:
                    head = chunk[:3]
                # most exports are ASCII: checking that is ~50x faster than decoding, and decoding is
                # only needed where the chunk is not ASCII or a sequence runs on from the last one
                if first_bad is None and not (chunk.isascii() and not decoder.getstate()[0]):
                    try:
                        decoder.decode(chunk)
                    except UnicodeDecodeError as error:
                        first_bad = position + error.start
                position += len(chunk)
                last = chunk[-1:]
                if on_bytes is not None:
                    on_bytes(position)
            if first_bad is None:
                try:
                    decoder.decode(b"", final=True)
                except UnicodeDecodeError:  # the file ends inside a sequence: where it starts
                    first_bad = position - len(decoder.getstate()[0])
    except OSError as error:
        raise IngestError(f"cannot read the file ({error.strerror})", where=path) from error
    return ByteScan(
        size=position,
        sha256=digest.hexdigest(),
        bom=head.startswith(UTF8_BOM),
        first_bad_utf8=None if first_bad is None else (first_bad, _line_at(path, first_bad)),
        ends_with_newline=last in (b"\n", b"\r"),
    )


def _line_at(path: Path, offset: int) -> int:
    """The 1-based line holding byte ``offset`` (only read again when a file is not UTF-8)."""
    newlines = 0
    with path.open("rb") as handle:
        while offset > 0 and (chunk := handle.read(min(CHUNK_BYTES, offset))):
            newlines += chunk.count(b"\n")
            offset -= len(chunk)
    return newlines + 1


@dataclass(slots=True)
class CsvRecord:
    """One CSV record: ``raw`` is its verbatim text (line terminator removed), possibly several physical
    lines when a quoted field holds newlines; ``start``/``end`` are offsets in the decoded file."""

    line: int  # 1-based physical line where the record starts
    fields: list[str]
    raw: str
    start: int
    end: int
    terminated: bool  # False for a last row cut off before its line ended
    error: str | None = None  # the csv module's complaint when the record could not be parsed


@dataclass(frozen=True)
class TextSource:
    """How to decode a file: an encoding and what to do with bytes it does not define."""

    encoding: str  # "utf-8", "utf-8-sig", "cp1252", or what the user asked for
    errors: str = "strict"


def read_header(path: Path, source: TextSource) -> tuple[list[str], str]:
    """The first record's fields and verbatim text (the header)."""
    for record in iter_records(path, source):
        if record.error:
            raise IngestError(f"the header cannot be read as CSV ({record.error})", where=f"{path}:1")
        if record.fields:
            return record.fields, record.raw
    raise IngestError("the file is empty", where=path, hint="export the dataset again")


def iter_records(
    path: Path,
    source: TextSource,
    *,
    on_bytes: Callable[[int], None] | None = None,
    every: int = 4096,
) -> Iterator[CsvRecord]:
    """Every CSV record of the file, header included, in order; blank lines are skipped.

    ``on_bytes(position)`` is called every ``every`` records and at the end with how far into the
    file the reader is (bytes), for progress bars.
    """
    if source.errors == LENIENT_ERRORS:
        _register_lenient_errors()
    try:
        handle = path.open(encoding=source.encoding, errors=source.errors, newline="")
    except OSError as error:
        raise IngestError(f"cannot read the file ({error.strerror})", where=path) from error
    with handle:
        # The csv reader pulls physical lines from a chain over chunks of lines (C all the way, no
        # Python call per line); ``line_num`` then says how many lines each record took, and the
        # record's verbatim text is those lines, taken from the chunks kept in ``pending``.
        pending: deque[list[str]] = deque()

        def chunks() -> Iterator[list[str]]:
            while lines := handle.readlines(CHUNK_BYTES):
                pending.append(lines)
                yield lines

        reader = csv.reader(chain.from_iterable(chunks()), strict=False)
        current: list[str] = []
        index = 0  # of the next line of ``current`` not yet given to a record
        offset = 0
        lines_before = 0
        count = 0
        while True:
            error: str | None = None
            try:
                fields = next(reader)
            except StopIteration:
                break
            except csv.Error as problem:
                fields, error = [], str(problem)
            except UnicodeDecodeError as problem:
                raise IngestError(
                    f"not {source.encoding} after line {lines_before} ({problem.reason})",
                    where=path,
                    hint="pass the file's real encoding, e.g. --encoding cp1252",
                ) from problem
            taken = reader.line_num - lines_before
            if taken == 1 and index < len(current):
                text = current[index]
                index += 1
            else:
                parts = []
                for _ in range(taken):
                    if index >= len(current):
                        current = pending.popleft()
                        index = 0
                    parts.append(current[index])
                    index += 1
                text = "".join(parts)
            length = len(text)
            raw = text
            if raw.endswith("\n"):
                raw = raw[:-2] if raw.endswith("\r\n") else raw[:-1]
            elif raw.endswith("\r"):
                raw = raw[:-1]
            line = lines_before + 1
            lines_before += taken
            if fields or error or raw.strip():
                yield CsvRecord(line, fields, raw, offset, offset + len(raw), len(raw) != length, error)
            offset += length
            count += 1
            if on_bytes is not None and count % every == 0:
                on_bytes(handle.buffer.tell())
        if on_bytes is not None:
            on_bytes(handle.buffer.tell())
