"""Source independence, superseded figures, dataset rows, and statuses with their reasons."""

from __future__ import annotations

from datetime import date

from pledgewatch.models import Claim, Location, Source
from pledgewatch.reconcile import ClaimContext
from tests.reconcile.builders import (
    ACLED,
    AP,
    BAJAUR,
    CHAMAN,
    DAWN,
    IEA,
    ISPR,
    KP_POLICE,
    NEWS,
    REUTERS,
    SPIN_BOLDAK,
    TTP_MEDIA,
    UCDP,
    UNAMA,
    actor,
    claim,
    clusters,
    context,
    contexts,
    day,
    fig,
    run,
    swap,
)

WIRE_STORY = (
    "Heavy fighting broke out overnight along the border in Kurram, with both sides trading artillery "
    "fire for several hours. Pakistan's military said 23 soldiers were killed, while a Taliban spokesman "
    "said 58 Pakistani soldiers died. Residents said shops stayed shut and schools were closed on Sunday "
    "as families moved away from the frontier villages. Neither figure could be independently verified."
)


def test_syndicated_wire_copy_on_two_sites_is_one_source():
    # the same AP story on Dawn and The News, with a different first line (a repost, not the same bytes)
    claims = [
        claim("c_dawn", "d_dawn", text="Fighting broke out overnight in Kurram."),
        claim("c_news", "d_news", text="Clashes erupted along the Kurram border."),
        claim("c_reuters", "d_reuters"),
    ]
    ctx = (
        context("d_dawn", DAWN, text="KURRAM (AP) — " + WIRE_STORY)
        | context("d_news", NEWS, text="By The Associated Press. " + WIRE_STORY)
        | context("d_reuters", REUTERS, text="Kurram clash report from our correspondent, " * 10)
    )
    (incident,) = run(claims, ctx).incidents
    assert incident.status == "corroborated"
    assert incident.sources == 2  # {Dawn = The News}, Reuters
    assert "syndicated copies counted once: Dawn = The News International" in incident.reason
    assert "3 claims from 3 sources, 2 after syndicated copies are counted once" in incident.reason


def test_two_copies_of_one_wire_story_alone_are_one_source_so_reported():
    text = "Militants attacked a checkpost in Kurram on Sunday, killing four soldiers, officials said."
    claims = [
        claim("c_a", "d_dawn", text=text, casualties=[fig(4, "PAK.MIL")]),
        claim("c_b", "d_news", text=text.replace("Sunday", "Sunday night"), casualties=[fig(4, "PAK.MIL")]),
    ]
    (incident,) = run(claims, contexts(d_dawn=DAWN, d_news=NEWS)).incidents
    assert incident.status == "reported" and incident.sources == 1
    (est,) = incident.estimates
    assert "identical copies counted once: c_b = c_a" in est.rule
    assert est.best == 4


def test_quotes_of_one_press_release_do_not_join_the_outlets():
    quote = "ISPR said the Afghan Taliban attacked Pakistani posts in Kurram, killing 23 soldiers."
    claims = [
        claim("c_dawn", "d_dawn", text=quote, speaker="PAK.MIL", casualties=[fig(23, "PAK.MIL")]),
        claim("c_news", "d_news", text=quote, speaker="PAK.MIL", casualties=[fig(23, "PAK.MIL")]),
        claim("c_dawn_own", "d_dawn"),
        claim("c_news_own", "d_news", text="Residents of Parachinar described a night of heavy gunfire."),
    ]
    (incident,) = run(claims, contexts(d_dawn=DAWN, d_news=NEWS)).incidents
    assert incident.sources == 2 and "syndicated" not in incident.reason


def rising_toll() -> tuple[list[Claim], dict[str, ClaimContext]]:
    """Bajaur, 30 July 2023: tolls of 45, 54 and 63 as the count rose."""
    when = day(30, 7, 2023)
    bomb = {"etype": "suicide_bomb", "where": BAJAUR, "when": when}
    claims = [
        claim("b_dawn1", "d_dawn1", casualties=[fig(45, group="unknown", high=None)], **bomb),
        claim("b_dawn2", "d_dawn2", casualties=[fig(54, group="unknown")], **bomb),
        claim("b_dawn3", "d_dawn3", casualties=[fig(63, group="unknown")], **bomb),
        claim("b_reuters", "d_reuters", casualties=[fig(44, group="unknown", high=None)], **bomb),
        claim("b_police", "d_police", speaker="PAK.POL", casualties=[fig(54, group="unknown")], **bomb),
        claim("b_acled", "d_acled", casualties=[fig(63, group="unknown")], **bomb),
    ]
    ctx = (
        context("d_dawn1", DAWN, date(2023, 7, 30))
        | context("d_dawn2", DAWN, date(2023, 7, 31))
        | context("d_dawn3", DAWN, date(2023, 8, 1))
        | context("d_reuters", REUTERS, date(2023, 7, 30))
        | context("d_police", KP_POLICE, date(2023, 7, 31))
        | context("d_acled", ACLED, date(2023, 8, 4))
    )
    return claims, ctx


def test_a_later_report_of_the_same_source_supersedes_its_earlier_toll():
    claims, ctx = rising_toll()
    result = run(claims, ctx)
    (incident,) = result.incidents
    links = {link.claim_id: link for link in incident.claims}
    assert links["b_dawn1"].superseded_by == "b_dawn3"
    assert links["b_dawn2"].superseded_by == "b_dawn3"
    assert links["b_dawn1"].relation == "supports"  # kept, linked, not counted
    assert links["b_dawn3"].superseded_by is None and links["b_reuters"].superseded_by is None
    (est,) = incident.estimates
    # counted: Reuters 44+, Dawn 63 (latest), police 54, ACLED 63
    assert (est.low, est.high) == (44, 63)
    assert est.low_from == ["b_reuters"]
    assert "superseded by a later report of the same source: b_dawn1 (more than 45) by b_dawn3" in est.rule
    assert "b_dawn2 (54) by b_dawn3" in est.rule
    assert result.counts["superseded"] == 2
    assert "superseded by b_dawn3" in incident.reason


def test_same_day_reports_of_one_source_are_not_superseded():
    claims, ctx = rising_toll()
    ctx = ctx | context("d_dawn2", DAWN, date(2023, 7, 30)) | context("d_dawn3", DAWN, date(2023, 7, 30))
    (incident,) = run(claims, ctx).incidents
    assert all(link.superseded_by is None for link in incident.claims)


def test_dataset_rows_join_text_reports_and_are_independent():
    when = day(9, 11, 2024)
    station = {"etype": "suicide_bomb", "when": when, "tags": []}
    quetta = {"name": "Quetta", "country": "PK", "admin1": "Balochistan", "admin2": "Quetta"}

    text_place = Location(**quetta, precision=2, lat=30.20, lon=67.00)
    acled_place = Location(
        name="Quetta",
        country="PK",
        admin1="Balochistan",
        admin2="Quetta",
        precision=1,
        lat=30.1967,
        lon=67.0097,
    )
    # UCDP names admin units with their kind and may carry no admin1 at all
    ucdp_place = Location(name="Quetta railway station", country="PK", precision=1, lat=30.19, lon=67.01)
    ucdp_named = Location(
        name="Quetta town",
        country="PK",
        admin1="Balochistan province",
        admin2="Quetta district",
        precision=1,
        lat=30.19,
        lon=67.01,
    )
    claims = [
        claim("q_dawn", "d_dawn", where=text_place, casualties=[fig(26, group="unknown")], **station),
        claim("q_ispr", "d_ispr", where=text_place, casualties=[fig(26, group="unknown")], **station),
        claim("q_acled", "d_acled", where=acled_place, casualties=[fig(26, group="unknown")], **station),
        claim("q_ucdp", "d_ucdp", where=ucdp_place, casualties=[fig(25, group="unknown")], **station),
        claim("q_ucdp2", "d_ucdp2", where=ucdp_named, casualties=[fig(25, group="unknown")], **station),
    ]
    ctx = contexts(d_dawn=DAWN, d_ispr=ISPR, d_acled=ACLED, d_ucdp=UCDP) | context(
        "d_ucdp2", Source(name="UCDP GED 24.1", kind="dataset")
    )
    result = run(claims, ctx)
    assert clusters(result) == [["q_acled", "q_dawn", "q_ispr", "q_ucdp", "q_ucdp2"]]
    (incident,) = result.incidents
    assert incident.status == "corroborated" and incident.sources == 4
    assert result.counts["dataset_claims"] == 3
    assert "ACLED (dataset) (independent)" in incident.reason
    assert incident.location.precision == 1  # the dataset's exact point


def test_cross_border_accounts_meet_in_one_incident():
    # each side names its own side of the crossing: Chaman (PK) and Spin Boldak (AF)
    claims = [
        claim(
            "x_ispr",
            "d_ispr",
            where=CHAMAN,
            tags=["cross_border"],
            casualties=[fig(15, "AFG.MIL", high=20)],
            actors=[actor("AFG.MIL", "perpetrator"), actor("PAK.MIL", "target")],
            when=day(15),
        ),
        claim(
            "x_iea",
            "d_iea",
            speaker="AFG",
            where=SPIN_BOLDAK,
            etype="shelling_artillery_missile_attack",
            tags=["cross_border"],
            casualties=[fig(12, "AFG", group="civilians", high=None)],
            actors=[actor("PAK.MIL", "perpetrator"), actor("CIV", "target")],
            when=day(15),
        ),
        claim("x_unama", "d_unama", where=SPIN_BOLDAK, casualties=[fig(17, group="civilians")], when=day(15)),
    ]
    result = run(claims, contexts(d_ispr=ISPR, d_iea=IEA, d_unama=UNAMA))
    assert clusters(result) == [["x_iea", "x_ispr", "x_unama"]]
    assert result.incidents[0].status == "corroborated"
    # without the tag, two countries never meet
    untagged = [c.model_copy(update={"event": c.event.model_copy(update={"tags": []})}) for c in claims]
    assert len(run(untagged, contexts(d_ispr=ISPR, d_iea=IEA, d_unama=UNAMA)).incidents) == 2


# --- statuses and their reasons ---------------------------------------------------------------


def test_single_source_is_reported_with_reason():
    (incident,) = run(
        [claim("c1", "d_ispr", casualties=[fig(4, "TTP", "militants")])], contexts(d_ispr=ISPR)
    ).incidents
    assert incident.status == "reported"
    assert incident.reason.split(". Status ")[1].startswith("reported: a single source")


def test_two_party_sources_of_one_side_are_still_reported():
    claims = [
        claim("c1", "d_ispr", casualties=[fig(8, "TTP", "militants")]),
        claim("c2", "d_police", casualties=[fig(7, "TTP", "militants")]),
    ]
    (incident,) = run(claims, contexts(d_ispr=ISPR, d_police=KP_POLICE)).incidents
    assert incident.status == "reported" and "2 sources but none independent" in incident.reason


def test_a_party_denial_contests_a_non_party_denial_does_not():
    strike = {"etype": "air_drone_strike", "casualties": [fig(10, group="civilians")]}
    claims = [
        claim("k_iea", "d_iea", speaker="AFG", **strike),
        claim("k_reuters", "d_reuters", **strike),
        claim("k_deny", "d_ispr", kind="denial", polarity="denied", etype="air_drone_strike"),
    ]
    ctx = contexts(d_iea=IEA, d_reuters=REUTERS, d_ispr=ISPR, d_ttp=TTP_MEDIA)
    (incident,) = run(claims, ctx).incidents
    assert incident.status == "contested" and "ISPR (PAK.MIL) denies it [k_deny]" in incident.reason
    ttp_denial = claim("k_deny", "d_ttp", kind="denial", polarity="denied", etype="air_drone_strike")
    (incident,) = run([*claims[:2], ttp_denial], ctx).incidents
    assert incident.status == "corroborated"
    assert "not a conflict party, so it does not make the incident contested" in incident.reason
    assert {link.claim_id: link.relation for link in incident.claims}["k_deny"] == "denies"


def test_a_denier_is_not_a_corroborating_source():
    claims = [
        claim("k_iea", "d_iea", speaker="AFG", etype="air_drone_strike"),
        claim("k_deny", "d_reuters", kind="denial", polarity="denied", etype="air_drone_strike"),
    ]
    (incident,) = run(claims, contexts(d_iea=IEA, d_reuters=REUTERS)).incidents
    assert incident.status == "reported" and incident.sources == 0


def test_statuses_mirror_when_the_parties_swap():
    claims, ctx = rising_toll()
    claims += [
        claim(
            "x_ispr",
            "d_ispr",
            where=CHAMAN,
            tags=["cross_border"],
            casualties=[fig(20, "AFG.MIL")],
            when=day(15),
        ),
        claim(
            "x_iea",
            "d_iea",
            speaker="AFG",
            where=SPIN_BOLDAK,
            tags=["cross_border"],
            casualties=[fig(3, "AFG.MIL")],
            when=day(15),
        ),
        claim(
            "x_ap", "d_ap", where=SPIN_BOLDAK, casualties=[fig(3, "AFG.MIL")], when=day(15), text=WIRE_STORY
        ),
        claim("x_news", "d_news", where=SPIN_BOLDAK, when=day(15), text=WIRE_STORY),
    ]
    ctx |= contexts(d_ispr=ISPR, d_iea=IEA, d_ap=AP, d_news=NEWS)
    swapped = [Claim.model_validate(swap(c.model_dump(mode="json"))) for c in claims]
    swapped_ctx = {
        doc: ClaimContext(
            document_id=doc, source=Source.model_validate(swap(c.source.model_dump())), published=c.published
        )
        for doc, c in ctx.items()
    }
    original = run(claims, ctx)
    mirrored = run(swapped, swapped_ctx, conflict_parties=("AFG", "PAK"))
    assert [swap(i.model_dump(mode="json")) for i in original.incidents] == [
        i.model_dump(mode="json") for i in mirrored.incidents
    ]
    statuses = sorted(i.status for i in original.incidents)
    assert statuses == ["contested", "corroborated"]
