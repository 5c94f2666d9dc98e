"""Circle actions through the API, per persona: the same rules as the pages.

A care circle answers 404 to everyone outside it; its managers run formation by figures
alone; the people in a mentoring-circle draft are moved and locked by its managers only.
"""

from __future__ import annotations

import json

import pytest
from django.test import Client

from belong.circles.models import (
    CircleMember,
    CircleSession,
    ConcernReport,
    HelpRequest,
    SessionFeedback,
)
from belong.circles.tests.factories import formed, make_program, pool, published_circle
from belong.common.testing import PERSONAS

MEMBERS = {"mentor", "employee"}  # mentor leads the care circle, employee takes part
MANAGERS = {"program_manager", "administrator"}  # program manager of mentoring program 1


def send(client: Client, method: str, url: str, body: dict | None = None):
    return getattr(client, method)(url, json.dumps(body or {}), content_type="application/json")


def expected(persona: str, allowed: set[str], *, hidden: int = 404) -> int | None:
    """None when allowed; otherwise the status a refused persona gets."""
    if persona == "anonymous":
        return 401
    if persona == "outsider":
        return 403
    return None if persona in allowed else hidden


@pytest.fixture
def care(personas):
    program = make_program(kind="care", name="Care circle for caregivers")
    circle = published_circle(program, personas["mentor"].person, personas["employee"].person)
    return {
        "program": program,
        "circle": circle,
        "session": circle.sessions.order_by("position")[0],
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_members_act_in_a_care_circle_and_nobody_else_learns_it_exists(
    client_as, care, persona, django_capture_on_commit_callbacks
):
    client = client_as(persona)
    c, s = care["circle"].pk, care["session"].pk
    answers = {
        "name": send(client, "put", f"/api/circles/{c}/display-name", {"display_name": "Oak"}),
        "concern": send(client, "post", f"/api/circles/{c}/concerns", {"message": "Worried"}),
        "feedback": send(client, "post", f"/api/circles/sessions/{s}/feedback", {"rating": 4}),
        "invite": client.get(f"/api/circles/sessions/{s}/invite.ics"),
    }
    refused = expected(persona, MEMBERS)
    for what, response in answers.items():
        if refused is None:
            assert response.status_code in (200, 201), (what, response.content)
        else:
            assert response.status_code == refused, (what, persona)
            assert b"Oak" not in response.content
    if refused is None:
        assert answers["name"].json()["shown_as"] == "Oak"
        assert answers["invite"]["Content-Type"].startswith("text/calendar")
        assert ConcernReport.objects.filter(circle=care["circle"]).count() == 1
        assert SessionFeedback.objects.filter(session_id=s).count() == 1
    else:
        assert ConcernReport.objects.count() == 0
        assert SessionFeedback.objects.count() == 0


@pytest.mark.parametrize("persona", ["mentor", "employee"])
def test_only_the_lead_records_attendance_and_asks_for_help(client_as, care, persona):
    client = client_as(persona)
    c, s = care["circle"].pk, care["session"].pk
    present = list(CircleMember.objects.filter(circle_id=c).values_list("pk", flat=True))
    attendance = send(client, "post", f"/api/circles/sessions/{s}/attendance", {"present": present})
    helped = send(client, "post", f"/api/circles/{c}/help", {"message": "We need a room"})
    if persona == "mentor":
        assert attendance.status_code == 200
        assert attendance.json()["detail"] == f"Attendance saved: {len(present)} present."
        assert CircleSession.objects.get(pk=s).status == "held"
        assert helped.status_code == 201
        assert HelpRequest.objects.count() == 1
    else:
        assert attendance.status_code == 403
        assert helped.status_code == 409  # a rule of the circle: only its lead asks for help
        assert HelpRequest.objects.count() == 0


def test_a_rating_out_of_range_names_the_field(client_as, care):
    s = care["session"].pk
    answer = send(
        client_as("employee"), "post", f"/api/circles/sessions/{s}/feedback", {"rating": 9}
    )
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"][-1] == "rating"


def test_a_member_reads_then_leaves_and_loses_access(client_as, care, personas):
    client = client_as("employee")
    p, c = care["program"].pk, care["circle"].pk
    mine = client.get(f"/api/circles/programs/{p}/enrollment")
    assert mine.status_code == 200
    assert client.get(f"/api/circles/programs/{p}").json()["kind"] == "care"
    left = client.post(f"/api/circles/enrollments/{mine.json()['id']}/withdraw")
    assert left.status_code == 200 and left.json()["status"] == "withdrawn"
    assert client.get(f"/api/circles/{c}/posts").status_code == 404
    assert client.get(f"/api/circles/programs/{p}/enrollment").status_code == 404
    # Someone else's enrollment is not found, not forbidden: it is not theirs to know.
    theirs = CircleMember.objects.get(circle_id=c, person=personas["mentor"].person)
    assert (
        client.post(f"/api/circles/enrollments/{theirs.enrollment_id}/withdraw").status_code == 404
    )


@pytest.fixture
def draft():
    program = make_program(name="Leadership circles")
    pool(program, leads=2, participants=8)
    return formed(program)


@pytest.mark.parametrize("persona", PERSONAS)
def test_managers_run_formation_through_the_api(client_as, draft, persona):
    client = client_as(persona)
    circles = list(draft.circles.order_by("pk"))
    member = circles[0].members.exclude(role="lead").first()
    answers = {
        "overview": client.get(f"/api/circles/programs/{draft.program_id}/overview"),
        "run": client.get(f"/api/circles/runs/{draft.pk}"),
        "lock": send(client, "put", f"/api/circles/drafts/{circles[1].pk}/lock", {"locked": True}),
        "move": send(
            client,
            "post",
            f"/api/circles/drafts/members/{member.pk}/move",
            {"circle_id": circles[1].pk},
        ),
    }
    refused = expected(persona, MANAGERS, hidden=403)
    for what, response in answers.items():
        if refused is None:
            # The locked circle refuses the move: a rule of the draft, answered 409.
            assert response.status_code == (409 if what == "move" else 200), (what, response)
        else:
            assert response.status_code == refused, (what, persona)
    member.refresh_from_db()
    assert member.circle_id == circles[0].pk
    if refused is None:
        assert answers["lock"].json()["locked"] is True
        assert "Unlock" in answers["move"].json()["detail"]
        send(client, "put", f"/api/circles/drafts/{circles[1].pk}/lock", {"locked": False})
        moved = send(
            client,
            "post",
            f"/api/circles/drafts/members/{member.pk}/move",
            {"circle_id": circles[1].pk},
        )
        assert moved.status_code == 200
        member.refresh_from_db()
        assert member.circle_id == circles[1].pk
        published = client.post(f"/api/circles/runs/{draft.pk}/actions/publish")
        assert published.status_code == 200
        assert published.json()["published_at"] is not None


def test_a_care_draft_shows_figures_not_names_and_cannot_be_rearranged(client_as):
    program = make_program(kind="care", name="Care circles")
    pool(program, leads=2, participants=8)
    run = formed(program)
    client = client_as("program_manager")
    shown = client.get(f"/api/circles/runs/{run.pk}").json()
    assert shown["unplaced"] is None
    assert all(c["members"] == [] for c in shown["circles"])
    member = CircleMember.objects.filter(circle__run=run).first()
    other = run.circles.exclude(pk=member.circle_id).first()
    moved = send(
        client, "post", f"/api/circles/drafts/members/{member.pk}/move", {"circle_id": other.pk}
    )
    assert moved.status_code == 403
    overview = client.get(f"/api/circles/programs/{program.pk}/overview").json()
    assert overview["by_status"] is None and overview["care"] is not None


@pytest.mark.parametrize("persona", PERSONAS)
def test_managers_resolve_help_requests(client_as, care, persona, personas):
    lead = CircleMember.objects.get(circle=care["circle"], person=personas["mentor"].person)
    item = HelpRequest.objects.create(circle=care["circle"], asked_by=lead, message="Room")
    answer = client_as(persona).post(f"/api/circles/manage/help/{item.pk}/resolve")
    refused = expected(persona, MANAGERS, hidden=403)
    item.refresh_from_db()
    if refused is None:
        assert answer.status_code == 204
        assert item.resolved_at is not None
    else:
        assert answer.status_code == refused
        assert item.resolved_at is None
