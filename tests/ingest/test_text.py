from __future__ import annotations

from datetime import date

import pytest

from pledgewatch.errors import IngestError
from pledgewatch.ingest import parse_document, read_document
from pledgewatch.models import document_id_for
from tests.ingest.samples import assert_user_error

STATEMENT = """---
title: ISPR statement on the Dera Ismail Khan attack
source: ISPR
published: 2025-10-11
url: https://ispr.example/press-release/2025-10-11
language: EN
tags: [attack, police]
---
Six policemen embraced martyrdom while repulsing an attack on the Police Training School.
Five khwarij were sent to hell, the statement said.
"""

BODY = (
    "Six policemen embraced martyrdom while repulsing an attack on the Police Training School.\n"
    "Five khwarij were sent to hell, the statement said.\n"
)


def test_txt_with_front_matter(tmp_path):
    path = tmp_path / "ispr.txt"
    path.write_text(STATEMENT, encoding="utf-8")
    document, raw = read_document(path)
    assert raw == STATEMENT.encode("utf-8")
    assert document.id == document_id_for(raw)
    assert document.path == str(path)
    assert document.title == "ISPR statement on the Dera Ismail Khan attack"
    assert document.source == "ISPR"
    assert document.published == date(2025, 10, 11)
    assert document.published_from == "front_matter"
    assert document.url == "https://ispr.example/press-release/2025-10-11"
    assert document.language == "en"
    assert document.media_type == "text/plain"
    assert document.ingested_at is None
    # the body, byte for byte: claim spans index into this string
    assert document.text == BODY


def test_markdown_without_front_matter_takes_first_heading_as_title():
    raw = b"Filed from Peshawar\n\n# Border crossing at Torkham reopens\n\nTrade resumed on Monday.\n"
    document = parse_document(raw, path="torkham.md")
    assert document.title == "Border crossing at Torkham reopens"
    assert document.text == raw.decode()
    assert document.media_type == "text/markdown"
    assert document.published is None
    assert document.published_from == "none"
    assert document.source is None
    assert document.language == "en"  # the model's default when nothing says otherwise


def test_setext_heading_and_first_line_titles():
    setext = parse_document(
        b"Ceasefire holds\n===============\n\nNo incidents were reported.\n", path="a.markdown"
    )
    assert setext.title == "Ceasefire holds"
    plain = parse_document(
        b"\n\n  Chaman crossing closed again  \nThe crossing closed on Friday.\n", path="b.txt"
    )
    assert plain.title == "Chaman crossing closed again"


def test_long_first_line_title_is_clipped_at_a_word():
    line = "word " * 100
    document = parse_document(line.encode(), path="long.txt")
    assert document.title is not None
    assert len(document.title) <= 201
    assert document.title.endswith("word…")
    assert document.text == line


def test_bom_and_windows_line_endings():
    raw = (
        b"\xef\xbb\xbf---\r\ntitle: Statement\r\npublished: '2025-10-19'\r\n---\r\nLine one.\r\nLine two.\r\n"
    )
    document = parse_document(raw, path="crlf.txt")
    assert document.title == "Statement"
    assert document.published == date(2025, 10, 19)
    assert document.text == "Line one.\nLine two.\n"
    assert document.id == document_id_for(raw)  # the id is of the raw bytes, BOM and all


def test_front_matter_date_alias_and_datetime():
    with_date = parse_document(b"---\ndate: 2025-10-19\n---\nText of the statement.\n", path="a.md")
    assert with_date.published == date(2025, 10, 19)
    with_time = parse_document(b"---\npublished: 2025-10-19T22:15:00+05:00\n---\nText.\n", path="b.md")
    assert with_time.published == date(2025, 10, 19)
    empty_block = parse_document(b"---\n---\nOnly text.\n", path="c.md")
    assert empty_block.text == "Only text.\n"
    assert empty_block.published_from == "none"


def test_malformed_front_matter_names_the_line():
    raw = b"---\ntitle: Statement\nsource: [ISPR\npublished: 2025-10-11\n---\nText.\n"
    with pytest.raises(IngestError) as caught:
        parse_document(raw, path="bad.md")
    assert_user_error(caught.value, "bad.md", "malformed YAML front matter", "line ")
    # the flow sequence opened on line 3 is broken by line 4: the error points there, not at line 1
    assert "line 1:" not in str(caught.value)


def test_bad_date_in_front_matter_names_its_line():
    raw = b"---\ntitle: Statement\npublished: last Tuesday\n---\nText.\n"
    with pytest.raises(IngestError) as caught:
        parse_document(raw, path="bad-date.txt")
    assert_user_error(caught.value, "bad-date.txt", "line 3", "'published' is not a date", "YYYY-MM-DD")


def test_front_matter_that_is_not_a_mapping():
    with pytest.raises(IngestError) as caught:
        parse_document(b"---\n- one\n- two\n---\nText.\n", path="list.md")
    assert_user_error(caught.value, "list.md", "line 2", "key: value")


def test_front_matter_never_closed():
    with pytest.raises(IngestError) as caught:
        parse_document(b"---\ntitle: Statement\nText of the statement.\n", path="open.md")
    assert_user_error(caught.value, "open.md", "never closed", "'---'")


def test_only_front_matter_is_empty():
    with pytest.raises(IngestError) as caught:
        parse_document(b"---\ntitle: Statement\n---\n\n  \n", path="header-only.md")
    assert_user_error(caught.value, "header-only.md", "no text after it", "below the closing")


@pytest.mark.parametrize("raw", [b"", b"   \n\t\n"], ids=["zero-bytes", "whitespace"])
def test_empty_file(raw):
    with pytest.raises(IngestError) as caught:
        parse_document(raw, path="empty.txt")
    assert_user_error(caught.value, "empty.txt", "empty" if not raw else "only whitespace", "ingest it again")


@pytest.mark.parametrize(
    "raw",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10",  # an image renamed .txt
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00",  # a .docx (zip)
        bytes(range(1, 9)) * 40 + b"some words",  # control bytes, no NUL
    ],
    ids=["png", "zip", "control-bytes"],
)
def test_binary_file_named_txt(raw):
    with pytest.raises(IngestError) as caught:
        parse_document(raw, path="photo.txt")
    assert_user_error(caught.value, "photo.txt", "binary, not text", "real extension")


def test_binary_file_named_md():
    with pytest.raises(IngestError) as caught:
        parse_document(b"\x00\x01\x02binary", path="notes.md")
    assert_user_error(caught.value, "notes.md", "binary, not Markdown")


def test_utf16_text_is_refused_with_a_resave_hint():
    raw = "Text saved by Notepad.".encode("utf-16")  # starts with a BOM, full of NUL bytes
    with pytest.raises(IngestError) as caught:
        parse_document(raw, path="notepad.txt")
    assert_user_error(caught.value, "notepad.txt", "UTF-16", "re-save it as UTF-8")


def test_utf16_without_bom_is_recognised():
    with pytest.raises(IngestError) as caught:
        parse_document("Text saved without a byte-order mark.".encode("utf-16-le"), path="le.md")
    assert_user_error(caught.value, "le.md", "UTF-16", "re-save it as UTF-8")


def test_invalid_utf8_names_offset_and_line_and_is_not_guessed():
    raw = "Line one.\nLa réunion a eu lieu.\n".encode("latin-1")
    with pytest.raises(IngestError) as caught:
        parse_document(raw, path="latin1.txt")
    offset = raw.index(b"\xe9")
    assert_user_error(caught.value, "latin1.txt", "not valid UTF-8", f"offset {offset}", "line 2", "0xE9")
    assert "re-save it as UTF-8" in str(caught.value)


def test_tabs_form_feeds_and_escape_sequences_are_text():
    raw = b"Col1\tCol2\fNext page \x1b[1mbold\x1b[0m and more words here.\n"
    assert parse_document(raw, path="log.txt").text == raw.decode()
