"""Who says it and what kind of claim it is: possessives, roles, services, quotations over several
sentences, parentheticals, pronouns, relays and nested claims, the issuer's own voice, and the kinds
read from a proposition. Sentences written for these tests."""

from __future__ import annotations

from datetime import date

import pytest


def speakers(claims):
    return [(c.speaker.actor if c.speaker else None) for c in claims]


def kinds(claims):
    return [(c.kind, c.speaker.actor if c.speaker else None) for c in claims]


def figure_speakers(claims):
    return [(f.low, c.speaker.actor if c.speaker else None) for c in claims for f in c.casualties]


@pytest.mark.parametrize(
    ("sentence", "actor"),
    [
        ("Pakistan's military said 23 of its soldiers were killed in the clashes.", "PAK.MIL"),
        ("Qatar's foreign ministry called on both sides to exercise restraint.", "QAT"),
        ("A Taliban official in Paktika put the toll at 10 civilians killed and 12 wounded.", "AFG"),
        ("UNAMA documented at least 50 civilians killed in Spin Boldak in October.", "UN.UNAMA"),
        ("UNAMA received credible reports that 10 civilians were killed in Urgun.", "UN.UNAMA"),
        ("According to the de facto police, five people were killed in Kunduz.", "AFG"),
        ("The Taliban's defence ministry said its forces had acted in self-defence.", "AFG"),
        ("Islamic Emirate spokesman Zabihullah Mujahid said on Thursday that no Afghan was involved.", "AFG"),
        ("By Pakistan's count, 23 of its soldiers died that night in Kurram.", "PAK"),
    ],
)
def test_speaker_names_resolve_to_actors(extract, sentence, actor):
    assert speakers(extract(sentence))[0] == actor


def test_an_organisation_named_after_a_country_is_not_its_government(extract):
    [claim] = extract("At least eight people were killed in Urgun, the Afghanistan Cricket Board said.")
    assert claim.speaker.name == "the Afghanistan Cricket Board" or claim.speaker.actor is None
    assert claim.speaker.actor is None


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("Police said four militants were killed in Kunduz on Sunday.", "AFG"),  # de facto police
        ("Police said four militants were killed in Bannu on Sunday.", "PAK.POL"),
        ("The military said 21 militants were killed in Zhob on Sunday.", "PAK.MIL"),
        ("District police officer Sajjad Ahmad said six attackers were killed in Tank.", "PAK.POL"),
        ("Assistant Commissioner Najeeb Kakar said 23 passengers were shot dead in Musakhel.", "PAK"),
        ("Balochistan Home Minister Ziaullah Langove said the labourers would be recovered.", "PAK"),
        ("Pakistani security officials said 25 Taliban fighters were killed.", "PAK.MIL"),
    ],
)
def test_speakers_named_by_their_office_belong_to_that_office_of_the_country(extract, text, actor):
    assert speakers(extract(text))[0] == actor


def test_a_quotation_over_several_sentences_is_its_speakers(extract):
    claims = extract(
        "“In these operations 58 Pakistani soldiers were killed and 30 others were injured. Twenty of "
        "their posts were destroyed,” Zabihullah Mujahid said."
    )
    assert figure_speakers(claims) == [(58, "AFG"), (30, "AFG")]


def test_a_quotation_opened_after_the_speaker(extract):
    claims = extract(
        "The DG ISPR said: “Afghanistan is being used as a base against Pakistan. The Afghan Taliban "
        "must choose between Pakistan and the khwarij.”"
    )
    assert ("demand", "PAK.MIL") in kinds(claims)


def test_a_parenthetical_speaker_governs_the_whole_sentence(extract):
    claims = extract(
        "ISPR said 20 soldiers were martyred in Kurram. During the same period, he said, security "
        "forces had killed 1,786 terrorists."
    )
    assert figure_speakers(claims)[-1] == (1786, "PAK.MIL")
    [claim] = extract("Since then, Pakistan says, more than 2,500 of its citizens have been killed.")
    assert (claim.speaker.actor, claim.casualties[0].side) == ("PAK", "PAK")


def test_he_is_the_subject_named_earlier_in_the_same_sentence(extract):
    claims = extract(
        "ISPR said 23 soldiers were martyred. The Taliban government's spokesman, Zabihullah Mujahid, "
        "gave very different figures: he said 58 Pakistani soldiers were killed."
    )
    assert figure_speakers(claims) == [(23, "PAK.MIL"), (58, "AFG")]


def test_a_participle_shares_the_subject_of_its_reporting_verb(extract):
    claims = extract(
        "Pakistan's military said 23 of its soldiers were killed in clashes with Afghan Taliban forces, "
        "while claiming that more than 200 Taliban fighters were killed."
    )
    assert figure_speakers(claims) == [(23, "PAK.MIL"), (200, "PAK.MIL")]


def test_an_indefinite_official_is_not_the_last_speaker(extract):
    claims = extract(
        "District police officer Sajjad Ahmad said six attackers were killed in Tank. Earlier, a "
        "local official had told reporters that three attackers were killed."
    )
    assert figure_speakers(claims) == [(6, "PAK.POL"), (3, None)]


def test_by_their_count_splits_a_sentence_between_two_speakers(extract):
    [pakistan, taliban] = extract(
        "By Pakistan's count, 23 of its soldiers died in Kurram; by the Taliban's, 58."
    )
    assert (pakistan.speaker.actor, taliban.speaker.actor) == ("PAK", "AFG")


def test_a_passive_without_agent_is_the_documents_voice(extract):
    [claim] = extract("The Interim Afghan Government is urged to deny its soil to the khwarij.")
    assert (claim.kind, claim.speaker) == ("demand", None)
    assert [t.actor for t in claim.targets] == ["AFG"]


def test_neither_confirmed_nor_denied_is_no_denial(extract):
    claims = extract("The spokesperson neither confirmed nor denied reports of air strikes in Paktika.")
    assert "denial" not in [c.kind for c in claims]


# --- relays and nested claims ---------------------------------------------------------------


def test_a_verb_that_only_passes_on_a_denial_adds_no_claim(extract):
    claims = extract(
        "The Islamic Emirate categorically rejects the allegations that TTP members are present in "
        "Afghanistan, spokesman Zabihullah Mujahid said in a statement on Tuesday."
    )
    assert kinds(claims) == [("denial", "AFG")]


def test_a_third_partys_words_inside_a_denial_are_not_coded_alone(extract):
    claims = extract(
        "Tahir Andrabi rejected remarks by the Afghan foreign minister that Pakistan had agreed in Doha "
        "to stop all air operations inside Afghanistan."
    )
    assert kinds(claims) == [("denial", "PAK")]


def test_two_parallel_reports_stay_two(extract):
    claims = extract(
        "ISPR said 23 soldiers were martyred, while Mujahid claimed 58 Pakistani soldiers were killed."
    )
    assert speakers(claims) == ["PAK.MIL", "AFG"]


# --- kinds from the proposition -------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Mujahid said on Thursday that no Afghan was involved in the attack.", "denial"),
        ("The figures were fabricated and part of a propaganda campaign, ISPR said.", "denial"),
        ("It said no Pakistani post had been captured, ISPR added.", "denial"),
        ("Mohsin Naqvi said the perpetrators would be brought to justice.", "commitment"),
        ("He said the operation would continue until the area was cleared, the RPO said.", "commitment"),
        ("Mujahid said the Islamic Emirate remained committed to the Doha Agreement.", "commitment"),
        ("He said Pakistan should expel these members, Mujahid said.", "demand"),
        (
            "The attack was planned and directed by khwarij operating from Afghanistan, ISPR stated.",
            "accusation",
        ),
        ("Mujahid condemned the bombing as a clear violation of international principles.", "accusation"),
        ("He said the delegation would attend follow-up meetings in Istanbul, Mujahid said.", "statement"),
    ],
)
def test_the_propositions_words_give_its_kind(extract, sentence, kind):
    assert extract(sentence)[0].kind == kind


def test_no_one_was_hurt_is_not_a_denial(extract):
    claims = extract("No one was hurt in the blast in Quetta, police said.")
    assert "denial" not in [c.kind for c in claims]


def test_a_denial_with_figures_keeps_the_figures_asserted(extract):
    claims = extract(
        "ISPR said no Pakistani post had been captured and that Pakistan's response had killed more "
        "than 200 Taliban fighters."
    )
    assert ("denial", "PAK.MIL") in kinds(claims)
    [reported] = [c for c in claims if c.casualties]
    assert (reported.kind, reported.polarity, reported.casualties[0].low) == ("event_report", "asserted", 200)


def test_one_sentence_two_kinds(extract):
    claims = extract(
        "“Afghan soil will not be used against any country, and we expect the same from our "
        "neighbours,” Mujahid said."
    )
    assert sorted(kinds(claims)) == [("commitment", "AFG"), ("demand", "AFG")]


# --- the issuer's own voice -----------------------------------------------------------------


def test_an_issuers_position_is_its_own_claim(extractor, make_document):
    text = (
        "On 9 August 2025, security forces conducted an operation in Kalat, killing nine terrorists.\n\n"
        "Afghan soil continues to be used by terrorists against Pakistan, and the Taliban government "
        "must take verifiable action. Security forces remain determined to secure the borders of Pakistan."
    )
    claims = extractor.extract(make_document(text, source="ISPR", published=date(2025, 8, 10)))
    found = [k for k in kinds(claims) if k[0] != "event_report"]
    assert found == [("accusation", None), ("demand", None), ("commitment", "PAK.MIL")]
    assert [c.speaker for c in claims if c.casualties] == [None]  # figures stay in the release's voice


def test_a_news_reports_own_words_are_not_claims(extractor, make_document):
    text = (
        "Afghan soil continues to be used by terrorists against Pakistan, and the Taliban government "
        "must take verifiable action."
    )
    claims = extractor.extract(make_document(text, source="Frontier Wire Service"))
    assert kinds(claims) == []


def test_the_issuer_named_as_subject_is_remembered_for_he(extractor, make_document):
    text = (
        "The Secretary-General is deeply concerned about the situation in Kurram. He calls on both "
        "countries to exercise maximum restraint."
    )
    claims = extractor.extract(make_document(text, source="UN Secretary-General"))
    assert ("demand", "UN") in kinds(claims)


def test_a_participle_after_a_noun_reports_nothing(extract):
    claims = extract("Civilian harm continued after the ceasefire announced on the evening of 15 October.")
    assert [c for c in claims if c.speaker is not None] == []


def test_the_mission_points_back_to_the_named_mission(extract):
    claims = extract(
        "The United Nations Assistance Mission in Afghanistan (UNAMA) said 17 civilians were killed in "
        "Spin Boldak. The mission said 11 civilians were killed in Paktika."
    )
    assert speakers(claims) == ["UN.UNAMA", "UN.UNAMA"]
    assert claims[0].speaker.name == "United Nations Assistance Mission in Afghanistan"


def test_a_verb_that_reports_only_with_a_clause(extract):
    claims = extract(
        "Al-Qaida maintains a low profile in Afghanistan, with its leadership in the south-east."
    )
    assert [c for c in claims if c.speaker is not None] == []
    [claim] = extract("Pakistan maintains that the TTP operates from Afghan soil.")
    assert claim.speaker.actor == "PAK"


def test_a_country_at_the_end_of_another_name_is_not_that_country(extract):
    claims = extract("Ittehad-ul-Mujahideen Pakistan said its fighters attacked the school in Tank.")
    assert [c.speaker.actor for c in claims if c.speaker] == [None]


def test_according_to_a_spokesman_on_a_report_of_both_sides(extract):
    claims = extract(
        "Zabihullah Mujahid said the talks went well. According to the spokesman, both sides agreed "
        "that neither would carry out hostile acts against the other."
    )
    reported = [c for c in claims if c.text.startswith("According")]
    assert kinds(reported) == [("commitment", "AFG")]


# --- causes found on the held-out set (extractor 0.3.0) -------------------------------------------


def test_a_statement_read_that_the_parser_left_without_subject(extract):
    claims = extract(
        "Four soldiers were martyred and two injured in Kurram on Sunday, the statement from the "
        "army's media wing read."
    )
    assert figure_speakers(claims) == [(4, "PAK.MIL"), (2, "PAK.MIL")]


def test_a_trailing_according_to_covers_the_whole_sentence(extract):
    claims = extract(
        "Shells hit a police post in Bannu on Sunday; one policeman was killed and two were injured, "
        "according to the police."
    )
    assert figure_speakers(claims) == [(1, "PAK.POL"), (2, "PAK.POL")]


def test_a_leading_according_to_keeps_its_clause(extract):
    claims = extract(
        "According to the police, one policeman was killed in Bannu on Sunday, and residents said "
        "two shops were burnt."
    )
    assert figure_speakers(claims) == [(1, "PAK.POL")]


def test_by_someones_count_after_a_figure(extract):
    claims = extract("Recall the strike on a school in Barmal: nine civilians dead by UNAMA's count.")
    assert figure_speakers(claims) == [(9, "UN.UNAMA")]


def test_a_trailing_he_said_is_not_the_subject_it_reports(extract):
    claims = extract(
        "The DG ISPR said on Thursday that the operations would continue. "
        "Kabul must stop sheltering the khwarij, he said."
    )
    assert ("demand", "PAK.MIL") in kinds(claims)
    assert "AFG" not in speakers(claims)


def test_a_role_noun_points_back_to_the_speaker_it_names(extract):
    claims = extract(
        "The UN Monitoring Team reported that TTP fighters train in Kunar. The Taliban continue to "
        "deny that TTP is present in Afghanistan. The Team assesses that the Taliban have taken no "
        "meaningful action against TTP."
    )
    assert kinds(claims)[-1] == ("accusation", "UN.MT")
    assert ("denial", "AFG") in kinds(claims)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ('"This aggression will not go unanswered," Mujahid said.', ("commitment", "AFG")),
        (
            "The Islamic Emirate stresses that no one is permitted to use Afghan soil against any country.",
            ("commitment", "AFG"),
        ),
        (
            "The ISPR said Pakistan's armed forces would respond to any aggression with full force.",
            ("commitment", "PAK.MIL"),
        ),
        (
            "KP Police will continue to protect the people of Bannu, the IGP said.",
            ("commitment", "PAK.POL"),
        ),
        (
            "The Foreign Office said the Taliban had done nothing to rein in the TTP.",
            ("accusation", "PAK"),
        ),
        (
            "Kabul's spokesman retorted that no one uses Afghan soil against Pakistan.",
            ("denial", "AFG"),
        ),
        (
            "Mujahid told reporters that Pakistani forces had opened fire first.",
            ("accusation", "AFG"),
        ),
        ("The Baloch Liberation Army claimed the attack in a message to journalists.", ("statement", "BLA")),
    ],
)
def test_held_out_kinds(extract, sentence, expected):
    assert expected in kinds(extract(sentence))


def test_those_behind_an_attack_will_be_brought_to_justice(extract):
    claims = extract(
        "Police in Bara said on Sunday that those behind the bombing had been identified and would be "
        "brought to justice."
    )
    assert kinds(claims) == [("commitment", "PAK.POL")]


def test_one_claim_per_kind_and_speaker_in_a_sentence(extract):
    claims = extract(
        "UNAMA reiterates that all parties must protect civilians, and calls on both sides to respect "
        "the ceasefire."
    )
    assert kinds(claims) == [("demand", "UN.UNAMA")]


def test_a_condemnation_is_a_statement_not_an_event_report(extract):
    claims = extract("The TTP denied any involvement and condemned the bombing.")
    assert sorted(kinds(claims)) == [("denial", "TTP"), ("statement", "TTP")]


def test_a_condemnation_with_figures_still_reports_the_event(extract):
    claims = extract(
        "The provincial government condemned the bombing in Quetta on Sunday that killed 12 people."
    )
    assert [c.kind for c in claims if c.casualties] == ["event_report"]


def test_claiming_that_an_attack_killed_is_no_claim_of_responsibility(extract):
    claims = extract("Mujahid claimed the attack killed 58 Pakistani soldiers in Kurram on Sunday.")
    assert [(c.kind, c.speaker.actor) for c in claims if c.casualties] == [("event_report", "AFG")]


def test_an_infinitive_deny_still_reports_nothing(extract):
    claims = extract("Pakistan urged Kabul to deny its soil to the TTP.")
    assert kinds(claims) == [("demand", "PAK")]


def test_an_unattributed_quotation_right_after_a_quoted_one_keeps_its_speaker(extract):
    claims = extract(
        '"The Islamic Emirate will respond to this aggression," Mujahid said. "The claims that camps were '
        'targeted are false."'
    )
    assert kinds(claims) == [("commitment", "AFG"), ("denial", "AFG")]


def test_a_quotation_after_narration_is_not_given_a_speaker(extract):
    claims = extract('"We will respond," Mujahid said.\n\nResidents fled the area. "The claims are false."')
    assert ("denial", "AFG") not in kinds(claims)


def test_warning_someone_to_do_something_is_a_demand(extract):
    claims = extract("The ISPR warned the Taliban regime to stop patronising terrorists.")
    assert kinds(claims) == [("demand", "PAK.MIL")]


def test_a_warning_without_an_order_stays_a_statement(extract):
    claims = extract("The ISPR warned that the khwarij were regrouping along the border.")
    assert kinds(claims) == [("statement", "PAK.MIL")]


def test_two_reports_either_side_of_a_semicolon(extract):
    claims = extract(
        "The Foreign Office insists that TTP leaders are harboured in Kabul; the Taliban insist there "
        "are no TTP camps in Afghanistan."
    )
    assert kinds(claims) == [("accusation", "PAK"), ("denial", "AFG")]


def test_an_attack_claimed_by_a_group_in_the_passive(extract):
    claims = extract("The attack was claimed by the Baloch Liberation Army.")
    assert ("statement", "BLA") in kinds(claims)


def test_a_passive_claim_without_an_agent_is_no_claim_of_responsibility(extract):
    claims = extract("The attack was claimed to be the deadliest this year.")
    assert ("statement", "BLA") not in kinds(claims)


def test_what_is_announced_is_the_statement_not_its_addressee(extract):
    claims = extract(
        "Khyber Pakhtunkhwa's provincial government announced compensation for the families of the victims."
    )
    assert kinds(claims) == [("statement", "PAK")]


# --- causes found on the second held-out set (extractor 0.3.1) ------------------------------------


def test_he_is_the_spokesman_introduced_as_a_subject_without_a_reporting_verb(extract):
    claims = extract(
        "Pakistan's military said 14 of its soldiers had been killed in Kurram.\n\n"
        "Islamic Emirate spokesman Zabihullah Mujahid offered a very different account. He told reporters "
        "that 30 Pakistani soldiers had been killed and three Afghan fighters had died."
    )
    assert figure_speakers(claims) == [(14, "PAK.MIL"), (30, "AFG"), (3, "AFG")]


def test_a_subject_that_names_no_one_does_not_become_the_last_speaker(extract):
    claims = extract(
        "Pakistan's military said 14 of its soldiers had been killed in Kurram. The fighting lasted "
        "through the night. It said 20 militants had also died."
    )
    assert figure_speakers(claims) == [(14, "PAK.MIL"), (20, "PAK.MIL")]


def test_an_appositive_office_names_the_speakers_service(extract):
    claims = extract(
        "KHAR: Asad Khan, a spokesman for the provincial government, said 22 people had been injured "
        "in the blast on Sunday."
    )
    assert figure_speakers(claims) == [(22, "PAK")]


def test_a_closing_said_covers_every_clause_of_the_sentence(extract):
    claims = extract(
        "BANNU: Four terrorists were killed in the exchange of fire on Sunday, and their weapons were "
        "recovered from the site, police said."
    )
    assert figure_speakers(claims) == [(4, "PAK.POL")]
    assert [c.kind for c in claims] == ["event_report"]


def test_a_reporting_gerund_after_by_is_said_by_the_subject(extractor, make_document):
    text = (
        "The Spokesperson opened the weekly briefing by condemning Tuesday's attack on a bus near Kohat, "
        "which killed six passengers."
    )
    claims = extractor.extract(make_document(text, source="Ministry of Foreign Affairs of Pakistan"))
    assert figure_speakers(claims) == [(6, "PAK")]
    assert [c.event.location.name for c in claims if c.event and c.event.location] == ["Kohat"]


def test_a_gerund_after_by_that_reports_nothing_has_no_speaker(extract):
    claims = extract("The army responded by shelling villages near Chaman, killing two civilians.")
    assert figure_speakers(claims) == [(2, None)]


@pytest.mark.parametrize(
    ("source", "actor"),
    [
        ("Inter Services Public Relations (ISPR)", "PAK.MIL"),
        ("Inter Services Public Relations (ISPR), press briefing", "PAK.MIL"),
        ("Frontier Review (opinion)", None),
        ("Peshawar Wire Desk", None),
    ],
)
def test_an_issuer_is_read_from_its_bracketed_acronym_or_the_name_before_a_comma(
    extractor, make_document, source, actor
):
    text = "Security forces remain determined to eliminate the menace of terrorism from the country."
    claims = extractor.extract(make_document(text, source=source, published=date(2026, 4, 2)))
    assert kinds(claims) == ([("commitment", actor)] if actor else [])


def test_an_office_named_between_the_last_commas_speaks_when_the_parse_lost_the_subject(extract):
    claims = extract(
        "QUETTA: A bomb hit a police van on the Quetta-Chaman road near Kuchlak on Friday morning, "
        "killing two policemen, among them a head constable, and injuring six policemen and a "
        "shopkeeper, the Senior Superintendent of Police, Killa Abdullah, said."
    )
    assert {actor for _, actor in figure_speakers(claims)} == {"PAK.POL"}


def test_a_closing_place_name_alone_does_not_speak(extract):
    claims = extract(
        "Two policemen were killed in a bomb blast on Friday, the day after the rally in Kuchlak."
    )
    assert figure_speakers(claims) == [(2, None)]


def test_a_releases_accusation_about_the_dead_is_kept_when_it_places_no_incident(extractor, make_document):
    text = (
        "Eight khwarij were killed in the operation in Datta Khel on Monday.\n\n"
        "The killed khwarij remained actively involved in numerous terrorist activities against the "
        "security forces and in the target killing of innocent civilians."
    )
    claims = extractor.extract(make_document(text, source="ISPR", published=date(2026, 6, 2)))
    assert [(c.kind, len(c.casualties)) for c in claims] == [("event_report", 1), ("accusation", 0)]


def test_a_releases_narration_of_a_placed_operation_is_no_accusation(extractor, make_document):
    text = (
        "On 12 May, security forces conducted an intelligence based operation in the general area of "
        "Mir Ali on the reported presence of khwarij."
    )
    claims = extractor.extract(make_document(text, source="ISPR", published=date(2026, 6, 2)))
    assert [c.kind for c in claims] == ["event_report"]


def test_a_by_gerund_inside_what_someone_says_is_no_new_speaker(extract):
    claims = extract(
        "Mujahid added that the Pakistani regime was trying to hide its own failures by blaming Afghanistan."
    )
    assert kinds(claims) == [("accusation", "AFG")]


def test_each_side_claiming_is_no_speaker_but_the_afghan_side_is_one(extract):
    claims = extract(
        "Pakistani and Afghan forces fought heavy battles near Chaman on Saturday, with each side "
        "claiming to have inflicted heavy losses on the other."
    )
    assert [c.kind for c in claims] == ["event_report"]
    named = extract("The Afghan side said it had inflicted heavy losses on Pakistani forces near Chaman.")
    assert [c.kind for c in named] == ["statement"]


# --- causes found on the third held-out set (extractor 0.3.2) -----------------------------------


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        # a provincial department or spokesman speaks for the government of the province's country
        (
            "The Kunar provincial health department said on Monday that 12 people were killed in Shigal.",
            "AFG",
        ),
        ("In Jalalabad, provincial spokesman Qari Noor said three civilians were killed in Lalpur.", "AFG"),
        ("The Kurram district administration said two civilians were killed in Parachinar.", "PAK"),
    ],
)
def test_provincial_offices_speak_for_their_country(extract, text, actor):
    assert [speaker for _, speaker in figure_speakers(extract(text))] == [actor]


def test_a_surname_points_back_to_the_full_name_introduced_before(extract):
    claims = extract(
        "Enayatullah Khwarazmi, spokesman for the Ministry of National Defence of the Islamic Emirate, "
        "rejected the report on Tuesday.\n\n"
        "Khwarazmi said Pakistani forces had detained more than 200 Afghans in Chaman."
    )
    assert figure_speakers(claims) == [(200, "AFG")]


def test_a_surname_nobody_introduced_names_nobody(extract):
    claims = extract("Khwarazmi said Pakistani forces had detained more than 200 Afghans in Chaman.")
    assert figure_speakers(claims) == [(200, None)]


def test_a_second_verb_shares_the_main_clauses_subject(extract):
    claims = extract(
        "Kabul's defence ministry put its own losses at three and claimed that 19 Pakistani soldiers "
        "were killed near Spin Boldak."
    )
    assert figure_speakers(claims) == [(3, "AFG"), (19, "AFG")]
