"""The ``extraction`` evaluation on the held-out gold in ``eval/gold/extraction_heldout``.

Those documents were written blind (see that folder's README.md and FROZEN.sha256): never tune the
extractor on them, or they stop measuring generalisation.
"""

from __future__ import annotations

from eval.extraction import run_on
from eval.gold import GOLD_DIR
from eval.results import EvaluationResult, RunOptions

NAME = "extraction_heldout"
HELDOUT_DIR = GOLD_DIR.parent / "extraction_heldout"


def run(options: RunOptions) -> EvaluationResult:
    return run_on(options, name=NAME, gold_dir=HELDOUT_DIR)
