"""Delivery to a real receiver on loopback: success, retries with backoff, giving up."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.utils import timezone

from belong.webhooks import services
from belong.webhooks.models import WebhookDelivery

pytestmark = pytest.mark.django_db
Status = WebhookDelivery.Status


def emit(receiver, capture, event_type="event.created"):
    services.endpoint_create(url=receiver.url, event_types=[event_type])
    with capture(execute=True):
        services.webhook_emit(event_type=event_type, data={"event_id": 1})
    return WebhookDelivery.objects.get()


def test_it_delivers_to_a_receiver_on_loopback(receiver, django_capture_on_commit_callbacks):
    receiver.replies = [(204, b"")]
    delivery = emit(receiver, django_capture_on_commit_callbacks)
    assert len(receiver.requests) == 1
    assert receiver.requests[0].path == "/hooks/belong"
    assert delivery.status == Status.SUCCEEDED
    assert delivery.attempt_count == 1
    assert delivery.last_status_code == 204
    assert delivery.next_attempt_at is None
    assert delivery.last_duration_ms is not None


def test_it_retries_a_500_and_then_succeeds(receiver, django_capture_on_commit_callbacks):
    receiver.replies = [(500, b"database down " * 100), (200, b"thanks")]
    delivery = emit(receiver, django_capture_on_commit_callbacks)
    assert delivery.status == Status.FAILED
    assert delivery.last_status_code == 500
    assert len(delivery.last_response) == 500  # an excerpt, not the whole body
    wait = delivery.next_attempt_at - delivery.last_attempt_at
    assert dt.timedelta(seconds=24) <= wait <= dt.timedelta(seconds=36)
    # Not due yet: nothing is sent.
    assert services.delivery_attempt(delivery.pk, now=delivery.last_attempt_at) is None
    assert len(receiver.requests) == 1
    later = delivery.next_attempt_at + dt.timedelta(seconds=1)
    delivery = services.delivery_attempt(delivery.pk, now=later)
    assert delivery.status == Status.SUCCEEDED
    assert delivery.attempt_count == 2
    assert delivery.last_response == "thanks"
    # Both attempts carried the same message id, so the receiver can drop a duplicate.
    ids = {r.headers["webhook-id"] for r in receiver.requests}
    assert ids == {delivery.message_id}


def test_it_backs_off_and_gives_up_after_the_last_wait(
    receiver, django_capture_on_commit_callbacks
):
    receiver.replies = [(503, b"busy")]
    delivery = emit(receiver, django_capture_on_commit_callbacks)
    rng = random.Random(8)
    waits = []
    now = delivery.last_attempt_at
    while delivery.status == Status.FAILED:
        waits.append(delivery.next_attempt_at - now)
        now = delivery.next_attempt_at
        delivery = services.delivery_attempt(delivery.pk, now=now, rng=rng)
    assert delivery.status == Status.GAVE_UP
    assert delivery.attempt_count == services.MAX_ATTEMPTS == 6
    assert len(receiver.requests) == 6
    assert delivery.next_attempt_at is None
    for wait, base in zip(waits, services.BACKOFF, strict=True):
        assert base * 0.8 <= wait <= base * 1.2
    # A delivery that gave up is left alone by the queue.
    assert services.delivery_attempt(delivery.pk, now=now + dt.timedelta(days=1)) is None
    assert services.deliveries_enqueue_due(now=now + dt.timedelta(days=1)) == 0


def test_it_redelivers_a_failed_delivery_as_the_same_message(
    receiver, django_capture_on_commit_callbacks
):
    receiver.replies = [(500, b"no"), (200, b"yes")]
    delivery = emit(receiver, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        again = services.delivery_redeliver(delivery=delivery)
    again.refresh_from_db()
    assert again.status == Status.SUCCEEDED
    assert again.redelivery_of == delivery
    assert again.message_id == delivery.message_id
    assert receiver.requests[1].body == receiver.requests[0].body


def test_it_does_not_follow_redirects(receiver, django_capture_on_commit_callbacks):
    receiver.replies = [(302, b"")]
    receiver.extra_headers = {"Location": "http://169.254.169.254/latest/meta-data/"}
    delivery = emit(receiver, django_capture_on_commit_callbacks)
    assert delivery.status == Status.FAILED
    assert delivery.last_status_code == 302
    assert len(receiver.requests) == 1


def test_it_times_out_a_slow_receiver(receiver, django_capture_on_commit_callbacks, monkeypatch):
    from belong.webhooks import sender

    monkeypatch.setattr(sender, "TIMEOUT_SECONDS", 0.3)
    receiver.delay = 1.0
    delivery = emit(receiver, django_capture_on_commit_callbacks)
    assert delivery.status == Status.FAILED
    assert delivery.last_status_code is None
    assert "timed out" in delivery.last_error.lower()


def test_it_records_an_unreachable_receiver(settings, django_capture_on_commit_callbacks):
    import socket

    settings.BELONG_WEBHOOKS_ALLOW_PRIVATE = True
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    services.endpoint_create(url=f"http://127.0.0.1:{port}/", event_types=["event.created"])
    with django_capture_on_commit_callbacks(execute=True):
        services.webhook_emit(event_type="event.created", data={})
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == Status.FAILED
    assert delivery.last_error


def test_it_queues_only_due_deliveries(receiver, django_capture_on_commit_callbacks):
    receiver.replies = [(500, b""), (200, b"")]
    delivery = emit(receiver, django_capture_on_commit_callbacks)
    assert services.deliveries_enqueue_due(now=delivery.last_attempt_at) == 0
    assert len(receiver.requests) == 1
    # Once due, the sweep queues it (the test backend runs it at once) and it succeeds.
    delivery.next_attempt_at = timezone.now() - dt.timedelta(seconds=1)
    delivery.save(update_fields=["next_attempt_at"])
    assert services.deliveries_enqueue_due() == 1
    delivery.refresh_from_db()
    assert delivery.status == Status.SUCCEEDED
    assert delivery.attempt_count == 2


def test_it_sends_nothing_to_a_switched_off_endpoint(receiver, django_capture_on_commit_callbacks):
    endpoint, _ = services.endpoint_create(url=receiver.url, event_types=["event.created"])
    services.endpoint_update(
        endpoint=endpoint,
        url=receiver.url,
        event_types=["event.created"],
        description="",
        active=False,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.webhook_emit(event_type="event.created", data={}) == 0
    assert receiver.requests == []


def test_it_sends_nothing_until_the_change_commits(receiver, django_capture_on_commit_callbacks):
    services.endpoint_create(url=receiver.url, event_types=["event.created"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.webhook_emit(event_type="event.created", data={})
    assert receiver.requests == []
    assert len(callbacks) == 1
    assert WebhookDelivery.objects.get().status == Status.PENDING


def test_the_sweep_command_queues_due_deliveries(receiver, django_capture_on_commit_callbacks):
    from io import StringIO

    from django.core.management import call_command

    receiver.replies = [(500, b""), (200, b"")]
    delivery = emit(receiver, django_capture_on_commit_callbacks)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        next_attempt_at=timezone.now() - dt.timedelta(seconds=1)
    )
    out = StringIO()
    call_command("webhooks_send_due", stdout=out)
    assert out.getvalue().strip() == "Queued 1 webhook deliveries."
    delivery.refresh_from_db()
    assert delivery.status == Status.SUCCEEDED


def test_a_failure_schedules_the_retry_on_the_database_queue(
    receiver, settings, django_capture_on_commit_callbacks
):
    """In production the database backend holds the retry until its `run_after`."""
    from django_tasks_db.models import DBTaskResult

    receiver.replies = [(500, b"")]
    delivery = emit(receiver, django_capture_on_commit_callbacks)
    # django-tasks resets its backends when TASKS changes (and back after the test).
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    due = delivery.next_attempt_at + dt.timedelta(seconds=1)
    with django_capture_on_commit_callbacks(execute=True):
        delivery = services.delivery_attempt(delivery.pk, now=due)
    assert delivery.status == Status.FAILED and delivery.attempt_count == 2
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "belong.webhooks.tasks.delivery_send"
    assert queued.args_kwargs == {"args": [delivery.pk], "kwargs": {}}
    assert queued.run_after == delivery.next_attempt_at
    assert len(receiver.requests) == 2  # queued, not sent: nothing ran it yet


def test_the_purge_keeps_recent_and_unfinished_deliveries(receiver):
    from io import StringIO

    from django.core.management import call_command

    endpoint, _secret = services.endpoint_create(url=receiver.url, event_types=["event.created"])
    old = timezone.now() - dt.timedelta(days=100)
    for status in Status.values:
        for created_at in (old, timezone.now()):
            WebhookDelivery.objects.create(
                endpoint=endpoint,
                event_type="event.created",
                event_id=f"evt_{status}",
                status=status,
                created_at=created_at,
            )
    out = StringIO()
    call_command("webhooks_purge", "--days", "90", stdout=out)
    assert out.getvalue().startswith("Deleted 2 webhook deliveries")
    left = set(WebhookDelivery.objects.filter(created_at=old).values_list("status", flat=True))
    assert left == {Status.PENDING, Status.FAILED}
    assert WebhookDelivery.objects.exclude(created_at=old).count() == 4
