"""The webhook pages: administrators only, per persona; the delivery log's queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from belong.audit.models import AuditEvent
from belong.common.testing import PERSONAS, assert_page_access
from belong.webhooks import services
from belong.webhooks.models import WebhookDelivery, WebhookEndpoint

pytestmark = pytest.mark.django_db
ADMIN = {"administrator"}


@pytest.fixture
def endpoint(personas):
    endpoint, _ = services.endpoint_create(
        url="https://93.184.215.14/hook", event_types=["event.created"], description="CRM"
    )
    return endpoint


def failed_delivery(endpoint: WebhookEndpoint, **fields) -> WebhookDelivery:
    fields = {
        "event_type": "event.created",
        "event_id": "evt_1",
        "payload": {"id": "evt_1", "type": "event.created", "data": {"event_id": 1}},
        "status": WebhookDelivery.Status.GAVE_UP,
        "attempt_count": 6,
        "last_status_code": 500,
        **fields,
    }
    return WebhookDelivery.objects.create(endpoint=endpoint, **fields)


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_administrators_see_the_pages(client_as, persona, endpoint):
    delivery = failed_delivery(endpoint)
    client = client_as(persona)
    for name, args in [
        ("webhooks:list", []),
        ("webhooks:create", []),
        ("webhooks:endpoint", [endpoint.pk]),
        ("webhooks:edit", [endpoint.pk]),
        ("webhooks:delivery", [delivery.pk]),
    ]:
        assert_page_access(client.get(reverse(name, args=args)), persona, ADMIN, name)


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "administrator"])
def test_it_refuses_every_write_to_others(client_as, persona, endpoint):
    delivery = failed_delivery(endpoint)
    client = client_as(persona)
    for name, pk in [
        ("webhooks:rotate", endpoint.pk),
        ("webhooks:ping", endpoint.pk),
        ("webhooks:delete", endpoint.pk),
        ("webhooks:redeliver", delivery.pk),
    ]:
        response = client.post(reverse(name, args=[pk]))
        assert response.status_code in {302, 403}, name
        if persona != "anonymous":
            assert response.status_code == 403, name
    response = client.post(
        reverse("webhooks:create"),
        {"url": "https://93.184.215.14/x", "event_types": ["event.created"]},
    )
    assert response.status_code in {302, 403}
    endpoint.refresh_from_db()
    assert WebhookEndpoint.objects.count() == 1
    assert WebhookDelivery.objects.count() == 1
    assert endpoint.secret_rotated_at is None


def test_an_administrator_creates_an_endpoint_and_sees_the_secret_once(client_as):
    client = client_as("administrator")
    response = client.post(
        reverse("webhooks:create"),
        {
            "url": "https://93.184.215.14/hook",
            "description": "HRIS",
            "event_types": ["event.created", "membership.changed"],
            "active": "on",
        },
    )
    assert response.status_code == 200
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.secret in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert endpoint.event_types == ["event.created", "membership.changed"]
    page = client.get(reverse("webhooks:endpoint", args=[endpoint.pk])).content.decode()
    assert endpoint.secret not in page
    assert "HRIS" in page
    audit = AuditEvent.objects.get(category="webhook", action="create")
    assert audit.target_id == str(endpoint.pk)
    assert endpoint.secret not in str(audit.detail)


def test_the_form_names_the_field_and_the_problem(client_as, settings):
    settings.BELONG_WEBHOOKS_ALLOW_PRIVATE = False
    client = client_as("administrator")
    response = client.post(
        reverse("webhooks:create"), {"url": "http://169.254.169.254/", "event_types": []}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "private, loopback or reserved" in form.errors["url"][0]
    assert form.errors["event_types"] == ["Choose at least one event to send."]
    response = client.post(
        reverse("webhooks:create"),
        {"url": "ftp://93.184.215.14/", "event_types": ["event.created"]},
    )
    assert response.context["form"].errors["url"] == ["Use an http or https URL."]
    assert WebhookEndpoint.objects.count() == 0


def test_an_administrator_edits_rotates_and_deletes(client_as, endpoint):
    client = client_as("administrator")
    old = endpoint.secret
    response = client.post(
        reverse("webhooks:edit", args=[endpoint.pk]),
        {"url": "https://93.184.215.15/new", "description": "", "event_types": ["event.updated"]},
    )
    assert response.status_code == 302
    endpoint.refresh_from_db()
    assert endpoint.url == "https://93.184.215.15/new" and not endpoint.active
    response = client.post(reverse("webhooks:rotate", args=[endpoint.pk]))
    endpoint.refresh_from_db()
    assert endpoint.secret != old and endpoint.previous_secret == old
    assert endpoint.secret in response.content.decode()
    assert old not in response.content.decode()
    client.post(reverse("webhooks:delete", args=[endpoint.pk]))
    assert not WebhookEndpoint.objects.exists()
    actions = list(
        AuditEvent.objects.filter(category="webhook")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["create", "update", "update", "delete"]


def test_ping_and_redeliver_reach_a_real_receiver(
    client_as, receiver, django_capture_on_commit_callbacks
):
    endpoint, _ = services.endpoint_create(url=receiver.url, event_types=["event.created"])
    client = client_as("administrator")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("webhooks:ping", args=[endpoint.pk]))
    assert response.status_code == 302
    ping = WebhookDelivery.objects.get(event_type="webhook.ping")
    assert ping.status == WebhookDelivery.Status.SUCCEEDED
    assert len(receiver.requests) == 1
    failed = failed_delivery(endpoint)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("webhooks:redeliver", args=[failed.pk]))
    again = WebhookDelivery.objects.get(redelivery_of=failed)
    assert again.status == WebhookDelivery.Status.SUCCEEDED
    # A delivery that succeeded cannot be sent again.
    client.post(reverse("webhooks:redeliver", args=[again.pk]))
    assert WebhookDelivery.objects.filter(redelivery_of=again).count() == 0


def test_the_log_filters_by_status_and_event_with_htmx(client_as, endpoint):
    gave_up = failed_delivery(endpoint, event_id="evt_gave_up")
    ok = failed_delivery(endpoint, event_id="evt_ok", status=WebhookDelivery.Status.SUCCEEDED)
    ping = failed_delivery(endpoint, event_id="evt_ping", event_type="webhook.ping")
    client = client_as("administrator")
    url = reverse("webhooks:endpoint", args=[endpoint.pk])
    response = client.get(
        url, {"status": "gave_up", "event": "event.created"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="log"')  # the fragment alone
    assert reverse("webhooks:delivery", args=[gave_up.pk]) in body
    for other in (ok, ping):
        assert reverse("webhooks:delivery", args=[other.pk]) not in body
    response = client.get(url, {"status": "bogus"})  # an unknown filter is no filter
    assert len(response.context["deliveries"]) == 3


def test_the_log_pages_in_a_fixed_number_of_queries(client_as, endpoint, count_queries):
    client = client_as("administrator")
    url = reverse("webhooks:endpoint", args=[endpoint.pk])
    client.get(url)  # warm the session and the viewer's caches

    def queries_for_log() -> int:
        with count_queries() as captured:
            response = client.get(url)
        assert response.status_code == 200
        return len(captured.captured_queries)

    failed_delivery(endpoint)
    few = queries_for_log()
    now = timezone.now()
    WebhookDelivery.objects.bulk_create(
        [
            WebhookDelivery(
                endpoint=endpoint,
                event_type="event.created",
                event_id=f"evt_{k}",
                payload={},
                status=WebhookDelivery.Status.SUCCEEDED,
                created_at=now - dt.timedelta(minutes=k),
            )
            for k in range(60)
        ]
    )
    many = queries_for_log()
    assert many == few <= 8
    response = client.get(url, {"page": 3})
    assert response.context["number"] == 3 and not response.context["has_next"]


def test_the_list_shows_every_endpoint_in_a_fixed_number_of_queries(
    client_as, endpoint, count_queries
):
    client = client_as("administrator")
    client.get(reverse("webhooks:list"))
    with count_queries() as one:
        client.get(reverse("webhooks:list"))
    for k in range(5):
        other, _ = services.endpoint_create(
            url=f"https://93.184.215.{20 + k}/hook", event_types=["event.created"]
        )
        failed_delivery(other)
    with count_queries() as six:
        response = client.get(reverse("webhooks:list"))
    assert len(six.captured_queries) == len(one.captured_queries)
    assert len(response.context["endpoints"]) == 6
    assert response.context["endpoints"][1].gave_up == 1


def test_the_delivery_page_shows_payload_and_response(client_as, endpoint):
    delivery = failed_delivery(endpoint, last_response="upstream exploded")
    page = client_as("administrator").get(reverse("webhooks:delivery", args=[delivery.pk]))
    body = page.content.decode()
    assert "upstream exploded" in body
    assert "&quot;event_id&quot;: 1" in body
    assert "Redeliver" in body
