from __future__ import annotations

import pytest
from django.urls import reverse

from belong.accounts import access
from belong.accounts.models import RoleGrant

NON_ADMINS = ["employee", "mentor", "group_leader", "program_manager", "hr_analyst", "outsider"]


def test_an_administrator_grants_a_scoped_role(client_as, personas):
    response = client_as("administrator").post(
        reverse("accounts:roles"),
        {
            "email": "mentor@example.test",
            "role": "program_manager",
            "scope_kind": "program",
            "scope_id": 7,
        },
    )
    assert response.status_code == 302
    mentor = personas["mentor"]
    assert access.has_role(mentor, "program_manager", scope_kind="program", scope_id=7)
    fresh = type(mentor).objects.get(pk=mentor.pk)
    assert not access.has_role(fresh, "program_manager", scope_kind="program", scope_id=8)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"role": "hr_analyst", "scope_kind": "group", "scope_id": 1},
            "This role cannot have that scope.",
        ),
        ({"role": "group_leader", "scope_kind": "group"}, "Give the id of the group"),
        (
            {"role": "hr_analyst", "scope_kind": "company", "email": "nobody@x.test"},
            "No account signs in",
        ),
    ],
)
def test_it_explains_a_grant_it_refuses(client_as, personas, data, message):
    form = {"email": "mentor@example.test", **data}
    response = client_as("administrator").post(reverse("accounts:roles"), form)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_it_refuses_a_duplicate_grant(client_as, personas):
    form = {"email": "hr-analyst@example.test", "role": "hr_analyst", "scope_kind": "company"}
    response = client_as("administrator").post(reverse("accounts:roles"), form)
    assert "already holds this role" in response.content.decode()
    assert RoleGrant.objects.filter(role="hr_analyst").count() == 1


@pytest.mark.parametrize("persona", NON_ADMINS)
def test_only_administrators_grant_or_revoke(client_as, personas, persona):
    grant = RoleGrant.objects.get(role="hr_analyst")
    client = client_as(persona)
    form = {"email": "outsider@example.test", "role": "administrator", "scope_kind": "company"}
    assert client.post(reverse("accounts:roles"), form).status_code == 403
    assert client.post(reverse("accounts:role_revoke", args=[grant.pk])).status_code == 403
    assert RoleGrant.objects.filter(pk=grant.pk).exists()
    assert not access.is_administrator(
        type(personas["outsider"]).objects.get(pk=personas["outsider"].pk)
    )


def test_an_administrator_revokes_a_grant(client_as, personas):
    grant = RoleGrant.objects.get(role="hr_analyst")
    client_as("administrator").post(reverse("accounts:role_revoke", args=[grant.pk]))
    assert not RoleGrant.objects.filter(pk=grant.pk).exists()


def test_the_navigation_shows_only_areas_the_viewer_can_use(client_as, personas):
    employee_nav = client_as("employee").get("/").content.decode()
    admin_nav = client_as("administrator").get("/").content.decode()
    outsider_nav = client_as("outsider").get("/").content.decode()
    assert "Import people" not in employee_nav and "Import people" in admin_nav
    assert 'href="/people/"' in employee_nav and 'href="/people/"' not in outsider_nav
