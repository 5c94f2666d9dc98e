"""An administrator adds a webhook endpoint, copies its secret, sends a test ping to a real
receiver on loopback, and filters the delivery log (htmx) — without a CSP violation."""

from __future__ import annotations

import pytest

from belong.accounts.models import Role
from belong.common.testing import PASSWORD, employee_user, grant
from belong.webhooks.models import WebhookDelivery, WebhookEndpoint
from belong.webhooks.tests.conftest import receiver  # noqa: F401 - the loopback receiver
from e2e.conftest import ARTIFACTS, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_administrator_adds_an_endpoint_and_pings_it(page, live_server, receiver):  # noqa: F811
    admin = employee_user("webhook-admin")
    grant(admin, Role.ADMINISTRATOR)
    problems: list[str] = []

    def on_console(msg) -> None:
        # The browser asks for /favicon.ico by itself; Belong has none.
        if msg.type == "error" and not msg.location.get("url", "").endswith("/favicon.ico"):
            problems.append(f"{msg.text} {msg.location.get('url', '')}")

    page.on("console", on_console)

    sign_in(page, live_server, admin.email, PASSWORD)
    page.get_by_role("link", name="Webhooks").first.click()
    page.get_by_role("link", name="Add endpoint").click()
    page.get_by_label("Payload URL").fill("ftp://example.test/")
    page.get_by_label("Event created").check()
    page.get_by_role("button", name="Save endpoint").click()
    page.get_by_text("Use an http or https URL.").wait_for()

    page.get_by_label("Payload URL").fill(receiver.url)
    page.get_by_label("Description").fill("Chat bot")
    page.get_by_role("button", name="Save endpoint").click()
    endpoint = WebhookEndpoint.objects.get()
    secret = page.locator("code.secret").inner_text()
    assert secret == endpoint.secret
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "webhooks-secret-once.png"), full_page=True)
    page.get_by_role("link", name="I have copied it").click()
    assert secret not in page.content()

    page.get_by_role("button", name="Send test ping").click()
    page.get_by_text("Test ping queued").wait_for()
    assert len(receiver.requests) == 1
    assert receiver.requests[0].headers["webhook-signature"].startswith("v1,")
    log = page.locator("#log")
    log.get_by_text("Succeeded").wait_for()

    page.get_by_label("Status").select_option("gave_up")
    log.get_by_text("No deliveries match.").wait_for()
    assert "status=gave_up" in page.url
    page.get_by_label("Status").select_option("succeeded")
    log.get_by_text("webhook.ping").wait_for()
    page.screenshot(path=str(ARTIFACTS / "webhooks-delivery-log.png"), full_page=True)
    assert WebhookDelivery.objects.get().status == "succeeded"
    assert problems == []
