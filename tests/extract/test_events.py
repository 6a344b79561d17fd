"""Event type, tags, place, date and actors of a claim."""

from __future__ import annotations

import pytest


def event_of(extract, sentence, published=...):
    claims = extract(sentence) if published is ... else extract(sentence, published)
    events = [c.event for c in claims if c.event is not None]
    assert events, f"no event in {sentence!r}"
    return events[0]


@pytest.mark.parametrize(
    ("sentence", "event_type"),
    [
        ("A suicide bomber blew himself up at a rally in Bajaur, killing 45 people.", "suicide_bomb"),
        ("Pakistani air strikes in Paktika killed 10 civilians, officials said.", "air_drone_strike"),
        (
            "Cross-border shelling killed two villagers in Kunar on Sunday.",
            "shelling_artillery_missile_attack",
        ),
        (
            "A roadside bomb killed three soldiers in North Waziristan on Friday.",
            "remote_explosive_landmine_ied",
        ),
        ("Pakistani and Afghan forces clashed at Angoor Adda on Sunday.", "armed_clash"),
        ("Gunmen attacked a bus in Musakhel on Monday, killing 23 passengers.", "attack"),
        ("Militants attacked a police station in Bannu, killing four policemen.", "armed_clash"),
        ("Police arrested 12 suspects in Quetta on Tuesday.", "arrests"),
        ("Hundreds protested in Peshawar on Friday against the strikes.", "peaceful_protest"),
    ],
)
def test_event_type_by_keyword(extract, sentence, event_type):
    assert event_of(extract, sentence).type == event_type


@pytest.mark.parametrize(
    ("sentence", "tag"),
    [
        ("Militants from across the border attacked a post in Bajaur on Sunday.", "cross_border"),
        (
            "Security forces foiled an infiltration bid in North Waziristan, killing 30 khwarij.",
            "infiltration",
        ),
        (
            "The ISPR said Afghan forces opened fire in Kurram in violation of the ceasefire on Sunday.",
            "ceasefire_violation",
        ),
        ("Pakistani jets struck TTP training camps in Khost on Friday.", "training_camp"),
        ("The UN Monitoring Team said the TTP enjoys safe havens in Kunar.", "safe_haven"),
        ("A tribal elder was shot dead in a targeted killing in Bajaur on Monday.", "targeted_killing"),
        ("Taliban forces attacked a Pakistani check post in Kurram on Sunday.", "checkpost"),
    ],
)
def test_tags_by_keyword(extract, sentence, tag):
    assert tag in event_of(extract, sentence).tags


def test_location_from_gazetteer_with_coordinates(extract):
    location = event_of(extract, "Six policemen were killed in DI Khan on Sunday.").location
    assert (location.name, location.country, location.admin1, location.precision) == (
        "Dera Ismail Khan",
        "PK",
        "Khyber Pakhtunkhwa",
        1,
    )
    assert location.lat == pytest.approx(31.8, abs=0.2) and location.lon == pytest.approx(70.9, abs=0.2)


def test_most_specific_place_wins(extract):
    location = event_of(
        extract, "In Khyber Pakhtunkhwa, four soldiers were killed near Parachinar in Kurram."
    ).location
    assert location.name == "Parachinar"
    assert location.precision == 2  # "near" the town


def test_district_and_province_precision(extract):
    assert event_of(extract, "Two soldiers were killed in Kurram on Sunday.").location.precision == 2
    assert (
        event_of(extract, "Eight civilians were killed in Paktika province, UNAMA said.").location.precision
        == 3
    )


def test_paktia_is_not_paktika(extract):
    assert event_of(extract, "Three civilians were killed in Paktia on Friday.").location.admin1 == "Paktia"
    assert event_of(extract, "Three civilians were killed in Paktika on Friday.").location.admin1 == "Paktika"


def test_stock_model_misreadings_are_places(extract):
    assert event_of(extract, "Two soldiers were killed at Spin Boldak on Sunday.").location.country == "AF"


def test_dateline_is_not_the_event_place(extract):
    location = event_of(
        extract, "PESHAWAR: Four soldiers were martyred in Bajaur on Sunday, the ISPR said."
    ).location
    assert location.name == "Bajaur"


def test_place_from_the_paragraph_when_the_sentence_has_none(extract):
    claims = extract(
        "Fighting erupted in Kurram on Saturday night. Three soldiers were martyred, the ISPR said on Sunday."
    )
    assert claims[-1].event.location.name == "Kurram"


def test_date_from_the_sentence(extract):
    date = event_of(
        extract, "Six policemen were martyred in Dera Ismail Khan on the night of October 10-11."
    ).date
    assert (date.start.isoformat(), date.end.isoformat(), date.precision) == (
        "2025-10-10",
        "2025-10-11",
        "day",
    )


def test_when_it_was_said_is_not_when_it_happened(extract):
    date = event_of(
        extract, "Three soldiers were martyred in Kurram on Friday, the ISPR said on Sunday."
    ).date
    assert date.start.isoformat() == "2025-10-10"


def test_no_publication_date_no_invented_date(extract):
    assert event_of(extract, "Three soldiers were martyred in Kurram on Friday.", None).date is None


def test_actors_and_roles(extract):
    actors = event_of(
        extract, "TTP militants attacked Pakistani soldiers in Bajaur on Sunday, killing four."
    ).actors
    roles = {(a.actor, a.role) for a in actors}
    assert ("TTP", "perpetrator") in roles
    assert ("PAK.MIL", "target") in roles


def test_agent_is_perpetrator(extract):
    actors = event_of(extract, "Five civilians were killed by Pakistani jets in Khost on Friday.").actors
    assert ("PAK.MIL", "perpetrator") in {(a.actor, a.role) for a in actors}


def test_a_place_is_not_an_actor(extract):
    actors = event_of(extract, "Nine people were killed in Kabul on Sunday.").actors
    assert "AFG" not in [a.actor for a in actors]


def test_document_voice_without_place_or_date_is_not_an_event(extract):
    assert extract("The attack drew wide condemnation.") == []
