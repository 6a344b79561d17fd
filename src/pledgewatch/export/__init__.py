"""Exports of stored results in the formats of DESIGN.md, "Output contracts".

Lines are produced lazily, page by page, so an export of a large store does not hold it in memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from sqlalchemy.engine import Engine

PAGE_SIZE = 1000


def _dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=False)


def iter_claim_lines(*, engine: Engine, include_rejected: bool = False) -> Iterator[str]:
    """``export claims --format jsonl``: a schema-v1 claim plus ``document_id`` and ``review``."""
    from pledgewatch.store import repository as repo
    from pledgewatch.store import session_scope

    offset = 0
    while True:
        with session_scope(engine) as session:
            page = repo.list_claims(
                session, include_rejected=include_rejected, limit=PAGE_SIZE, offset=offset
            )
        for claim in page:
            data = claim.contract_dict()
            data["document_id"] = claim.document_id
            data["review"] = claim.review
            yield _dumps(data)
        if len(page) < PAGE_SIZE:
            return
        offset += PAGE_SIZE


def iter_incident_lines(*, engine: Engine) -> Iterator[str]:
    """``export incidents --format jsonl``: one incident contract object per line."""
    from pledgewatch.store import repository as repo
    from pledgewatch.store import session_scope

    offset = 0
    while True:
        with session_scope(engine) as session:
            page = repo.list_incidents(session, limit=PAGE_SIZE, offset=offset)
        for incident in page:
            yield _dumps(incident.contract_dict())
        if len(page) < PAGE_SIZE:
            return
        offset += PAGE_SIZE
