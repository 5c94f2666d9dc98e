"""REST endpoints for role grants (administrators) and one's own personal API tokens.

The same rules as the pages: only administrators see or change role grants; everyone signed
in manages their own tokens and nobody else's. A token never mints a token wider than itself.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from belong.accounts import access, services
from belong.accounts.api_auth import require, require_scope
from belong.accounts.models import ApiToken, Role, RoleGrant, ScopeKind, TokenScope
from belong.common.api_fields import Id

router = Router(tags=["accounts"])
PAGE_SIZE = 100


class RoleGrantIn(Schema):
    email: Annotated[str, Field(min_length=3, max_length=254)]
    role: Role
    scope_kind: ScopeKind = ScopeKind.COMPANY
    scope_id: Id | None = None


class RoleGrantOut(Schema):
    id: int
    email: str
    role: str
    scope_kind: str
    scope_id: int | None
    granted_by: str | None
    granted_at: dt.datetime


class RoleGrantPage(Schema):
    page: int
    has_next: bool
    results: list[RoleGrantOut]


class RoleFilters(Schema):
    role: Role | None = None
    email: Annotated[str, Field(max_length=254)] = ""
    page: Annotated[int, Field(ge=1, le=10_000)] = 1


class TokenIn(Schema):
    name: Annotated[str, Field(min_length=1, max_length=100)]
    scopes: Annotated[list[TokenScope], Field(min_length=1, max_length=3)]


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    scopes: list[str]
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


class NewTokenOut(TokenOut):
    secret: str  # shown once, never stored


def grant_out(grant: RoleGrant) -> dict[str, Any]:
    return {
        "id": grant.pk,
        "email": grant.user.email,
        "role": grant.role,
        "scope_kind": grant.scope_kind,
        "scope_id": grant.scope_id,
        "granted_by": grant.granted_by.email if grant.granted_by else None,
        "granted_at": grant.granted_at,
    }


def _admin(request: HttpRequest, scope: str) -> None:
    require_scope(request, scope)
    require(access.can_manage_roles(request.user))


@router.get("/roles", response=RoleGrantPage, summary="Role grants (administrators)")
def list_roles(request: HttpRequest, filters: Query[RoleFilters]) -> dict[str, Any]:
    _admin(request, "admin")
    grants = RoleGrant.objects.select_related("user", "granted_by").order_by(
        "role", "user__email", "pk"
    )
    if filters.role:
        grants = grants.filter(role=filters.role)
    if filters.email:
        grants = grants.filter(user__email__icontains=filters.email)
    start = (filters.page - 1) * PAGE_SIZE
    rows = list(grants[start : start + PAGE_SIZE + 1])  # one more tells whether a next exists
    return {
        "page": filters.page,
        "has_next": len(rows) > PAGE_SIZE,
        "results": [grant_out(g) for g in rows[:PAGE_SIZE]],
    }


@router.post("/roles", response={201: RoleGrantOut}, summary="Grant a role (administrators)")
def grant_role(request: HttpRequest, data: RoleGrantIn) -> Status:
    _admin(request, "admin")
    user = get_user_model().objects.filter(email__iexact=data.email).first()
    if user is None:
        raise ValidationError({"email": _("No account signs in with this email.")})
    grant = services.role_grant_create(
        user=user,
        role=data.role,
        scope_kind=data.scope_kind,
        scope_id=data.scope_id,
        granted_by=request.user,
    )
    return Status(201, grant_out(grant))


@router.delete("/roles/{grant_id}", response={204: None}, summary="Revoke a role grant")
def revoke_role(request: HttpRequest, grant_id: int) -> Status:
    _admin(request, "admin")
    grant = RoleGrant.objects.filter(pk=grant_id).first()
    if grant is None:
        raise HttpError(404, "No such role grant.")
    services.role_grant_revoke(grant=grant, revoked_by=request.user)
    return Status(204, None)


def _signed_in(request: HttpRequest, scope: str) -> None:
    require_scope(request, scope)
    require(request.user.is_authenticated and request.user.is_active)


@router.get("/tokens", response=list[TokenOut], summary="Your personal API tokens")
def list_tokens(request: HttpRequest) -> Any:
    _signed_in(request, "read")
    return ApiToken.objects.filter(user=request.user).order_by("-created_at")[:200]


@router.post("/tokens", response={201: NewTokenOut}, summary="Create a personal API token")
def create_token(request: HttpRequest, data: TokenIn) -> Status:
    _signed_in(request, "write")
    wanted = sorted({str(s) for s in data.scopes})
    for scope in wanted:  # a token may only mint tokens within its own scopes
        require_scope(request, scope)
    token, secret = services.api_token_create(user=request.user, name=data.name, scopes=wanted)
    out = TokenOut.from_orm(token).dict()
    return Status(201, {**out, "secret": secret})


@router.delete("/tokens/{token_id}", response={204: None}, summary="Revoke one of your tokens")
def revoke_token(request: HttpRequest, token_id: int) -> Status:
    _signed_in(request, "write")
    token = ApiToken.objects.filter(pk=token_id, user=request.user).first()
    if token is None:
        raise HttpError(404, "No such token of yours.")
    services.api_token_revoke(token=token)
    return Status(204, None)
