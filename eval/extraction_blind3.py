"""The ``extraction`` evaluation on the third blind held-out gold in ``eval/gold/extraction_blind3``.

Those documents were written blind (see that folder's README.md and FROZEN.sha256): never tune the
extractor on them, or they stop measuring generalisation.
"""

from __future__ import annotations

from eval.extraction import run_on
from eval.gold import GOLD_DIR
from eval.results import EvaluationResult, RunOptions

NAME = "extraction_blind3"
BLIND3_DIR = GOLD_DIR.parent / "extraction_blind3"


def run(options: RunOptions) -> EvaluationResult:
    return run_on(options, name=NAME, gold_dir=BLIND3_DIR)
