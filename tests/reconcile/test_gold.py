"""The reconciliation gold set loads, keeps its targets, and mirrors exactly when the parties swap."""

from __future__ import annotations

from eval.reconciliation import evaluate, load_gold, pairwise

from pledgewatch.config import Settings
from pledgewatch.models import Claim, Document, Source
from pledgewatch.pipeline import Knowledge, _claim_contexts, _reconcile_options
from pledgewatch.reconcile import ClaimContext, reconcile
from tests.reconcile.builders import swap


def test_pairwise_counts():
    gold = {"a": "x", "b": "x", "c": "y", "d": None}
    assert pairwise(gold, {"a": "1", "b": "1", "c": "1", "d": None}) == (1, 2, 0)
    assert pairwise(gold, {"a": "1", "b": "2", "c": "3", "d": "3"}) == (0, 1, 1)


def test_gold_set_meets_its_targets():
    gold = load_gold()
    assert len(gold.claims) >= 60 and len(gold.incidents) >= 15
    found = evaluate(gold)
    assert found["precision"] >= 0.9 and found["recall"] >= 0.9
    assert found["status_accuracy"] >= 0.9


def test_gold_set_mirrors_when_the_parties_swap():
    gold = load_gold()
    settings = Settings()
    knowledge = Knowledge(settings)
    options = _reconcile_options(settings, knowledge)
    documents = [
        Document(id=d.id, source=d.source, published=d.published, text=d.text or "")
        for d in gold.documents.values()
    ]
    contexts = _claim_contexts(documents, knowledge)
    original = reconcile(gold.claims, contexts=contexts, **options)

    swapped_claims = [Claim.model_validate(swap(c.model_dump(mode="json"))) for c in gold.claims]
    swapped_contexts = {
        doc: ClaimContext(
            document_id=doc,
            source=Source.model_validate(swap(c.source.model_dump())),
            published=c.published,
            text=c.text,
        )
        for doc, c in contexts.items()
    }
    parties = tuple(swap(list(options["conflict_parties"])))
    ancestors = options["ancestors"]
    mirrored = reconcile(
        swapped_claims,
        contexts=swapped_contexts,
        ancestors=lambda actor: swap(ancestors(swap(actor))),
        conflict_parties=parties,
        window_days=options["window_days"],
        contested_ratio=options["contested_ratio"],
        # partisanship follows the swapped affiliations, exactly as the registry's rule does
        is_partisan=lambda source: (
            source.kind == "armed_group"
            or (source.affiliation is not None and source.affiliation.split(".")[0] in parties)
        ),
    )
    assert [swap(i.model_dump(mode="json")) for i in original.incidents] == [
        i.model_dump(mode="json") for i in mirrored.incidents
    ]
    assert {i.status for i in original.incidents} == {"contested", "corroborated", "reported"}
