"""The sensitive places in other apps each append one audit event."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from belong.accounts.models import RoleGrant
from belong.audit.models import Action, AuditEvent, Category


def _events(category: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(category=category).order_by("id"))


def test_it_records_role_grants_and_revocations(client_as: Any, personas: dict[str, Any]) -> None:
    client = client_as("administrator")
    form = {"email": "mentor@example.test", "role": "program_manager", "scope_kind": "program"}
    client.post(reverse("accounts:roles"), {**form, "scope_id": 7})
    client.post(reverse("accounts:roles"), {**form, "scope_id": 7})  # refused duplicate
    grant = RoleGrant.objects.get(user=personas["mentor"], role="program_manager")
    client.post(reverse("accounts:role_revoke", args=[grant.pk]))
    created, revoked = _events(Category.ROLE_GRANT)
    assert (created.action, revoked.action) == (Action.CREATE, Action.DELETE)
    for event in (created, revoked):
        assert event.actor_label == "administrator@example.test"
        assert event.target_type == "accounts.rolegrant" and event.target_id == str(grant.pk)
        assert event.detail == {
            "user_id": personas["mentor"].pk,
            "role": "program_manager",
            "scope_kind": "program",
            "scope_id": 7,
        }
