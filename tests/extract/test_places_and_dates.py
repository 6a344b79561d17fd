"""Where and when: datelines, metonyms, paragraph places, lists of places, the border region, names
inside names, periods and relative dates. Sentences written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

PUBLISHED = date(2025, 10, 12)  # a Sunday


def located(claims):
    return [
        (c.event.location.name if c.event.location else None)
        for c in claims
        if c.event is not None and (c.casualties or c.kind == "event_report")
    ]


def test_a_dateline_of_two_cities_is_blanked(extract):
    claims = extract(
        "ISLAMABAD/KABUL — Pakistan's military said on Sunday that 23 of its soldiers were killed overnight."
    )
    assert located(claims) == [None]
    assert claims[0].speaker.actor == "PAK.MIL"


@pytest.mark.parametrize(
    "text",
    [
        "Islamabad has long accused the Taliban of sheltering the TTP, which it blames for attacks.",
        "Kabul said 12 civilians were killed by Pakistani mortar fire on Sunday.",
        "Pakistan and Afghanistan agreed to a ceasefire in Doha on Sunday.",
    ],
)
def test_a_capital_that_speaks_or_acts_is_not_the_place(extract, text):
    assert "Islamabad" not in located(extract(text)) and "Kabul" not in located(extract(text))


def test_a_capital_after_in_is_a_place(extract):
    claims = extract("Explosions in Kabul on Thursday killed two people, police said.")
    assert located(claims) == ["Kabul"]


def test_the_place_can_come_later_in_the_paragraph(extract):
    claims = extract(
        "Pakistan's military said 23 of its soldiers were killed and 29 wounded. It claimed that more "
        "than 200 fighters were killed in its response at Angoor Adda on Saturday."
    )
    assert located(claims)[:2] == ["Angoor Adda", "Angoor Adda"]


def test_a_figure_without_place_takes_the_reports_main_place(extract):
    claims = extract(
        "Militants attacked the police training school in Dera Ismail Khan on Friday night.\n\n"
        "Six policemen were martyred and 12 were injured, police said."
    )
    assert set(located(claims)) == {"Dera Ismail Khan"}


def test_one_event_per_place_of_a_list(extract):
    claims = extract(
        "Afghan forces attacked Pakistani border posts at Angoor Adda, Bajaur and Kurram on the night "
        "of 11/12 October, the ISPR said."
    )
    events = [(c.event.type, c.event.location.name) for c in claims if c.event and c.event.location]
    assert events == [
        ("armed_clash", "Angoor Adda"),
        ("armed_clash", "Bajaur"),
        ("armed_clash", "Kurram"),
    ]
    assert sum(len(c.casualties) for c in claims) == 0


def test_a_province_after_its_district_is_not_another_place(extract):
    claims = extract("37 civilians were killed on 15 October in Spin Boldak district, Kandahar province.")
    assert located(claims) == ["Spin Boldak"]


@pytest.mark.parametrize("words", ["along the Durand Line", "along the Pak-Afghan border"])
def test_the_border_is_a_region_of_no_country(extract, words):
    [claim] = extract(f"Mujahid said 58 Pakistani soldiers were killed {words} on Saturday night.")
    location = claim.event.location
    assert (location.name, location.country, location.precision) == ("Afghanistan–Pakistan border", None, 3)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        (
            "Militants hurled a grenade at a shop on Karachi Road in Quetta city, injuring two people.",
            "Quetta",
        ),
        (
            "BLA militants attacked an FC camp in Shah Mardan locality of Johan area in Kalat, killing 7.",
            "Kalat",
        ),
        ("A suicide bomber attacked a branch of Kabul Bank in Kunduz city, killing five people.", "Kunduz"),
    ],
)
def test_a_place_name_inside_another_name_is_not_that_place(extract, text, place):
    assert located(extract(text))[0] == place


def test_where_it_was_said_is_not_where_it_happened(extract):
    claims = extract(
        "Addressing a press conference in Peshawar on Friday, the DG ISPR said five soldiers were "
        "martyred in Tirah."
    )
    assert located(claims) == ["Tirah"]


def test_a_heading_is_not_a_claim(extract):
    assert extract("# Retaliatory operations along the Durand Line") == []


def test_an_aggregate_over_a_period_is_not_an_incident(extract):
    [claim] = extract("The ISPR said that in the last two years 1,093 Pakistanis had been killed in attacks.")
    assert claim.casualties[0].low == 1093
    assert (claim.event.type, claim.event.date.precision) == (None, "period")


def test_an_attack_on_posts_is_a_clash(extract):
    [claim] = extract(
        "The Taliban launched an unprovoked attack on Pakistani border posts in Kurram on Saturday."
    )
    assert claim.event.type == "armed_clash"


def test_the_later_sentence_keeps_the_paragraphs_event_date(extract):
    claims = extract(
        "The death toll from Sunday's bombing in Bajaur rose to 54 on Monday. "
        "More than 120 people were wounded.",
        date(2023, 7, 31),
    )
    assert [c.event.date.start for c in claims] == [date(2023, 7, 30), date(2023, 7, 30)]


# --- dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "start", "end", "precision"),
    [
        ("since August 2021", date(2021, 8, 1), PUBLISHED, "period"),
        ("since 15 August 2021", date(2021, 8, 15), PUBLISHED, "period"),
        ("between 10 and 17 October", date(2025, 10, 10), date(2025, 10, 17), "week"),
        ("in the first half of 2025", date(2025, 1, 1), date(2025, 6, 30), "period"),
        ("on the night of October 10–11", date(2025, 10, 10), date(2025, 10, 11), "day"),
    ],
)
def test_periods_and_spans(extract, words, start, end, precision):
    [claim] = extract(f"Police said 12 militants were killed in Bannu {words}.")
    assert (claim.event.date.start, claim.event.date.end, claim.event.date.precision) == (
        start,
        end,
        precision,
    )


def test_a_period_up_to_an_unknown_publication_date_is_not_invented(extract):
    [claim] = extract("Police said 12 militants were killed in Bannu since August 2021.", None)
    assert claim.event.date is None


def test_a_cantonment_is_in_its_town(extract):
    claims = extract("On 4 March 2025, two suicide bombers attacked Bannu Cantonment, killing 13 civilians.")
    assert located(claims) == ["Bannu"]


def test_received_reports_of_a_place_are_not_a_venue(extract):
    [claim] = extract(
        "UNAMA received credible reports that 10 civilians were killed on 17 October when air strikes hit "
        "Urgun district, Paktika province."
    )
    assert claim.event.location.name == "Urgun"


def test_a_figure_in_the_attack_keeps_the_reports_specific_type(extract):
    claims = extract(
        "A suicide bomber rammed a vehicle into the gate of the police school in Dera Ismail Khan "
        "on Friday.\n\n"
        "Six policemen were martyred in the attack, police said."
    )
    assert [c.event.type for c in claims if c.casualties] == ["suicide_bomb"]


def test_attacks_on_the_fronts_of_a_reported_clash_are_the_clash(extract):
    claims = extract(
        "Pakistani and Afghan forces clashed along the border on the night of 11/12 October.\n\n"
        "Attacks were reported at Angoor Adda, Bajaur and Kurram."
    )
    assert {c.event.type for c in claims if c.event is not None} == {"armed_clash"}


# --- causes found on the held-out set (extractor 0.3.0) -------------------------------------------


def events(claims):
    return [
        (
            c.event.type,
            c.event.location.name if c.event.location else None,
            c.event.date.start if c.event.date else None,
        )
        for c in claims
        if c.event is not None and c.event.type is not None
    ]


def test_a_capital_before_the_reporting_verb_is_where_it_was_said(extract):
    claims = extract(
        "In Kabul, the Taliban spokesman told reporters that Pakistani forces had shelled Dangam on "
        "Saturday, killing two civilians."
    )
    assert located(claims) == ["Dangam"]


def test_a_town_before_the_reporting_verb_places_the_report(extract):
    claims = extract("In Panjgur, security officials said three suspects had been arrested on Saturday.")
    assert located(claims) == ["Panjgur"]


def test_the_place_someone_came_from_is_not_the_event_place(extract):
    claims = extract("Three traders were abducted in Nangarhar on Saturday while returning from Jalalabad.")
    assert located(claims) == ["Nangarhar"]


def test_the_place_people_were_taken_from_is_the_event_place(extract):
    claims = extract("Gunmen abducted six labourers from Kalat on Saturday.")
    assert located(claims) == ["Kalat"]


def test_where_the_plotters_are_is_not_where_it_happened(extract):
    claims = extract(
        "The ISPR said a suicide bomber rammed a vehicle into a convoy near Mir Ali on Saturday, killing "
        "nine soldiers, and that the attack had been planned by handlers in Khost."
    )
    assert located(claims) == ["Mir Ali"]
    assert [(f.low, f.side) for c in claims for f in c.casualties] == [(9, "PAK.MIL")]


def test_every_place_of_an_accusation_with_an_event(extract):
    claims = extract(
        "The ministry said that, in response to violations of Afghan airspace, the mujahideen carried "
        "out retaliatory operations on Saturday night in the Spin Boldak district of Kandahar and the "
        "Barmal district of Paktika."
    )
    assert {place for _, place, _ in events(claims)} == {"Spin Boldak", "Barmal"}


@pytest.mark.parametrize(
    ("sentence", "event_type"),
    [
        ("The CTD arrested three terrorists in Kulachi on Saturday and recovered hand grenades.", "arrests"),
        ("Gunmen opened fire on a labourers' camp in Kech on Saturday, killing five workers.", "attack"),
        ("Militants opened fire on a police post in Tank on Saturday, killing two policemen.", "armed_clash"),
        ("Terrorists attacked a police post in Bannu with heavy weapons on Saturday night.", "armed_clash"),
        (
            "Militants targeted an army camp with heavy weapons in Turbat on Saturday.",
            "shelling_artillery_missile_attack",
        ),
    ],
)
def test_held_out_event_types(extract, sentence, event_type):
    assert events(extract(sentence))[0][0] == event_type


def test_a_reporting_period_is_no_incident(extract):
    claims = extract("Between 1 April and 30 June 2025, UNAMA documented 142 civilian casualties in Kunar.")
    assert events(claims) == []


def test_an_operations_count_since_a_month_is_no_incident(extract):
    claims = extract(
        "The ISPR said forces had carried out 4,000 intelligence-based operations since January."
    )
    assert events(claims) == []


def test_a_day_wins_over_a_period_in_the_same_words(extract):
    claims = extract(
        "In Turbat, relatives of a driver whose whereabouts have been unknown since 3 October staged a "
        "sit-in on Saturday."
    )
    assert events(claims) == [("peaceful_protest", "Turbat", date(2025, 10, 11))]


def test_where_the_briefing_was_held_is_not_the_event_place(extract):
    claims = extract(
        "Pakistan protested over Monday's attack on a police post in Tank District, in which seven "
        "policemen were killed, the spokesperson told the weekly briefing in Islamabad on Thursday."
    )
    assert located(claims) == ["Tank"]


def test_places_of_one_list_are_siblings_whatever_the_parse(extract):
    claims = extract(
        "The ministry said the mujahideen attacked Pakistani posts on Saturday night in the Dand-e-Patan "
        "district of Paktia, the Spin Boldak district of Kandahar and the Barmal district of Paktika."
    )
    assert {place for _, place, _ in events(claims)} >= {"Spin Boldak", "Barmal"}


@pytest.mark.parametrize(
    "sentence",
    [
        "The DG ISPR said forces were carrying out an average of 40 intelligence-based operations a day.",
        "The spokesman said the Islamic Emirate had arrested 14 people in Khost in recent months.",
        "Police said TTP had carried out more than 600 attacks in Bannu in 2024.",
        "The military says 1,200 soldiers have been killed in militant attacks in Bannu since January.",
    ],
)
def test_habits_and_tallies_are_no_incidents(extract, sentence):
    assert events(extract(sentence)) == []


def test_a_day_earlier_is_no_habit(extract):
    claims = extract("The death toll from Sunday's bombing in Khar rose to 54, up from 45 a day earlier.")
    assert [t for t, _, _ in events(claims)] == ["remote_explosive_landmine_ied"]


def test_a_separate_incident_does_not_borrow_the_leads_type(extract):
    claims = extract(
        "Pakistani mortar fire killed 12 civilians in Spin Boldak on Wednesday, a Taliban spokesman said."
        "\n\nIn a separate incident, officials said troops repulsed an attack by Taliban fighters on "
        "posts in Kurram on Tuesday, killing 25 of them."
    )
    assert ("armed_clash", "Kurram", date(2025, 10, 7)) in events(claims)


def test_an_act_placed_only_in_a_country_is_no_incident(extract):
    claims = extract("The spokesperson on Friday commented on reports of air strikes in Afghanistan.")
    assert events(claims) == []


def test_a_country_place_with_figures_is_still_an_event(extract):
    claims = extract("Police said three soldiers were killed in an ambush in Pakistan on Saturday.")
    assert [t for t, _, _ in events(claims)] == ["armed_clash"]


def test_a_claim_of_responsibility_names_the_attack_the_report_described(extract):
    claims = extract(
        "A suicide bomber blew himself up at a rally in Khar on Sunday, killing 20 people.\n\n"
        "Islamic State Khorasan Province claimed responsibility for the attack."
    )
    assert {t for t, _, _ in events(claims)} == {"suicide_bomb"}


def test_where_local_police_serve_places_a_report_that_names_no_other_place(extract):
    claims = extract("Police in Lakki Marwat said on Sunday that 30 militants had been killed in the hills.")
    assert located(claims) == ["Lakki Marwat"]


def test_the_event_place_still_wins_over_where_the_police_serve(extract):
    claims = extract("Police in Bannu said on Sunday that 30 militants had been killed in Lakki Marwat.")
    assert located(claims) == ["Lakki Marwat"]


# --- causes found on the second held-out set (extractor 0.3.1) ------------------------------------


def test_a_dateline_with_an_agency_tag_is_not_a_claim(extract):
    claims = extract(
        "QUETTA/KANDAHAR (Agency) - Pakistani and Afghan border forces fought pitched battles near Chaman "
        "on Saturday night."
    )
    assert events(claims) == [("armed_clash", "Chaman", date(2025, 10, 11))]
    assert [c.kind for c in claims] == ["event_report"]


def test_fighting_battles_is_a_clash_but_a_battle_of_narratives_is_not(extract):
    assert (
        events(extract("Troops fought fierce battles with militants in Tirah on Friday."))[0][0]
        == "armed_clash"
    )
    assert events(extract("The battle of narratives between Kabul and Islamabad went on.")) == []


def test_places_joined_by_a_repeated_preposition_are_listed(extract):
    claims = extract("Border forces clashed near the Torkham crossing in Khyber and in Kurram on Saturday.")
    assert [e[1] for e in events(claims)] == ["Torkham", "Kurram"]


def test_the_audience_of_a_report_is_not_the_place_of_the_event(extract):
    claims = extract(
        "The Taliban spokesman told reporters in Kabul that 12 Pakistani soldiers had been killed."
    )
    assert located(claims) == [None]


def test_a_press_conference_venue_does_not_place_the_next_sentence(extract):
    claims = extract(
        "The DG ISPR told a press conference in Rawalpindi on Tuesday that 40 khwarij had been killed in "
        "operations in Bajaur. In the same operations, he said, nine soldiers had embraced martyrdom."
    )
    assert "Rawalpindi" not in located(claims)


def test_referring_to_an_attack_gives_its_place_and_date(extract):
    claims = extract(
        "Referring to the attack on the Levies post in Zhob on Thursday night, the spokesman said all "
        "four attackers were killed."
    )
    assert events(claims) == [("armed_clash", "Zhob", date(2025, 10, 9))]


def test_responding_to_claims_about_an_attack_does_not_place_a_denial(extract):
    claims = extract(
        "Responding to claims that the attack on the Bannu cantonment was planned in Afghanistan, "
        "Zabihullah Mujahid said on Thursday that no Afghan was involved."
    )
    assert located(claims) == []


def test_a_home_town_is_not_where_it_happened(extract):
    claims = extract(
        "Near Panjgur on Friday, Sepoy Imran Ali, a resident of Khuzdar, embraced shahadat in the "
        "exchange of fire."
    )
    assert events(claims) == [("armed_clash", "Panjgur", date(2025, 10, 10))]


def test_arrests_made_in_a_fight_that_killed_people_are_part_of_the_clash(extract):
    killed = extract(
        "After an exchange of fire in Zhob on Friday, six terrorists were killed and two others were "
        "apprehended."
    )
    assert [e[0] for e in events(killed)] == ["armed_clash"]
    arrested = extract("Police arrested three suspects in a search operation in Zhob on Friday.")
    assert [e[0] for e in events(arrested)] == ["arrests"]


def test_an_accusation_is_not_placed_by_a_province_named_in_another_sentence(extractor, make_document):
    text = (
        "The gunmen, who stopped the bus on the highway and checked the passengers' identity cards, "
        "belonged to Fitna al Hindustan. Pakistan urges the world to note foreign sponsorship of "
        "terrorism in Balochistan."
    )
    claims = extractor.extract(make_document(text, source="Pakistan Foreign Office", published=PUBLISHED))
    assert [c.kind for c in claims][:1] == ["accusation"]
    assert events(claims) == []


def test_rounds_that_struck_are_shelling_but_rounds_of_talks_are_not(extract):
    shelled = extract("The district chief said about 40 rounds had struck villages in Dangam on Saturday.")
    assert [e[0] for e in events(shelled)] == ["shelling_artillery_missile_attack"]
    talks = extract("Two rounds of talks were held in Doha on Saturday.")
    assert events(talks) == []


def test_a_place_that_names_an_agreement_is_not_where_anything_happened(extract):
    claims = extract("Since the Doha understanding, militants have attacked a Levies post in Zhob on Friday.")
    assert [e[1] for e in events(claims)] == ["Zhob"]
    assert "Doha" not in located(extract("Since the Doha understanding, 37 attacks have killed 58 people."))


def test_a_date_after_what_is_said_belongs_to_the_event(extract):
    claims = extract(
        "Mujahid accused Pakistani forces of killing two Afghan civilians with mortar fire in Dangam on "
        "Friday."
    )
    assert events(claims)[0][2] == date(2025, 10, 10)


def test_when_an_allegation_was_made_is_not_when_the_act_happened(extract):
    claims = extract(
        "Pakistan rejects the allegation, made by the Afghan spokesman on Saturday, that Pakistani forces "
        "opened fire at Torkham on Friday."
    )
    assert [e[2] for e in events(claims)] == [date(2025, 10, 10)]


def test_a_date_right_after_the_reporting_verb_is_when_it_was_said(extract):
    claims = extract(
        "Zabihullah Mujahid told reporters in Kabul on Sunday that the mujahideen had killed 20 Pakistani "
        "soldiers in Dangam on Saturday night."
    )
    assert [c.event.date.start for c in claims if c.event and c.event.date] == [date(2025, 10, 11)]


def test_today_gives_way_to_the_date_of_the_attack_in_the_same_sentence(extract):
    claims = extract(
        "The Afghan envoy was summoned today over the attack by khwarij on a border post in Chitral on the "
        "night of 9/10 October, in which three soldiers were martyred."
    )
    dated = [c.event.date for c in claims if c.event and c.event.date]
    assert [(d.start, d.end) for d in dated][:1] == [(date(2025, 10, 9), date(2025, 10, 10))]
    alone = extract("Three soldiers were martyred in an attack in Chitral today.")
    assert [c.event.date.start for c in alone if c.event and c.event.date] == [PUBLISHED]


@pytest.mark.parametrize(
    ("words", "start"),
    [
        ("over the past year", date(2024, 10, 12)),
        ("in the past month", date(2025, 9, 1)),
        ("during the last week", date(2025, 10, 5)),
    ],
)
def test_the_past_year_month_or_week_without_a_count_is_a_period(extract, words, start):
    claims = extract(f"The police said they had arrested 38 people in Kurram {words}.")
    dated = [c.event.date for c in claims if c.event and c.event.date]
    assert [(d.start, d.precision) for d in dated] == [(start, "period")]
    assert events(claims) == []


def test_a_home_hides_only_its_own_name_not_the_place_after_it(extract):
    claims = extract("Gunmen killed a resident of Killi Sharif Khan at the bus stand in Nushki on Friday.")
    assert located(claims) == ["Noshki"]  # the gazetteer's spelling


def test_an_objects_place_still_places_the_next_sentence(extract):
    claims = extract(
        "BLA militants claimed an attack on security guards at a dam site in Panjgur on Friday. "
        "The attack left three guards dead."
    )
    assert located(claims)[-1] == "Panjgur"


@pytest.mark.parametrize(
    "text",
    [
        "Two soldiers were injured in the exchange of fire in Datta Khel on Sunday and were shifted to "
        "CMH Bannu.",
        "Eleven people were wounded in the blast in Mir Ali on Sunday; nine of them were being treated for "
        "wounds in hospitals in Peshawar.",
        "Four policemen were injured in the attack in Kulachi on Sunday and were evacuated to Peshawar.",
    ],
)
def test_where_the_wounded_were_taken_is_not_the_event_place(extract, text):
    places = {c.event.location.name for c in extract(text) if c.event is not None and c.event.location}
    assert "Peshawar" not in places and "Bannu" not in places
    assert places


def test_a_hospital_that_was_attacked_is_the_event_place(extract):
    claims = extract("A suicide bomber attacked the civil hospital in Quetta on Sunday, killing 12 people.")
    assert [c.event.location.name for c in claims if c.event is not None] == ["Quetta"]
