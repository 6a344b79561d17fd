"""An analyst's day in the browser: log in, confirm a claim, merge two incidents, find both
decisions (with their reasons) in the audit log and verify the chain."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser
# skips (rather than failing to import) where the dev extra is not installed
expect = pytest.importorskip(
    "playwright.sync_api", reason="the `playwright` package is missing (pip install -e '.[dev]')"
).expect

KURRAM = "inc_kurram_20251012"
NWAZ = "inc_nwaz_20251009"


def test_analyst_reviews_merges_and_finds_it_in_the_audit_log(page, sample_server, artifacts) -> None:
    base = sample_server.url
    page.goto(f"{base}/incidents")
    expect(page).to_have_url(re.compile(r"/login\?next=/incidents$"))  # reading needs a login
    log_in(page, base, "ana")

    # review queue: confirm the first claim, with a reason
    page.goto(f"{base}/review")
    item = page.locator("article.queue-item").first
    claim_id = item.get_attribute("id").removeprefix("q-")
    item.locator("summary").click()
    reject = item.locator("button[value=reject]")
    reject.click()  # no reason yet: the browser refuses to send the form
    expect(page).to_have_url(f"{base}/review")
    expect(page.locator(f"#q-{claim_id}")).to_be_visible()
    item.locator("textarea[name=reason]").fill("Checked against the original statement")
    page.screenshot(path=artifacts / "flow-1-review-queue.png", full_page=True)
    item.locator("button[value=confirm]").click()
    expect(page.locator(".flash")).to_contain_text(f"Claim {claim_id} confirmed")
    expect(page.locator(f"#q-{claim_id}")).to_have_count(0)

    # incidents: tick two, give a reason, merge
    page.goto(f"{base}/incidents")
    page.check(f"input[name=incident_ids][value={KURRAM}]")
    page.check(f"input[name=incident_ids][value={NWAZ}]")
    page.fill("#merge-form input[name=reason]", "One operation, reported twice")
    page.screenshot(path=artifacts / "flow-2-merge.png", full_page=True)
    page.click("#merge-form button[type=submit]")
    expect(page).to_have_url(f"{base}/incidents/{KURRAM}")
    expect(page.locator(".flash")).to_contain_text("Merged 2 incidents")
    expect(page.locator("ul.history")).to_contain_text("One operation, reported twice")

    # the audit log has both, newest first, and the chain verifies
    page.goto(f"{base}/audit")
    rows = page.locator("table.audit tbody tr")
    expect(rows.first).to_contain_text("reconcile.merge")
    expect(rows.first).to_contain_text("One operation, reported twice")
    expect(page.locator("table.audit")).to_contain_text("claim.confirm")
    expect(page.locator("table.audit")).to_contain_text("Checked against the original statement")
    expect(page.locator("table.audit")).to_contain_text("ana")
    page.click("text=Verify the chain")
    expect(page.locator(".verify")).to_contain_text("the audit chain is intact")
    page.locator("table.audit tbody tr").first.locator("summary").click()
    page.screenshot(path=artifacts / "flow-3-audit.png", full_page=True)
    assert page.errors == [], page.errors  # no CSP violation, no script error


def test_a_viewer_reads_but_cannot_change_anything(page, sample_server) -> None:
    base = sample_server.url
    log_in(page, base, "vic")
    page.goto(f"{base}/incidents/{KURRAM}")
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("text=Review this claim")).to_have_count(0)
    expect(page.locator("#split-form")).to_have_count(0)
    page.goto(f"{base}/incidents")
    expect(page.locator("#merge-form")).to_have_count(0)
    response = page.goto(f"{base}/review")
    assert response.status == 403
    expect(page.locator("h1")).to_have_text("Not allowed")
    expect(page.locator("nav.nav")).not_to_contain_text("Review")
    assert page.errors == [] or all("403" in e for e in page.errors), page.errors


def test_wrong_password_and_logout(page, sample_server) -> None:
    base = sample_server.url
    page.goto(f"{base}/login")
    page.fill("input[name=name]", "ana")
    page.fill("input[name=password]", "not the password")
    page.click("form button[type=submit]")
    expect(page.locator(".flash-error")).to_have_text("Wrong name or password.")
    log_in(page, base, "ana")
    page.click("text=Log out")
    expect(page).to_have_url(f"{base}/login")
    page.goto(f"{base}/")
    expect(page).to_have_url(re.compile(r"/login\?next=/$"))
