from __future__ import annotations

from fastapi import APIRouter

from pledgewatch.api.auth import Reader
from pledgewatch.api.deps import SessionDep
from pledgewatch.api.schemas import AUTH_RESPONSES, ERROR_RESPONSES, DocumentPublic, SourcePublic
from pledgewatch.errors import NotFoundError
from pledgewatch.store import repository as repo

router = APIRouter(prefix="/documents", tags=["documents"])


@router.get("/{document_id}", response_model=DocumentPublic, responses={**ERROR_RESPONSES, **AUTH_RESPONSES})
def get_document(document_id: str, session: SessionDep, _: Reader) -> DocumentPublic:
    """One ingested document with its extracted text (claim spans index into it) and its source."""
    document = repo.get_document(session, document_id=document_id)
    if document is None:
        raise NotFoundError(
            f"no document with id {document_id!r}",
            hint="document ids look like sha256:<64 hex>; claims and incidents list the ids they rest on",
        )
    public = DocumentPublic.model_validate(document.model_dump(exclude={"path"}))
    source = repo.get_sources(session).get(document.source or "")
    if source is not None:
        public.source_info = SourcePublic.from_domain(source)
    return public
