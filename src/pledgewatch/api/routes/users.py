"""Users and API tokens (admins). Every change is audited; tokens are shown once."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response

from pledgewatch.api.auth import Admin
from pledgewatch.api.deps import SessionDep
from pledgewatch.api.schemas import (
    ACTION_RESPONSES,
    AUTH_RESPONSES,
    TokenCreate,
    TokenCreatedPublic,
    TokenPublic,
    TokensPublic,
    UserCreate,
    UserPublic,
    UsersPublic,
    UserUpdate,
)
from pledgewatch.errors import NotFoundError
from pledgewatch.store import (
    add_user,
    create_token,
    get_user,
    list_tokens,
    list_users,
    remove_user,
    revoke_token,
    set_password,
    set_role,
)

router = APIRouter(tags=["users"])

TokenId = Annotated[int, Path(ge=1, le=2**31 - 1, description="the token's id (see the token list)")]


def _existing(session, name: str):
    user = get_user(session, name=name)
    if user is None:
        raise NotFoundError(f"no user {name!r}", hint="list users at /api/users")
    return user


@router.get("/users", response_model=UsersPublic, responses=AUTH_RESPONSES)
def list_users_route(session: SessionDep, _: Admin) -> UsersPublic:
    """Every user and role."""
    users = list_users(session)
    return UsersPublic(count=len(users), data=[UserPublic.from_domain(u) for u in users])


@router.post("/users", response_model=UserPublic, status_code=201, responses=ACTION_RESPONSES)
def add_user_route(body: UserCreate, session: SessionDep, admin: Admin) -> UserPublic:
    """Create a user (viewer, analyst or admin) with a password of at least 10 characters."""
    user = add_user(session, name=body.name, role=body.role, password=body.password, actor=admin.name)
    return UserPublic.from_domain(user)


@router.patch("/users/{name}", response_model=UserPublic, responses=ACTION_RESPONSES)
def update_user_route(name: str, body: UserUpdate, session: SessionDep, admin: Admin) -> UserPublic:
    """Change a user's role and/or password (a new password ends their sessions)."""
    user = _existing(session, name)
    if body.role is not None:
        user = set_role(session, name=user.name, role=body.role, actor=admin.name)
    if body.password is not None:
        user = set_password(session, name=user.name, password=body.password, actor=admin.name)
    return UserPublic.from_domain(user)


@router.delete("/users/{name}", status_code=204, responses=ACTION_RESPONSES)
def remove_user_route(name: str, session: SessionDep, admin: Admin) -> Response:
    """Remove a user and their API tokens (the last admin stays)."""
    remove_user(session, name=_existing(session, name).name, actor=admin.name)
    return Response(status_code=204)


@router.get("/users/{name}/tokens", response_model=TokensPublic, responses=ACTION_RESPONSES)
def list_tokens_route(name: str, session: SessionDep, _: Admin) -> TokensPublic:
    tokens = list_tokens(session, name=_existing(session, name).name)
    return TokensPublic(count=len(tokens), data=[TokenPublic.from_domain(t) for t in tokens])


@router.post(
    "/users/{name}/tokens", response_model=TokenCreatedPublic, status_code=201, responses=ACTION_RESPONSES
)
def create_token_route(
    name: str, body: TokenCreate, request: Request, session: SessionDep, admin: Admin
) -> TokenCreatedPublic:
    """A new API token for the user; the response is the only time the token is shown."""
    token, record = create_token(
        session, name=_existing(session, name).name, label=body.label, actor=admin.name
    )
    return TokenCreatedPublic(token=token, **record.model_dump())


@router.delete("/tokens/{token_id}", status_code=204, responses=ACTION_RESPONSES)
def revoke_token_route(token_id: TokenId, session: SessionDep, admin: Admin) -> Response:
    """Revoke an API token: scripts using it get 401 from now on."""
    revoke_token(session, token_id=token_id, actor=admin.name)
    return Response(status_code=204)
