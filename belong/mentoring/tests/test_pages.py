"""Page flows: forms post to services, errors come back as readable messages."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from belong.accounts.models import Role, RoleGrant, ScopeKind
from belong.mentoring.models import Enrollment, MatchRun, Relationship, Session, Survey
from belong.mentoring.tests.factories import agreed, enroll, make_program, person, relationship

pytestmark = pytest.mark.django_db


@pytest.fixture
def program(personas):
    program = make_program()
    RoleGrant.objects.get_or_create(
        user=personas["program_manager"],
        role=Role.PROGRAM_MANAGER,
        scope_kind=ScopeKind.PROGRAM,
        scope_id=program.pk,
    )
    return program


def test_an_employee_enrolls_edits_and_sees_the_waitlist_reason(program, client_as):
    client = client_as("employee")
    topic = program.topics.first().pk
    r = client.post(
        reverse("mentoring:enroll", args=[program.pk]),
        {"role": "mentee", "goals": "Learn to lead", "topics_sought": [topic]},
    )
    assert r.status_code == 302
    e = Enrollment.objects.get(person__email="employee@example.test")
    assert e.topics_sought == [topic]
    r = client.post(
        reverse("mentoring:enrollment_edit", args=[e.pk]), {"goals": "Lead a team", "capacity": ""}
    )
    assert r.status_code == 302
    Enrollment.objects.filter(pk=e.pk).update(status="waitlisted", waitlist_reason="No mentor yet")
    page = client.get(reverse("mentoring:program", args=[program.pk]))
    assert b"No mentor yet" in page.content


def test_enrollment_errors_are_shown_on_the_form(program, client_as):
    client = client_as("employee")
    r = client.post(reverse("mentoring:enroll", args=[program.pk]), {"role": "mentee"})
    assert r.status_code == 200 and b"what you want to work on" in r.content


def test_a_manager_runs_reviews_and_publishes_from_the_pages(
    program, client_as, django_capture_on_commit_callbacks
):
    for k in range(3):
        enroll(program, person(f"e{k}"))
    enroll(program, person("m", "L8"), "mentor", capacity=3)
    client = client_as("program_manager")
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("mentoring:run_start", args=[program.pk]))
    run = MatchRun.objects.get()
    assert r.url == reverse("mentoring:run", args=[run.pk])
    page = client.get(r.url)
    assert b"Quality report" in page.content and b"Fairness" in page.content
    pair = run.pairs.first()
    fragment = client.post(
        reverse("mentoring:pair_action", args=[pair.pk, "pin"]), HTTP_HX_REQUEST="true"
    )
    assert b"Pinned" in fragment.content and b"<html" not in fragment.content
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mentoring:run_action", args=[run.pk, "publish"]))
    assert Relationship.objects.count() == 3 and len(mail.outbox) == 3


def test_the_run_page_polls_while_running_and_reloads_when_done(program, client_as):
    run = MatchRun.objects.create(program=program, status="running", heartbeat_at=timezone.now())
    client = client_as("program_manager")
    url = reverse("mentoring:run", args=[run.pk])
    headers = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "run-status"}
    assert b"every 1s" in client.get(url, **headers).content
    MatchRun.objects.filter(pk=run.pk).update(status="draft")
    assert client.get(url, **headers)["HX-Refresh"] == "true"


def test_a_relationship_goes_from_agreement_to_survey_on_its_page(program, client_as, personas):
    mentee = enroll(program, personas["employee"].person)
    mentor = enroll(program, personas["mentor"].person, "mentor")
    rel = relationship(program, mentee, mentor)
    me, them = client_as("employee"), client_as("mentor")
    act = lambda a: reverse("mentoring:relationship_action", args=[rel.pk, a])  # noqa: E731
    me.post(
        act("agreement"),
        {"cadence": "Weekly", "duration_weeks": 12, "confidentiality": "ok", "expectations": "ok"},
    )
    me.post(act("confirm"))
    them.post(act("confirm"))
    rel.refresh_from_db()
    assert rel.state == "agreed"
    me.post(act("goal"), {"title": "Ship a project"})
    me.post(act("schedule"), {"starts_at": "2030-01-15T10:00", "minutes": 45})
    session = Session.objects.get(relationship=rel)
    # Entered in the viewer's zone (Madrid, UTC+1 in January), stored in UTC.
    assert session.starts_at == dt.datetime(2030, 1, 15, 9, 0, tzinfo=dt.UTC)
    page = them.get(reverse("mentoring:relationship", args=[rel.pk]))
    assert b"Ship a project" in page.content and b"invite.ics" in page.content
    topic = program.topics.first().pk
    me.post(
        reverse("mentoring:session_log", args=[session.pk]),
        {"topics": [topic], "shared_notes": "notes", "private_note": "mine"},
    )
    rel.refresh_from_db()
    assert rel.sessions_logged == 1
    survey = Survey.objects.filter(relationship=rel, kind="checkin").first()
    Survey.objects.filter(pk=survey.pk).update(due_on=timezone.localdate())
    r = me.post(reverse("mentoring:survey", args=[survey.pk]), {"rating": 5, "nps": 10})
    assert r.status_code == 302
    assert survey.responses.count() == 1


def test_a_mentor_answers_requests_on_my_mentoring(personas, client_as):
    program = make_program(style="choice")
    mine = enroll(program, personas["employee"].person)
    theirs = enroll(program, personas["mentor"].person, "mentor", capacity=1)
    me = client_as("employee")
    page = me.get(reverse("mentoring:shortlist", args=[program.pk]))
    assert personas["mentor"].person.display_name.encode() in page.content
    me.post(reverse("mentoring:request", args=[program.pk, theirs.pk]), {"message": "Hi"})
    req = mine.sent_requests.get()
    mentor_page = client_as("mentor").get(reverse("mentoring:mine"))
    assert b"Accept" in mentor_page.content
    assert me.post(reverse("mentoring:request_action", args=[req.pk, "accept"])).status_code == 403
    client_as("mentor").post(reverse("mentoring:request_action", args=[req.pk, "accept"]))
    assert Relationship.objects.filter(mentee=mine, mentor=theirs).exists()


def test_the_nudges_command_flags_and_escalates(
    program, personas, django_capture_on_commit_callbacks
):
    mentee = enroll(program, person("quiet-mentee"))
    mentor = enroll(program, person("quiet-mentor", "L8"), "mentor")
    rel = agreed(relationship(program, mentee, mentor))
    Relationship.objects.filter(pk=rel.pk).update(
        state="active", started_at=timezone.now() - dt.timedelta(weeks=6)
    )
    out = StringIO()
    call_command("mentoring_nudges", stdout=out)
    rel.refresh_from_db()
    assert rel.at_risk_since is not None
    subjects = [m.subject for m in mail.outbox]
    assert "Mentoring relationship at risk" in subjects
    manager_mail = next(m for m in mail.outbox if m.subject == "Mentoring relationship at risk")
    assert personas["program_manager"].email in manager_mail.to
