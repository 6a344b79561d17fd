"""Screenshots of the main pages, on the example corpus run through the whole pipeline, saved to
test-artifacts/ for people to look at; every page must load without a console error (a CSP
violation or a failed asset would show there) and without any request leaving the machine."""

from __future__ import annotations

import pytest

from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser
# skips (rather than failing to import) where the dev extra is not installed
expect = pytest.importorskip(
    "playwright.sync_api", reason="the `playwright` package is missing (pip install -e '.[dev]')"
).expect


@pytest.fixture
def admin_page(page, corpus_server):
    outside: list[str] = []
    page.on(
        "request",
        lambda request: None if request.url.startswith(corpus_server.url) else outside.append(request.url),
    )
    log_in(page, corpus_server.url, "admin")
    page.outside = outside
    return page


def _shoot(page, artifacts, name: str) -> None:
    page.screenshot(path=artifacts / f"{name}.png", full_page=True)


def test_main_pages(admin_page, corpus_server, artifacts) -> None:
    page, base = admin_page, corpus_server.url
    page.goto(f"{base}/")
    expect(page.locator("h1")).to_have_text("Commitments and incidents")
    _shoot(page, artifacts, "page-dashboard")

    page.goto(f"{base}/incidents")
    expect(page.locator("svg.map path.country.focus")).to_have_count(2)
    expect(page.locator("svg.map circle.bubble").first).to_be_visible()
    expect(page.locator("svg.timeline")).to_be_visible()
    _shoot(page, artifacts, "page-incidents")

    page.locator("svg.map a.bubble-link").first.click()  # the map filters the table
    expect(page.locator("select[name=admin1] option[selected]")).to_have_count(1)
    _shoot(page, artifacts, "page-incidents-filtered")

    page.goto(f"{base}/incidents?status=contested")
    page.locator("table.incidents td.what a").first.click()
    expect(page.locator("text=What each source says")).to_be_visible()
    _shoot(page, artifacts, "page-incident")

    page.locator("article.claim footer a").first.click()
    expect(page.locator("mark").first).to_be_visible()
    _shoot(page, artifacts, "page-document")

    page.goto(f"{base}/commitments")
    expect(page.locator("h1")).to_have_text("Commitment ledger")
    _shoot(page, artifacts, "page-commitments")

    page.goto(f"{base}/parties")
    _shoot(page, artifacts, "page-parties")
    page.locator("a.party-card").first.click()
    expect(page.locator("svg.party-chart")).to_be_visible()
    _shoot(page, artifacts, "page-party")

    page.goto(f"{base}/review")
    expect(page.locator("article.queue-item").first).to_be_visible()
    _shoot(page, artifacts, "page-review")
    page.locator("article.queue-item").first.locator("summary").click()
    page.locator("article.queue-item").first.locator("text=Edit…").click()
    expect(page.locator("h1")).to_have_text("Edit what the machine extracted")
    _shoot(page, artifacts, "page-claim-edit")

    page.goto(f"{base}/admin/users")
    _shoot(page, artifacts, "page-users")
    page.goto(f"{base}/audit?verify=1")
    _shoot(page, artifacts, "page-audit")
    page.goto(f"{base}/docs")
    expect(page.locator(".opblock").first).to_be_visible()  # the spec loaded, from this server
    _shoot(page, artifacts, "page-api-docs")

    assert page.errors == [], page.errors
    assert page.outside == [], f"requests left the machine: {page.outside}"


def test_login_page(page, corpus_server, artifacts) -> None:
    page.goto(f"{corpus_server.url}/")
    expect(page.locator("h1")).to_have_text("Log in")
    _shoot(page, artifacts, "page-login")
    assert page.errors == []
