"""Every write for webhooks: endpoints, their secrets, emitting events and delivery attempts.

Events are recorded as deliveries inside the caller's transaction (nothing is sent for a
change that rolls back) and handed to the task queue once it commits, so no user's request
waits on a receiver. `delivery_attempt` makes one attempt and schedules the next.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from belong.audit.models import Action, Category
from belong.audit.services import audit_record
from belong.webhooks import sender, signing
from belong.webhooks.models import SUBSCRIBABLE, EventType, WebhookDelivery, WebhookEndpoint
from belong.webhooks.urlguard import check_url

# Waits after the 1st, 2nd, … failed attempt; after the last one the delivery gives up.
BACKOFF = (
    dt.timedelta(seconds=30),
    dt.timedelta(minutes=2),
    dt.timedelta(minutes=10),
    dt.timedelta(hours=1),
    dt.timedelta(hours=6),
)
MAX_ATTEMPTS = len(BACKOFF) + 1
JITTER = 0.2  # each wait is stretched or shrunk by up to 20% so retries do not stampede
# An attempt in flight holds its delivery this long; a crashed worker's claim then lapses.
CLAIM = dt.timedelta(seconds=sender.TIMEOUT_SECONDS + 55)
SECRET_GRACE = dt.timedelta(hours=24)

Status = WebhookDelivery.Status


# --- endpoints -----------------------------------------------------------------------------


def _clean(url: str, description: str, event_types: list[str]) -> tuple[str, str, list[str]]:
    errors: dict[str, list[str]] = {}
    url = url.strip()
    try:
        check_url(url)
    except ValidationError as error:
        errors["url"] = error.messages
    allowed = {value for value, _label in SUBSCRIBABLE}
    chosen = [value for value, _label in SUBSCRIBABLE if value in set(event_types)]
    if not chosen or set(event_types) - allowed:
        errors["event_types"] = [_("Choose at least one of the events listed.")]
    if len(description) > 200:
        errors["description"] = [_("Keep the description under 200 characters.")]
    if errors:
        raise ValidationError(errors)
    return url, description.strip(), chosen


def _audit_detail(endpoint: WebhookEndpoint) -> dict[str, Any]:
    # The host, not the full URL: query strings sometimes carry a receiver's own token.
    return {
        "host": urlsplit(endpoint.url).hostname or "",
        "events": endpoint.event_types,
        "active": endpoint.active,
    }


@transaction.atomic
def endpoint_create(
    *,
    url: str,
    event_types: list[str],
    description: str = "",
    active: bool = True,
    created_by: Any = None,
    request: Any = None,
) -> tuple[WebhookEndpoint, str]:
    """A new endpoint and its signing secret (to be shown to its creator once)."""
    url, description, event_types = _clean(url, description, event_types)
    secret = signing.new_secret()
    endpoint = WebhookEndpoint.objects.create(
        url=url,
        description=description,
        event_types=event_types,
        active=active,
        secret=secret,
        created_by=created_by,
    )
    audit_record(
        actor=created_by,
        category=Category.WEBHOOK,
        action=Action.CREATE,
        target=endpoint,
        detail=_audit_detail(endpoint),
        request=request,
    )
    return endpoint, secret


@transaction.atomic
def endpoint_update(
    *,
    endpoint: WebhookEndpoint,
    url: str,
    event_types: list[str],
    description: str,
    active: bool,
    by: Any = None,
    request: Any = None,
) -> WebhookEndpoint:
    url, description, event_types = _clean(url, description, event_types)
    endpoint.url = url
    endpoint.description = description
    endpoint.event_types = event_types
    endpoint.active = active
    endpoint.save()
    audit_record(
        actor=by,
        category=Category.WEBHOOK,
        action=Action.UPDATE,
        target=endpoint,
        detail=_audit_detail(endpoint),
        request=request,
    )
    return endpoint


@transaction.atomic
def endpoint_secret_rotate(
    *, endpoint: WebhookEndpoint, by: Any = None, request: Any = None
) -> str:
    """A new secret; the old one keeps signing alongside it for `SECRET_GRACE`."""
    now = timezone.now()
    locked = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    locked.previous_secret = locked.secret
    locked.previous_secret_until = now + SECRET_GRACE
    locked.secret = signing.new_secret()
    locked.secret_rotated_at = now
    locked.save()
    audit_record(
        actor=by,
        category=Category.WEBHOOK,
        action=Action.UPDATE,
        target=locked,
        detail={"secret": "rotated"},
        request=request,
    )
    endpoint.refresh_from_db()
    return locked.secret


@transaction.atomic
def endpoint_delete(*, endpoint: WebhookEndpoint, by: Any = None, request: Any = None) -> None:
    """Remove the endpoint and its delivery log."""
    detail = _audit_detail(endpoint)
    audit_record(
        actor=by,
        category=Category.WEBHOOK,
        action=Action.DELETE,
        target=endpoint,
        detail=detail,
        request=request,
    )
    endpoint.delete()


# --- emitting ------------------------------------------------------------------------------


def _envelope(event_type: str, event_id: str, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": event_id,
        "type": event_type,
        "timestamp": timezone.now().astimezone(dt.UTC).isoformat(),
        "data": data,
    }


def _enqueue(delivery_id: int, when: dt.datetime | None = None) -> None:
    """Hand a delivery to the task queue; a later attempt waits for `when`. A backend that
    cannot defer (the immediate one in tests) leaves it to `deliveries_enqueue_due`."""
    from belong.webhooks.tasks import delivery_send

    task = delivery_send
    if when is not None:
        if not task.get_backend().supports_defer:
            return
        task = task.using(run_after=when)
    task.enqueue(delivery_id)


def _enqueue_on_commit(delivery_ids: list[int]) -> None:
    def send() -> None:
        for delivery_id in delivery_ids:
            _enqueue(delivery_id)

    transaction.on_commit(send)


# No transaction of its own: it runs inside the caller's (no savepoint on every write).
def webhook_emit(*, event_type: str, data: dict[str, Any] | Callable[[], dict[str, Any]]) -> int:
    """Record `event_type` for every active endpoint subscribed to it; sent after commit.

    Returns how many deliveries were recorded. `data` may be a function, called only when
    someone subscribes, so an event nobody listens to costs the caller one query. Callers
    pass ids and counts, never names: `belong.webhooks.payloads` decides what may leave.
    """
    endpoints = [
        endpoint
        for endpoint in WebhookEndpoint.objects.filter(active=True).only("id", "event_types")
        if event_type in endpoint.event_types
    ]
    if not endpoints:
        return 0
    payload = _envelope(event_type, f"evt_{uuid.uuid4().hex}", data() if callable(data) else data)
    deliveries = WebhookDelivery.objects.bulk_create(
        [
            WebhookDelivery(
                endpoint_id=endpoint.pk,
                event_type=event_type,
                event_id=payload["id"],
                payload=payload,
            )
            for endpoint in endpoints
        ]
    )
    _enqueue_on_commit([d.pk for d in deliveries])
    return len(deliveries)


@transaction.atomic
def endpoint_ping(*, endpoint: WebhookEndpoint, by: Any = None) -> WebhookDelivery:
    """A test delivery, sent whatever the endpoint subscribes to."""
    payload = _envelope(
        EventType.PING, f"evt_{uuid.uuid4().hex}", {"endpoint_id": endpoint.pk, "ping": True}
    )
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint, event_type=EventType.PING, event_id=payload["id"], payload=payload
    )
    _enqueue_on_commit([delivery.pk])
    return delivery


@transaction.atomic
def delivery_redeliver(*, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a failed delivery again as a new delivery with a fresh retry schedule; it keeps
    the message id so receivers that saw it once can tell it is the same message."""
    if not delivery.can_redeliver:
        raise ValidationError(_("Only a failed delivery can be sent again."))
    again = WebhookDelivery.objects.create(
        endpoint_id=delivery.endpoint_id,
        event_type=delivery.event_type,
        event_id=delivery.event_id,
        message_id=delivery.message_id,
        payload=delivery.payload,
        redelivery_of=delivery,
    )
    _enqueue_on_commit([again.pk])
    return again


# --- attempts ------------------------------------------------------------------------------


def backoff_after(attempt: int, rng: random.Random | None = None) -> dt.timedelta | None:
    """How long to wait after failed attempt number `attempt` (1-based); None: give up."""
    if attempt > len(BACKOFF):
        return None
    factor = 1 + (rng or random).uniform(-JITTER, JITTER)
    return BACKOFF[attempt - 1] * factor


def _claim(delivery_id: int, now: dt.datetime) -> WebhookDelivery | None:
    """Take the delivery for one attempt if it is due; None when it is not (done, gone,
    not yet due, or another worker holds it)."""
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update()
            .select_related("endpoint")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.status not in {Status.PENDING, Status.FAILED}:
            return None
        if delivery.next_attempt_at is not None and delivery.next_attempt_at > now:
            return None
        delivery.attempt_count += 1
        delivery.last_attempt_at = now
        delivery.next_attempt_at = now + CLAIM
        delivery.save(update_fields=["attempt_count", "last_attempt_at", "next_attempt_at"])
        return delivery


def _send(delivery: WebhookDelivery, now: dt.datetime) -> sender.Outcome:
    endpoint = delivery.endpoint
    if not endpoint.active:
        return sender.Outcome(None, "", _("The endpoint is switched off."), 0)
    try:
        check_url(endpoint.url)
    except ValidationError as refused:
        return sender.Outcome(None, "", " ".join(refused.messages)[:300], 0)
    body = signing.body_of(delivery.payload)
    headers = signing.headers_for(
        message_id=delivery.message_id, body=body, keys=endpoint.signing_secrets(now), at=now
    )
    return sender.post(endpoint.url, body, headers)


def delivery_attempt(
    delivery_id: int, *, now: dt.datetime | None = None, rng: random.Random | None = None
) -> WebhookDelivery | None:
    """Make one attempt if the delivery is due, record it, and schedule the next on failure.

    The POST happens outside any transaction so no lock is held while a receiver thinks.
    Returns the delivery as recorded, or None if nothing was attempted.
    """
    now = now or timezone.now()
    delivery = _claim(delivery_id, now)
    if delivery is None:
        return None
    outcome = _send(delivery, now)
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update()
            .select_related("endpoint")
            .get(pk=delivery_id)
        )
        delivery.last_status_code = outcome.status_code
        delivery.last_response = outcome.body_excerpt
        delivery.last_error = outcome.error
        delivery.last_duration_ms = outcome.duration_ms
        wait = None if outcome.ok else backoff_after(delivery.attempt_count, rng)
        if outcome.ok:
            delivery.status = Status.SUCCEEDED
            delivery.next_attempt_at = None
        elif wait is None or not delivery.endpoint.active:
            delivery.status = Status.GAVE_UP
            delivery.next_attempt_at = None
        else:
            delivery.status = Status.FAILED
            delivery.next_attempt_at = now + wait
        delivery.save()
        if delivery.status == Status.FAILED:
            when = delivery.next_attempt_at
            transaction.on_commit(lambda: _enqueue(delivery_id, when))
    return delivery


def deliveries_enqueue_due(*, now: dt.datetime | None = None, limit: int = 1000) -> int:
    """Queue every delivery whose attempt is due: the safety net for a worker that died
    mid-attempt and for task backends that cannot schedule ahead."""
    now = now or timezone.now()
    due = list(
        WebhookDelivery.objects.filter(status__in=[Status.PENDING, Status.FAILED])
        .exclude(next_attempt_at__gt=now)
        .order_by("next_attempt_at", "id")
        .values_list("id", flat=True)[:limit]
    )
    for delivery_id in due:
        _enqueue(delivery_id)
    return len(due)


def deliveries_purge(*, older_than: dt.timedelta, now: dt.datetime | None = None) -> int:
    """Delete finished deliveries (succeeded or gave up) created before `older_than` ago;
    the log is for troubleshooting, not an archive. Returns how many went."""
    cutoff = (now or timezone.now()) - older_than
    deleted, _by_model = WebhookDelivery.objects.filter(
        status__in=[Status.SUCCEEDED, Status.GAVE_UP], created_at__lt=cutoff
    ).delete()
    return deleted
