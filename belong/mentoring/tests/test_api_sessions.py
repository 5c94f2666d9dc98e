"""Sessions and goals through the API, per persona: only the two people in a relationship act."""

from __future__ import annotations

import json

import pytest

from belong.common.testing import PERSONAS
from belong.mentoring.models import Session
from belong.mentoring.services_relationships import session_schedule
from belong.mentoring.tests.factories import agreed, enroll, make_program, relationship, soon

pytestmark = pytest.mark.django_db
API = "/api/mentoring"
PAIR = {"employee", "mentor"}


@pytest.fixture
def rel(personas):
    program = make_program()
    mentee = enroll(program, personas["employee"].person)
    mentor = enroll(program, personas["mentor"].person, role="mentor")
    return agreed(relationship(program, mentee, mentor))


def post(client, url, body=None):
    return client.post(url, json.dumps(body or {}), content_type="application/json")


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_pair_cancels_a_session(client_as, rel, persona):
    session = session_schedule(relationship=rel, starts_at=soon(), minutes=45)
    answer = post(client_as(persona), f"{API}/sessions/{session.pk}/cancel")
    session.refresh_from_db()
    if persona in PAIR:
        assert answer.status_code == 200
        assert answer.json()["status"] == "cancelled"
        assert session.status == Session.Status.CANCELLED
        again = post(client_as(persona), f"{API}/sessions/{session.pk}/cancel")
        assert again.status_code == 409
        assert "scheduled" in again.json()["detail"]
    else:
        # Managers may look at a relationship but not act in it; others do not find it.
        expected = {"anonymous": 401, "outsider": 403}.get(persona, 404)
        assert answer.status_code == expected
        assert session.status == Session.Status.SCHEDULED


def test_a_goal_status_must_be_one_of_the_known_ones(client_as, rel):
    client = client_as("employee")
    made = post(client, f"{API}/relationships/{rel.pk}/goals", {"title": "Lead a meeting"})
    assert made.status_code == 201
    goal = made.json()["id"]
    assert post(client, f"{API}/goals/{goal}/status", {"text": "done"}).status_code == 200
    wrong = post(client, f"{API}/goals/{goal}/status", {"text": "finished"})
    assert wrong.status_code == 422
    assert wrong.json()["detail"][0]["loc"][-1] == "text"


def test_an_unknown_action_is_refused_by_the_schema(client_as, rel):
    answer = post(client_as("mentor"), f"{API}/relationships/{rel.pk}/actions/explode")
    assert answer.status_code == 422


@pytest.mark.parametrize("persona", PERSONAS)
def test_people_list_only_their_own_enrollments(client_as, rel, persona):
    answer = client_as(persona).get(f"{API}/enrollments")
    if persona in {"anonymous", "outsider"}:
        assert answer.status_code == {"anonymous": 401, "outsider": 403}[persona]
        return
    assert answer.status_code == 200
    mine = {"employee": [rel.mentee_id], "mentor": [rel.mentor_id]}.get(persona, [])
    assert [e["id"] for e in answer.json()] == mine
