from __future__ import annotations

from datetime import date

import pytest

from pledgewatch.errors import IngestError
from pledgewatch.ingest import parse_document, read_document
from pledgewatch.models import document_id_for
from tests.ingest.samples import ARTICLE_PARAGRAPHS, EMPTY_PAGE, NEWS_PAGE, assert_user_error


def test_news_page_keeps_the_article_and_drops_navigation_comments_and_footer(tmp_path):
    path = tmp_path / "doha.html"
    path.write_text(NEWS_PAGE, encoding="utf-8")
    document, raw = read_document(path)
    assert document.id == document_id_for(raw)
    for paragraph in ARTICLE_PARAGRAPHS:
        assert paragraph in document.text
    for chrome in ("NAVIGATION-SPORT-LINK", "READER-COMMENT", "FOOTER-TEXT"):
        assert chrome not in document.text
    assert document.title == "Ceasefire agreed in Doha talks"
    assert document.source == "Frontier Ledger"
    assert document.published == date(2025, 10, 19)
    assert document.published_from == "htmldate"
    assert document.url == "https://frontier-ledger.example/2025/10/ceasefire-doha"
    assert document.language == "en"
    assert document.media_type == "text/html"
    assert document.ingested_at is None


def test_page_without_a_date_or_site_name():
    page = NEWS_PAGE
    for line in ("article:published_time", "og:site_name", "og:url", 'name="author"'):
        page = "\n".join(row for row in page.split("\n") if line not in row)
    document = parse_document(page.encode(), path="undated.htm")
    assert ARTICLE_PARAGRAPHS[0] in document.text
    assert document.published is None
    assert document.published_from == "none"
    assert document.url is None


def test_page_with_no_article_text():
    with pytest.raises(IngestError) as caught:
        parse_document(EMPTY_PAGE.encode(), path="login.html")
    assert_user_error(
        caught.value, "login.html", "HTML page has no article text", "save the article page itself"
    )


def test_declared_charset_is_honoured():
    page = NEWS_PAGE.replace(
        '<meta charset="utf-8">', '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
    )
    page = page.replace("Türkiye", "Türkiye’s envoy")  # ü and ’ exist in windows-1252
    document = parse_document(page.encode("cp1252"), path="legacy.html")
    assert "Türkiye’s envoy" in document.text


def test_undeclared_non_utf8_page_is_refused():
    page = NEWS_PAGE.replace('<meta charset="utf-8">', "")
    with pytest.raises(IngestError) as caught:
        parse_document(page.encode("latin-1"), path="latin1.html")
    assert_user_error(caught.value, "latin1.html", "not valid UTF-8", "offset", "re-save it as UTF-8")


def test_binary_file_named_html():
    with pytest.raises(IngestError) as caught:
        parse_document(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03gzipped", path="page.html")
    assert_user_error(caught.value, "page.html", "binary, not HTML")


def test_empty_html_file():
    with pytest.raises(IngestError) as caught:
        parse_document(b"", path="blank.htm")
    assert_user_error(caught.value, "blank.htm", "empty")


def test_url_as_path_becomes_the_document_url():
    page = "\n".join(row for row in NEWS_PAGE.split("\n") if "og:url" not in row)
    document = parse_document(page.encode(), path="https://news.example/a/1", suffix=".html")
    assert document.url == "https://news.example/a/1"
    assert document.path == "https://news.example/a/1"
