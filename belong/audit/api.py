"""`GET /api/audit`: the audit log for administrators' tools (token scope `admin`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from belong.accounts.api_auth import require, require_scope
from belong.audit import access, queries
from belong.audit.models import Action, AuditEvent, Category

router = Router(tags=["audit"])
PAGE_SIZE = 100


class AuditEventOut(Schema):
    id: int
    at: dt.datetime
    actor_id: int | None
    actor: str
    category: str
    action: str
    target_type: str
    target_id: str
    detail: dict[str, Any]
    ip: str | None

    @staticmethod
    def from_event(e: AuditEvent) -> dict[str, Any]:
        return {
            "id": e.pk,
            "at": e.at,
            "actor_id": e.actor_id,
            "actor": e.actor_label,
            "category": e.category,
            "action": e.action,
            "target_type": e.target_type,
            "target_id": e.target_id,
            "detail": e.detail,
            "ip": e.ip,
        }


class AuditPage(Schema):
    page: int
    has_next: bool
    results: list[AuditEventOut]


class AuditQuery(Schema):
    category: Category | None = None
    action: Action | None = None
    actor: str = Field("", max_length=200, description="Part of the actor's username.")
    target_type: str = Field("", max_length=100)
    target_id: str = Field("", max_length=100)
    date_from: dt.date | None = Field(None, description="First day, in the caller's time zone.")
    date_to: dt.date | None = Field(None, description="Last day, in the caller's time zone.")
    page: int = Field(1, ge=1)


@router.get("/audit", response=AuditPage, summary="The audit log, newest first (administrators)")
def audit_list(request: HttpRequest, params: Query[AuditQuery]) -> dict[str, Any]:
    require_scope(request, "admin")
    require(access.can_read_audit_log(request.user))
    filters = queries.AuditFilters(
        category=params.category or "",
        action=params.action or "",
        actor=params.actor.strip(),
        target_type=params.target_type.strip(),
        target_id=params.target_id.strip(),
        date_from=params.date_from,
        date_to=params.date_to,
    )
    page = queries.audit_page(queries.audit_search(filters), page=params.page, size=PAGE_SIZE)
    return {
        "page": page.number,
        "has_next": page.has_next,
        "results": [AuditEventOut.from_event(e) for e in page.events],
    }
