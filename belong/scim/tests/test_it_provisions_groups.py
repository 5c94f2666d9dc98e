"""Groups ↔ role grants, and both ways identity providers remove members."""

from __future__ import annotations

from typing import Any

import pytest

from belong.accounts import access
from belong.accounts.models import Role, RoleGrant, ScopeKind
from belong.scim.models import ProvisionedGroup
from belong.scim.schemas import GROUP_URN
from belong.scim.services import provisioned_group_map


def group_body(name: str, *people: Any) -> dict[str, Any]:
    return {
        "schemas": [GROUP_URN],
        "displayName": name,
        "externalId": f"ext-{name}",
        "members": [{"value": str(p.pk), "display": p.display_name} for p in people],
    }


@pytest.fixture
def leaders(scim, personas):
    """A provisioned group mapped to 'group leader of group 7', with two members."""
    employee, mentor = personas["employee"].person, personas["mentor"].person
    response = scim.post("/Groups", group_body("ERG leads", employee, mentor))
    assert response.status_code == 201, response.json_body
    group = ProvisionedGroup.objects.get(pk=int(response.json_body["id"]))
    provisioned_group_map(
        group=group,
        role=Role.GROUP_LEADER,
        scope_kind=ScopeKind.GROUP,
        scope_id=7,
        mapped_by=personas["administrator"],
    )
    return group, employee, mentor


def leads_group_7(person: Any) -> bool:
    user = type(person.user).objects.get(pk=person.user_id)
    return access.has_role(user, Role.GROUP_LEADER, scope_kind=ScopeKind.GROUP, scope_id=7)


def test_members_of_a_mapped_group_receive_its_role(scim, leaders):
    group, employee, mentor = leaders
    assert leads_group_7(employee) and leads_group_7(mentor)
    doc = scim.get(f"/Groups/{group.pk}").json_body
    assert doc["displayName"] == "ERG leads" and doc["externalId"] == "ext-ERG leads"
    assert sorted(m["value"] for m in doc["members"]) == sorted([str(employee.pk), str(mentor.pk)])
    assert doc["members"][0]["$ref"].startswith("http://testserver/scim/v2/Users/")


def test_an_unmapped_group_records_members_but_grants_nothing(scim, personas):
    employee = personas["employee"].person
    response = scim.post("/Groups", group_body("All staff", employee))
    assert response.status_code == 201
    assert not RoleGrant.objects.filter(user=personas["employee"]).exists()


def test_it_removes_a_member_by_rfc_filtered_path(scim, leaders):
    group, employee, mentor = leaders
    response = scim.patch(
        f"/Groups/{group.pk}", {"op": "remove", "path": f'members[value eq "{employee.pk}"]'}
    )
    assert response.status_code == 200
    assert [m["value"] for m in response.json_body["members"]] == [str(mentor.pk)]
    assert not leads_group_7(employee) and leads_group_7(mentor)


def test_it_removes_a_member_the_entra_way(scim, leaders):
    group, employee, mentor = leaders
    response = scim.patch(
        f"/Groups/{group.pk}",
        {"op": "Remove", "path": "members", "value": [{"value": str(mentor.pk)}]},
    )
    assert response.status_code == 200
    assert [m["value"] for m in response.json_body["members"]] == [str(employee.pk)]
    assert leads_group_7(employee) and not leads_group_7(mentor)


def test_it_adds_and_replaces_members(scim, leaders, personas):
    group, employee, mentor = leaders
    analyst = personas["hr_analyst"].person
    scim.patch(
        f"/Groups/{group.pk}",
        {"op": "add", "path": "members", "value": [{"value": str(analyst.pk)}]},
    )
    assert leads_group_7(analyst)
    response = scim.patch(
        f"/Groups/{group.pk}",
        {"op": "replace", "path": "members", "value": [{"value": str(analyst.pk)}]},
    )
    assert [m["value"] for m in response.json_body["members"]] == [str(analyst.pk)]
    assert leads_group_7(analyst) and not leads_group_7(employee) and not leads_group_7(mentor)
    # PUT replaces the whole group, members included.
    response = scim.put(f"/Groups/{group.pk}", group_body("ERG leads", mentor))
    assert [m["value"] for m in response.json_body["members"]] == [str(mentor.pk)]
    assert leads_group_7(mentor) and not leads_group_7(analyst)


def test_a_role_held_by_other_means_survives_leaving_the_group(scim, leaders):
    group, employee, _mentor = leaders
    # The employee was also made a leader of group 7 by hand before joining the IdP group.
    grant = RoleGrant.objects.get(user_id=employee.user_id, role=Role.GROUP_LEADER)
    scim.patch(
        f"/Groups/{group.pk}", {"op": "remove", "path": f'members[value eq "{employee.pk}"]'}
    )
    assert not RoleGrant.objects.filter(pk=grant.pk).exists()  # this one the group gave
    RoleGrant.objects.create(
        user_id=employee.user_id, role=Role.GROUP_LEADER, scope_kind=ScopeKind.GROUP, scope_id=7
    )
    scim.patch(
        f"/Groups/{group.pk}",
        {"op": "add", "path": "members", "value": [{"value": str(employee.pk)}]},
    )
    scim.patch(
        f"/Groups/{group.pk}", {"op": "remove", "path": f'members[value eq "{employee.pk}"]'}
    )
    assert leads_group_7(employee)  # the hand-made grant is not the group's to take away


def test_deleting_a_group_revokes_its_grants(scim, leaders):
    group, employee, mentor = leaders
    assert scim.delete(f"/Groups/{group.pk}").status_code == 204
    assert scim.get(f"/Groups/{group.pk}").status_code == 404
    assert not leads_group_7(employee) and not leads_group_7(mentor)


def test_deleting_a_user_takes_them_out_of_groups(scim, leaders):
    group, employee, mentor = leaders
    scim.delete(f"/Users/{employee.pk}")
    doc = scim.get(f"/Groups/{group.pk}").json_body
    assert [m["value"] for m in doc["members"]] == [str(mentor.pk)]
    assert not leads_group_7(employee)


def test_it_rename_and_filters_groups(scim, leaders):
    group, employee, _mentor = leaders
    scim.patch(f"/Groups/{group.pk}", {"op": "replace", "path": "displayName", "value": "Leads"})
    found = scim.get("/Groups", filter='displayName eq "leads"')
    assert [r["id"] for r in found.json_body["Resources"]] == [str(group.pk)]
    found = scim.get("/Groups", filter=f'members[value eq "{employee.pk}"]')
    assert found.json_body["totalResults"] == 1
    found = scim.get(
        "/Groups", filter='externalId eq "ext-ERG leads"', excludedAttributes="members"
    )
    assert "members" not in found.json_body["Resources"][0]


@pytest.mark.parametrize(
    ("body", "status", "detail"),
    [
        ({"displayName": ""}, 400, "'displayName' is required"),
        ({"displayName": "ERG leads"}, 409, "already used"),
        ({"displayName": "X", "members": [{"value": "abc"}]}, 400, "members.value"),
        ({"displayName": "X", "members": [{"value": "999999"}]}, 400, "no known user"),
        ({"displayName": "X", "members": [{"value": "1", "type": "Group"}]}, 400, "Groups inside"),
    ],
)
def test_it_refuses_bad_groups(scim, leaders, body, status, detail):
    response = scim.post("/Groups", {"schemas": [GROUP_URN], **body})
    assert response.status_code == status
    assert detail in response.json_body["detail"]
