"""Matching and P/R/F1 arithmetic of eval/scoring.py on hand-made lists (no spaCy)."""

from __future__ import annotations

from datetime import date

import pytest
from eval.scoring import (
    Figure,
    GoldEvent,
    PredictedEvent,
    Score,
    Statement,
    attribution,
    dedupe,
    event_field_agreement,
    field_agreement,
    greedy_match,
    match_events,
    match_figures,
    match_statements,
    names_equal,
    normalize_place,
)


def fig(outcome="killed", group="security_forces", side="PAK.MIL", low=23, high=23, speaker=None):
    return Figure(outcome, group, side, low, high, speaker)


# --- P/R/F1 ----------------------------------------------------------------------------------------


def test_score_arithmetic():
    score = Score(tp=8, fp=2, fn=4)
    assert score.precision == pytest.approx(0.8)
    assert score.recall == pytest.approx(8 / 12)
    assert score.f1 == pytest.approx(2 * 0.8 * (8 / 12) / (0.8 + 8 / 12))


def test_score_sums_micro():
    assert Score(1, 2, 3) + Score(4, 5, 6) == Score(5, 7, 9)


@pytest.mark.parametrize(
    ("score", "precision", "recall", "f1"),
    [
        (Score(0, 0, 0), 1.0, 1.0, 1.0),  # nothing to find, nothing found
        (Score(0, 0, 3), 0.0, 0.0, 0.0),  # nothing found
        (Score(0, 3, 0), 0.0, 0.0, 0.0),  # only false positives
        (Score(5, 0, 0), 1.0, 1.0, 1.0),
    ],
)
def test_score_edge_cases(score, precision, recall, f1):
    assert (score.precision, score.recall, score.f1) == (precision, recall, f1)


# --- greedy one-to-one ---------------------------------------------------------------------------


def test_greedy_match_is_one_to_one():
    match = greedy_match([1, 1, 2], [1, 2, 2, 3], lambda g, p: g == p)
    assert match.pairs == [(1, 1), (2, 2)]
    assert match.missed == [1]
    assert match.spurious == [2, 3]
    assert match.score == Score(tp=2, fp=2, fn=1)


def test_greedy_match_tries_stricter_criteria_first():
    # the loose criterion would pair gold 10 with prediction 11, stealing it from gold 11
    match = greedy_match([10, 11], [11, 10], lambda g, p: g == p, lambda g, p: abs(g - p) <= 1)
    assert match.pairs == [(10, 10), (11, 11)]


# --- figures ---------------------------------------------------------------------------------------


def test_figures_match_on_outcome_group_side_low_high():
    gold = [fig(), fig(outcome="injured", low=29, high=29)]
    predicted = [fig(outcome="injured", low=29, high=29), fig(side="PAK.POL"), fig(high=None)]
    match = match_figures(gold, predicted)
    assert match.score == Score(tp=1, fp=2, fn=1)
    assert match.missed == [fig()]


def test_open_ended_figure_needs_null_high():
    gold = [fig(group="militants", side=None, low=200, high=None)]
    assert match_figures(gold, [fig(group="militants", side=None, low=200, high=200)]).score.tp == 0
    assert match_figures(gold, [fig(group="militants", side=None, low=200, high=None)]).score.tp == 1


def test_figure_match_prefers_same_speaker_for_attribution():
    gold = [fig(speaker="AFG"), fig(speaker="PAK.MIL")]
    predicted = [fig(speaker="PAK.MIL"), fig(speaker="AFG")]
    match = match_figures(gold, predicted)
    assert match.score.tp == 2
    assert attribution(match.pairs).accuracy == 1.0


def test_attribution_counts_only_matched_figures():
    match = match_figures([fig(speaker="AFG"), fig(low=5, high=5)], [fig(speaker=None)])
    result = attribution(match.pairs)
    assert (result.correct, result.total) == (0, 1)


def test_voice_aware_attribution_treats_issuer_as_own_voice():
    pairs = [(fig(speaker=None), fig(speaker="PAK.MIL")), (fig(speaker="PAK.MIL"), fig(speaker=None))]
    assert attribution(pairs).accuracy == 0.0
    assert attribution(pairs, voice="PAK.MIL").accuracy == 1.0
    assert attribution(pairs, voice="AFG").accuracy == 0.0


def test_dedupe_counts_dropped_items():
    kept, dropped = dedupe([fig(), fig(), fig(speaker="AFG")], key=lambda f: f.identity)
    assert kept == [fig(), fig(speaker="AFG")]
    assert dropped == 1


def test_field_agreement_anchors_on_outcome_and_low():
    gold = [fig(), fig(group="civilians", side=None, low=12, high=12)]
    predicted = [fig(side="PAK"), fig(group="unknown", side=None, low=12, high=None), fig(low=99, high=99)]
    result = field_agreement(gold, predicted)
    assert (result.gold, result.anchored) == (2, 2)
    assert result.agree == {"group": 1, "side": 1, "high": 1, "speaker": 2}


def test_field_agreement_pairs_the_most_similar_prediction():
    gold = [fig(side="PAK.MIL")]
    predicted = [fig(side="AFG.MIL", group="militants"), fig(side="PAK.MIL")]
    assert field_agreement(gold, predicted).agree["side"] == 1


# --- statements ------------------------------------------------------------------------------------


def test_statements_match_on_kind_and_speaker_as_multisets():
    gold = [Statement("denial", "AFG"), Statement("denial", "AFG"), Statement("demand", "PAK")]
    predicted = [Statement("denial", "AFG"), Statement("demand", None), Statement("statement", "AFG")]
    assert match_statements(gold, predicted).score == Score(tp=1, fp=2, fn=2)
    assert match_statements(gold, predicted, kind_only=True).score == Score(tp=2, fp=1, fn=1)
    assert match_statements(gold, predicted, voice="PAK").score == Score(tp=2, fp=1, fn=1)


# --- events ----------------------------------------------------------------------------------------

D11, D12 = date(2025, 10, 11), date(2025, 10, 12)


def test_event_matches_type_place_and_dates():
    gold = [GoldEvent("armed_clash", "Kurram", date=D11, date_end=D12)]
    assert match_events(gold, [PredictedEvent("armed_clash", "kurram district", D11, D12)]).score.tp == 1
    assert match_events(gold, [PredictedEvent("armed_clash", "Kurram", D11, D11)]).score.tp == 0
    assert (
        match_events(gold, [PredictedEvent("shelling_artillery_missile_attack", "Kurram", D11, D12)]).score.tp
        == 0
    )


def test_event_end_is_only_checked_when_gold_gives_one():
    gold = [GoldEvent("armed_clash", "Kurram", date=D11)]
    assert match_events(gold, [PredictedEvent("armed_clash", "Kurram", D11, D12)]).score.tp == 1


def test_event_place_also_and_null_place():
    gold = [
        GoldEvent("armed_clash", "Hassan Khel", ("North Waziristan",), D11),
        GoldEvent("armed_clash", None, ("Durand Line",), D12),
    ]
    predicted = [
        PredictedEvent("armed_clash", "North Waziristan", D11, D11),
        PredictedEvent("armed_clash", "Durand Line", D12, D12),
    ]
    assert match_events(gold, predicted).score == Score(tp=2, fp=0, fn=0)
    assert match_events(gold[1:], [PredictedEvent("armed_clash", None, D12, D12)]).score.tp == 1


def test_null_gold_date_forbids_an_invented_date():
    gold = [GoldEvent("armed_clash", "Kurram", date=None)]
    assert match_events(gold, [PredictedEvent("armed_clash", "Kurram", None, None)]).score.tp == 1
    invented = match_events(gold, [PredictedEvent("armed_clash", "Kurram", D12, D12)])
    assert invented.score == Score(tp=0, fp=1, fn=1)


def test_partial_restatements_are_redundant_not_false_positives():
    gold = [GoldEvent("suicide_bomb", "Quetta", date=date(2024, 11, 9))]
    predicted = [
        PredictedEvent("suicide_bomb", "Quetta", date(2024, 11, 9), date(2024, 11, 9)),
        PredictedEvent("suicide_bomb", None, None, None),
        PredictedEvent("suicide_bomb", "Quetta", None, None),
        PredictedEvent("suicide_bomb", "Peshawar", None, None),
        PredictedEvent("arrests", None, None, None),
    ]
    match = match_events(gold, predicted)
    assert match.score == Score(tp=1, fp=2, fn=0)
    assert len(match.redundant) == 2


def test_event_place_can_use_a_gazetteer_matcher():
    gold = [GoldEvent("armed_clash", "Dera Ismail Khan", date=D11)]
    predicted = [PredictedEvent("armed_clash", "D.I. Khan", D11, D11)]
    assert match_events(gold, predicted).score.tp == 0
    aliases = {"dera ismail khan": "PK-DIK", "di khan": "PK-DIK"}

    def same_place(a: str, b: str) -> bool:
        return aliases.get(normalize_place(a)) == aliases.get(normalize_place(b)) is not None

    assert match_events(gold, predicted, same_place).score.tp == 1


def test_event_field_agreement_on_type_pairs():
    gold = [GoldEvent("armed_clash", "Kurram", date=D11), GoldEvent("attack", "Musakhel", date=D12)]
    predicted = [
        PredictedEvent("armed_clash", "Bajaur", D11, D11),
        PredictedEvent("attack", "Musakhel", None),
    ]
    fields = event_field_agreement(gold, predicted)
    assert (fields.gold, fields.typed, fields.place, fields.date) == (2, 2, 1, 1)


@pytest.mark.parametrize(
    ("a", "b"),
    [("Kurram", "KURRAM District"), ("Spin Boldak", "spin-boldak"), ("the Chaman crossing", "Chaman")],
)
def test_place_names_are_compared_leniently(a, b):
    assert names_equal(a, b)


def test_different_places_stay_different():
    assert not names_equal("Paktia", "Paktika")
