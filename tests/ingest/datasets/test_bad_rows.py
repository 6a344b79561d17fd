"""Every kind of bad row is reported with its line and reason, never a traceback, never dropped silently."""

from __future__ import annotations

import pytest

from pledgewatch.errors import IngestError
from pledgewatch.ingest.datasets import open_dataset

from .conftest import ACLED_HEADER, acled_row, outcomes, write


def _problems(rows):
    return [(p.line, p.reason) for o in rows for p in o.problems]


def test_truncated_last_row(tmp_path, context):
    text = ACLED_HEADER + "\n" + acled_row("PAK1") + "\n" + acled_row("PAK2")[:60]
    dataset, rows = outcomes(write(tmp_path, "cut.csv", text), context)
    assert any("cut off" in notice for notice in dataset.notices)
    assert _problems(rows) == [(3, "truncated_row")]
    assert rows[0].claim_data is not None and rows[1].claim_data is None


def test_truncated_inside_a_quoted_field(tmp_path, context):
    text = ACLED_HEADER + "\n" + acled_row("PAK1") + "\n" + acled_row("PAK2", notes='"An unfinished note')
    cut = text[: text.rindex("unfinished") + 5]
    _, rows = outcomes(write(tmp_path, "cut.csv", cut), context)
    assert _problems(rows) == [(3, "truncated_row")]


def test_bad_date_number_and_coordinates_are_kept_without_the_value(tmp_path, context):
    text = "\n".join(
        [
            ACLED_HEADER,
            acled_row("PAK1", event_date="2024-13-45"),
            acled_row("PAK2", fatalities="several"),
            acled_row("PAK3", latitude="north", longitude="67"),
            acled_row("PAK4", fatalities="-2"),
            acled_row("PAK5", sub_event_type="Drone swarm"),
        ]
    )
    _, rows = outcomes(write(tmp_path, "bad.csv", text + "\n"), context)
    assert _problems(rows) == [
        (2, "bad_date"),
        (3, "bad_number"),
        (4, "bad_coordinates"),
        (5, "bad_number"),
        (6, "unknown_event_type"),
    ]
    claims = [o.claim for o in rows]
    assert all(c is not None for c in claims)  # all five imported
    assert claims[0].event.date is None
    assert claims[1].casualties == [] and claims[3].casualties == []
    assert claims[2].event.location.lat is None and claims[2].event.location.lon is None
    assert claims[4].event.type is None
    assert "'several' is not a number" in str(rows[1].problems[0])


def test_wrong_column_count(tmp_path, context):
    text = "\n".join([ACLED_HEADER, acled_row("PAK1") + ",extra", "PAK2,2024-11-09", acled_row("PAK3")])
    _, rows = outcomes(write(tmp_path, "cols.csv", text + "\n"), context)
    assert _problems(rows) == [(2, "wrong_column_count"), (3, "wrong_column_count")]
    assert "32 fields where the header has 31" in str(rows[0].problems[0])
    assert [o.claim_data is not None for o in rows] == [False, False, True]


def test_line_numbers_count_physical_lines(tmp_path, context):
    multiline = acled_row("PAK2", notes='"first line\nsecond line"')
    text = "\n".join([ACLED_HEADER, acled_row("PAK1"), multiline, "", acled_row("PAK3", event_date="x")])
    _, rows = outcomes(write(tmp_path, "lines.csv", text + "\n"), context)
    assert [o.line for o in rows] == [2, 3, 6]  # the blank line 5 is skipped, not a row
    assert _problems(rows) == [(6, "bad_date")]
    assert "first line\nsecond line" in rows[1].claim_data["text"]


def test_csv_error_is_a_row_problem(tmp_path, context):
    huge = acled_row("PAK2", notes='"' + "x" * 200_000)  # a quote never closed: the csv field limit
    text = "\n".join([ACLED_HEADER, acled_row("PAK1"), huge, acled_row("PAK3")])
    _, rows = outcomes(write(tmp_path, "huge.csv", text + "\n"), context)
    assert "csv_error" in {p.reason for o in rows for p in o.problems}
    assert rows[0].claim_data is not None and rows[-1].claim_data is not None


def test_missing_required_columns_is_one_clear_error(tmp_path):
    path = write(tmp_path, "few.csv", "event_date,event_type,actor1\n2024-01-01,Battles,X\n")
    with pytest.raises(IngestError) as caught:
        open_dataset(path)
    message = caught.value.message
    assert "missing column(s) fatalities" in message and "an ACLED export needs" in message


def test_forced_format_names_what_is_missing(tmp_path):
    path = write(tmp_path, "acled.csv", ACLED_HEADER + "\n" + acled_row() + "\n")
    with pytest.raises(IngestError, match="not a GTD export: missing column"):
        open_dataset(path, fmt="gtd")


def test_not_utf8_acled_is_refused_unless_the_encoding_is_named(tmp_path, context):
    row = acled_row("PAK1", location="Peshāwar").replace("ā", "é")
    path = write(tmp_path, "latin.csv", (ACLED_HEADER + "\n" + row + "\n").encode("cp1252"))
    with pytest.raises(IngestError) as caught:
        open_dataset(path)
    assert "not UTF-8: byte" in caught.value.message and "line 2" in caught.value.message
    assert "--encoding cp1252" in caught.value.message
    _, rows = outcomes(path, context, encoding="cp1252")
    assert rows[0].claim.event.location.name == "Peshéwar"


@pytest.mark.parametrize("chunk", [7, 64, 1 << 20])
def test_scan_finds_the_first_bad_byte_and_its_line_across_chunks(tmp_path, monkeypatch, chunk):
    from pledgewatch.ingest.datasets import reader

    monkeypatch.setattr(reader, "CHUNK_BYTES", chunk)
    # ASCII lines, then a two-byte UTF-8 letter (split across chunks for some sizes), then a bad byte
    good = "a,b\n" * 20 + "Pesh\u0101war,1\n" + "c,d\n" * 5
    data = good.encode("utf-8") + b"Quetta \xe9,2\n"
    path = tmp_path / "mixed.csv"
    path.write_bytes(data)
    scan = reader.scan_file(path)
    assert scan.first_bad_utf8 == (data.index(b"\xe9"), 27)
    path.write_bytes(good.encode("utf-8"))
    assert reader.scan_file(path).first_bad_utf8 is None
    path.write_bytes(good.encode("utf-8") + b"x\xc4")  # a sequence the file ends inside
    assert reader.scan_file(path).first_bad_utf8 == (len(good.encode("utf-8")) + 1, 27)


def test_utf8_bom_is_not_part_of_the_first_column(tmp_path, context):
    path = write(
        tmp_path, "bom.csv", b"\xef\xbb\xbf" + (ACLED_HEADER + "\n" + acled_row("PAK7") + "\n").encode()
    )
    dataset, rows = outcomes(path, context)
    assert dataset.header[0] == "event_id_cnty"
    assert rows[0].claim_data["id"] == "acled_PAK7"


def test_crlf_line_endings(tmp_path, context):
    text = ACLED_HEADER + "\r\n" + acled_row("PAK1") + "\r\n" + acled_row("PAK2") + "\r\n"
    path = write(tmp_path, "crlf.csv", text)
    _, rows = outcomes(path, context)
    decoded = path.read_bytes().decode("utf-8")
    for outcome in rows:
        start, end = outcome.claim_data["span"]
        assert decoded[start:end] == outcome.claim_data["text"] and not outcome.claim_data["text"].endswith(
            "\r"
        )


def test_empty_and_missing_files(tmp_path):
    with pytest.raises(IngestError, match="empty"):
        open_dataset(write(tmp_path, "empty.csv", ""))
    with pytest.raises(IngestError, match="no such file"):
        open_dataset(tmp_path / "absent.csv")


def test_unknown_format_name(tmp_path):
    path = write(tmp_path, "a.csv", ACLED_HEADER + "\n")
    with pytest.raises(IngestError, match="unknown dataset format"):
        open_dataset(path, fmt="gdelt")
