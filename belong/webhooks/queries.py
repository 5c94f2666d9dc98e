"""Reads for the webhook pages and the API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Count, Max, Q, QuerySet

from belong.webhooks.models import EventType, WebhookDelivery, WebhookEndpoint

PAGE_SIZE = 25


def endpoints() -> QuerySet[WebhookEndpoint]:
    """Every endpoint with how its deliveries stand, in one query."""
    Status = WebhookDelivery.Status
    return WebhookEndpoint.objects.annotate(
        failing=Count("deliveries", filter=Q(deliveries__status=Status.FAILED)),
        gave_up=Count("deliveries", filter=Q(deliveries__status=Status.GAVE_UP)),
        last_delivery_at=Max("deliveries__created_at"),
    ).order_by("url", "id")


@dataclass(frozen=True)
class DeliveryFilters:
    status: str = ""
    event: str = ""

    def query_string(self) -> str:
        parts = [
            f"status={self.status}" if self.status else "",
            f"event={self.event}" if self.event else "",
        ]
        return "&".join(p for p in parts if p)


def filters_from(params: Any) -> DeliveryFilters:
    status = params.get("status", "")
    event = params.get("event", "")
    return DeliveryFilters(
        status=status if status in WebhookDelivery.Status.values else "",
        event=event if event in EventType.values else "",
    )


def deliveries(endpoint_id: int, f: DeliveryFilters) -> QuerySet[WebhookDelivery]:
    rows = WebhookDelivery.objects.filter(endpoint_id=endpoint_id)
    if f.status:
        rows = rows.filter(status=f.status)
    if f.event:
        rows = rows.filter(event_type=f.event)
    # The log never shows payloads; leaving them out keeps each page light.
    return rows.defer("payload").order_by("-created_at", "-id")


def delivery_page(rows: QuerySet[WebhookDelivery], page: Any) -> dict[str, Any]:
    current = Paginator(rows, PAGE_SIZE).get_page(page)
    return {
        "deliveries": list(current.object_list),
        "number": current.number,
        "has_next": current.has_next(),
        "has_previous": current.has_previous(),
        "num_pages": current.paginator.num_pages,
    }
