"""The groups API: same access rules as the pages, and private memberships never leak."""

from __future__ import annotations

import json

import pytest

from belong.accounts.services import api_token_create
from belong.common.testing import PERSONAS
from belong.groups.models import Membership
from belong.groups.tests.world import build_world

EMPLOYEES = {"employee", "mentor", "group_leader", "program_manager", "hr_analyst", "administrator"}
LEADERS = {"group_leader", "administrator"}


def _reads(w):
    g = w.group.pk
    return {
        "/api/groups": EMPLOYEES,
        f"/api/groups/{g}": EMPLOYEES,
        f"/api/groups/{g}/chapters/{w.madrid.pk}": EMPLOYEES,
        f"/api/groups/{g}/leaders": EMPLOYEES,
        f"/api/groups/{g}/campaigns": EMPLOYEES,
        f"/api/groups/{g}/volunteering": EMPLOYEES,
        f"/api/groups/{g}/drives": EMPLOYEES,
        f"/api/groups/{g}/initiatives": EMPLOYEES,
        f"/api/groups/{g}/members": {"mentor", *LEADERS},
        f"/api/groups/{g}/chapters/{w.madrid.pk}/members": {"mentor", *LEADERS},
        f"/api/groups/{g}/announcements": LEADERS,
        f"/api/groups/{g}/hours/pending": LEADERS,
        f"/api/groups/{g}/partners": LEADERS,
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_applies_the_page_rules_to_every_read(client_as, personas, persona):
    w = build_world(personas)
    for url, allowed in _reads(w).items():
        response = client_as(persona).get(url)
        if persona == "anonymous":
            assert response.status_code == 401, url
        elif persona in allowed:
            assert response.status_code == 200, (url, persona)
        else:
            assert response.status_code == 403, (url, persona)


def _writes(w):
    g = w.group.pk
    return [
        (f"/api/groups/{g}/announcements", {"subject": "s", "body": "b"}),
        (f"/api/groups/{g}/campaigns", {"name": "c", "badge_name": "b", "starts_on": "2026-01-01"}),
        (f"/api/groups/{g}/leaders", {"employee_id": "x", "title": "t", "starts_on": "2026-01-01"}),
        (f"/api/groups/{g}/chapters", {"name": "Lyon", "slug": "lyon"}),
        (f"/api/groups/{g}/drives", {"title": "d", "goal": "10", "starts_on": "2026-01-01"}),
        (f"/api/groups/{g}/partners", {"name": "p", "kind": "recruiting"}),
        (f"/api/groups/{g}/initiatives", {"title": "i", "kind": "advocacy"}),
        (
            f"/api/groups/{g}/opportunities",
            {"nonprofit": "n", "title": "t", "starts_on": "2026-01-01"},
        ),
    ]


@pytest.mark.parametrize(
    "persona", ["employee", "mentor", "hr_analyst", "program_manager", "outsider"]
)
def test_leader_writes_are_refused_to_others(client_as, personas, persona):
    w = build_world(personas)
    for url, body in _writes(w):
        response = client_as(persona).post(url, json.dumps(body), content_type="application/json")
        assert response.status_code == 403, (url, persona, response.content)


def test_leaders_can_write(client_as, personas):
    w = build_world(personas)
    client = client_as("group_leader")
    for url, body in _writes(w):
        if "leaders" in url:
            body = {**body, "employee_id": personas["employee"].person.employee_id}
        response = client.post(url, json.dumps(body), content_type="application/json")
        assert response.status_code in {201, 202}, (url, response.content)


def test_joining_by_api_needs_consent_and_only_i_see_ally(client_as, personas):
    w = build_world(personas)
    client = client_as("employee")
    url = f"/api/groups/{w.group.pk}/membership"
    body = {"kind": "ally", "consent": False}
    assert client.post(url, json.dumps(body), content_type="application/json").status_code == 400
    body["consent"] = True
    assert client.post(url, json.dumps(body), content_type="application/json").status_code == 201
    assert client.get(url).json()["kind"] == "ally"
    roster = client_as("group_leader").get(f"/api/groups/{w.group.pk}/members").json()
    assert all("kind" not in row for row in roster["results"])
    assert client.delete(url).status_code == 204
    assert not Membership.objects.active().filter(person=personas["employee"].person).exists()


def test_the_roster_lists_only_visible_people(client_as, personas):
    w = build_world(personas)
    rows = client_as("administrator").get(f"/api/groups/{w.group.pk}/members").json()["results"]
    ids = {r["employee_id"] for r in rows}
    assert w.visible.person.employee_id in ids
    assert w.hidden.person.employee_id not in ids


def test_a_read_token_cannot_write(client, personas):
    w = build_world(personas)
    _, secret = api_token_create(user=personas["employee"], name="t", scopes=["read"])
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert client.get(f"/api/groups/{w.group.pk}", **auth).status_code == 200
    response = client.post(
        f"/api/groups/{w.group.pk}/membership",
        json.dumps({"kind": "member", "consent": True}),
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 403


def test_badges_show_only_when_chosen(client_as, personas):
    w = build_world(personas)
    mentor = client_as("mentor")
    url = f"/api/groups/badges/{w.visible.person.employee_id}"
    assert client_as("employee").get(url).json() == []
    assert (
        mentor.post(f"/api/groups/{w.group.pk}/campaigns/{w.campaign.pk}/badge").status_code == 204
    )
    assert [b["badge_name"] for b in client_as("employee").get(url).json()] == ["Proud ally"]
    assert (
        mentor.delete(f"/api/groups/{w.group.pk}/campaigns/{w.campaign.pk}/badge").status_code
        == 204
    )
    assert client_as("employee").get(url).json() == []
