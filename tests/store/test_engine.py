"""Engine set-up and the transaction boundary."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from pledgewatch.errors import StoreError
from pledgewatch.store import (
    add_document,
    counts,
    create_engine_for,
    get_document,
    list_claims,
    replace_machine_claims,
    session_scope,
    upgrade,
)
from tests.store.factories import make_claim, make_document


def test_sqlite_file_engine_settings(tmp_path):
    engine = create_engine_for(f"sqlite:///{tmp_path / 'x' / 'store.db'}")
    try:
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000
        assert (tmp_path / "x").is_dir()
    finally:
        engine.dispose()


def test_in_memory_sqlite_is_one_database_for_every_thread():
    engine = create_engine_for("sqlite://")
    upgrade(engine)
    document, raw = make_document()
    with session_scope(engine) as session:
        add_document(session, document=document, raw=raw)
    seen = []

    def read():
        with session_scope(engine) as session:
            seen.append(get_document(session, document_id=document.id))

    thread = threading.Thread(target=read)
    thread.start()
    thread.join()
    assert seen[0] is not None and seen[0].id == document.id
    engine.dispose()


@pytest.mark.postgres
def test_postgres_engine_pings_its_pool(pg_schema_url):
    engine = create_engine_for(pg_schema_url)
    try:
        assert engine.pool._pre_ping
        with engine.connect() as connection:
            assert connection.scalar(sa.text("select current_schema()")).startswith("pw_test_")
    finally:
        engine.dispose()


def test_a_failing_transaction_leaves_nothing_half_written(engine):
    document, raw = make_document()
    with pytest.raises(RuntimeError), session_scope(engine) as session:
        add_document(session, document=document, raw=raw)
        replace_machine_claims(
            session,
            document_id=document.id,
            extractor="x/1",
            claims=[make_claim("clm_1"), make_claim("clm_2")],
        )
        raise RuntimeError("the extractor crashed half-way")
    with session_scope(engine) as session:
        assert get_document(session, document_id=document.id) is None
        assert counts(session)["documents"] == 0
        assert counts(session)["claims"] == 0


def test_a_store_error_mid_replace_keeps_the_previous_claims(engine):
    document, raw = make_document()
    with session_scope(engine) as session:
        add_document(session, document=document, raw=raw)
        replace_machine_claims(
            session, document_id=document.id, extractor="x/1", claims=[make_claim("clm_1")]
        )
    # the first replace deletes clm_1, the second fails on a repeated id: the whole block rolls back
    with pytest.raises(StoreError, match="repeated"), session_scope(engine) as session:
        replace_machine_claims(
            session, document_id=document.id, extractor="x/1", claims=[make_claim("clm_9")]
        )
        replace_machine_claims(
            session,
            document_id=document.id,
            extractor="x/1",
            claims=[make_claim("clm_3"), make_claim("clm_3")],
        )
    with session_scope(engine) as session:
        assert [claim.id for claim in list_claims(session)] == ["clm_1"]


def test_database_errors_roll_back_too(engine):
    document, raw = make_document()
    with pytest.raises(sa.exc.IntegrityError), session_scope(engine) as session:
        add_document(session, document=document, raw=raw)
        session.execute(sa.text("INSERT INTO claims (id) VALUES ('broken')"))  # NOT NULL columns missing
    with session_scope(engine) as session:
        assert counts(session)["documents"] == 0


def test_without_foreign_key_checks_is_for_its_own_transactions_only(sqlite_url):
    from pledgewatch.store.engine import without_foreign_key_checks
    from pledgewatch.store.tables import ClaimRow

    upgrade(sqlite_url)
    engine = create_engine_for(sqlite_url)
    orphan = dict(make_claim().model_dump(mode="json"), document_id="sha256:" + "0" * 64)
    values = {c.name: orphan.get(c.name) for c in ClaimRow.__table__.columns if c.name in orphan}
    try:
        unchecked = without_foreign_key_checks(engine)
        with unchecked.connect() as connection, connection.begin():
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 0
        # the same pooled driver connection, through the plain engine: checks are back on
        with engine.connect() as connection, connection.begin():
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        with pytest.raises(sa.exc.IntegrityError), session_scope(engine) as session:
            session.execute(sa.insert(ClaimRow.__table__).values(**_claim_columns(values)))
    finally:
        engine.dispose()


def _claim_columns(values: dict) -> dict:
    from datetime import UTC, datetime

    return values | {
        "kind": "event_report",
        "polarity": "asserted",
        "text": "x",
        "span_start": 0,
        "span_end": 1,
        "targets": [],
        "casualties": [],
        "confidence": 1.0,
        "review": "machine",
        "created_at": datetime.now(UTC),
    }
