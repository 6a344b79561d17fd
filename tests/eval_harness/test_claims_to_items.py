"""How the extractor's Claims become comparable items, and the ACLED fatalities rule (no spaCy)."""

from __future__ import annotations

from datetime import date

from eval.acled_notes import AcledRow, fatalities_match, judge, place_matches, sample
from eval.extraction import events_from_claims, figures_from_claims, score_document, statements_from_claims
from eval.gold import GoldDocument
from eval.scoring import Figure, GoldEvent, Statement

from pledgewatch.models import ActorRef, Casualty, Claim, DateRange, Event, Location

DAY = date(2025, 10, 11)


def claim(n=0, kind="event_report", speaker=None, polarity="asserted", casualties=(), event=None):
    return Claim(
        id=f"c{n}",
        kind=kind,
        text=f"sentence {n}",
        span=(n * 10, n * 10 + 9),
        speaker=ActorRef(name=speaker, actor=speaker) if speaker else None,
        polarity=polarity,
        casualties=list(casualties),
        event=event,
        confidence=0.9,
    )


def clash(place="Kurram", start=DAY, end=DAY):
    return Event(
        type="armed_clash",
        location=Location(name=place) if place else None,
        date=DateRange(start=start, end=end, precision="day") if start else None,
    )


def test_figures_carry_the_claim_speaker_and_skip_denied_claims():
    killed = Casualty(outcome="killed", group="security_forces", side="PAK.MIL", low=58, high=58)
    claims = [
        claim(0, speaker="AFG", casualties=[killed]),
        claim(1, speaker="PAK.MIL", polarity="denied", casualties=[killed]),
    ]
    assert figures_from_claims(claims) == [Figure("killed", "security_forces", "PAK.MIL", 58, 58, "AFG")]


def test_unresolved_speaker_counts_as_null():
    unresolved = claim(0, casualties=[Casualty(outcome="killed", group="unknown", low=5, high=5)])
    unresolved = unresolved.model_copy(update={"speaker": ActorRef(name="hospital officials", actor=None)})
    assert figures_from_claims([unresolved])[0].speaker is None


def test_statements_are_the_non_event_report_claims():
    claims = [claim(0), claim(1, kind="denial", speaker="AFG", polarity="denied"), claim(2, kind="demand")]
    assert statements_from_claims(claims) == [Statement("denial", "AFG"), Statement("demand", None)]


def test_events_come_from_claims_with_a_typed_event():
    claims = [
        claim(0, event=clash()),
        claim(1, event=Event(type=None)),
        claim(2, event=clash(place=None, start=None)),
    ]
    events = events_from_claims(claims)
    assert [(e.type, e.place, e.date) for e in events] == [
        ("armed_clash", "Kurram", DAY),
        ("armed_clash", None, None),
    ]


def test_score_document_puts_it_together(tmp_path):
    gold = GoldDocument(
        name="wire_99_test",
        path=tmp_path / "wire_99_test.md",
        front_matter={},
        body="",
        voice=None,
        figures=(Figure("killed", "security_forces", "PAK.MIL", 23, 23, "PAK.MIL"),),
        statements=(Statement("accusation", "AFG"),),
        events=(GoldEvent("armed_clash", "Kurram", date=DAY),),
    )
    killed = Casualty(outcome="killed", group="security_forces", side="PAK.MIL", low=23, high=23)
    claims = [
        claim(0, speaker="PAK.MIL", casualties=[killed], event=clash()),
        claim(1, speaker="PAK.MIL", casualties=[killed], event=clash(place=None)),  # same figure again
        claim(2, kind="accusation", speaker="PAK"),
    ]
    score = score_document(gold, claims)
    assert score.figures.score.tp == 1 and score.duplicate_figures == 1
    assert (score.attribution.correct, score.attribution.total) == (1, 1)
    assert (score.statements.score.tp, score.statements.score.fp, score.statements.score.fn) == (0, 1, 1)
    assert score.events.score.tp == 1 and len(score.events.redundant) == 1
    assert any("spurious statement" in line for line in score.issues())


# --- ACLED rules ---------------------------------------------------------------------------------


def killed(low, speaker=None, group="security_forces"):
    return Figure("killed", group, None, low, low, speaker)


def test_fatalities_zero_allows_unverified_claims_by_others():
    assert fatalities_match(0, [])
    assert fatalities_match(0, [killed(5, speaker="BLA")])
    assert fatalities_match(0, [killed(0)])
    assert not fatalities_match(0, [killed(1)])


def test_fatalities_match_a_figure_or_a_sum():
    assert fatalities_match(3, [killed(3, speaker="BLF")])
    assert fatalities_match(8, [killed(5, speaker="BLF"), killed(3, speaker="BLF")])
    assert fatalities_match(3, [killed(2), killed(1, group="civilians"), killed(7, speaker="BLA")])
    assert not fatalities_match(4, [killed(3)])
    injured = Figure("injured", "civilians", None, 2, 2, None)
    assert not fatalities_match(2, [injured])


def row(**kwargs):
    values = dict(line=2, event_date=DAY, location="Buleda", admin2="Kech", fatalities=1, notes="On ...")
    values.update(kwargs)
    return AcledRow(**values)


def test_acled_place_accepts_location_or_admin2():
    assert place_matches(row(), "Buleda")
    assert place_matches(row(), "Kech District")
    assert not place_matches(row(), "Turbat")
    assert not place_matches(row(), None)


def test_acled_judge_uses_the_first_claim_in_text_order():
    claims = [
        claim(1, event=clash(place="Kech", start=date(2025, 10, 12))),
        claim(0, event=clash(place="Turbat")),
    ]
    outcome = judge(row(), claims)
    assert outcome.predicted_date == DAY and outcome.date_ok
    assert outcome.predicted_place == "Turbat" and not outcome.place_ok and outcome.place_any


def test_acled_sample_is_deterministic_and_in_file_order():
    rows = [row(line=i) for i in range(100)]
    first, second = sample(rows, 10), sample(rows, 10)
    assert first == second and len(first) == 10
    assert [r.line for r in first] == sorted(r.line for r in first)
    assert sample(rows, None) == rows


def test_a_second_coder_is_scored_like_the_extractor():
    from eval.extraction import score_items
    from eval.scoring import PredictedEvent

    gold = GoldDocument(
        name="wire_x01",
        path=None,
        front_matter={},
        body="",
        voice=None,
        figures=(Figure("killed", "security_forces", "PAK.MIL", 23, 23, "PAK.MIL"),),
        statements=(Statement("denial", "AFG"),),
        events=(GoldEvent("armed_clash", "Kurram", (), DAY),),
    )
    agreeing = score_items(
        gold, list(gold.figures), list(gold.statements), [PredictedEvent("armed_clash", "Kurram", DAY)]
    )
    assert (agreeing.figures.score.f1, agreeing.attribution.accuracy, agreeing.events.score.f1) == (
        1.0,
        1.0,
        1.0,
    )
    other = score_items(gold, [Figure("killed", "security_forces", "PAK.MIL", 23, 23, "AFG")], [], [])
    assert other.figures.score.f1 == 1.0 and other.attribution.accuracy == 0.0
    assert other.statements.score.recall == 0.0
