"""The webhooks API: administrators with the admin scope; everyone else refused."""

from __future__ import annotations

import pytest
from django.test import Client

from belong.accounts.services import api_token_create
from belong.common.testing import PERSONAS
from belong.webhooks import services
from belong.webhooks.models import WebhookDelivery, WebhookEndpoint

pytestmark = pytest.mark.django_db
BASE = "/api/webhooks"


def bearer(user, scopes=("admin",)) -> Client:
    _token, secret = api_token_create(user=user, name="script", scopes=list(scopes))
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


@pytest.fixture
def endpoint(personas):
    return services.endpoint_create(
        url="https://93.184.215.14/hook", event_types=["event.created"]
    )[0]


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_administrators_use_the_api(personas, client_as, persona, endpoint):
    client = client_as(persona)
    responses = [
        client.get(f"{BASE}/endpoints"),
        client.get(f"{BASE}/endpoints/{endpoint.pk}"),
        client.get(f"{BASE}/endpoints/{endpoint.pk}/deliveries"),
        client.post(
            f"{BASE}/endpoints",
            {"url": "https://93.184.215.14/x", "event_types": ["event.created"]},
            content_type="application/json",
        ),
    ]
    expected = {"administrator": 200, "anonymous": 401}.get(persona, 403)
    codes = [r.status_code for r in responses]
    if persona == "administrator":
        assert codes == [200, 200, 200, 201]
    else:
        assert codes == [expected] * 4


def test_a_token_needs_the_admin_scope(personas, endpoint):
    admin = personas["administrator"]
    assert bearer(admin, ["write"]).get(f"{BASE}/endpoints").status_code == 403
    assert bearer(admin, ["admin"]).get(f"{BASE}/endpoints").status_code == 200
    # An admin-scoped token of someone who is not an administrator is still refused.
    assert bearer(personas["hr_analyst"]).get(f"{BASE}/endpoints").status_code == 403


def test_an_administrator_manages_endpoints_through_the_api(personas):
    client = bearer(personas["administrator"])
    response = client.post(
        f"{BASE}/endpoints",
        {"url": "https://93.184.215.14/x", "event_types": ["membership.changed"]},
        content_type="application/json",
    )
    assert response.status_code == 201
    created = response.json()
    endpoint = WebhookEndpoint.objects.get()
    assert created["secret"] == endpoint.secret
    assert "secret" not in client.get(f"{BASE}/endpoints/{endpoint.pk}").json()
    assert "secret" not in client.get(f"{BASE}/endpoints").json()[0]
    response = client.patch(
        f"{BASE}/endpoints/{endpoint.pk}", {"active": False}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["active"] is False
    assert response.json()["event_types"] == ["membership.changed"]
    rotated = client.post(f"{BASE}/endpoints/{endpoint.pk}/rotate").json()["secret"]
    endpoint.refresh_from_db()
    assert rotated == endpoint.secret != created["secret"]
    assert client.delete(f"{BASE}/endpoints/{endpoint.pk}").status_code == 204
    assert not WebhookEndpoint.objects.exists()


def test_the_api_names_the_field_and_the_problem(personas, settings):
    settings.BELONG_WEBHOOKS_ALLOW_PRIVATE = False
    response = bearer(personas["administrator"]).post(
        f"{BASE}/endpoints",
        {"url": "https://10.0.0.1/", "event_types": ["event.created"]},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "private" in response.json()["errors"]["url"][0]


def test_the_api_lists_deliveries_and_redelivers(
    personas, endpoint, receiver, django_capture_on_commit_callbacks
):
    endpoint.url = receiver.url
    endpoint.save()
    failed = WebhookDelivery.objects.create(
        endpoint=endpoint,
        event_type="event.created",
        event_id="evt_1",
        payload={"id": "evt_1", "data": {}},
        status=WebhookDelivery.Status.GAVE_UP,
        attempt_count=6,
    )
    client = bearer(personas["administrator"])
    page = client.get(f"{BASE}/endpoints/{endpoint.pk}/deliveries", {"status": "gave_up"}).json()
    assert [d["id"] for d in page["items"]] == [failed.pk]
    assert "payload" not in page["items"][0]
    assert client.get(f"{BASE}/deliveries/{failed.pk}").json()["payload"] == failed.payload
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{BASE}/deliveries/{failed.pk}/redeliver")
    assert response.status_code == 202
    again = WebhookDelivery.objects.get(redelivery_of=failed)
    assert again.status == WebhookDelivery.Status.SUCCEEDED
    assert client.post(f"{BASE}/deliveries/{again.pk}/redeliver").status_code == 409
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"{BASE}/endpoints/{endpoint.pk}/ping").status_code == 202
    assert len(receiver.requests) == 2
    assert client.get(f"{BASE}/deliveries/999999").status_code == 404
