"""`GET /api/audit`: administrators with an admin-scoped token or a session."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from belong.accounts.services import api_token_create
from belong.audit.models import Action, Category
from belong.audit.services import audit_record
from belong.common.testing import PERSONAS


@pytest.fixture
def events(personas: dict[str, Any]) -> None:
    for n in range(3):
        audit_record(
            actor=personas["mentor"],
            category=Category.PRIVATE_MEMBERSHIP,
            action=Action.READ,
            target_type="groups.group",
            target_id=n,
        )
    audit_record(actor=None, category=Category.INSIGHTS, action=Action.READ)


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_answers_administrators_only(client_as: Any, persona: str, events: None) -> None:
    response = client_as(persona).get("/api/audit")
    if persona == "administrator":
        assert response.status_code == 200
        assert len(response.json()["results"]) == 4
    elif persona == "anonymous":
        assert response.status_code == 401
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("scope,status", [("read", 403), ("write", 403), ("admin", 200)])
def test_it_needs_the_admin_scope(
    personas: dict[str, Any], events: None, scope: str, status: int
) -> None:
    _, secret = api_token_create(user=personas["administrator"], name="siem", scopes=[scope])
    response = Client().get("/api/audit", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == status


def test_it_filters_and_pages_without_counting(client_as: Any, events: None) -> None:
    client = client_as("administrator")
    body = client.get("/api/audit", {"category": "private_membership", "actor": "mentor"}).json()
    assert body["page"] == 1 and body["has_next"] is False
    assert [r["target_id"] for r in body["results"]] == ["2", "1", "0"]
    assert body["results"][0]["actor"] == "mentor@example.test"
    assert client.get("/api/audit", {"category": "nonsense"}).status_code == 422
    assert client.get("/api/audit", {"page": 0}).status_code == 422
