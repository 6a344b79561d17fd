from __future__ import annotations

import os
from pathlib import Path

import pytest

from pledgewatch.config import Settings
from pledgewatch.errors import IngestError
from pledgewatch.ingest import SUPPORTED_SUFFIXES, parse_document, read_document
from pledgewatch.models import document_id_for
from tests.ingest.samples import NEWS_PAGE, REPORT_PAGES, assert_user_error, make_pdf, permissions_enforced

SAMPLES = {
    ".txt": b"---\ntitle: Statement\npublished: 2025-10-19\n---\nThe ceasefire holds, the spokesman said.\n",
    ".md": b"# Statement\n\nThe ceasefire holds, the spokesman said.\n",
    ".html": NEWS_PAGE.encode(),
    ".pdf": make_pdf(REPORT_PAGES, title="Report", created="D:20240715"),
}


def test_supported_suffixes():
    assert SUPPORTED_SUFFIXES == (".txt", ".md", ".markdown", ".html", ".htm", ".pdf")


@pytest.mark.parametrize("suffix", sorted(SAMPLES))
def test_same_bytes_same_document_except_path(tmp_path, suffix):
    raw = SAMPLES[suffix]
    first = tmp_path / f"a{suffix}"
    second = tmp_path / "copy" / f"b{suffix.upper()}"
    second.parent.mkdir()
    first.write_bytes(raw)
    second.write_bytes(raw)
    doc_a, raw_a = read_document(first)
    doc_b, raw_b = read_document(second)
    assert raw_a == raw_b == raw
    assert doc_a.id == doc_b.id == document_id_for(raw)
    assert doc_a.path != doc_b.path
    assert doc_a.model_dump(exclude={"path"}) == doc_b.model_dump(exclude={"path"})
    again = parse_document(raw, path=str(first))
    assert again == doc_a


def test_path_is_kept_as_given(tmp_path, monkeypatch):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "note.md").write_bytes(SAMPLES[".md"])
    monkeypatch.chdir(tmp_path)
    document, _ = read_document("docs/note.md")
    assert document.path == "docs/note.md"
    document, _ = read_document(Path("docs") / "note.md")
    assert document.path == os.path.join("docs", "note.md")


def test_suffix_override_for_bytes_without_a_file_name():
    document = parse_document(SAMPLES[".pdf"], path="https://un.example/report", suffix="PDF")
    assert document.media_type == "application/pdf"
    assert document.url == "https://un.example/report"


def test_missing_file(tmp_path):
    path = tmp_path / "nowhere.txt"
    with pytest.raises(IngestError) as caught:
        read_document(path)
    assert_user_error(caught.value, str(path), "file not found", "check the spelling")


def test_missing_relative_file_says_where_relative_paths_start(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(IngestError) as caught:
        read_document("typo.md")
    assert_user_error(caught.value, "typo.md", "file not found", str(tmp_path))


def test_folder_given_where_a_file_is_needed(tmp_path):
    folder = tmp_path / "reports.pdf"  # a folder with a document's name
    folder.mkdir()
    with pytest.raises(IngestError) as caught:
        read_document(folder)
    assert_user_error(caught.value, str(folder), "is a folder, not a file", "every supported file inside it")


def test_unreadable_file(tmp_path):
    if not permissions_enforced(tmp_path):
        pytest.skip("this user can read every file (root)")
    path = tmp_path / "secret.txt"
    path.write_bytes(SAMPLES[".txt"])
    path.chmod(0)
    try:
        with pytest.raises(IngestError) as caught:
            read_document(path)
    finally:
        path.chmod(0o600)
    assert_user_error(caught.value, str(path), "permission denied", "chmod")


@pytest.mark.parametrize("name", ["minutes.docx", "README"])
def test_unsupported_suffix_given_explicitly(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"whatever")
    with pytest.raises(IngestError) as caught:
        read_document(path)
    assert_user_error(
        caught.value, str(path), "unsupported file type", ".txt, .md, .markdown, .html, .htm, .pdf"
    )


def test_unsupported_suffix_for_bytes():
    with pytest.raises(IngestError) as caught:
        parse_document(b"a,b\n1,2\n", path="events.csv")
    assert_user_error(caught.value, "events.csv", "unsupported file type '.csv'")


def test_file_larger_than_the_limit(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_bytes(b"word " * 100)
    with pytest.raises(IngestError) as caught:
        read_document(path, settings=Settings(max_document_bytes=200))
    assert_user_error(
        caught.value,
        str(path),
        "too large: 500 bytes, the limit is 200 bytes",
        "PLEDGEWATCH_MAX_DOCUMENT_BYTES",
    )
    document, _ = read_document(path, settings=Settings(max_document_bytes=500))
    assert document.text == "word " * 100
