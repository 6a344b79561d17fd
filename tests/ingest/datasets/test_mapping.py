"""How rows of each format become claims: types, actors, casualties, places, dates."""

from __future__ import annotations

from datetime import date

from pledgewatch.ingest.datasets.common import country_code, snake_event_type
from pledgewatch.models import EVENT_TYPES

from .conftest import ACLED_HEADER, acled_row, outcomes, write

UCDP_HEADER = (
    "id,relid,year,type_of_violence,side_a,side_b,source_headline,where_prec,where_coordinates,adm_1,adm_2,"
    "latitude,longitude,country,date_prec,date_start,date_end,deaths_a,deaths_b,deaths_civilians,"
    "deaths_unknown,best,high,low"
)
GTD_HEADER = (
    "eventid,iyear,imonth,iday,approxdate,extended,resolution,country_txt,provstate,city,latitude,longitude,"
    "specificity,summary,suicide,attacktype1_txt,weapsubtype1_txt,targtype1_txt,gname,gname2,gname3,nkill,nwound"
)


def test_every_acled_sub_event_label_maps_to_a_design_id():
    labels = [
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
        "Sexual violence",
        "Attack",
        "Abduction/forced disappearance",
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
        "Violent demonstration",
        "Mob violence",
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ]
    assert [snake_event_type(label) for label in labels] == list(EVENT_TYPES)


def test_acled_roles_follow_what_acled_codes(tmp_path, context):
    text = "\n".join(
        [
            ACLED_HEADER,
            acled_row("PAK1"),
            acled_row(
                "PAK2",
                event_type="Battles",
                sub_event_type="Armed clash",
                actor2="Military Forces of Pakistan (2022-)",
                assoc_actor_2="Police Forces of Pakistan (2022-); Militia (Pro-Government)",
                civilian_targeting="",
                time_precision="2",
            ),
        ]
    )
    _, rows = outcomes(write(tmp_path, "roles.csv", text + "\n"), context)
    bombing, clash = (o.claim for o in rows)
    assert [a.role for a in bombing.event.actors] == ["perpetrator", "target"]
    assert [(a.name, a.actor, a.role) for a in clash.event.actors] == [
        ("BLA: Baloch Liberation Army", "BLA", "other"),
        ("Military Forces of Pakistan (2022-)", "PAK.MIL", "other"),
        ("Police Forces of Pakistan (2022-)", "PAK.POL", "other"),
        ("Militia (Pro-Government)", None, "other"),
    ]
    assert (clash.event.date.start, clash.event.date.end, clash.event.date.precision) == (
        date(2024, 11, 6),
        date(2024, 11, 12),
        "week",
    )
    assert clash.event.date.text == "2024-11-09"


def test_afghan_state_names_depend_on_the_date(context):
    actors = context.actors
    assert actors.resolve("Government of Afghanistan", date(2020, 5, 1)) is None
    assert actors.resolve("Government of Afghanistan", date(2022, 5, 1)) == "AFG"
    assert actors.resolve("Military Forces of Afghanistan (2021-)", date(2023, 1, 1)) == "AFG.MIL"
    assert actors.resolve("Military Forces of Afghanistan (2004-2021)", date(2019, 1, 1)) is None
    assert actors.resolve("Taleban", date(2020, 1, 1)) == "AFG"
    assert actors.resolve("TTP: Tehrik-i-Taliban Pakistan", date(2023, 1, 1)) == "TTP"
    assert actors.resolve("Unidentified Armed Group (Pakistan)", date(2023, 1, 1)) is None
    assert actors.resolve("Civilians (Afghanistan)", None) == "CIV"


def test_ucdp_types_sides_and_figures(tmp_path, context):
    rows_text = [
        UCDP_HEADER,
        # state-based, deaths on both sides and civilians: each figure exact, totals in the text
        '1,AFG-1,2022,1,Government of Pakistan,TTP,"Clash in Kurram",1,Kurram,Khyber Pakhtunkhwa,Kurram,'
        "33.7,70.2,Pakistan,1,2022-10-11,2022-10-11,3,5,1,0,9,12,9",
        # one-sided, a few days
        '2,AFG-2,2022,3,IS,Civilians,"",4,Kabul province,Kabul,,34.5,69.2,Afghanistan,2,2022-01-02,'
        "2022-01-05,0,0,4,0,4,6,4",
        # no deaths in any column but a range
        '3,AFG-3,2022,2,TTP,Lashkar,"",1,Somewhere,,,,,Pakistan,,2022-03-01,2022-03-01,0,0,0,0,0,2,0',
        # unknown violence type
        '4,AFG-4,2022,9,A,B,"",1,X,,,1,1,Pakistan,1,2022-03-01,2022-03-01,0,0,0,1,1,1,1',
    ]
    _, rows = outcomes(write(tmp_path, "ucdp.csv", "\n".join(rows_text) + "\n"), context)
    clash, one_sided, range_only, unknown = (o.claim for o in rows)
    assert clash.id == "ucdp_ged_1"
    assert [(c.group, c.side, c.low, c.high) for c in clash.casualties] == [
        ("security_forces", "PAK", 3, 3),
        ("militants", "TTP", 5, 5),
        ("civilians", None, 1, 1),
    ]
    assert "best 9, low 9, high 12" in clash.casualties[0].text
    assert clash.event.location.precision == 1 and clash.event.location.admin1 == "Khyber Pakhtunkhwa"
    assert one_sided.event.type == "attack"
    assert [(a.name, a.role) for a in one_sided.event.actors] == [
        ("IS", "perpetrator"),
        ("Civilians", "target"),
    ]
    assert [(c.group, c.low, c.high) for c in one_sided.casualties] == [("civilians", 4, 6)]
    assert one_sided.event.date.precision == "period" and one_sided.event.location.precision == 3
    assert [(c.group, c.low, c.high) for c in range_only.casualties] == [("unknown", 0, 2)]
    assert unknown.event.type is None
    assert [p.reason for p in rows[3].problems] == ["unknown_event_type"]


def test_gtd_types_dates_and_figures(tmp_path, context):
    rows_text = [
        GTD_HEADER,
        "1,2015,6,3,,0,,Pakistan,Balochistan,Quetta,30.2,67.0,1,A blast,1,Bombing/Explosion,,Police,"
        "Tehrik-i-Taliban Pakistan (TTP),,,12,30",
        "2,2015,6,0,,0,,Pakistan,Balochistan,Unknown,,,5,,0,Bombing/Explosion,Grenade,"
        "Private Citizens & Property,Unknown,,,,",
        "3,2015,6,3,June 3-5,1,06/05/2015,Afghanistan,Kabul,Kabul,34.5,69.2,2,,0,"
        "Hostage Taking (Kidnapping),,Government (Diplomatic),Taliban,,,0,",
        "4,2015,2,30,,0,,Pakistan,,,,,1,,0,Armed Assault,,Military,Unknown,,,1,",
    ]
    _, rows = outcomes(write(tmp_path, "gtd.csv", "\n".join(rows_text) + "\n"), context)
    suicide, grenade, kidnap, bad_day = (o.claim for o in rows)
    assert suicide.event.type == "suicide_bomb"
    assert [(a.name, a.actor, a.role) for a in suicide.event.actors] == [
        ("Tehrik-i-Taliban Pakistan (TTP)", "TTP", "perpetrator"),
        ("Police", None, "target"),
    ]
    assert [(c.outcome, c.low) for c in suicide.casualties] == [("killed", 12), ("injured", 30)]
    assert grenade.event.type == "grenade" and grenade.event.date.precision == "month"
    assert grenade.event.location.name == "Balochistan" and grenade.event.location.precision == 3
    assert [a.actor for a in grenade.event.actors] == ["CIV"] and "civilian_targeting" in grenade.event.tags
    assert grenade.casualties == []  # GTD's empty cells mean unknown: no figure, no problem
    assert kidnap.event.type == "abduction_forced_disappearance"
    assert (kidnap.event.date.end, kidnap.event.date.precision, kidnap.event.date.text) == (
        date(2015, 6, 5),
        "period",
        "June 3-5",
    )
    assert bad_day.event.date is None
    assert [p.reason for p in rows[3].problems] == ["bad_date"]


def test_country_names_from_three_datasets():
    assert country_code("Pakistan") == "PK"
    assert country_code("West Germany (FRG)") == "DE"
    assert country_code("Kosovo") == "XK"
    assert country_code("Democratic Republic of Congo") == "CD"
    assert country_code("Atlantis") is None


def test_acled_repeated_values_map_as_on_first_sight(tmp_path, context):
    """The mapper works out each distinct date, actor set and place once; what depends on the row
    itself (a dated actor name, the event id as the country's last resort, problems) stays per row."""
    no_country = {"iso": "", "country": "", "admin1": "Nowhere Province"}
    afghan_state = {"actor2": "Government of Afghanistan"}
    text = "\n".join(
        [
            ACLED_HEADER,
            acled_row("PAK1", event_date="2020-05-01", **afghan_state),
            acled_row("PAK2", event_date="2022-05-01", **afghan_state),
            acled_row("PAK3", event_date="2022-05-01", time_precision="3", **afghan_state),
            acled_row("PAK4", **no_country),
            acled_row("X5", **no_country),
            acled_row("PAK6", **no_country),
            acled_row("PAK7", geo_precision="7"),
            acled_row("PAK8", geo_precision="7"),
            acled_row("PAK9", event_date="not a date"),
            acled_row("PAK10", event_date="not a date"),
        ]
    )
    _, rows = outcomes(write(tmp_path, "repeats.csv", text + "\n"), context)
    claims = [o.claim for o in rows]
    assert [claims[i].event.actors[1].actor for i in range(3)] == [None, "AFG", "AFG"]
    assert (claims[1].event.date.precision, claims[2].event.date.precision) == ("day", "month")
    assert claims[2].event.date.start == date(2022, 5, 1) and claims[2].event.date.end == date(2022, 5, 31)
    assert [claims[i].event.location.country for i in (3, 4, 5)] == ["PK", None, "PK"]
    assert [rows[i].rules for i in (3, 4, 5)] == [("country_from_event_id",), (), ("country_from_event_id",)]
    assert [[p.reason for p in rows[i].problems] for i in (6, 7, 8, 9)] == [["bad_number"]] * 2 + [
        ["bad_date"]
    ] * 2
    assert claims[8].event.date is None and claims[9].event.date is None
