"""Writing to the audit log. Every sensitive read and write calls `audit_record`."""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from django.db import models

from belong.audit.models import Action, AuditEvent, Category

# Set by `AuditRequestMiddleware` for the length of a request; None in tasks and commands.
current_ip: ContextVar[str | None] = ContextVar("belong_audit_ip", default=None)


def _client_ip(request: Any) -> str | None:
    if request is None:
        return current_ip.get()
    ip = request.META.get("REMOTE_ADDR")
    return ip or None


def audit_record(
    *,
    actor: Any,
    category: str,
    action: str,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: str | int = "",
    detail: dict[str, Any] | None = None,
    request: Any = None,
) -> AuditEvent:
    """Append one event. `actor` is a user (or None for the system and anonymous visitors).

    Never put the sensitive value itself in `detail` (say "self-identification changed",
    not what it changed to): the log proves access without becoming a second copy.
    """
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_id = target_id or str(target.pk)
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        actor_id=actor.pk if is_user else None,
        actor_label=(actor.get_username() if is_user else ""),
        category=category,
        action=action,
        target_type=target_type,
        target_id=str(target_id),
        detail=detail or {},
        ip=_client_ip(request),
    )


def export_record(
    *,
    request: Any,
    export: str,
    target: models.Model | None = None,
    rows: int | None = None,
    **detail: Any,
) -> AuditEvent:
    """Record one download (CSV or JSON) of data: which export, of what, how many rows."""
    described: dict[str, Any] = {"export": export, **detail}
    if rows is not None:
        described["rows"] = rows
    return audit_record(
        actor=request.user,
        category=Category.EXPORT,
        action=Action.EXPORT,
        target=target,
        detail=described,
        request=request,
    )
