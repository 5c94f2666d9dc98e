"""Role grants and personal tokens through the API: the same rules as the pages."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from belong.accounts.models import ApiToken, Role, RoleGrant
from belong.accounts.services import api_token_create
from belong.audit.models import AuditEvent
from belong.common.testing import PERSONAS


def bearer(user, *scopes: str) -> Client:
    _, secret = api_token_create(user=user, name="test", scopes=list(scopes))
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def post(client: Client, url: str, body: dict) -> object:
    return client.post(url, json.dumps(body), content_type="application/json")


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lets_only_administrators_list_grant_and_revoke_roles(client_as, personas, persona):
    client = client_as(persona)
    target = RoleGrant.objects.get(user=personas["hr_analyst"])
    listed = client.get("/api/roles")
    granted = post(client, "/api/roles", {"email": "mentor@example.test", "role": "hr_analyst"})
    revoked = client.delete(f"/api/roles/{target.pk}")
    if persona == "anonymous":
        assert {listed.status_code, granted.status_code, revoked.status_code} == {401}
    elif persona == "administrator":
        assert listed.status_code == 200
        # the personas' grants, listed before the changes
        assert len(listed.json()["results"]) == 4 and listed.json()["has_next"] is False
        assert granted.status_code == 201, granted.json()
        assert granted.json()["granted_by"] == "administrator@example.test"
        assert revoked.status_code == 204
        assert not RoleGrant.objects.filter(pk=target.pk).exists()
    else:
        assert {listed.status_code, granted.status_code, revoked.status_code} == {403}
        assert RoleGrant.objects.filter(pk=target.pk).exists()


def test_it_lists_grants_with_filters_and_pages(client_as, personas, monkeypatch):
    from belong.accounts import api

    monkeypatch.setattr(api, "PAGE_SIZE", 3)
    client = client_as("administrator")
    first, second = client.get("/api/roles").json(), client.get("/api/roles?page=2").json()
    assert (first["page"], first["has_next"], len(first["results"])) == (1, True, 3)
    assert (second["page"], second["has_next"], len(second["results"])) == (2, False, 1)
    leaders = client.get("/api/roles?role=group_leader").json()
    assert [g["email"] for g in leaders["results"]] == ["group-leader@example.test"]
    assert client.get("/api/roles?page=0").status_code == 422


def test_a_refused_grant_names_the_field(client_as, personas):
    client = client_as("administrator")
    unknown = post(client, "/api/roles", {"email": "nobody@example.test", "role": "hr_analyst"})
    assert unknown.status_code == 400
    assert "email" in unknown.json()["errors"]
    no_scope = post(
        client,
        "/api/roles",
        {"email": "mentor@example.test", "role": "group_leader", "scope_kind": "group"},
    )
    assert no_scope.status_code == 400
    assert "scope_id" in no_scope.json()["errors"]
    bad_role = post(client, "/api/roles", {"email": "mentor@example.test", "role": "king"})
    assert bad_role.status_code == 422
    assert bad_role.json()["detail"][0]["loc"][-1] == "role"


def test_role_changes_need_the_admin_scope_and_are_audited(personas):
    admin = personas["administrator"]
    write_only = post(
        bearer(admin, "write"), "/api/roles", {"email": "mentor@example.test", "role": "hr_analyst"}
    )
    assert write_only.status_code == 403
    assert "admin" in write_only.json()["detail"]
    done = post(
        bearer(admin, "admin"), "/api/roles", {"email": "mentor@example.test", "role": "hr_analyst"}
    )
    assert done.status_code == 201
    assert RoleGrant.objects.filter(user=personas["mentor"], role=Role.HR_ANALYST).exists()
    assert AuditEvent.objects.filter(actor_id=admin.pk, category="role_grant").exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_everyone_signed_in_manages_their_own_tokens(client_as, personas, persona):
    client = client_as(persona)
    made = post(client, "/api/tokens", {"name": "laptop", "scopes": ["read"]})
    if persona == "anonymous":
        assert made.status_code == 401
        assert client.get("/api/tokens").status_code == 401
        return
    assert made.status_code == 201
    secret = made.json()["secret"]
    assert secret.startswith("blg_")
    listed = client.get("/api/tokens").json()
    assert [t["name"] for t in listed] == ["laptop"]
    assert "secret" not in listed[0]
    assert Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get("/api/me").status_code == 200
    assert client.delete(f"/api/tokens/{made.json()['id']}").status_code == 204
    assert Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get("/api/me").status_code == 401


def test_nobody_revokes_or_sees_someone_elses_token(client_as, personas):
    theirs, _ = api_token_create(user=personas["mentor"], name="theirs", scopes=["read"])
    client = client_as("employee")
    assert client.delete(f"/api/tokens/{theirs.pk}").status_code == 404
    assert client.get("/api/tokens").json() == []
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_a_token_cannot_mint_a_wider_token(personas):
    reader = bearer(personas["employee"], "read")
    assert post(reader, "/api/tokens", {"name": "x", "scopes": ["read"]}).status_code == 403
    writer = bearer(personas["employee"], "write")
    wider = post(writer, "/api/tokens", {"name": "x", "scopes": ["admin"]})
    assert wider.status_code == 403
    assert post(writer, "/api/tokens", {"name": "x", "scopes": ["write"]}).status_code == 201
    assert ApiToken.objects.filter(scopes=["admin"]).count() == 0
