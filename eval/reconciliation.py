"""Reconciliation against hand-written gold clusters (``eval/gold/reconciliation``, see its README).

The gold claims are schema-v1 claims written directly, so this measures clustering and statuses
independently of the extractor. Reported:

- **pairwise precision / recall** of the clustering: over all pairs of gold claims, a pair is
  *together* when both claims are in one incident (a claim left out of every incident is alone);
  precision = gold-together pairs among predicted-together pairs, recall the converse (target 0.9);
- **status accuracy**: for each gold incident, the predicted incident holding most of its claims
  has the gold status (share correct);
- and, without targets: incidents reproduced exactly, independent-source counts, superseded claims
  found, claims correctly kept out of every incident.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from eval.gold import ACTOR_IDS, GoldError
from eval.results import EvaluationResult, Metric, RunOptions, Section
from pledgewatch.models import EVENT_TYPES, Claim

GOLD_DIR = Path(__file__).resolve().parent / "gold" / "reconciliation"
TARGET = 0.9
STATUSES = {"reported", "corroborated", "contested"}


@dataclass(frozen=True)
class GoldDocument:
    id: str
    source: str
    published: date | None
    text: str | None


@dataclass(frozen=True)
class GoldIncident:
    id: str
    status: str
    file: str
    sources: int | None = None
    superseded: tuple[str, ...] = ()


@dataclass
class GoldSet:
    documents: dict[str, GoldDocument] = field(default_factory=dict)
    incidents: dict[str, GoldIncident] = field(default_factory=dict)
    claims: list[Claim] = field(default_factory=list)
    label: dict[str, str | None] = field(default_factory=dict)  # claim id -> gold incident or None


def _as_date(value: Any, where: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise GoldError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from None


def load_gold(folder: Path = GOLD_DIR, *, known_sources=None) -> GoldSet:
    """Read every ``*.yaml`` under ``folder``; GoldError names the file and item of any problem."""
    gold = GoldSet()
    files = sorted(folder.glob("*.yaml"))
    if not files:
        raise GoldError(f"{folder}: no gold files (*.yaml)")
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if not isinstance(data, dict) or not {"documents", "incidents", "claims"} <= set(data):
            raise GoldError(f"{path.name}: needs 'documents', 'incidents' and 'claims'")
        for raw in data["documents"] or []:
            where = f"{path.name}: document {raw.get('id')!r}"
            if raw.get("id") in gold.documents:
                raise GoldError(f"{where}: id used twice")
            source = raw.get("source")
            if not source:
                raise GoldError(f"{where}: needs a source")
            if known_sources is not None and not known_sources.is_known(source):
                raise GoldError(f"{where}: source {source!r} is not in sources.yaml")
            gold.documents[raw["id"]] = GoldDocument(
                raw["id"], source, _as_date(raw.get("published"), where), raw.get("text")
            )
        for raw in data["incidents"] or []:
            where = f"{path.name}: incident {raw.get('id')!r}"
            if raw.get("id") in gold.incidents:
                raise GoldError(f"{where}: id used twice")
            if raw.get("status") not in STATUSES:
                raise GoldError(f"{where}: status must be one of {', '.join(sorted(STATUSES))}")
            gold.incidents[raw["id"]] = GoldIncident(
                raw["id"], raw["status"], path.name, raw.get("sources"), tuple(raw.get("superseded") or ())
            )
        for raw in data["claims"] or []:
            gold.claims.append(_claim(raw, path.name, gold))
    seen = Counter(c.id for c in gold.claims)
    repeated = [cid for cid, n in seen.items() if n > 1]
    if repeated:
        raise GoldError(f"claim ids used twice: {', '.join(repeated)}")
    for incident in gold.incidents.values():
        members = [c for c, label in gold.label.items() if label == incident.id]
        if not members:
            raise GoldError(f"{incident.file}: incident {incident.id!r} has no claims")
        stray = [c for c in incident.superseded if gold.label.get(c) != incident.id]
        if stray:
            raise GoldError(f"{incident.file}: incident {incident.id!r} supersedes claims not in it: {stray}")
    return gold


def _claim(raw: dict, file: str, gold: GoldSet) -> Claim:
    where = f"{file}: claim {raw.get('id')!r}"
    fields = dict(raw)
    document = fields.pop("document", None)
    if document not in gold.documents:
        raise GoldError(f"{where}: document {document!r} is not listed in its file")
    if "incident" not in fields:
        raise GoldError(f"{where}: needs 'incident' (an incident id, or null)")
    incident = fields.pop("incident")
    if incident is not None and incident not in gold.incidents:
        raise GoldError(f"{where}: incident {incident!r} is not listed")
    event = fields.get("event") or {}
    if event.get("type") is not None and event["type"] not in EVENT_TYPES:
        raise GoldError(f"{where}: event type {event['type']!r} is not an ACLED sub-event type")
    refs = [*(event.get("actors") or []), *([fields["speaker"]] if fields.get("speaker") else [])]
    for ref in refs:
        if ref.get("actor") is not None and ref["actor"] not in ACTOR_IDS:
            raise GoldError(f"{where}: actor id {ref['actor']!r} is not in DESIGN.md's vocabulary")
    for casualty in fields.get("casualties") or []:
        if casualty.get("side") is not None and casualty["side"] not in ACTOR_IDS:
            raise GoldError(f"{where}: side {casualty['side']!r} is not an actor id")
    text = fields.get("text") or ""
    fields.setdefault("span", (0, len(text)))
    fields.setdefault("confidence", 1.0)
    fields["document_id"] = document
    try:
        claim = Claim.model_validate(fields)
    except ValidationError as error:
        raise GoldError(f"{where}: not a schema-v1 claim: {error}") from None
    gold.label[claim.id] = incident
    return claim


# --- scoring ---------------------------------------------------------------------------------


def pairwise(gold: dict[str, str | None], predicted: dict[str, str | None]) -> tuple[int, int, int]:
    """(true positive, false positive, false negative) pairs; None labels are singletons."""
    tp = fp = fn = 0
    for a, b in combinations(sorted(gold), 2):
        together_gold = gold[a] is not None and gold[a] == gold[b]
        together_predicted = predicted.get(a) is not None and predicted.get(a) == predicted.get(b)
        tp += together_gold and together_predicted
        fp += together_predicted and not together_gold
        fn += together_gold and not together_predicted
    return tp, fp, fn


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def evaluate(gold: GoldSet, *, settings=None) -> dict[str, Any]:
    """Reconcile the gold claims with the packaged knowledge and compare; returns the raw findings."""
    from pledgewatch.config import Settings
    from pledgewatch.models import Document
    from pledgewatch.pipeline import Knowledge, _claim_contexts, _reconcile_options
    from pledgewatch.reconcile import reconcile

    settings = settings or Settings()
    knowledge = Knowledge(settings)
    documents = [
        Document(id=d.id, source=d.source, published=d.published, text=d.text or "")
        for d in gold.documents.values()
    ]
    contexts = _claim_contexts(documents, knowledge)
    for doc_id, context in list(contexts.items()):
        if not gold.documents[doc_id].text:
            contexts[doc_id] = type(context)(
                document_id=context.document_id, source=context.source, published=context.published, text=None
            )
    result = reconcile(gold.claims, contexts=contexts, **_reconcile_options(settings, knowledge))
    predicted: dict[str, str | None] = dict.fromkeys(gold.label)
    incident_of = {}
    for incident in result.incidents:
        incident_of[incident.id] = incident
        for link in incident.claims:
            predicted[link.claim_id] = incident.id
    tp, fp, fn = pairwise(gold.label, predicted)

    rows = []
    correct_status = exact = sources_right = sources_total = 0
    for gold_incident in gold.incidents.values():
        members = {c for c, label in gold.label.items() if label == gold_incident.id}
        held = Counter(predicted[c] for c in members if predicted[c] is not None)
        best = min(held, key=lambda i: (-held[i], i)) if held else None
        found = incident_of.get(best)
        status = found.status if found else "(none)"
        correct_status += status == gold_incident.status
        predicted_members = {link.claim_id for link in found.claims} if found else set()
        exact += predicted_members == members
        if gold_incident.sources is not None:
            sources_total += 1
            sources_right += found is not None and found.sources == gold_incident.sources
        rows.append(
            {
                "incident": gold_incident.id,
                "file": gold_incident.file,
                "gold_status": gold_incident.status,
                "status": status,
                "claims": len(members),
                "held": held[best] if best else 0,
                "extra": len(predicted_members - members),
                "pieces": len(held) + sum(predicted[c] is None for c in members),
                "gold_sources": gold_incident.sources,
                "sources": found.sources if found else None,
                "reason": found.reason if found else "",
            }
        )
    gold_superseded = {c for i in gold.incidents.values() for c in i.superseded}
    found_superseded = {
        link.claim_id for incident in result.incidents for link in incident.claims if link.superseded_by
    }
    outside = [c for c, label in gold.label.items() if label is None]
    return {
        "pairs": (tp, fp, fn),
        "precision": _ratio(tp, tp + fp),
        "recall": _ratio(tp, tp + fn),
        "status_accuracy": _ratio(correct_status, len(gold.incidents)),
        "exact": exact,
        "sources": (sources_right, sources_total),
        "superseded": (len(gold_superseded & found_superseded), len(found_superseded), len(gold_superseded)),
        "outside": (sum(predicted[c] is None for c in outside), len(outside)),
        "rows": rows,
        "counts": result.counts,
        "predicted": predicted,
    }


def run(options: RunOptions) -> EvaluationResult:
    return run_on(options, name="reconciliation", gold_dir=GOLD_DIR)


def run_on(options: RunOptions, *, name: str, gold_dir: Path) -> EvaluationResult:
    """The evaluation on one folder of gold scenarios (the tuning set, or a held-out one)."""
    started = time.perf_counter()
    from pledgewatch.knowledge.sources import load_sources

    gold = load_gold(gold_dir, known_sources=load_sources())
    found = evaluate(gold)
    tp, fp, fn = found["pairs"]
    right, total = found["sources"]
    hit, predicted_superseded, gold_superseded = found["superseded"]
    kept_out, outside = found["outside"]
    result = EvaluationResult(
        name=name,
        title=(
            f"Reconciliation ({gold_dir.name}): {len(gold.claims)} gold claims, "
            f"{len(gold.incidents)} incidents"
        ),
        metrics=[
            Metric("pairwise precision", found["precision"], TARGET, f"tp={tp} fp={fp}"),
            Metric("pairwise recall", found["recall"], TARGET, f"tp={tp} fn={fn}"),
            Metric(
                "status accuracy",
                found["status_accuracy"],
                None,
                f"{sum(r['status'] == r['gold_status'] for r in found['rows'])}/{len(found['rows'])}",
            ),
            Metric("incidents reproduced exactly", _ratio(found["exact"], len(gold.incidents)), None),
            Metric("independent-source counts", _ratio(right, total), None, f"{right}/{total}"),
            Metric(
                "superseded claims (recall)",
                _ratio(hit, gold_superseded),
                None,
                f"{hit}/{gold_superseded} found, {predicted_superseded - hit} not in the gold",
            ),
            Metric("claims kept out of incidents", _ratio(kept_out, outside), None, f"{kept_out}/{outside}"),
        ],
        details={"rows": found["rows"], "counts": found["counts"], "predicted": found["predicted"]},
    )
    mistakes = [r for r in found["rows"] if r["status"] != r["gold_status"] or r["pieces"] > 1 or r["extra"]]
    shown = found["rows"] if options.verbose else mistakes
    if shown:
        result.sections.append(
            Section(
                title="Incidents" if options.verbose else "Incidents not reproduced, or with another status",
                columns=["gold incident", "gold status", "status", "held", "pieces", "extra", "sources"],
                rows=[
                    [
                        r["incident"],
                        r["gold_status"],
                        r["status"],
                        f"{r['held']}/{r['claims']}",
                        str(r["pieces"]),
                        str(r["extra"]),
                        f"{r['sources']} (gold {r['gold_sources']})",
                    ]
                    for r in shown
                ],
            )
        )
    result.notes.append(
        "Gold written before the clusterer ran on it; its claims are schema-v1 claims, so the extractor "
        "is not measured."
    )
    result.seconds = time.perf_counter() - started
    return result
