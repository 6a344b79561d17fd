"""Documents are content-addressed and immutable; sources appear on first sight."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from pledgewatch.errors import NotFoundError, StoreError
from pledgewatch.models import Source
from pledgewatch.store import (
    add_document,
    documents_needing_extraction,
    get_document,
    get_document_raw,
    get_sources,
    list_documents,
    replace_machine_claims,
    session_scope,
    upsert_source,
)
from tests.store.factories import make_claim, make_document

RAW = "Kurram: 23 soldiers — ISPR\n".encode() + bytes(range(256))  # not valid UTF-8 on purpose


def test_document_round_trip_with_raw_bytes(engine):
    document, raw = make_document(RAW)
    before = datetime.now(UTC)
    with session_scope(engine) as session:
        assert add_document(session, document=document, raw=raw) is True
    with session_scope(engine) as session:
        stored = get_document(session, document_id=document.id)
        assert get_document_raw(session, document_id=document.id) == RAW
    assert stored is not None
    assert stored.model_dump(exclude={"ingested_at"}) == document.model_dump(exclude={"ingested_at"})
    assert stored.ingested_at is not None and stored.ingested_at.tzinfo is not None
    assert stored.ingested_at.utcoffset().total_seconds() == 0
    assert before <= stored.ingested_at <= datetime.now(UTC)
    assert stored.published == date(2025, 10, 12)


def test_same_bytes_twice_is_a_no_op(engine):
    document, raw = make_document(RAW)
    with session_scope(engine) as session:
        assert add_document(session, document=document, raw=raw) is True
    with session_scope(engine) as session:
        first = get_document(session, document_id=document.id)
    again = document.model_copy(update={"title": "another title", "text": "other text", "path": "copy.md"})
    with session_scope(engine) as session:
        assert add_document(session, document=again, raw=raw) is False
    with session_scope(engine) as session:
        assert get_document(session, document_id=document.id) == first
        assert get_document_raw(session, document_id=document.id) == RAW
        assert len(list_documents(session)) == 1


def test_same_bytes_twice_in_one_transaction(engine):
    document, raw = make_document(RAW)
    with session_scope(engine) as session:
        assert add_document(session, document=document, raw=raw) is True
        assert add_document(session, document=document, raw=raw) is False


def test_the_id_must_be_the_content_address(engine):
    document, _ = make_document(RAW)
    with pytest.raises(StoreError, match="content address"), session_scope(engine) as session:
        add_document(session, document=document, raw=b"other bytes")


def test_missing_documents(engine):
    with session_scope(engine) as session:
        assert get_document(session, document_id="sha256:00") is None
        assert get_document_raw(session, document_id="sha256:00") is None
        with pytest.raises(NotFoundError):
            replace_machine_claims(session, document_id="sha256:00", extractor="x/1", claims=[])


def test_list_documents_in_ingestion_order_with_paging(engine):
    ids = []
    for number in range(5):
        document, raw = make_document(f"document {number}".encode())
        ids.append(document.id)
        with session_scope(engine) as session:
            add_document(session, document=document, raw=raw)
    with session_scope(engine) as session:
        assert [d.id for d in list_documents(session)] == ids
        assert [d.id for d in list_documents(session, limit=2, offset=1)] == ids[1:3]
        assert [d.id for d in list_documents(session, offset=4)] == ids[4:]


def test_documents_needing_extraction(engine):
    extractor = "pledgewatch.rules/0.1.0"
    docs = [make_document(f"doc {n}".encode()) for n in range(3)]
    with session_scope(engine) as session:
        for document, raw in docs:
            add_document(session, document=document, raw=raw)
        assert [d.id for d in documents_needing_extraction(session, extractor=extractor)] == [
            d.id for d, _ in docs
        ]
        # one with claims, one extracted with zero claims: only the third still needs work
        replace_machine_claims(
            session, document_id=docs[0][0].id, extractor=extractor, claims=[make_claim("c0")]
        )
        assert replace_machine_claims(session, document_id=docs[1][0].id, extractor=extractor, claims=[]) == 0
    with session_scope(engine) as session:
        assert [d.id for d in documents_needing_extraction(session, extractor=extractor)] == [docs[2][0].id]
        # another extractor has done nothing yet
        assert len(documents_needing_extraction(session, extractor="llm/1")) == 3


def test_unknown_source_is_created_on_first_sight_and_known_ones_kept(engine):
    with session_scope(engine) as session:
        upsert_source(session, source=Source(name="ISPR", kind="party_military", affiliation="PAK.MIL"))
        add_document(session, document=make_document(b"a", source="ISPR")[0], raw=b"a")
        add_document(session, document=make_document(b"b", source="Khaama Press")[0], raw=b"b")
        add_document(session, document=make_document(b"c", source=None)[0], raw=b"c")
    with session_scope(engine) as session:
        sources = get_sources(session)
    assert sources == {
        "ISPR": Source(name="ISPR", kind="party_military", affiliation="PAK.MIL"),
        "Khaama Press": Source(name="Khaama Press", kind="unknown"),
    }


def test_upsert_source_updates(engine):
    with session_scope(engine) as session:
        upsert_source(session, source=Source(name="Tolo", kind="unknown"))
        upsert_source(session, source=Source(name="Tolo", kind="independent_media"))
    with session_scope(engine) as session:
        assert get_sources(session)["Tolo"] == Source(name="Tolo", kind="independent_media")
