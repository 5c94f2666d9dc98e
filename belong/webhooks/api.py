"""REST endpoints for webhooks: administrators with the `admin` scope, like the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from belong.accounts.api_auth import require, require_scope
from belong.webhooks import access, queries, services
from belong.webhooks.models import WebhookDelivery, WebhookEndpoint

router = Router(tags=["webhooks"])


class EndpointIn(Schema):
    url: str
    event_types: list[str]
    description: str = ""
    active: bool = True


class EndpointPatch(Schema):
    url: str | None = None
    event_types: list[str] | None = None
    description: str | None = None
    active: bool | None = None


class EndpointOut(Schema):
    id: int
    url: str
    description: str
    event_types: list[str]
    active: bool
    created_at: dt.datetime
    secret_rotated_at: dt.datetime | None


class EndpointWithSecret(EndpointOut):
    secret: str = Field(description="Shown in this response only.")


class SecretOut(Schema):
    secret: str


class DeliveryOut(Schema):
    id: int
    endpoint_id: int
    event_type: str
    event_id: str
    message_id: str
    status: str
    attempt_count: int
    next_attempt_at: dt.datetime | None
    last_attempt_at: dt.datetime | None
    last_status_code: int | None
    last_error: str
    last_duration_ms: int | None
    redelivery_of_id: int | None
    created_at: dt.datetime


class DeliveryDetail(DeliveryOut):
    payload: dict[str, Any]
    last_response: str


class DeliveryPage(Schema):
    items: list[DeliveryOut]
    page: int
    has_next: bool


class DeliveryFilter(Schema):
    status: str = ""
    event: str = ""
    page: int = 1


def _admin(request: HttpRequest) -> None:
    require_scope(request, "admin")
    require(access.can_manage_webhooks(request.user))


def _endpoint(request: HttpRequest, endpoint_id: int) -> WebhookEndpoint:
    _admin(request)
    endpoint = WebhookEndpoint.objects.filter(pk=endpoint_id).first()
    if endpoint is None:
        raise HttpError(404, "No such endpoint.")
    return endpoint


def _delivery(request: HttpRequest, delivery_id: int) -> WebhookDelivery:
    _admin(request)
    delivery = WebhookDelivery.objects.filter(pk=delivery_id).first()
    if delivery is None:
        raise HttpError(404, "No such delivery.")
    return delivery


@router.get("/endpoints", response=list[EndpointOut], summary="List webhook endpoints")
def endpoint_list(request: HttpRequest) -> Any:
    _admin(request)
    return list(WebhookEndpoint.objects.order_by("url", "id"))


@router.post(
    "/endpoints",
    response={201: EndpointWithSecret},
    summary="Add an endpoint; its signing secret is returned once",
)
def endpoint_create(request: HttpRequest, body: EndpointIn) -> Any:
    _admin(request)
    # A refused field is a ValidationError, answered as 400 naming it (config/api_contract).
    endpoint, secret = services.endpoint_create(
        url=body.url,
        event_types=body.event_types,
        description=body.description,
        active=body.active,
        created_by=request.user,
        request=request,
    )
    endpoint.secret = secret
    return Status(201, endpoint)


@router.get("/endpoints/{endpoint_id}", response=EndpointOut, summary="One endpoint")
def endpoint_get(request: HttpRequest, endpoint_id: int) -> Any:
    return _endpoint(request, endpoint_id)


@router.patch("/endpoints/{endpoint_id}", response=EndpointOut, summary="Change an endpoint")
def endpoint_update(request: HttpRequest, endpoint_id: int, body: EndpointPatch) -> Any:
    endpoint = _endpoint(request, endpoint_id)
    changes = body.dict(exclude_unset=True)
    return services.endpoint_update(
        endpoint=endpoint,
        url=changes.get("url") or endpoint.url,
        event_types=changes.get("event_types", endpoint.event_types) or [],
        description=changes.get("description", endpoint.description) or "",
        active=changes.get("active", endpoint.active),
        by=request.user,
        request=request,
    )


@router.delete("/endpoints/{endpoint_id}", response={204: None}, summary="Delete an endpoint")
def endpoint_delete(request: HttpRequest, endpoint_id: int) -> Any:
    endpoint = _endpoint(request, endpoint_id)
    services.endpoint_delete(endpoint=endpoint, by=request.user, request=request)
    return Status(204, None)


@router.post(
    "/endpoints/{endpoint_id}/rotate",
    response=SecretOut,
    summary="Rotate the signing secret (the old one signs too for 24 hours)",
)
def endpoint_rotate(request: HttpRequest, endpoint_id: int) -> Any:
    endpoint = _endpoint(request, endpoint_id)
    secret = services.endpoint_secret_rotate(endpoint=endpoint, by=request.user, request=request)
    return {"secret": secret}


@router.post(
    "/endpoints/{endpoint_id}/ping", response={202: DeliveryOut}, summary="Send a test ping"
)
def endpoint_ping(request: HttpRequest, endpoint_id: int) -> Any:
    endpoint = _endpoint(request, endpoint_id)
    delivery = services.endpoint_ping(endpoint=endpoint, by=request.user)
    delivery.refresh_from_db()
    return Status(202, delivery)


@router.get(
    "/endpoints/{endpoint_id}/deliveries",
    response=DeliveryPage,
    summary="An endpoint's delivery log, newest first",
)
def delivery_list(request: HttpRequest, endpoint_id: int, filters: Query[DeliveryFilter]) -> Any:
    endpoint = _endpoint(request, endpoint_id)
    f = queries.filters_from({"status": filters.status, "event": filters.event})
    page = queries.delivery_page(queries.deliveries(endpoint.pk, f), filters.page)
    return {"items": page["deliveries"], "page": page["number"], "has_next": page["has_next"]}


@router.get("/deliveries/{delivery_id}", response=DeliveryDetail, summary="One delivery")
def delivery_get(request: HttpRequest, delivery_id: int) -> Any:
    return _delivery(request, delivery_id)


@router.post(
    "/deliveries/{delivery_id}/redeliver",
    response={202: DeliveryOut},
    summary="Send a failed delivery again",
)
def delivery_redeliver(request: HttpRequest, delivery_id: int) -> Any:
    delivery = _delivery(request, delivery_id)
    if not delivery.can_redeliver:
        raise HttpError(409, "Only a failed delivery can be sent again.")
    again = services.delivery_redeliver(delivery=delivery)
    again.refresh_from_db()
    return Status(202, again)
