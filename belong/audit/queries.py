"""Reads of the audit log for the administrators' page, its CSV export and the API."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass

from django.db.models import QuerySet
from django.utils import timezone

from belong.audit.models import AuditEvent

EXPORT_COLUMNS = [
    "id",
    "at",
    "actor_id",
    "actor",
    "category",
    "action",
    "target_type",
    "target_id",
    "detail",
    "ip",
]


@dataclass(frozen=True)
class AuditFilters:
    category: str = ""
    action: str = ""
    actor: str = ""
    target_type: str = ""
    target_id: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    @property
    def active(self) -> bool:
        return any(asdict(self).values())

    def described(self) -> dict[str, str]:
        """The filters as plain strings, for recording what an export asked for."""
        return {k: str(v) for k, v in asdict(self).items() if v}


@dataclass(frozen=True)
class Page:
    events: list[AuditEvent]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def _start_of(day: dt.date) -> dt.datetime:
    """Midnight of `day` in the viewer's zone (the middleware activated it)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def audit_search(filters: AuditFilters) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.all()
    if filters.category:
        events = events.filter(category=filters.category)
    if filters.action:
        events = events.filter(action=filters.action)
    if filters.actor:
        events = events.filter(actor_label__icontains=filters.actor)
    if filters.target_type:
        events = events.filter(target_type=filters.target_type)
    if filters.target_id:
        events = events.filter(target_id=filters.target_id)
    if filters.date_from:
        events = events.filter(at__gte=_start_of(filters.date_from))
    if filters.date_to:
        # The whole of the last day, up to the next midnight in the viewer's zone.
        events = events.filter(at__lt=_start_of(filters.date_to + dt.timedelta(days=1)))
    return events.order_by("-at", "-id")


def audit_page(events: QuerySet[AuditEvent], *, page: int, size: int) -> Page:
    """One page, asking for one row more than shown instead of counting the whole log."""
    page = max(1, page)
    start = (page - 1) * size
    rows = list(events[start : start + size + 1])
    return Page(events=rows[:size], number=page, has_next=len(rows) > size)


def target_types() -> list[str]:
    return list(
        AuditEvent.objects.order_by("target_type")
        .exclude(target_type="")
        .values_list("target_type", flat=True)
        .distinct()
    )


def _safe(value: str) -> str:
    """Keep spreadsheet programs from running a cell as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def export_rows(events: QuerySet[AuditEvent], zone: dt.tzinfo) -> Iterator[list[str]]:
    """The header, then one row per event, read in chunks so memory stays flat.

    `zone` is passed in because the rows are written after the view has returned. Plain
    tuples rather than model instances: building a model per row doubles the time.
    """
    yield EXPORT_COLUMNS
    fields = ("pk", "at", "actor_id", "actor_label", "category", "action")
    fields += ("target_type", "target_id", "detail", "ip")
    for pk, at, actor_id, actor, category, action, t_type, t_id, detail, ip in events.values_list(
        *fields
    ).iterator(chunk_size=2000):
        yield [
            str(pk),
            at.astimezone(zone).isoformat(),
            "" if actor_id is None else str(actor_id),
            _safe(actor),
            category,
            action,
            _safe(t_type),
            _safe(t_id),
            _safe(json.dumps(detail, sort_keys=True, ensure_ascii=False)) if detail else "{}",
            ip or "",
        ]
