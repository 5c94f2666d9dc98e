"""An administrator filters the audit log with htmx, opens an entry and downloads the CSV."""

from __future__ import annotations

from pathlib import Path

import pytest

from belong.audit.models import Action, AuditEvent, Category
from belong.audit.services import audit_record
from belong.common.testing import PASSWORD
from e2e.conftest import ARTIFACTS, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_it_filters_opens_and_exports_the_audit_log(page, live_server, personas):
    audit_record(
        actor=personas["hr_analyst"],
        category=Category.CARE_CIRCLE,
        action=Action.DENIED,
        target_type="circles.circle",
        target_id=41,
        detail={"asked_for": "circle"},
    )
    audit_record(
        actor=personas["mentor"],
        category=Category.PRIVATE_MEMBERSHIP,
        action=Action.READ,
        target_type="groups.group",
        target_id=7,
    )
    sign_in(page, live_server, "administrator@example.test", PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Audit log").click()
    results = page.locator("#results")
    results.get_by_text("groups.group #7").wait_for()
    page.get_by_label("Category").select_option(label="Care circle")
    # htmx replaces the results in place and puts the filter in the address.
    page.wait_for_url("**category=care_circle**")
    results.get_by_text("groups.group #7").wait_for(state="detached")
    assert results.get_by_text("circles.circle #41").is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "audit-log-filtered.png"), full_page=True)

    with page.expect_download() as download:
        results.get_by_role("link", name="Download these entries as CSV").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert "circles.circle" in text and "groups.group" not in text
    export = AuditEvent.objects.get(category=Category.EXPORT)
    assert export.detail["filters"] == {"category": "care_circle"}

    results.get_by_role("link", name="Details").first.click()
    page.get_by_role("heading", level=1).filter(has_text="Audit entry").wait_for()
    assert "hr-analyst@example.test" in page.content()
