"""A person changes their own pronouns and bio through the API; nobody else can."""

from __future__ import annotations

import json

import pytest

from belong.common.testing import PERSONAS

EMPLOYEES = {"employee", "mentor", "group_leader", "program_manager", "hr_analyst", "administrator"}


def patch(client, url, body):
    return client.patch(url, json.dumps(body), content_type="application/json")


@pytest.mark.parametrize("persona", PERSONAS)
def test_people_edit_only_their_own_profile(client_as, personas, persona):
    client = client_as(persona)
    employee = personas["employee"].person
    theirs = patch(client, f"/api/people/{employee.employee_id}/profile", {"bio": "Hacked"})
    employee.refresh_from_db()
    if persona == "employee":
        assert theirs.status_code == 200
        assert employee.bio == "Hacked"  # their own
        return
    assert employee.bio != "Hacked"
    assert theirs.status_code == {"anonymous": 401, "outsider": 403}.get(persona, 403)
    if persona in EMPLOYEES:
        me = personas[persona].person
        mine = patch(
            client, f"/api/people/{me.employee_id}/profile", {"pronouns": "they/them", "bio": "Hi"}
        )
        assert mine.status_code == 200, mine.content
        assert mine.json()["pronouns"] == "they/them" and mine.json()["bio"] == "Hi"


def test_a_too_long_value_names_the_field(client_as, personas):
    me = personas["employee"].person
    answer = patch(
        client_as("employee"), f"/api/people/{me.employee_id}/profile", {"pronouns": "x" * 41}
    )
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"][-1] == "pronouns"
