"""Download my data: everything about the person, nothing about anyone else, audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from belong.accounts.services import api_token_create
from belong.audit.models import AuditEvent
from belong.audit.services import audit_record
from belong.common.testing import PERSONAS, PersonFactory
from belong.events.models import Event, Registration
from belong.groups.models import Consent, Group, Membership
from belong.mentoring.models import (
    Enrollment,
    Goal,
    PrivateNote,
    Program,
    Relationship,
    Session,
    Survey,
    SurveyResponse,
)
from belong.people.models import JobEvent, Level
from belong.privacy import export, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(personas):
    """The employee's footprint across the apps, plus someone else's private note."""
    user = personas["employee"]
    me = user.person
    other = personas["mentor"].person
    JobEvent.objects.create(person=me, kind="hire", effective_date=me.hire_date,
                            level=Level.objects.get(code="L4"))  # fmt: skip
    group = Group.objects.create(name="Able", slug="able", private=True)
    membership = Membership.objects.create(group=group, person=me, kind="member")
    Consent.objects.create(membership=membership, purpose="membership", text_version="v1")
    start = timezone.now() + dt.timedelta(days=3)
    event = Event.objects.create(group=group, title="Coffee", kind="roundtable", starts_at=start,
                                 ends_at=start + dt.timedelta(hours=1), timezone="Europe/Madrid",
                                 mode="virtual")  # fmt: skip
    Registration.objects.create(event=event, person=me, status="going")
    program = Program.objects.create(name="Company mentoring")
    mentee = Enrollment.objects.create(program=program, person=me, role="mentee",
                                       goals="Learn SQL", status="matched")  # fmt: skip
    mentor = Enrollment.objects.create(program=program, person=other, role="mentor", capacity=2,
                                       load=1, status="matched")  # fmt: skip
    rel = Relationship.objects.create(
        program=program, mentee=mentee, mentor=mentor, mentee_person=me, mentor_person=other,
        state="active",
    )  # fmt: skip
    Goal.objects.create(relationship=rel, title="Ship a dashboard")
    session = Session.objects.create(relationship=rel, starts_at=start)
    PrivateNote.objects.create(session=session, author=me, text="my own thoughts")
    PrivateNote.objects.create(session=session, author=other, text="the mentor's secret")
    survey = Survey.objects.create(relationship=rel, kind="checkin", due_on=start.date())
    SurveyResponse.objects.create(survey=survey, program=program, kind="checkin", respondent=me,
                                  side="mentee", rating=4, nps=9, comment="going well")  # fmt: skip
    services.self_identification_save(person=me, answers={"caregiver": "yes"}, actor=user)
    api_token_create(user=user, name="laptop script", scopes=["read"])
    audit_record(actor=personas["administrator"], category="role_grant", action="create",
                 detail={"note": "admin-only-marker"})  # fmt: skip
    return user


def test_it_holds_every_section_of_the_persons_footprint(history) -> None:
    data = export.build(history.person, history)
    assert data["person"]["email"] == "employee@example.test"
    assert data["job_history"][0]["kind"] == "hire"
    assert data["sign_in"]["username"] == "employee@example.test"
    membership = data["group_memberships"][0]
    assert membership["group__name"] == "Able" and membership["consents"][0]["text_version"] == "v1"
    assert data["event_registrations"][0]["event__title"] == "Coffee"
    assert data["mentoring_enrollments"][0]["goals"] == "Learn SQL"
    assert data["mentoring_relationships"][0]["my_side"] == "mentee"
    assert data["mentoring_goals"][0]["title"] == "Ship a dashboard"
    assert len(data["mentoring_sessions"]) == 1
    assert [n["text"] for n in data["my_private_notes"]] == ["my own thoughts"]
    assert data["survey_answers"][0]["comment"] == "going well"
    assert data["self_identification"]["answers"][0]["answer"] == "yes"
    assert data["api_tokens"][0]["name"] == "laptop script"
    assert {
        "circle_memberships", "volunteering", "donations", "announcements_written",
        "insights_questions_asked", "audit_events_as_actor",
    } <= set(data)  # fmt: skip


def test_it_leaves_out_secrets_and_other_peoples_words(history) -> None:
    text = str(export.build(history.person, history))
    assert "the mentor's secret" not in text
    assert "key_hash" not in text and "password" not in text
    assert "Mentor" not in text  # the other side is not named
    # The audit event by the administrator is not the employee's.
    assert "admin-only-marker" not in text


def test_it_downloads_a_json_file_and_audits_it(client_as, history) -> None:
    response = client_as("employee").post(reverse("privacy:download"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="belong-my-data-')
    assert response.json()["person"]["legal_name"] == "Employee"
    event = AuditEvent.objects.get(category="personal_data", action="export")
    assert event.actor_id == history.pk and event.detail["channel"] == "page"


def test_it_serves_the_same_document_on_the_api_with_a_read_token(client, history) -> None:
    _token, secret = api_token_create(user=history, name="export", scopes=["read"])
    response = client.get("/api/me/export", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200
    body = response.json()
    page = export.build(history.person, history)
    assert set(body) == set(page)
    assert body["mentoring_enrollments"] == page["mentoring_enrollments"]
    assert AuditEvent.objects.filter(action="export", detail__channel="api").count() == 1


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_answers_the_api_per_persona(client_as, persona) -> None:
    response = client_as(persona).get("/api/me/export")
    expected = {"anonymous": 401, "outsider": 403}.get(persona, 200)
    assert response.status_code == expected, persona
    if expected == 200:
        assert response.json()["sign_in"]["username"].startswith(persona.replace("_", "-"))


def test_it_refuses_a_revoked_or_unknown_token(client, history) -> None:
    response = client.get("/api/me/export", headers={"Authorization": "Bearer blg_nope"})
    assert response.status_code == 401


def test_it_builds_a_long_history_in_a_fixed_number_of_queries(history, count_queries) -> None:
    person = history.person
    with count_queries() as short:
        export.build(person, history)
    for n in range(30):
        group = Group.objects.create(name=f"G{n}", slug=f"g{n}")
        Membership.objects.create(group=group, person=PersonFactory(), kind="ally")
        m = Membership.objects.create(group=group, person=person, kind="member")
        Consent.objects.create(membership=m, purpose="membership", text_version="v1")
    with count_queries() as long:
        data = export.build(person, history)
    assert len(data["group_memberships"]) == 31
    assert len(long) == len(short) <= 36, len(long)  # a fixed number per section
