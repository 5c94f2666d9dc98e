"""Audit rows are kept: the retention purge and erasure leave them, however old."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from belong.audit.models import Action, AuditEvent, Category

SHORTEST = {
    "BELONG_RETAIN_EVENT_ATTENDEES_DAYS": 1,
    "BELONG_RETAIN_EXITED_PEOPLE_DAYS": 1,
    "BELONG_RETAIN_MATCH_DRAFTS_DAYS": 1,
    "BELONG_RETAIN_IMPORT_FILES_DAYS": 1,
    "BELONG_RETAIN_WEBHOOK_DELIVERIES_DAYS": 1,
}


@override_settings(**SHORTEST)
def test_it_survives_the_retention_purge(personas: dict[str, Any]) -> None:
    ancient = AuditEvent.objects.create(
        at=timezone.now() - dt.timedelta(days=3650),
        actor_id=personas["mentor"].pk,
        actor_label="mentor@example.test",
        category=Category.PRIVATE_MEMBERSHIP,
        action=Action.READ,
        target_type="groups.group",
        target_id="1",
    )
    call_command("purge_retention", verbosity=0)
    kept = AuditEvent.objects.get(pk=ancient.pk)
    assert (kept.at, kept.actor_label) == (ancient.at, "mentor@example.test")
