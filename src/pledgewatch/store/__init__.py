"""The store: the single source of truth every stage reads and writes through (SQLite or PostgreSQL).

Usage::

    engine = create_engine_for(url)
    upgrade(engine)                      # Alembic migrations, idempotent
    with session_scope(engine) as session:
        add_document(session, document=doc, raw=raw)

All repository functions take the session first and keyword-only arguments after it, and take and
return ``pledgewatch.models`` objects. Only this package contains SQL.
"""

from __future__ import annotations

from pledgewatch.store.engine import create_engine_for, session_scope, upgrade
from pledgewatch.store.repository import (
    GENESIS_HASH,
    add_document,
    append_audit,
    audit_hash,
    counts,
    documents_needing_extraction,
    get_assessment,
    get_claim,
    get_commitment,
    get_document,
    get_document_raw,
    get_incident,
    get_sources,
    list_actors,
    list_audit,
    list_claims,
    list_commitments,
    list_documents,
    list_incidents,
    list_places,
    replace_incidents,
    replace_machine_claims,
    save_assessment,
    set_claim_review,
    set_incident_status,
    sync_actors,
    sync_commitments,
    sync_places,
    upsert_source,
    verify_audit,
)

__all__ = [
    "GENESIS_HASH",
    "add_document",
    "append_audit",
    "audit_hash",
    "counts",
    "create_engine_for",
    "documents_needing_extraction",
    "get_assessment",
    "get_claim",
    "get_commitment",
    "get_document",
    "get_document_raw",
    "get_incident",
    "get_sources",
    "list_actors",
    "list_audit",
    "list_claims",
    "list_commitments",
    "list_documents",
    "list_incidents",
    "list_places",
    "replace_incidents",
    "replace_machine_claims",
    "save_assessment",
    "session_scope",
    "set_claim_review",
    "set_incident_status",
    "sync_actors",
    "sync_commitments",
    "sync_places",
    "upsert_source",
    "upgrade",
    "verify_audit",
]
