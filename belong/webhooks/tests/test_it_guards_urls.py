"""The SSRF guard: only http(s), only public hosts unless settings allow private ones,
https unless the target is an allowed loopback receiver or the site runs in DEBUG."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from belong.webhooks import services
from belong.webhooks.models import WebhookDelivery
from belong.webhooks.urlguard import check_url

pytestmark = pytest.mark.django_db

PUBLIC = "https://93.184.215.14/hooks"  # an address literal: no DNS needed in tests


def refused(url: str) -> str:
    with pytest.raises(ValidationError) as caught:
        check_url(url)
    return caught.value.code or ""


@pytest.mark.parametrize(
    "url",
    [
        "ftp://93.184.215.14/x",
        "file:///etc/passwd",
        "gopher://93.184.215.14/",
        "javascript:alert(1)",
    ],
)
def test_it_refuses_schemes_other_than_http(url):
    assert refused(url) == "scheme"


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/",
        "https://localhost:8000/",
        "https://10.0.0.5/",
        "https://192.168.1.1/",
        "https://172.16.0.1/",
        "https://169.254.169.254/latest/meta-data/",
        "https://[::1]/",
        "https://[::ffff:127.0.0.1]/",
        "https://0.0.0.0/",
        "https://100.64.0.1/",
    ],
)
def test_it_refuses_private_addresses_by_default(settings, url):
    settings.BELONG_WEBHOOKS_ALLOW_PRIVATE = False
    assert refused(url) == "private"


def test_it_allows_private_addresses_when_settings_say_so(settings):
    settings.BELONG_WEBHOOKS_ALLOW_PRIVATE = True
    check_url("http://127.0.0.1:9000/hook")
    check_url("https://10.0.0.5/hook")
    # Plain http only for loopback, even then.
    assert refused("http://10.0.0.5/hook") == "https"


def test_it_wants_https_for_public_hosts(settings):
    settings.BELONG_WEBHOOKS_ALLOW_PRIVATE = False
    check_url(PUBLIC)
    assert refused("http://93.184.215.14/hooks") == "https"
    assert refused("https://user:pw@93.184.215.14/") == "credentials"
    assert refused("https://93.184.215.14:99999/") == "port"
    assert refused("https://no-such-host.invalid/") == "dns"


def test_it_names_the_field_and_the_problem(settings):
    settings.BELONG_WEBHOOKS_ALLOW_PRIVATE = False
    with pytest.raises(ValidationError) as caught:
        services.endpoint_create(url="http://10.0.0.1/", event_types=["nope"])
    errors = caught.value.message_dict
    assert "private" in errors["url"][0]
    assert errors["event_types"] == ["Choose at least one of the events listed."]


def test_it_checks_again_before_sending(receiver, settings, django_capture_on_commit_callbacks):
    services.endpoint_create(url=receiver.url, event_types=["event.created"])
    settings.BELONG_WEBHOOKS_ALLOW_PRIVATE = False  # e.g. the host now resolves inward
    with django_capture_on_commit_callbacks(execute=True):
        services.webhook_emit(event_type="event.created", data={})
    delivery = WebhookDelivery.objects.get()
    assert receiver.requests == []
    assert delivery.status == WebhookDelivery.Status.FAILED
    assert "private" in delivery.last_error
