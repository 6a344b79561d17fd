"""Dashboard pages: each side's figures with attribution, no external assets, untrusted text escaped."""

from __future__ import annotations

import re
from html import unescape
from importlib.resources import files

import pytest

from tests.api.assets import external_assets
from tests.api.sample import HOSTILE, Sample

KURRAM = "inc_kurram_20251012"
PAGES = ["/", "/incidents", "/incidents?status=contested", f"/incidents/{KURRAM}", "/commitments", "/docs"]


def _text(html: str) -> str:
    """Visible text with tags removed and whitespace collapsed, for phrase checks."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.mark.parametrize("path", PAGES)
def test_pages_render_without_external_assets(client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert external_assets(html) == []
    assert 'src="http' not in html
    assert not re.search(r'<link[^>]+href="http', html)


def test_document_page_renders(client, sample: Sample) -> None:
    ispr = sample.documents[0]
    response = client.get(f"/documents/{ispr.id}")
    assert response.status_code == 200
    assert external_assets(response.text) == []
    assert 'id="clm_ispr_kurram"' in response.text
    assert "<mark" in response.text  # the claim's span is marked in the text


def test_static_assets_are_served_locally(client) -> None:
    for name in ("pledgewatch.css", "swagger-ui-bundle.js", "swagger-ui.css", "favicon.svg"):
        response = client.get(f"/static/{name}")
        assert response.status_code == 200, name
    assert external_assets(client.get("/static/pledgewatch.css").text) == []


def test_docs_use_the_vendored_swagger_ui(client) -> None:
    html = client.get("/docs").text
    assert "/static/swagger-ui-bundle.js" in html
    assert "/static/swagger-ui.css" in html
    assert "cdn" not in html.lower()
    assert "fastapi.tiangolo.com" not in html
    assert client.get("/redoc").status_code == 404  # ReDoc would load from a CDN; it is off


def test_dashboard_shows_counts_and_each_sides_figures(client) -> None:
    html = client.get("/").text
    text = _text(html)
    for label in ("documents", "claims", "incidents", "contested"):
        assert label in text.lower()
    # each side's figure for the same casualty group, each attributed to who says it
    assert "ISPR says 23" in text
    assert "Zabihullah Mujahid says 58" in text
    assert "A hospital official says 23+" in text
    # columns: one per party and the independent sources, parties in id order (AFG before PAK)
    assert text.index("Afghanistan side") < text.index("Pakistan side") < text.index("Independent sources")
    assert "contested" in html and 'class="badge st-contested"' in html
    assert "23 · 23 · 58" in text  # low · best · high


def test_dashboard_scorecard_per_party_and_month(client) -> None:
    html = client.get("/").text
    text = _text(html)
    assert "Party scorecards" in text
    for label in ("Aug 2025", "Sep 2025", "Oct 2025"):
        assert label in text
    assert "1.90" in text and "1.20–2.60" in text  # AFG Oct gap and band
    assert "1.10" in text and "0.60–1.70" in text  # PAK Oct gap and band
    assert "No safe haven: broken" in text and "No cross border strikes: broken" in text
    assert re.search(r'<img src="data:image/png;base64,[A-Za-z0-9+/=]{200,}"', html)
    assert "<svg" in html  # gap bands


def test_party_colors_are_neutral_and_symmetric(client) -> None:
    css = client.get("/static/pledgewatch.css").text
    hues = {name: value for name, value in re.findall(r"--([abi]):\s*(#[0-9a-fA-F]{6})", css)}
    assert set(hues) == {"a", "b", "i"}
    for value in hues.values():
        red, green, blue = (int(value[i : i + 2], 16) for i in (1, 3, 5))
        assert max(red, green, blue) - min(red, green, blue) < 110  # muted: no saturated red or green
        assert not (red > 1.6 * max(green, blue)) and not (green > 1.6 * max(red, blue))


def test_incident_page_quotes_each_source_side_by_side(client, sample: Sample) -> None:
    html = client.get(f"/incidents/{KURRAM}").text
    text = _text(html)
    assert "Zabihullah Mujahid says" in text
    assert "ISPR says" in text
    assert "A hospital official says" in text
    for claim_id in ("clm_ispr_kurram", "clm_iea_kurram", "clm_wire_kurram"):
        sentence = sample.claim(claim_id).text
        assert f"“{sentence}”" in text
    # estimate table: low/best/high and which claim gave each value
    estimates = text[text.index("Estimate") :]
    assert re.search(
        r"Killed · security forces \(Pakistan\) 23 \[1\] ISPR \[3\] A hospital official 23", estimates
    )
    assert "58 [2] Zabihullah Mujahid" in estimates
    assert "Why contested:" in text and "ratio 2.5" in text
    assert "status.contested_ratio.v1" in text
    # document titles link to the dashboard's document page, originals are plain links
    assert "Pakistan, Afghanistan trade heavy fire along border" in text
    assert 'href="https://wire.example.org/' in html


def test_commitments_ledger(client) -> None:
    html = client.get("/commitments").text
    text = _text(html)
    assert "Commitment ledger" in text
    assert "“Afghanistan will not allow its territory to be used for attacks against Pakistan.”" in text
    assert "Pakistan will respect Afghanistan's sovereignty" in text
    assert "Doha ceasefire, 19 Oct 2025" in text
    assert "contested cross-border clash in Kurram" in text
    assert f'href="/incidents/{KURRAM}"' in html  # evidence links to the incident


def test_incident_not_found_page(client) -> None:
    response = client.get("/incidents/inc_missing")
    assert response.status_code == 404
    assert "text/html" in response.headers["content-type"]
    assert "inc_missing" in _text(response.text)
    assert client.get("/no/such/page").status_code == 404


def test_empty_store_pages_say_what_to_run(empty_client) -> None:
    text = _text(empty_client.get("/").text)
    assert "No incidents yet" in text and "pledgewatch run" in text
    assert "No assessment stored yet" in text
    assert empty_client.get("/commitments").status_code == 200


@pytest.mark.parametrize("path", ["/", f"/incidents/{KURRAM}", "/incidents"])
def test_hostile_document_text_is_escaped(hostile_client, path: str) -> None:
    html = hostile_client.get(path).text
    assert HOSTILE not in html
    assert "<script" not in html.lower()
    if path.startswith("/incidents/"):  # the page that quotes the claim and the document title
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_hostile_document_page_and_unsafe_urls(hostile_client) -> None:
    claim = hostile_client.get("/api/claims/clm_ispr_kurram").json()
    assert claim["text"].startswith(HOSTILE)  # the API returns the text as stored (JSON, not HTML)
    html = hostile_client.get(f"/documents/{claim['document_id']}").text
    assert HOSTILE not in html and "&lt;script&gt;" in html
    assert "javascript:" not in html  # a javascript: URL never becomes a link
    incident = hostile_client.get(f"/incidents/{KURRAM}").text
    assert "javascript:" not in incident


def test_pages_send_a_content_security_policy(client) -> None:
    policy = client.get("/").headers["content-security-policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert client.get("/").headers["x-content-type-options"] == "nosniff"


def test_templates_never_mark_text_safe() -> None:
    templates = files("pledgewatch.web") / "templates"
    for template in templates.iterdir():
        if template.name.endswith(".html"):
            source = template.read_text(encoding="utf-8")
            assert "|safe" not in source.replace(" ", ""), template.name
            assert "autoescape false" not in source, template.name
