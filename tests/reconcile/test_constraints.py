"""Analysts' merges and splits as constraints; stable ids when claims join on re-runs."""

from __future__ import annotations

from datetime import UTC, datetime

from pledgewatch.models import ReconcileDecision
from pledgewatch.reconcile import assign_ids, constraints_from_decisions
from tests.reconcile.builders import (
    BAJAUR,
    DAWN,
    IEA,
    ISPR,
    REUTERS,
    UNAMA,
    claim,
    clusters,
    contexts,
    day,
    fig,
    run,
)


def decision(kind, claim_ids, other=(), minute=0, id_=None) -> ReconcileDecision:
    return ReconcileDecision(
        id=id_,
        kind=kind,
        claim_ids=list(claim_ids),
        other_claim_ids=list(other),
        actor="analyst",
        reason="because",
        at=datetime(2025, 11, 1, 12, minute, tzinfo=UTC),
    )


def test_decisions_replay_in_order_later_wins():
    merge = decision("merge", ["a", "b", "c"], minute=0)
    split = decision("split", ["c"], other=["a", "b"], minute=1)
    must, cannot = constraints_from_decisions([split, merge])  # order given does not matter
    assert must == [("a", "b")]
    assert cannot == [("a", "c"), ("b", "c")]
    remerge = decision("merge", ["b", "c"], minute=2)
    must, cannot = constraints_from_decisions([merge, split, remerge])
    assert must == [("a", "b"), ("a", "c")]
    assert cannot == []


def _two_events():
    # the same place and day, but two different strikes that the rules would fuse
    claims = [
        claim("c1", "d_dawn", etype="air_drone_strike", casualties=[fig(3, group="civilians")]),
        claim("c2", "d_reuters", etype="air_drone_strike", casualties=[fig(3, group="civilians")]),
        claim("c3", "d_unama", etype="air_drone_strike", casualties=[fig(4, group="civilians")]),
    ]
    return claims, contexts(d_dawn=DAWN, d_reuters=REUTERS, d_unama=UNAMA)


def test_a_split_is_never_merged_back():
    claims, ctx = _two_events()
    assert clusters(run(claims, ctx)) == [["c1", "c2", "c3"]]
    result = run(claims, ctx, cannot_link=[("c1", "c3"), ("c2", "c3")])
    assert clusters(result) == [["c1", "c2"], ["c3"]]
    assert result.counts["links_blocked"] >= 1 and result.counts["cannot_links"] == 2
    # a new report matching both sides joins one of them, never bridging the split
    more = [*claims, claim("c0", "d_ispr", etype="air_drone_strike")]
    result = run(more, ctx | contexts(d_ispr=ISPR), cannot_link=[("c1", "c3"), ("c2", "c3")])
    for group in clusters(result):
        assert not ({"c1", "c3"} <= set(group) or {"c2", "c3"} <= set(group))


def test_a_human_merge_is_kept_even_against_the_rules():
    claims = [
        claim("c1", "d_dawn", when=day(10)),
        claim("c2", "d_reuters", when=day(16), where=BAJAUR),  # other district, six days later
    ]
    ctx = contexts(d_dawn=DAWN, d_reuters=REUTERS)
    assert clusters(run(claims, ctx)) == [["c1"], ["c2"]]
    result = run(claims, ctx, must_link=[("c1", "c2")])
    assert clusters(result) == [["c1", "c2"]]
    (incident,) = result.incidents
    assert incident.date.precision == "period"


def test_new_claims_join_the_merged_incident_through_any_member():
    claims = [claim("c1", "d_dawn", when=day(10)), claim("c2", "d_reuters", when=day(16), where=BAJAUR)]
    later = claim("c3", "d_unama", when=day(16), where=BAJAUR)
    ctx = contexts(d_dawn=DAWN, d_reuters=REUTERS, d_unama=UNAMA)
    first = run(claims, ctx, must_link=[("c1", "c2")])
    previous = {link.claim_id: i.id for i in first.incidents for link in i.claims}
    second = run([*claims, later], ctx, must_link=[("c1", "c2")], previous=previous)
    assert clusters(second) == [["c1", "c2", "c3"]]
    assert second.incidents[0].id == first.incidents[0].id


def test_rerun_adds_new_claims_to_existing_incidents_with_stable_ids():
    claims = [
        claim("m5", "d_ispr", casualties=[fig(23, "PAK.MIL")]),
        claim("m7", "d_iea", speaker="AFG", casualties=[fig(58, "PAK")]),
    ]
    ctx = contexts(d_ispr=ISPR, d_iea=IEA, d_dawn=DAWN)
    first = run(claims, ctx)
    (before,) = first.incidents
    previous = {link.claim_id: before.id for link in before.claims}
    # a later claim whose id sorts first would change an id derived from the lowest claim id
    newcomer = claim("a1", "d_dawn", casualties=[fig(23, "PAK.MIL")])
    second = run([*claims, newcomer], ctx, previous=previous)
    (after,) = second.incidents
    assert after.id == before.id
    assert {link.claim_id for link in after.claims} == {"a1", "m5", "m7"}
    assert second.counts["incidents_kept"] == 1 and second.counts["claims_joined"] == 1


def test_ids_after_a_split_the_rest_keeps_the_id_the_part_gets_a_new_one():
    previous = {"c1": "inc_old", "c2": "inc_old", "c3": "inc_old", "c4": "inc_old"}
    # the pipeline forgets the split-off part's previous incident, so the rest inherits it
    without_part = {k: v for k, v in previous.items() if k not in {"c1", "c2"}}
    ids = assign_ids([["c1", "c2"], ["c3", "c4"]], without_part)
    assert ids[1] == "inc_old" and ids[0] != "inc_old" and ids[0].startswith("inc_")
    # even when the part's lowest claim gave the old id its hash, the new id differs
    from pledgewatch.models import short_hash

    old = "inc_" + short_hash("c1")
    ids = assign_ids([["c1", "c2"], ["c3", "c4"]], {"c3": old, "c4": old})
    assert ids == [ids[0], old] and ids[0] != old


def test_ids_go_to_the_cluster_holding_most_of_the_old_incident():
    previous = {"a": "inc_x", "b": "inc_x", "c": "inc_x", "d": "inc_y"}
    assert assign_ids([["a"], ["b", "c", "d"]], previous)[1] == "inc_x"
    assert assign_ids([["a"], ["b", "c", "d"]], previous)[0] != "inc_x"
