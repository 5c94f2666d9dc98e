"""The signature a receiver checks, recomputed here with nothing but hmac and base64."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json

import pytest
from django.utils import timezone
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from belong.webhooks import services
from belong.webhooks.models import WebhookDelivery

pytestmark = pytest.mark.django_db


def independent_signature(secret: str, message_id: str, timestamp: str, body: bytes) -> str:
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = message_id.encode() + b"." + timestamp.encode() + b"." + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def test_it_signs_what_it_sends(receiver, django_capture_on_commit_callbacks):
    _endpoint, secret = services.endpoint_create(url=receiver.url, event_types=["event.created"])
    assert secret.startswith("whsec_") and len(base64.b64decode(secret[6:])) == 24
    with django_capture_on_commit_callbacks(execute=True):
        assert services.webhook_emit(event_type="event.created", data={"event_id": 7}) == 1
    [request] = receiver.requests
    headers = request.headers
    assert headers["content-type"] == "application/json"
    delivery = WebhookDelivery.objects.get()
    assert headers["webhook-id"] == delivery.message_id
    sent_at = int(headers["webhook-timestamp"])
    assert abs(sent_at - timezone.now().timestamp()) < 60
    expected = independent_signature(
        secret, headers["webhook-id"], headers["webhook-timestamp"], request.body
    )
    assert headers["webhook-signature"] == expected
    payload = json.loads(request.body)
    assert payload["type"] == "event.created"
    assert payload["id"] == delivery.event_id
    assert payload["data"] == {"event_id": 7}
    # The reference library verifies it too, and refuses a body changed in transit.
    assert Webhook(secret).verify(request.body, headers)["data"] == {"event_id": 7}
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(request.body.replace(b"7", b"8"), headers)


def test_it_signs_with_both_secrets_while_a_rotation_settles(
    receiver, django_capture_on_commit_callbacks
):
    endpoint, old = services.endpoint_create(url=receiver.url, event_types=["event.created"])
    new = services.endpoint_secret_rotate(endpoint=endpoint)
    assert new != old and endpoint.secret == new
    with django_capture_on_commit_callbacks(execute=True):
        services.endpoint_ping(endpoint=endpoint)
    [request] = receiver.requests
    h = request.headers
    signatures = h["webhook-signature"].split(" ")
    assert signatures == [
        independent_signature(new, h["webhook-id"], h["webhook-timestamp"], request.body),
        independent_signature(old, h["webhook-id"], h["webhook-timestamp"], request.body),
    ]
    # A day later only the new secret signs.
    later = timezone.now() + dt.timedelta(hours=25)
    endpoint.refresh_from_db()
    assert endpoint.signing_secrets(later) == [new]


def test_it_converts_a_zoned_clock_to_unix_time():
    from belong.webhooks import signing

    madrid = dt.timezone(dt.timedelta(hours=2))
    at = dt.datetime(2026, 6, 1, 12, 0, tzinfo=madrid)
    secret = signing.new_secret()
    headers = signing.headers_for(message_id="msg_1", body="{}", keys=[secret], at=at)
    assert headers["webhook-timestamp"] == str(int(at.timestamp()))
    assert headers["webhook-signature"] == independent_signature(
        secret, "msg_1", headers["webhook-timestamp"], b"{}"
    )
