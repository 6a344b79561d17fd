"""The audit log is a hash chain: edits made behind the app's back are found, with the first bad seq."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from pledgewatch.errors import ReviewError
from pledgewatch.store import (
    GENESIS_HASH,
    append_audit,
    audit_hash,
    list_audit,
    session_scope,
    verify_audit,
)


def _append_three(engine) -> None:
    with session_scope(engine) as session:
        append_audit(
            session,
            actor="analyst:amina",
            action="claim.review",
            entity="claim:clm_1",
            before={"review": "machine"},
            after={"review": "confirmed", "figures": [23, 0.85, None], "note": "ISPR — «martyred»"},
            reason="matches the UNAMA report",
        )
    with session_scope(engine) as session:
        append_audit(
            session,
            actor="analyst:amina",
            action="incident.status",
            entity="incident:inc_1",
            before={"status": "contested"},
            after={"status": "confirmed", "on": date(2025, 10, 12)},
            reason="satellite imagery",
        )
        append_audit(
            session,
            actor="admin:li",
            action="claim.review",
            entity="claim:clm_1",
            before=None,
            after=None,
            reason="re-checked",
        )


def test_entries_chain_and_verify(engine):
    _append_three(engine)
    with session_scope(engine) as session:
        entries = list(reversed(list_audit(session)))
        assert verify_audit(session) == (True, None)
    assert [entry.seq for entry in entries] == sorted(entry.seq for entry in entries)
    assert entries[0].prev_hash == GENESIS_HASH
    assert entries[1].prev_hash == entries[0].hash
    assert entries[2].prev_hash == entries[1].hash
    assert entries[1].after == {"status": "confirmed", "on": "2025-10-12"}  # stored as JSON
    assert entries[0].at.tzinfo is not None and entries[0].at.utcoffset().total_seconds() == 0
    first = entries[0]
    recomputed = audit_hash(
        seq=first.seq,
        actor=first.actor,
        at=first.at,
        action=first.action,
        entity=first.entity,
        before=first.before,
        after=first.after,
        reason=first.reason,
        prev_hash=first.prev_hash,
    )
    assert recomputed == first.hash


def test_list_audit_newest_first_by_entity_and_limit(engine):
    _append_three(engine)
    with session_scope(engine) as session:
        everything = list_audit(session)
        assert [entry.reason for entry in everything] == [
            "re-checked",
            "satellite imagery",
            "matches the UNAMA report",
        ]
        assert [entry.reason for entry in list_audit(session, entity="claim:clm_1")] == [
            "re-checked",
            "matches the UNAMA report",
        ]
        assert [entry.reason for entry in list_audit(session, limit=1)] == ["re-checked"]


@pytest.mark.parametrize(
    "column, value",
    [("reason", "'changed my mind'"), ("actor", "'someone else'"), ("after", '\'{"status": "retracted"}\'')],
)
def test_an_edit_behind_the_apps_back_names_the_first_broken_seq(engine, column, value):
    _append_three(engine)
    with session_scope(engine) as session:
        seqs = sorted(entry.seq for entry in list_audit(session))
    with engine.begin() as connection:
        connection.execute(sa.text(f"UPDATE audit_entries SET {column} = {value} WHERE seq = {seqs[1]}"))
    with session_scope(engine) as session:
        assert verify_audit(session) == (False, seqs[1])


def test_a_rehashed_edit_still_breaks_the_next_link(engine):
    _append_three(engine)
    with session_scope(engine) as session:
        second = sorted(list_audit(session), key=lambda entry: entry.seq)[1]
    forged = audit_hash(**{**second.model_dump(exclude={"hash"}), "reason": "forged"})
    with engine.begin() as connection:
        connection.execute(
            sa.text("UPDATE audit_entries SET reason = 'forged', hash = :hash WHERE seq = :seq"),
            {"hash": forged, "seq": second.seq},
        )
    with session_scope(engine) as session:
        ok, broken = verify_audit(session)
    assert not ok and broken > second.seq


def test_a_deleted_entry_is_found(engine):
    _append_three(engine)
    with session_scope(engine) as session:
        seqs = sorted(entry.seq for entry in list_audit(session))
    with engine.begin() as connection:
        connection.execute(sa.text(f"DELETE FROM audit_entries WHERE seq = {seqs[0]}"))
    with session_scope(engine) as session:
        assert verify_audit(session) == (False, seqs[1])


def test_an_empty_log_verifies(engine):
    with session_scope(engine) as session:
        assert verify_audit(session) == (True, None)
        assert list_audit(session) == []


def test_a_rolled_back_append_leaves_the_chain_intact(engine):
    with pytest.raises(RuntimeError), session_scope(engine) as session:
        append_audit(session, actor="a", action="x", entity="e", before=None, after=None, reason="r")
        raise RuntimeError("crash")
    with session_scope(engine) as session:
        entry = append_audit(session, actor="a", action="x", entity="e", before=None, after=None, reason="r")
        assert entry.prev_hash == GENESIS_HASH
        assert verify_audit(session) == (True, None)


def test_a_reason_is_required(engine):
    with pytest.raises(ReviewError, match="reason"), session_scope(engine) as session:
        append_audit(session, actor="a", action="x", entity="e", before=None, after=None, reason="  ")


def test_hash_is_independent_of_the_timezone_given():
    at = datetime(2025, 10, 19, 12, 0, tzinfo=UTC)
    fields = dict(seq=1, actor="a", action="x", entity="e", before=None, after={"k": 1}, reason="r")
    naive = at.replace(tzinfo=None)
    assert audit_hash(at=at, prev_hash=GENESIS_HASH, **fields) == audit_hash(
        at=naive, prev_hash=GENESIS_HASH, **fields
    )


def test_concurrent_appends_make_one_chain(engine):
    """Writers in parallel must not chain onto the same predecessor (a fork would fail verify)."""
    errors: list[BaseException] = []

    def append_some(writer: int) -> None:
        try:
            for number in range(5):
                with session_scope(engine) as session:
                    append_audit(
                        session,
                        actor=f"analyst:{writer}",
                        action="claim.review",
                        entity=f"claim:{writer}-{number}",
                        before=None,
                        after={"n": number},
                        reason="parallel",
                    )
        except BaseException as error:  # reported below; a thread's exception is otherwise lost
            errors.append(error)

    threads = [threading.Thread(target=append_some, args=(writer,)) for writer in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with session_scope(engine) as session:
        entries = sorted(list_audit(session), key=lambda entry: entry.seq)
        assert verify_audit(session) == (True, None)
    assert len(entries) == 20
    assert len({entry.prev_hash for entry in entries}) == 20
