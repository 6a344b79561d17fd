"""How far two careful human coders agree on one held-out set: the ceiling for any extractor.

A second coder annotated the documents of ``gold/extraction_blind7`` on their own, with the same
conventions and without seeing the first coder's gold, into ``agreement/blind7_second/`` (see its
README). This evaluation scores the second coder against the first exactly as the extractor is
scored (``extraction.score_items``: the same matching of figures, speakers, statements and events),
so "figures F1 0.82" for the extractor can be read beside what two humans reach on the same text.
Nothing here runs the extractor.
"""

from __future__ import annotations

import time
from pathlib import Path

import yaml

from eval.extraction import breakdown_sections, make_place_matcher, print_issues, score_items, summarize
from eval.gold import GOLD_DIR, GoldError, load_gold, parse_gold
from eval.results import EvaluationResult, RunOptions, shared_gazetteer
from eval.scoring import PredictedEvent

NAME = "agreement_blind7"
REFERENCE_DIR = GOLD_DIR.parent / "extraction_blind7"
SECOND_DIR = Path(__file__).resolve().parent / "agreement" / "blind7_second"


def run(options: RunOptions) -> EvaluationResult:
    result = EvaluationResult(NAME, "Inter-coder agreement: second coder vs the gold of extraction_blind7")
    started = time.perf_counter()
    if not SECOND_DIR.is_dir():
        result.skipped = f"no second coding at {SECOND_DIR}"
        return result
    gazetteer, why_not = shared_gazetteer()
    if why_not:
        result.notes.append(why_not)
    same_place = make_place_matcher(gazetteer)
    scores = []
    for reference in load_gold(REFERENCE_DIR):
        path = SECOND_DIR / f"{reference.name}.gold.yaml"
        if not path.is_file():
            raise GoldError(f"{path}: the second coder did not code {reference.name}")
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as error:
            raise GoldError(f"{path}: not valid YAML: {error}") from None
        _voice, figures, statements, events = parse_gold(data, where=path)
        second_events = [PredictedEvent(e.type, e.place, e.date, e.date_end) for e in events]
        scores.append(score_items(reference, figures, statements, second_events, same_place))
    result.metrics = summarize(scores)
    result.sections = breakdown_sections(scores)
    result.notes.append(
        f"{len(scores)} documents; the first coder's gold is the reference, the second coder's the "
        "prediction (F1 is symmetric; attribution is over the figures both coded)"
    )
    result.details = {"documents": [s.to_json() for s in scores]}
    result.seconds = time.perf_counter() - started
    if options.verbose:
        print_issues(scores, options.console)
    return result
