"""Users ↔ people: every mapped attribute, and the habits of Okta and Entra ID."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from belong.audit.models import AuditEvent
from belong.groups.models import Group, LeaderRole, Membership
from belong.people.models import JobEvent, Person
from belong.scim.schemas import ENTERPRISE_URN, USER_URN

User = get_user_model()


def okta_user(user_name: str = "ada@acme.test", **extra: Any) -> dict[str, Any]:
    """What Okta sends when it assigns someone to the app."""
    return {
        "schemas": [USER_URN, ENTERPRISE_URN],
        "userName": user_name,
        "name": {"givenName": "Ada", "familyName": "Lovelace"},
        "emails": [{"primary": True, "value": user_name, "type": "work"}],
        "displayName": "Ada L.",
        "locale": "en-GB",
        "externalId": "00u1abcd",
        "groups": [],
        "password": "ignored-by-belong",
        "active": True,
        **extra,
    }


def create(scim: Any, body: dict[str, Any]) -> dict[str, Any]:
    response = scim.post("/Users", body)
    assert response.status_code == 201, response.json_body
    return dict(response.json_body)


def test_it_maps_every_attribute_onto_the_person_and_account(scim, personas):
    manager = personas["mentor"].person
    body = okta_user(
        title="Staff Engineer",
        preferredLanguage="en-GB",
        timezone="Europe/Madrid",
        **{
            ENTERPRISE_URN: {
                "employeeNumber": "E-4242",
                "department": "Engineering",
                "manager": {"value": str(manager.pk)},
            }
        },
    )
    doc = create(scim, body)

    person = Person.objects.select_related("user", "org_unit").get(pk=int(doc["id"]))
    assert person.employee_id == "E-4242"
    assert person.legal_name == "Ada Lovelace"
    assert person.preferred_name == "Ada L."
    assert person.email == "ada@acme.test"
    assert person.title == "Staff Engineer"
    assert person.org_unit.full_name == "Acme / Engineering"  # matched by unit name
    assert person.manager_id == manager.pk
    assert person.site.timezone == "Europe/Madrid"
    assert person.is_active and person.hire_date == timezone.localdate()
    assert person.user.username == "ada@acme.test"
    assert person.user.is_active and not person.user.has_usable_password()
    assert JobEvent.objects.filter(person=person, kind=JobEvent.Kind.HIRE).count() == 1

    assert doc["userName"] == "ada@acme.test"
    assert doc["externalId"] == "00u1abcd"
    assert doc["name"] == {"givenName": "Ada", "familyName": "Lovelace"}
    assert doc["displayName"] == "Ada L."
    assert doc["title"] == "Staff Engineer"
    assert doc["emails"] == [{"value": "ada@acme.test", "type": "work", "primary": True}]
    assert doc["active"] is True
    assert (doc["preferredLanguage"], doc["locale"], doc["timezone"]) == (
        "en-GB",
        "en-GB",
        "Europe/Madrid",
    )
    assert doc[ENTERPRISE_URN] == {
        "employeeNumber": "E-4242",
        "department": "Engineering",
        "manager": {
            "value": str(manager.pk),
            "$ref": f"http://testserver/scim/v2/Users/{manager.pk}",
        },
    }
    assert "password" not in doc
    assert doc["meta"]["location"] == f"http://testserver/scim/v2/Users/{person.pk}"
    assert scim.get(f"/Users/{person.pk}").json_body == doc


def test_okta_finds_creates_and_deactivates_a_user(scim, personas):
    # 1. Okta looks the user up first.
    found = scim.get("/Users", filter='userName eq "ada@acme.test"', startIndex=1, count=100)
    assert found.status_code == 200
    assert found["Content-Type"] == "application/scim+json"
    assert found.json_body["totalResults"] == 0 and found.json_body["Resources"] == []
    # 2. Not there: it creates them.
    doc = create(scim, okta_user())
    person = Person.objects.get(pk=int(doc["id"]))
    group = Group.objects.create(name="Women in Tech", slug="wit")
    membership = Membership.objects.create(group=group, person=person, kind="member")
    role = LeaderRole.objects.create(
        group=group, person=person, title="Lead", starts_on=timezone.localdate()
    )
    found = scim.get("/Users", filter='userName eq "ada@acme.test"')
    assert [r["id"] for r in found.json_body["Resources"]] == [doc["id"]]
    # 3. Unassigned in Okta: PATCH active=false.
    response = scim.patch(f"/Users/{doc['id']}", {"op": "replace", "value": {"active": False}})
    assert response.status_code == 200 and response.json_body["active"] is False

    person.refresh_from_db()
    assert person.exit_date == timezone.localdate() and not person.is_active
    assert JobEvent.objects.filter(person=person, kind=JobEvent.Kind.EXIT).count() == 1
    membership.refresh_from_db()
    assert membership.ended_at is not None and not membership.show_on_roster
    role.refresh_from_db()
    assert role.ended_at is not None
    assert not User.objects.get(pk=person.user_id).is_active  # can no longer sign in
    assert Person.objects.filter(pk=person.pk).exists()  # never deleted
    # 4. The deactivated user stays retrievable, by id and by filter.
    again = scim.get(f"/Users/{doc['id']}")
    assert again.status_code == 200 and again.json_body["active"] is False
    listed = scim.get("/Users", filter="active eq false")
    assert [r["id"] for r in listed.json_body["Resources"]] == [doc["id"]]
    # 5. Reassigned: active=true brings them back.
    response = scim.patch(f"/Users/{doc['id']}", {"op": "replace", "path": "active", "value": True})
    assert response.json_body["active"] is True
    person.refresh_from_db()
    assert person.is_active and User.objects.get(pk=person.user_id).is_active


def test_entra_sends_booleans_as_strings_and_enterprise_paths(scim, personas):
    doc = create(scim, okta_user())
    manager = personas["administrator"].person
    response = scim.patch(
        f"/Users/{doc['id']}",
        {"op": "Replace", "path": "active", "value": "False"},
        {"op": "Add", "path": f"{ENTERPRISE_URN}:manager", "value": str(manager.pk)},
        {"op": "replace", "path": f"{ENTERPRISE_URN}:department", "value": "Finance"},
        {"op": "replace", "path": 'emails[type eq "work"].value', "value": "ada@new.test"},
        {"op": "replace", "path": "name.familyName", "value": "King"},
    )
    assert response.status_code == 200, response.json_body
    person = Person.objects.select_related("org_unit").get(pk=int(doc["id"]))
    assert not person.is_active
    assert person.manager_id == manager.pk
    assert person.org_unit.name == "Finance"
    assert person.email == "ada@new.test"
    assert person.legal_name == "Ada King"
    assert JobEvent.objects.filter(person=person, kind=JobEvent.Kind.TRANSFER).count() == 1


def test_put_replaces_and_active_false_deactivates(scim):
    doc = create(scim, okta_user())
    body = okta_user(title="CTO", active=False, displayName="Countess")
    response = scim.put(f"/Users/{doc['id']}", body)
    assert response.status_code == 200
    assert response.json_body["title"] == "CTO"
    assert response.json_body["active"] is False
    person = Person.objects.get(pk=int(doc["id"]))
    assert person.title == "CTO" and person.preferred_name == "Countess" and not person.is_active


def test_delete_deactivates_and_hides_the_user_but_never_deletes(scim):
    doc = create(scim, okta_user())
    assert scim.delete(f"/Users/{doc['id']}").status_code == 204
    person = Person.objects.get(pk=int(doc["id"]))
    assert not person.is_active
    # RFC 7644 §3.6: after DELETE the resource answers 404 (the person stays in Belong).
    gone = scim.get(f"/Users/{doc['id']}")
    assert gone.status_code == 404 and gone.json_body["status"] == "404"
    assert scim.get("/Users", filter='userName eq "ada@acme.test"').json_body["totalResults"] == 0
    # Entra re-creates someone who returns: the same person comes back, active.
    again = create(scim, okta_user())
    assert again["id"] == doc["id"] and again["active"] is True
    assert Person.objects.get(pk=person.pk).is_active


def test_an_hr_imported_person_is_found_and_linked(scim, personas):
    person = personas["employee"].person
    found = scim.get("/Users", filter=f'emails.value eq "{person.email}"')
    assert found.json_body["totalResults"] == 1
    doc = found.json_body["Resources"][0]
    assert doc["userName"] == "employee@example.test"
    assert doc[ENTERPRISE_URN]["employeeNumber"] == person.employee_id
    assert doc["active"] is True
    response = scim.patch(
        f"/Users/{person.pk}", {"op": "add", "path": "externalId", "value": "00uEMP"}
    )
    assert response.json_body["externalId"] == "00uEMP"
    person.refresh_from_db()
    assert person.legal_name == "Employee"  # what HR set stays when the IdP leaves it alone


@pytest.mark.parametrize(
    ("payload", "status", "scim_type", "detail"),
    [
        ({"userName": ""}, 400, "invalidValue", "'userName' is required"),
        ({"emails": [{"value": "not-an-email"}]}, 400, "invalidValue", "emails.value"),
        ({"active": "maybe"}, 400, "invalidValue", "'active' must be true or false"),
        ({"title": "x" * 201}, 400, "invalidValue", "'title' is longer than 200"),
        (
            {ENTERPRISE_URN: {"manager": {"value": "999999"}}},
            400,
            "invalidValue",
            "'manager.value' names no known user",
        ),
        ({"userName": "employee@example.test"}, 409, "uniqueness", "'userName'"),
        (
            {"emails": [{"value": "mentor@example.test", "primary": True}]},
            409,
            "uniqueness",
            "'emails'",
        ),
        (
            {ENTERPRISE_URN: {"employeeNumber": "TAKEN"}},
            409,
            "uniqueness",
            "employeeNumber",
        ),
    ],
)
def test_it_refuses_bad_users_naming_the_attribute(
    scim, personas, payload, status, scim_type, detail
):
    personas["hr_analyst"].person.__class__.objects.filter(
        pk=personas["hr_analyst"].person.pk
    ).update(employee_id="TAKEN")
    response = scim.post("/Users", okta_user(**payload))
    assert response.status_code == status
    body = response.json_body
    assert body["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]
    assert body["status"] == str(status) and body["scimType"] == scim_type
    assert detail in body["detail"]
    assert not Person.objects.filter(email="ada@acme.test").exists()  # nothing half-written


@pytest.mark.parametrize(
    "payload",
    [
        {"gender": "female"},
        {"urn:ietf:params:scim:schemas:extension:acme:2.0:User": {"ethnicity": "x"}},
        {ENTERPRISE_URN: {"employeeNumber": "1", "disabilityStatus": "x"}},
    ],
)
def test_it_never_accepts_self_identification(scim, payload):
    response = scim.post("/Users", okta_user(**payload))
    assert response.status_code == 400
    assert "self-identification" in response.json_body["detail"]
    assert not Person.objects.filter(email="ada@acme.test").exists()


def test_self_identification_is_refused_through_patch_too(scim):
    doc = create(scim, okta_user())
    response = scim.patch(f"/Users/{doc['id']}", {"op": "add", "path": "gender", "value": "x"})
    assert response.status_code == 400
    assert "self-identification" in response.json_body["detail"]


def test_every_write_is_audited_without_values(scim):
    doc = create(scim, okta_user())
    scim.patch(f"/Users/{doc['id']}", {"op": "replace", "path": "title", "value": "Secret"})
    scim.delete(f"/Users/{doc['id']}")
    events = list(
        AuditEvent.objects.filter(
            category="provisioning", target_type="people.person", target_id=doc["id"]
        ).order_by("id")
    )
    assert [e.action for e in events] == ["create", "update", "delete"]
    assert all(e.detail["token"] == "Okta" for e in events)
    assert "Secret" not in str([e.detail for e in events])


def test_removing_an_attribute_leaves_it_unassigned(scim):
    doc = create(scim, okta_user(title="CTO"))
    response = scim.patch(
        f"/Users/{doc['id']}",
        {"op": "remove", "path": "title"},
        {"op": "remove", "path": "displayName"},
        {"op": "remove", "path": "active"},
    )
    body = response.json_body
    assert "title" not in body and "displayName" not in body and "active" not in body
    person = Person.objects.get(pk=int(doc["id"]))
    assert person.title == "" and person.preferred_name == "" and person.is_active
