"""Query parameters shared by list routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

MAX_PAGE = 1000

Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"page size (at most {MAX_PAGE})")]
MAX_OFFSET = 10**9
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="items to skip")]
