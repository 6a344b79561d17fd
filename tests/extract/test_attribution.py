"""Speaker attribution and claim kinds."""

from __future__ import annotations

import pytest

TWO_SIDED = (
    "ISPR said 23 soldiers were martyred, while Taliban spokesman Zabihullah Mujahid claimed 58 Pakistani "
    "soldiers were killed and 9 Afghan fighters died."
)


def speakers(claims):
    return [(c.speaker.actor if c.speaker else None) for c in claims]


def test_each_figure_stays_with_its_own_speaker(extract):
    pakistan, taliban = extract(TWO_SIDED)
    assert (pakistan.speaker.name, pakistan.speaker.actor) == ("ISPR", "PAK.MIL")
    assert [(c.low, c.side) for c in pakistan.casualties] == [(23, "PAK.MIL")]
    assert (taliban.speaker.name, taliban.speaker.actor) == ("Taliban spokesman Zabihullah Mujahid", "AFG")
    assert [(c.low, c.group, c.side) for c in taliban.casualties] == [
        (58, "security_forces", "PAK.MIL"),
        (9, "security_forces", "AFG.MIL"),
    ]


def test_two_claims_from_one_sentence_share_the_span_but_not_the_id(extract):
    first, second = extract(TWO_SIDED)
    assert first.span == second.span
    assert first.id != second.id


@pytest.mark.parametrize(
    ("sentence", "actor"),
    [
        ("The Foreign Office spokesperson said two diplomats were expelled.", "PAK"),
        ("Inter-Services Public Relations stated that five soldiers were injured in Khyber.", "PAK.MIL"),
        ("Amir Khan Muttaqi told reporters that Afghanistan wanted good relations.", "AFG"),
        ("Kabul rejected the allegations.", "AFG"),
        ("Islamabad accused Kabul of sheltering the TTP.", "PAK"),
        ("UNAMA confirmed that 11 civilians were killed in Paktika.", "UN.UNAMA"),
        ("The UN Monitoring Team said al-Qaida remained present in Afghanistan.", "UN.MT"),
        ("The Analytical Support and Sanctions Monitoring Team reported that AQIS was active.", "UN.MT"),
        ("The TTP denied involvement in the Peshawar attack.", "TTP"),
        ("JUI-F chief Maulana Fazlur Rehman demanded a judicial inquiry.", "JUIF"),
    ],
)
def test_reporting_verbs_resolve_speakers(extract, sentence, actor):
    [claim] = extract(sentence)
    assert claim.speaker is not None and claim.speaker.actor == actor


def test_speaker_after_the_quote(extract):
    [claim] = extract("Twenty soldiers were martyred in Kurram, the ISPR said.")
    assert claim.speaker.actor == "PAK.MIL"


def test_according_to(extract):
    [claim] = extract("Seven policemen were killed in Dera Ismail Khan, according to police officials.")
    assert claim.speaker.name == "police officials"
    assert claim.speaker.actor == "PAK.POL"  # police of the country where it happened


def test_statement_read(extract):
    [claim] = extract("The ISPR's statement read that 5 khwarij were sent to hell in Tank.")
    assert claim.speaker.actor == "PAK.MIL"
    assert claim.casualties[0].side == "TTP"


def test_statement_from(extract):
    [claim] = extract("A statement from UNAMA said 11 civilians were killed in Paktika.")
    assert claim.speaker.actor == "UN.UNAMA"


def test_pronoun_points_back_to_the_last_speaker(extract):
    claims = extract(
        "Zabihullah Mujahid said the Islamic Emirate wanted peace. "
        "He said nine Afghan fighters were killed in Kunar."
    )
    assert speakers(claims) == ["AFG", "AFG"]
    assert claims[1].confidence < claims[0].confidence + 0.3  # an anaphoric speaker costs confidence


def test_no_attribution_is_the_document_voice(extract):
    [claim] = extract("Nine people were killed in a blast in Peshawar on Sunday.")
    assert claim.speaker is None
    assert claim.kind == "event_report"


def test_subjectless_reporting_verb_takes_the_actor_named_before_it(extract):
    claims = extract("ISPR: 12 soldiers martyred, confirmed in Khyber.")
    assert any(c.speaker and c.speaker.actor == "PAK.MIL" for c in claims)


def test_denial(extract):
    [claim] = extract("Zabihullah Mujahid denied that Afghan soil was being used against any country.")
    assert (claim.kind, claim.polarity) == ("denial", "denied")
    assert claim.about == "Afghan soil was being used against any country"


def test_rejection_is_a_denial(extract):
    [claim] = extract("Pakistan's Foreign Office rejected the Taliban's claims as baseless.")
    assert (claim.kind, claim.polarity, claim.speaker.actor) == ("denial", "denied", "PAK")


def test_accusation_with_target(extract):
    [claim] = extract("Pakistan accused Kabul of harbouring TTP militants.")
    assert claim.kind == "accusation"
    assert [(t.name, t.actor) for t in claim.targets] == [("Kabul", "AFG")]
    assert claim.about == "harbouring TTP militants"


def test_blame_is_an_accusation(extract):
    [claim] = extract("The Islamic Emirate blamed Pakistan for the air strikes in Paktika.")
    assert claim.kind == "accusation"
    assert [t.actor for t in claim.targets] == ["PAK"]


def test_commitment_with_addressee(extract):
    [claim] = extract(
        "Amir Khan Muttaqi assured Pakistan that Afghan soil would not be used against any country."
    )
    assert claim.kind == "commitment"
    assert [t.actor for t in claim.targets] == ["PAK"]
    assert claim.about == "Afghan soil would not be used against any country"


def test_vowed_not_to_allow_is_a_commitment(extract):
    [claim] = extract("Mujahid vowed not to allow anyone to use Afghan territory against Pakistan.")
    assert (claim.kind, claim.speaker.actor) == ("commitment", "AFG")
    assert "PAK" in [t.actor for t in claim.targets]


def test_quoted_assurance_is_a_commitment(extract):
    [claim] = extract(
        '"We will not allow anyone to use Afghan soil against Pakistan," Mujahid told reporters.'
    )
    assert (claim.kind, claim.speaker.actor) == ("commitment", "AFG")


def test_a_joint_commitment_is_recorded_for_each_party(extract):
    claims = extract(
        "Pakistan and Afghanistan agreed to an immediate ceasefire, Qatar's foreign ministry said."
    )
    commitments = [c for c in claims if c.kind == "commitment"]
    assert sorted(c.speaker.actor for c in commitments) == ["AFG", "PAK"]


def test_demand_called_on(extract):
    [claim] = extract(
        "The Security Council called on the Taliban to prevent the TTP from operating on Afghan territory."
    )
    assert (claim.kind, claim.speaker.actor) == ("demand", "UN")
    assert [t.actor for t in claim.targets] == ["AFG"]
    assert claim.about.startswith("prevent the TTP")


def test_demand_urged(extract):
    [claim] = extract("Pakistan urged the Afghan authorities to act against Fitna al Khwarij.")
    assert claim.kind == "demand"
    assert [t.actor for t in claim.targets] == ["AFG"]


def test_plain_statement(extract):
    [claim] = extract("Khawaja Asif said Pakistan's patience had run out.")
    assert (claim.kind, claim.speaker.actor) == ("statement", "PAK")
    assert claim.about == "Pakistan's patience had run out"


def test_claimed_responsibility_is_the_claimants_statement_and_the_act_stays_an_event(extract):
    claims = extract("IS-K claimed responsibility for the suicide bombing in Bajaur.")
    [event] = [c for c in claims if c.kind == "event_report"]
    assert event.speaker is None
    assert ("ISKP", "perpetrator") in [(a.actor, a.role) for a in event.event.actors]
    [statement] = [c for c in claims if c.kind == "statement"]
    assert (statement.speaker.actor, statement.event, statement.casualties) == ("ISKP", None, [])


def test_no_claim_of_responsibility(extract):
    claims = extract("No group has claimed responsibility for the attack in Quetta.")
    assert [c for c in claims if c.speaker is not None] == []
