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

# browse: the dashboard's read queries; importing it also declares the indexes they use (0004)
from pledgewatch.store import browse
from pledgewatch.store.datasets import add_dataset_claims, add_dataset_document, stored_claim_refs  # noqa: F401
from pledgewatch.store.decisions import (
    claim_incidents,
    human_statuses,
    incident_claim_ids,
    list_decisions,
    record_merge,
    record_split,
    retire_incidents,
)
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
from pledgewatch.store.users import (
    UserError,
    add_user,
    authenticate,
    count_users,
    create_token,
    get_user,
    get_user_by_id,
    list_tokens,
    list_users,
    remove_user,
    revoke_token,
    server_secret,
    set_password,
    set_role,
    user_for_token,
)

__all__ = [
    "browse",
    "claim_incidents",
    "human_statuses",
    "incident_claim_ids",
    "list_decisions",
    "record_merge",
    "record_split",
    "retire_incidents",
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
    "UserError",
    "add_user",
    "authenticate",
    "count_users",
    "create_token",
    "get_user",
    "get_user_by_id",
    "list_tokens",
    "list_users",
    "remove_user",
    "revoke_token",
    "server_secret",
    "set_password",
    "set_role",
    "user_for_token",
]
