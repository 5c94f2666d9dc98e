"""The REST API: the same actions and the same access rules as the pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from belong.accounts.models import Role, RoleGrant, ScopeKind
from belong.accounts.services import api_token_create
from belong.mentoring.models import Relationship, Survey
from belong.mentoring.tests.factories import enroll, make_program, person

pytestmark = pytest.mark.django_db
API = "/api/mentoring"


@pytest.fixture
def program(personas):
    program = make_program(style="choice")
    RoleGrant.objects.get_or_create(
        user=personas["program_manager"],
        role=Role.PROGRAM_MANAGER,
        scope_kind=ScopeKind.PROGRAM,
        scope_id=program.pk,
    )
    return program


def post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("employee", 200),
        ("hr_analyst", 200),
        ("administrator", 200),
        ("outsider", 403),
        ("anonymous", 401),
    ],
)
def test_it_lists_programs_for_people_who_use_the_product(program, client_as, persona, status):
    assert client_as(persona).get(f"{API}/programs").status_code == status


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("employee", 403),
        ("mentor", 403),
        ("group_leader", 403),
        ("hr_analyst", 403),
        ("program_manager", 200),
        ("administrator", 200),
        ("outsider", 403),
        ("anonymous", 401),
    ],
)
def test_it_shows_the_dashboard_to_managers_only(program, client_as, persona, status):
    assert client_as(persona).get(f"{API}/programs/{program.pk}/dashboard").status_code == status


def test_a_mentee_requests_and_a_mentor_accepts_through_the_api(program, client_as, personas):
    mentee_client, mentor_client = client_as("employee"), client_as("mentor")
    topics = [t["id"] for t in mentee_client.get(f"{API}/programs/{program.pk}").json()["topics"]]
    r = post(
        mentee_client,
        f"{API}/programs/{program.pk}/enrollments",
        {"role": "mentee", "goals": "Lead a team", "topics_sought": topics[:2]},
    )
    assert r.status_code == 201, r.content
    r = post(
        mentor_client,
        f"{API}/programs/{program.pk}/enrollments",
        {"role": "mentor", "expertise": "leadership", "topics_offered": topics[:2], "capacity": 1},
    )
    assert r.status_code == 201
    mentor_enrollment = r.json()["id"]
    shortlist = mentee_client.get(f"{API}/programs/{program.pk}/shortlist").json()
    assert shortlist[0]["mentor_enrollment_id"] == mentor_enrollment
    r = post(
        mentee_client,
        f"{API}/programs/{program.pk}/requests",
        {"mentor_enrollment_id": mentor_enrollment, "message": "Hello"},
    )
    assert r.status_code == 201
    request_id = r.json()["id"]
    # Only the mentor may accept; the mentee, a manager and an outsider may not.
    for persona in ("employee", "program_manager", "hr_analyst"):
        assert post(
            client_as(persona), f"{API}/requests/{request_id}/actions/accept"
        ).status_code in (
            403,
            404,
        )
    r = post(mentor_client, f"{API}/requests/{request_id}/actions/accept", {"text": "Welcome"})
    assert r.status_code == 200 and r.json()["status"] == "accepted"
    rel_id = r.json()["relationship_id"]

    other = person("second-mentee")
    from belong.common.testing import UserFactory  # noqa: F401 - factories already loaded

    late = enroll(program, other)
    assert late.pk
    # Capacity 1 is used: a new request to this mentor is refused with the reason.
    from django.test import Client

    c = Client()
    c.force_login(other.user)
    r = post(
        c,
        f"{API}/programs/{program.pk}/requests",
        {"mentor_enrollment_id": mentor_enrollment, "message": "Me too"},
    )
    assert r.status_code == 409 and "no free mentoring places" in r.json()["detail"]

    agreement = {
        "cadence": "Weekly",
        "duration_weeks": 12,
        "confidentiality": "c",
        "expectations": "e",
    }
    assert (
        post(
            mentee_client, f"{API}/relationships/{rel_id}/actions/agreement", agreement
        ).status_code
        == 200
    )
    post(mentee_client, f"{API}/relationships/{rel_id}/actions/confirm")
    r = post(mentor_client, f"{API}/relationships/{rel_id}/actions/confirm")
    assert r.json()["state"] == "agreed"
    when = (timezone.now() + dt.timedelta(days=1)).isoformat()
    r = post(mentee_client, f"{API}/relationships/{rel_id}/sessions", {"starts_at": when})
    assert r.status_code == 201
    session_id = r.json()["id"]
    ics = mentor_client.get(f"{API}/sessions/{session_id}/invite.ics")
    assert b"BEGIN:VCALENDAR" in ics.content
    r = post(
        mentor_client,
        f"{API}/sessions/{session_id}/log",
        {"topic_ids": topics[:1], "shared_notes": "good", "private_note": "mine only"},
    )
    assert r.status_code == 200 and r.json()["topics"]
    assert (
        mentor_client.get(f"{API}/sessions/{session_id}/private-note").json()["text"] == "mine only"
    )
    assert mentee_client.get(f"{API}/sessions/{session_id}/private-note").json()["text"] == ""
    assert (
        client_as("program_manager").get(f"{API}/sessions/{session_id}/private-note").status_code
        == 404
    )

    survey = Survey.objects.filter(relationship_id=rel_id, kind="checkin").first()
    Survey.objects.filter(pk=survey.pk).update(due_on=timezone.localdate())
    r = post(mentee_client, f"{API}/surveys/{survey.pk}/answers", {"rating": 4, "nps": 9})
    assert r.status_code == 201
    assert mentor_client.get(f"{API}/surveys/{survey.pk}").json()["answers"] == []
    assert Relationship.objects.get(pk=rel_id).state == "active"


def test_managers_run_review_and_publish_through_the_api(personas, client_as):
    program = make_program()
    RoleGrant.objects.get_or_create(
        user=personas["program_manager"],
        role=Role.PROGRAM_MANAGER,
        scope_kind=ScopeKind.PROGRAM,
        scope_id=program.pk,
    )
    for k in range(3):
        enroll(program, person(f"e{k}"))
    enroll(program, person("m0", "L8"), "mentor", capacity=3)
    manager = client_as("program_manager")
    assert post(client_as("employee"), f"{API}/programs/{program.pk}/runs").status_code == 403
    r = post(manager, f"{API}/programs/{program.pk}/runs")
    assert r.status_code == 202
    run_id = r.json()["id"]
    from belong.mentoring.services_matching import match_run_execute

    match_run_execute(run_id=run_id)
    pairs = manager.get(f"{API}/runs/{run_id}/pairs").json()
    assert len(pairs) == 3 and pairs[0]["explanation"]["reasons"]
    assert post(manager, f"{API}/pairs/{pairs[0]['id']}/actions/remove").json()["removed"] is True
    assert post(client_as("mentor"), f"{API}/runs/{run_id}/actions/publish").status_code == 403
    r = post(manager, f"{API}/runs/{run_id}/actions/publish")
    assert r.json()["status"] == "published"
    assert Relationship.objects.filter(run_id=run_id).count() == 2
    assert post(manager, f"{API}/runs/{run_id}/actions/publish").status_code == 409


def test_a_read_token_cannot_write(program, personas, client):
    _, secret = api_token_create(user=personas["employee"], name="script", scopes=["read"])
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert client.get(f"{API}/programs", **auth).status_code == 200
    r = client.post(
        f"{API}/programs/{program.pk}/enrollments",
        {"role": "mentee", "goals": "x"},
        content_type="application/json",
        **auth,
    )
    assert r.status_code == 403


def test_the_openapi_document_lists_the_mentoring_endpoints(client_as) -> None:
    doc = client_as("employee").get("/api/openapi.json").json()
    paths = [p for p in doc["paths"] if p.startswith(API)]
    assert f"{API}/requests/{{request_id}}/actions/{{action}}" in paths
    assert f"{API}/programs/{{program_id}}/dashboard" in paths
