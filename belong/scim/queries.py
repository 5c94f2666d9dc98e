"""Reads for the SCIM endpoints: people and groups as SCIM sees them, filtered and paged."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from belong.people.models import Person
from belong.scim.filters import GROUP_FILTERS, USER_FILTERS, filter_to_q
from belong.scim.models import ProvisionedGroup, ProvisionedMember
from belong.scim.protocol import ScimError
from belong.scim.schemas import MAX_RESULTS


def people() -> QuerySet[Person]:
    """Everyone SCIM can see: all people except those a SCIM DELETE removed."""
    today = timezone.localdate()
    return (
        Person.objects.select_related("user", "scim", "org_unit")
        .exclude(scim__removed_at__isnull=False)
        .annotate(
            scim_user_name=Coalesce("user__username", "email", output_field=CharField()),
            scim_active=Case(
                When(Q(exit_date__isnull=True) | Q(exit_date__gt=today), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
    )


def person_by_scim_id(scim_id: str) -> Person:
    if not scim_id.isdigit():
        raise ScimError(404, f"User {scim_id} not found.")
    person = people().filter(pk=int(scim_id)).first()
    if person is None:
        raise ScimError(404, f"User {scim_id} not found.")
    return person


def groups() -> QuerySet[ProvisionedGroup]:
    return ProvisionedGroup.objects.prefetch_related(
        Prefetch("memberships", queryset=ProvisionedMember.objects.order_by("person_id"))
    )


def group_by_scim_id(scim_id: str) -> ProvisionedGroup:
    group = groups().filter(pk=int(scim_id)).first() if scim_id.isdigit() else None
    if group is None:
        raise ScimError(404, f"Group {scim_id} not found.")
    return group


@dataclass
class Page:
    items: list[Any]
    total: int
    start_index: int


def _int_param(raw: str | int | None, name: str, default: int) -> int:
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except (TypeError, ValueError):
        raise ScimError(400, f"'{name}' must be a whole number.", "invalidValue") from None


def page_of(
    queryset: QuerySet[Any],
    *,
    filter_expression: str | None,
    start_index: str | int | None,
    count: str | int | None,
    kind: str,
) -> Page:
    """RFC 7644 §3.4.2.4: 1-based startIndex (below 1 means 1), count capped at maxResults."""
    if filter_expression:
        attr_map = USER_FILTERS if kind == "User" else GROUP_FILTERS
        queryset = queryset.filter(filter_to_q(filter_expression, attr_map)).distinct()
    start = max(1, _int_param(start_index, "startIndex", 1))
    size = min(max(0, _int_param(count, "count", MAX_RESULTS)), MAX_RESULTS)
    total = queryset.count()
    items = list(queryset.order_by("pk")[start - 1 : start - 1 + size]) if size else []
    return Page(items=items, total=total, start_index=start)
