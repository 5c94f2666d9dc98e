"""The administrators' provisioning page and the create_scim_token command."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from belong.accounts.models import Role, RoleGrant
from belong.audit.models import AuditEvent
from belong.common.testing import PERSONAS, assert_page_access
from belong.scim.models import ProvisionedGroup, ProvisionedMember, ScimToken
from belong.scim.services import scim_token_create

PAGE = "/account/provisioning/"


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_administrators_see_the_page(client_as, persona):
    response = client_as(persona).get(PAGE)
    assert_page_access(response, persona, {"administrator"}, "provisioning")


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_administrators_create_tokens(client_as, persona):
    client_as(persona).post(PAGE, {"name": "Okta"})
    assert ScimToken.objects.exists() == (persona == "administrator")


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_administrators_revoke_tokens_and_map_groups(client_as, persona):
    token, _secret = scim_token_create(name="Okta")
    group = ProvisionedGroup.objects.create(display_name="Admins")
    client = client_as(persona)
    client.post(reverse("provisioning:token_revoke", args=[token.pk]))
    client.post(
        reverse("provisioning:group_map", args=[group.pk]),
        {f"g{group.pk}-role": "administrator", f"g{group.pk}-scope_kind": "company"},
    )
    token.refresh_from_db()
    group.refresh_from_db()
    is_admin = persona == "administrator"
    assert (token.revoked_at is not None) == is_admin
    assert (group.role == "administrator") == is_admin


def test_a_new_token_is_shown_once_and_works(client_as, personas):
    response = client_as("administrator").post(PAGE, {"name": "Okta production"})
    assert response.status_code == 200
    secret = re.search(r'<code class="secret">(scim_[^<]+)</code>', response.content.decode())[1]
    token = ScimToken.objects.get()
    assert token.created_by == personas["administrator"]
    assert secret not in token.key_hash  # only a hash is stored
    again = client_as("administrator").get(PAGE).content.decode()
    assert "Okta production" in again and secret not in again
    assert Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get("/scim/v2/Users").status_code == 200
    assert AuditEvent.objects.filter(category="provisioning", action="create").exists()


def test_a_token_needs_a_name(client_as, personas):
    response = client_as("administrator").post(PAGE, {"name": ""})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not ScimToken.objects.exists()


def test_revoking_shows_when_and_stops_the_token(client_as, personas):
    token, secret = scim_token_create(name="Okta")
    response = client_as("administrator").post(
        reverse("provisioning:token_revoke", args=[token.pk]), follow=True
    )
    assert "Revoked" in response.content.decode()
    assert Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get("/scim/v2/Users").status_code == 401


def test_mapping_a_group_grants_its_members_the_role(client_as, personas):
    group = ProvisionedGroup.objects.create(display_name="Belong admins")
    ProvisionedMember.objects.create(group=group, person=personas["employee"].person)
    url = reverse("provisioning:group_map", args=[group.pk])
    bad = client_as("administrator").post(
        url, {f"g{group.pk}-role": "hr_analyst", f"g{group.pk}-scope_kind": "group"}
    )
    assert bad.status_code == 400
    assert "This role cannot have that scope." in bad.content.decode()
    ok = client_as("administrator").post(
        url, {f"g{group.pk}-role": "hr_analyst", f"g{group.pk}-scope_kind": "company"}
    )
    assert ok.status_code == 302
    assert RoleGrant.objects.filter(user=personas["employee"], role=Role.HR_ANALYST).exists()
    page = client_as("administrator").get(PAGE).content.decode()
    assert "Belong admins" in page
    # Unmapping takes the role away again.
    client_as("administrator").post(
        url, {f"g{group.pk}-role": "", f"g{group.pk}-scope_kind": "company"}
    )
    assert not RoleGrant.objects.filter(user=personas["employee"], role=Role.HR_ANALYST).exists()


def test_the_page_lists_tokens_and_groups_in_few_queries(client_as, personas, count_queries):
    client = client_as("administrator")
    client.get(PAGE)
    with count_queries() as few:
        client.get(PAGE)
    for i in range(5):
        scim_token_create(name=f"T{i}", created_by=personas["administrator"])
        ProvisionedGroup.objects.create(display_name=f"G{i}")
    with count_queries() as many:
        response = client.get(PAGE)
    assert response.status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_command_prints_a_working_secret_once(db):
    out, err = io.StringIO(), io.StringIO()
    call_command("create_scim_token", "--name", "Entra ID", stdout=out, stderr=err)
    secret = out.getvalue().strip()
    assert secret.startswith("scim_") and "Entra ID" in err.getvalue()
    assert ScimToken.objects.get().name == "Entra ID"
    assert Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get("/scim/v2/Users").status_code == 200
