"""Extraction throughput: the full extractor against a bare ``nlp.pipe`` with the same components.

Both run on the same texts in the same process, so the ratio says how much the rules add on top of
spaCy itself (target: the extractor keeps at least 0.7 of the bare pipeline's words per second).
Peak memory and the speed-up of ``--workers 2`` are measured in child processes so that one
measurement cannot inflate the next.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEXT_DIRS = [ROOT / "examples" / "corpus", ROOT / "eval" / "gold" / "extraction"]


def _documents(target_words: int):
    from pledgewatch.ingest import discover, read_document

    base = []
    for item in discover([d for d in TEXT_DIRS if d.is_dir()]):
        if isinstance(item, Exception):
            continue
        try:
            base.append(read_document(item)[0])
        except Exception:  # a gold file the reader rejects is not this benchmark's concern
            continue
    documents, words = [], 0
    copy = 0
    while words < target_words and base:
        for document in base:
            # distinct ids per copy so nothing can be cached across repetitions
            documents.append(document.model_copy(update={"id": f"{document.id}#{copy}"}))
            words += len(document.text.split())
        copy += 1
    return documents, words


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child(mode: str, target_words: int) -> dict:
    code = (
        "import json,sys,time; from benchmarks.extraction import _run_mode; "
        f"print(json.dumps(_run_mode({mode!r}, {target_words})))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    import json

    return json.loads(out.stdout.strip().splitlines()[-1])


def _run_mode(mode: str, target_words: int) -> dict:
    from pledgewatch.config import Settings
    from pledgewatch.pipeline import extract_documents

    documents, words = _documents(target_words)
    settings = Settings()
    workers = 2 if mode == "workers2" else 1
    start = time.perf_counter()
    claims = sum(len(c) for _, c in extract_documents(documents, settings=settings, workers=workers))
    seconds = time.perf_counter() - start
    return {
        "seconds": seconds,
        "words": words,
        "claims": claims,
        "peak_rss_mib": _peak_rss_mib(),
        # the largest worker process (ru_maxrss of children is the maximum over them)
        "peak_rss_worker_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def bench_extraction(*, quick: bool = False, console=None, rounds: int = 3) -> dict:
    """Words per second of the extractor and of a bare ``nlp.pipe`` over the same texts.

    The two are timed alternately, ``rounds`` times each, and the best time of each is kept (as
    ``timeit`` does): on a shared machine other processes only ever slow a round down, so the
    minimum is the least noisy estimate of what the code costs.
    """
    from pledgewatch.extract import Extractor, build_nlp

    target = 20_000 if quick else 120_000
    documents, words = _documents(target)
    nlp = build_nlp()
    extractor = Extractor(nlp)
    texts = [d.text for d in documents]
    # warm both paths once so neither pays first-call costs inside the timing
    list(nlp.pipe(texts[:5]))
    for d in documents[:5]:
        extractor.extract(d)

    bare_times, full_times = [], []
    claims = 0
    for _ in range(1 if quick else rounds):
        start = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=32):
            pass
        bare_times.append(time.perf_counter() - start)

        start = time.perf_counter()
        claims = 0
        for d in documents:
            claims += len(extractor.extract(d))
        full_times.append(time.perf_counter() - start)
    bare, full = min(bare_times), min(full_times)

    one = _child("workers1", target)
    two = _child("workers2", target)
    return {
        "documents": len(documents),
        "words": words,
        "claims": claims,
        "rounds (best of)": len(bare_times),
        "bare nlp.pipe words/s": words / bare,
        "extractor words/s": words / full,
        "ratio extractor / bare (target >= 0.7)": bare / full,
        "peak RSS MiB, 1 worker (child)": one["peak_rss_mib"],
        "peak RSS MiB, 2 workers: parent / largest worker": f"{two['peak_rss_mib']:.0f} / "
        f"{two['peak_rss_worker_mib']:.0f}",
        "seconds, 1 worker (child)": one["seconds"],
        "seconds, 2 workers (child)": two["seconds"],
        "speed-up with --workers 2": one["seconds"] / two["seconds"],
    }
