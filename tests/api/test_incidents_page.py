"""The incidents page: filters, the offline map, the timeline, paging; and the party pages."""

from __future__ import annotations

import re
from datetime import date

import pytest

from pledgewatch.store import browse, create_engine_for, session_scope
from pledgewatch.web import maps
from tests.api.assets import external_assets

KURRAM = "inc_kurram_20251012"
NWAZ = "inc_nwaz_20251009"


def _table_ids(html: str) -> list[str]:
    return re.findall(r'<a href="/incidents/(inc_[a-z0-9_]+)">', html.split('<table class="incidents">')[-1])


def test_the_map_is_drawn_from_local_data(client) -> None:
    html = client.get("/incidents").text
    assert external_assets(html) == []
    assert html.count('class="country focus"') == 2  # Afghanistan and Pakistan outlines
    assert "Natural Earth" in html and "Durand Line" in html  # source and the disputed-border note
    assert re.search(
        r'<circle class="bubble" cx="[\d.]+" cy="[\d.]+" r="[\d.]+"><title>Khyber Pakhtunkhwa: 2 incidents',
        html,
    )
    assert '<rect class="crossing"' in html  # border crossings from the gazetteer
    assert 'href="/incidents?country=PK&amp;admin1=Khyber+Pakhtunkhwa"' in html  # a bubble filters the table
    markers = re.findall(r'<circle class="marker st-fill-(\w+)"', html)
    assert sorted(markers) == ["contested", "reported"]  # the page's incidents at their own coordinates


def test_the_timeline_counts_by_day_and_status(client) -> None:
    html = client.get("/incidents").text
    assert "incidents per day" in html
    assert re.search(r"<title>9 Oct 2025: 1 incident</title>", html)
    assert re.search(r"<title>11 Oct 2025: 1 incident</title>", html)
    assert 'href="/incidents?from=2025-10-11&amp;to=2025-10-11"' in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", [KURRAM, NWAZ]),
        ("status=contested", [KURRAM]),
        ("type=armed_clash", [KURRAM, NWAZ]),
        ("type=air_drone_strike", []),
        ("country=PK&admin1=Khyber+Pakhtunkhwa", [KURRAM, NWAZ]),
        ("from=2025-10-10", [KURRAM]),
        ("to=2025-10-10", [NWAZ]),
        ("country=AF", []),
    ],
)
def test_filters(client, query: str, expected: list[str]) -> None:
    response = client.get(f"/incidents?{query}")
    assert response.status_code == 200
    assert _table_ids(response.text) == expected
    total = re.search(r"<b>(\d+)</b> incident", response.text).group(1)
    assert int(total) == len(expected)


@pytest.mark.parametrize("query", ["status=invented", "country=pakistan", "from=yesterday", "page=0"])
def test_bad_filters_are_a_clear_422(client, query: str) -> None:
    response = client.get(f"/incidents?{query}")
    assert response.status_code == 422
    assert "invalid request" in response.text


def test_party_pages_use_one_scale_for_every_party(client) -> None:
    parties = client.get("/parties").text
    assert "Afghanistan" in parties and "Pakistan" in parties
    charts = re.findall(r'<svg class="party-chart" viewBox="0 0 (\d+) (\d+)"', parties)
    assert len(charts) == 2
    top_ticks = re.findall(r'<text class="tick" x="[\d.]+" y="([\d.]+)">([\d.]+)</text>', parties)
    values = {value for _, value in top_ticks}
    assert values == {v for _, v in top_ticks[: len(values)]}  # same ticks in both charts
    page = client.get("/parties/AFG")
    assert page.status_code == 200
    text = page.text
    assert "words and deeds" in text and "Words vs deeds over time" in text
    assert "No safe haven" in text
    assert client.get("/parties/NOPE").status_code == 404


@pytest.mark.parametrize(
    ("unit", "first"), [("day", date(2025, 10, 9)), ("month", date(2025, 10, 1)), ("year", date(2025, 1, 1))]
)
def test_timeline_counts_on_sqlite(database_url, unit: str, first: date) -> None:
    engine = create_engine_for(database_url)
    try:
        with session_scope(engine) as session:
            counts = browse.incident_timeline_counts(session, where=browse.IncidentFilter(), unit=unit)
    finally:
        engine.dispose()
    assert sum(n for *_, n in counts) == 2 and min(d for d, *_ in counts) == first


def test_timeline_view_picks_a_readable_unit() -> None:
    assert maps.timeline_unit(date(2025, 10, 1), date(2025, 10, 30)) == "day"
    assert maps.timeline_unit(date(2021, 8, 1), date(2025, 10, 30)) == "month"
    assert maps.timeline_unit(date(2001, 8, 1), date(2025, 10, 30)) == "year"
    view = maps.timeline(
        counts=[(date(2025, 1, 5), "reported", 3), (date(2025, 3, 9), "contested", 1)],
        unit="month",
        total=5,
        range_href=lambda start, end: f"{start}..{end}",
    )
    assert [bar.count for bar in view.bars] == [3, 0, 1]  # the empty month is kept: time stays linear
    assert view.bars[1].href == "2025-02-01..2025-02-28"
    assert view.undated == 1


def test_paging(fresh_store, monkeypatch) -> None:
    import pledgewatch.web.pages as pages

    monkeypatch.setattr(pages, "PAGE_SIZE", 1)
    client, _, _ = fresh_store("vic")
    first = client.get("/incidents").text
    assert _table_ids(first) == [KURRAM] and "page 1 of 2" in first and "Older →" in first
    second = client.get("/incidents?page=2").text
    assert _table_ids(second) == [NWAZ] and "← Newer" in second


def test_map_counts_follow_this_servers_changes_at_once(fresh_store) -> None:
    import sqlalchemy as sa

    client, url, tokens = fresh_store("ana")
    assert "Khyber Pakhtunkhwa: 2 incidents" in client.get("/incidents").text
    # a change made behind the server's back: the table is fresh, the map may lag (30 s at most)
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("update incidents set admin1 = 'Punjab' where id = :id"), {"id": NWAZ})
    engine.dispose()
    assert "Khyber Pakhtunkhwa: 2 incidents" in client.get("/incidents").text
    # a change made through the server clears the cached aggregates at once
    response = client.post(
        f"/api/incidents/{KURRAM}/status",
        json={"status": "confirmed", "reason": "UNAMA confirms"},
        headers={"Authorization": f"Bearer {tokens['ana']}"},
    )
    assert response.status_code == 200
    html = client.get("/incidents").text
    assert "Khyber Pakhtunkhwa: 1 incident" in html and "Punjab: 1 incident" in html
