"""Casualty figures: one rule per test, on sentences written for these tests."""

from __future__ import annotations

import pytest


def figures(claims):
    return [(c.outcome, c.group, c.side, c.low, c.high) for claim in claims for c in claim.casualties]


def test_digits_with_killed(extract):
    claims = extract("Police said 12 civilians were killed in the blast in Quetta.")
    assert figures(claims) == [("killed", "civilians", None, 12, 12)]


def test_number_words(extract):
    claims = extract("Six policemen were injured in the attack in Bannu, police said.")
    assert figures(claims) == [("injured", "security_forces", "PAK.POL", 6, 6)]


def test_hyphenated_number_words(extract):
    claims = extract("Twenty-three soldiers embraced martyrdom in Kurram, the ISPR said.")
    assert figures(claims) == [("killed", "security_forces", "PAK.MIL", 23, 23)]


def test_thousands_separator(extract):
    claims = extract("The ISPR said 1,093 Pakistanis were killed in the last two years.")
    assert figures(claims) == [("killed", "unknown", "PAK", 1093, 1093)]


@pytest.mark.parametrize(
    ("sentence", "low", "high"),
    [
        ("At least 23 people were killed in the blast in Bajaur.", 23, None),
        ("More than 200 militants were killed in the operation in Bajaur.", 200, None),
        ("Over 30 attackers were killed in the clash in Zhob.", 30, None),
        ("Nearly 50 people were injured in the bombing in Quetta.", 50, 50),
        # "up to N" is the speaker's figure, hedged: low = high = N (eval/gold/extraction/README.md)
        ("Up to 10 villagers were killed in the shelling in Kunar.", 10, 10),
        ("Around 62 people were injured in the blast in Quetta.", 62, 62),
    ],
)
def test_quantity_words(extract, sentence, low, high):
    [casualty] = [c for claim in extract(sentence) for c in claim.casualties]
    assert (casualty.low, casualty.high) == (low, high)


def test_quantity_words_are_kept_in_the_text(extract):
    [casualty] = [
        c for claim in extract("More than 200 militants were killed in Bajaur.") for c in claim.casualties
    ]
    assert casualty.text.startswith("More than 200 militants")


def test_digit_range(extract):
    claims = extract("The suicide bomber blew himself up in Bannu, killing 15-20 people.")
    assert figures(claims) == [("killed", "unknown", None, 15, 20)]


def test_worded_range(extract):
    claims = extract("Between 15 and 20 people lost their lives in the blast in Quetta, police said.")
    assert figures(claims) == [("killed", "unknown", None, 15, 20)]


def test_a_list_gives_one_figure_per_group(extract):
    claims = extract("Twelve policemen and one civilian were injured in Dera Ismail Khan, police said.")
    assert figures(claims) == [
        ("injured", "security_forces", "PAK.POL", 12, 12),
        ("injured", "civilians", None, 1, 1),
    ]


def test_a_figure_without_a_noun_takes_the_previous_group(extract):
    claims = extract("Mujahid claimed 58 Pakistani soldiers were killed and 30 wounded.")
    assert figures(claims) == [
        ("killed", "security_forces", "PAK.MIL", 58, 58),
        ("injured", "security_forces", "PAK.MIL", 30, 30),
    ]


def test_a_subset_after_including_is_not_counted_twice(extract):
    claims = extract(
        "Pakistani strikes in Paktika killed 10 civilians, including three cricketers, officials said."
    )
    assert figures(claims) == [("killed", "civilians", None, 10, 10)]


def test_partitive_figure(extract):
    claims = extract("Six of the attackers were killed in the exchange of fire in Tank.")
    assert figures(claims) == [("killed", "militants", None, 6, 6)]


def test_death_toll(extract):
    claims = extract("The death toll from the Bajaur bombing rose to 63 on Monday.")
    assert figures(claims) == [("killed", "unknown", None, 63, 63)]


@pytest.mark.parametrize(
    ("sentence", "outcome"),
    [
        ("Four soldiers lost their lives in the attack in Khyber, the ISPR said.", "killed"),
        ("Three soldiers were martyred in Mohmand, the ISPR said.", "killed"),
        ("Two FC personnel were wounded in Chaman, the ISPR said.", "injured"),
        ("Five militants were arrested in Pishin, police said.", "captured"),
        ("Two passengers went missing after the attack in Musakhel, officials said.", "missing"),
    ],
)
def test_outcome_words(extract, sentence, outcome):
    [casualty] = [c for claim in extract(sentence) for c in claim.casualties]
    assert casualty.outcome == outcome


def test_martyred_by_the_pakistani_military_means_its_own_soldiers(extract):
    [claim] = extract("ISPR said 23 soldiers were martyred in the clashes along the border.")
    [casualty] = claim.casualties
    assert (casualty.outcome, casualty.group, casualty.side) == ("killed", "security_forces", "PAK.MIL")
    assert casualty.text == "23 soldiers were martyred"  # the speaker's own word is kept


def test_khwarij_sent_to_hell_are_ttp_militants(extract):
    [claim] = extract("Security forces sent 12 khwarij to hell in North Waziristan, the ISPR said.")
    [casualty] = claim.casualties
    assert (casualty.outcome, casualty.group, casualty.side) == ("killed", "militants", "TTP")


def test_neutralised_terrorists_are_militants(extract):
    [claim] = extract(
        "Five terrorists were neutralised in an intelligence-based operation in Lakki Marwat, the ISPR said."
    )
    [casualty] = claim.casualties
    assert (casualty.outcome, casualty.group, casualty.side) == ("killed", "militants", None)


def test_fitna_al_hindustan_names_several_groups_so_its_dead_have_no_single_side(extract):
    # the Pakistani state's term for Baloch separatist groups in general (CONTEXT.md)
    [claim] = extract("Four terrorists of Fitna al Hindustan were killed in Kech, the ISPR said.")
    assert figures([claim]) == [("killed", "militants", None, 4, 4)]


def test_taliban_fighters_are_afghan_security_forces_whatever_the_speaker_calls_them(extract):
    [claim] = extract("The ISPR said 40 Taliban terrorists were killed near Chaman.")
    assert figures([claim]) == [("killed", "security_forces", "AFG.MIL", 40, 40)]


def test_people_are_of_unknown_group(extract):
    [claim] = extract("Nine people were killed in the blast in Peshawar.")
    assert figures([claim]) == [("killed", "unknown", None, 9, 9)]


def test_the_killers_are_not_counted_as_killed(extract):
    claims = extract("Twelve militants killed three soldiers in an ambush in Zhob.")
    # soldiers whose side the text does not give: the forces of the country where it happened
    assert figures(claims) == [("killed", "security_forces", "PAK.MIL", 3, 3)]


@pytest.mark.parametrize(
    "sentence",
    [
        "The talks were held on October 19, 2025 in Doha.",  # a date
        "The attacks rose sharply in 2024 across Khyber Pakhtunkhwa.",  # a year
        "The victim, Ahmed Khan, 45, had left his home in Bannu.",  # an age
        "A 12-year-old boy was seen near the site in Quetta.",  # an age
        "The blast occurred near House No. 12, Street 4 in Hayatabad.",  # an address
        "The blast occurred at 3:30 pm in Peshawar, killing nobody.",  # a time
        "Pakistani forces destroyed 21 posts in the clashes in Kurram.",  # a unit count
        "Article 5 of the agreement was violated in Kurram, officials said.",  # a label
        "The security council adopted resolution 2593 in 2021.",  # a label
    ],
)
def test_no_figure_from_dates_years_ages_addresses_times_or_units(extract, sentence):
    assert figures(extract(sentence)) == []


def test_the_issuer_speaks_in_the_document_voice(extractor, make_document):
    document = make_document("Four soldiers embraced shahadat during the exchange of fire.", source="ISPR")
    [claim] = extractor.extract(document)
    assert claim.speaker is None  # still the document's own voice
    assert [(c.group, c.side) for c in claim.casualties] == [("security_forces", "PAK.MIL")]
