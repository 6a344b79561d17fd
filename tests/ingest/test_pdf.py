from __future__ import annotations

import io
import logging
from datetime import date

import pytest
from pypdf import PdfWriter

from pledgewatch.errors import IngestError
from pledgewatch.ingest import parse_document, read_document
from pledgewatch.ingest.pdf import PAGE_SEPARATOR
from pledgewatch.models import document_id_for
from tests.ingest.samples import NEWS_PAGE, REPORT_PAGES, assert_user_error, make_pdf


def test_pdf_text_of_every_page_and_metadata(tmp_path):
    raw = make_pdf(
        REPORT_PAGES, title="Fifteenth report of the Monitoring Team", created="D:20240715093000+05'00'"
    )
    path = tmp_path / "S_2024_499.pdf"
    path.write_bytes(raw)
    document, read_raw = read_document(path)
    assert read_raw == raw
    assert document.id == document_id_for(raw)
    assert document.title == "Fifteenth report of the Monitoring Team"
    assert document.published == date(2024, 7, 15)
    assert document.published_from == "pdf_metadata"
    assert document.media_type == "application/pdf"
    assert document.source is None
    pages = document.text.split(PAGE_SEPARATOR)
    assert len(pages) == 2
    assert "TTP enjoys freedom of movement in Afghanistan." in pages[0]
    assert "IS-K remains the main external threat in the region (see annex)." in pages[1]


def test_pdf_without_metadata_takes_the_first_line_as_title():
    document = parse_document(make_pdf(REPORT_PAGES), path="report.pdf")
    assert document.title == "Fifteenth report of the Analytical Support and Sanctions Monitoring Team"
    assert document.published is None
    assert document.published_from == "none"


def test_word_processor_file_name_is_not_a_title():
    raw = make_pdf(REPORT_PAGES, title="Microsoft Word - S_2024_499_final.docx")
    assert parse_document(raw, path="r.pdf").title.startswith("Fifteenth report")


def test_malformed_creation_date_is_ignored():
    raw = make_pdf(REPORT_PAGES, created="sometime in July")
    document = parse_document(raw, path="r.pdf")
    assert document.published is None
    assert document.published_from == "none"


def test_scanned_pdf_without_text():
    with pytest.raises(IngestError) as caught:
        parse_document(make_pdf([[], []], title="Scanned"), path="scan.pdf")
    assert_user_error(caught.value, "scan.pdf", "no extractable text", "2 pages", "OCR it first")


def test_html_saved_as_pdf():
    with pytest.raises(IngestError) as caught:
        parse_document(NEWS_PAGE.encode(), path="report.pdf")
    assert_user_error(
        caught.value, "report.pdf", "not a PDF", "'%PDF-'", "HTML page", "download the PDF again"
    )


def test_text_named_pdf():
    with pytest.raises(IngestError) as caught:
        parse_document(b"just some words, not a PDF at all", path="notes.pdf")
    assert_user_error(caught.value, "notes.pdf", "not a PDF", "real type")


@pytest.mark.parametrize("cut", [300, -60], ids=["truncated-early", "truncated-late"])
def test_damaged_pdf(cut):
    with pytest.raises(IngestError) as caught:
        parse_document(make_pdf(REPORT_PAGES)[:cut], path="damaged.pdf")
    assert_user_error(caught.value, "damaged.pdf", "PDF cannot be read", "download it again")


def test_empty_pdf_file():
    with pytest.raises(IngestError) as caught:
        parse_document(b"", path="zero.pdf")
    assert_user_error(caught.value, "zero.pdf", "empty (0 bytes)")


def _encrypted(user_password: str) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(make_pdf(REPORT_PAGES, title="Restricted report")))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_pdf_with_a_password():
    with pytest.raises(IngestError) as caught:
        parse_document(_encrypted("secret"), path="locked.pdf")
    assert_user_error(caught.value, "locked.pdf", "password-protected", "unprotected copy")


def test_pdf_encrypted_only_against_copying_is_read():
    document = parse_document(_encrypted(""), path="restricted.pdf")
    assert document.title == "Restricted report"
    assert "TTP enjoys freedom of movement" in document.text


def test_partly_scanned_pdf_keeps_its_text_and_warns(caplog):
    pages = [REPORT_PAGES[0], [], REPORT_PAGES[1]]
    with caplog.at_level(logging.WARNING, logger="pledgewatch.ingest"):
        document = parse_document(make_pdf(pages), path="annexes.pdf")
    assert [bool(page) for page in document.text.split(PAGE_SEPARATOR)] == [True, False, True]
    assert "1 of 3 pages have no text layer" in caplog.text
