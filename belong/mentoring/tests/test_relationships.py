from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from icalendar import Calendar

from belong.mentoring import access
from belong.mentoring import services_relationships as rs
from belong.mentoring.ics import session_ics
from belong.mentoring.models import Enrollment, Relationship, Survey
from belong.mentoring.services import MentoringError
from belong.mentoring.tests.factories import (
    agreed,
    enroll,
    make_program,
    person,
    relationship,
    soon,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def rel():
    program = make_program()
    mentee = enroll(program, person("mentee"))
    mentor = enroll(program, person("mentor-x", "L8"), "mentor")
    return relationship(program, mentee, mentor)


def test_it_needs_both_confirmations_to_agree(rel):
    rs.relationship_agreement_edit(
        relationship=rel, cadence="Weekly", duration_weeks=12, confidentiality="c", expectations="e"
    )
    rel = rs.relationship_confirm(relationship=rel, person=rel.mentee_person)
    assert rel.state == Relationship.State.PROPOSED
    rel = rs.relationship_confirm(relationship=rel, person=rel.mentor_person)
    assert rel.state == Relationship.State.AGREED


def test_it_asks_both_to_confirm_again_when_the_terms_change(rel):
    rs.relationship_agreement_edit(
        relationship=rel, cadence="Weekly", duration_weeks=12, confidentiality="c", expectations="e"
    )
    rs.relationship_confirm(relationship=rel, person=rel.mentee_person)
    rs.relationship_agreement_edit(
        relationship=rel,
        cadence="Monthly",
        duration_weeks=12,
        confidentiality="c",
        expectations="e",
    )
    rel.refresh_from_db()
    assert rel.mentee_confirmed_at is None


def test_it_refuses_transitions_outside_the_state_machine(rel):
    with pytest.raises(MentoringError, match="cannot become"):
        rs.relationship_start(relationship=rel)  # proposed → active skips the agreement
    with pytest.raises(MentoringError, match="Confirm the agreement"):
        rs.session_schedule(relationship=rel, starts_at=soon())
    assert rs.TRANSITIONS[Relationship.State.COMPLETED] == set()


def test_it_activates_with_the_first_session_and_schedules_surveys(rel):
    agreed(rel)
    session = rs.session_schedule(
        relationship=rel, starts_at=soon(), video_link="https://meet.example/x"
    )
    rel.refresh_from_db()
    assert rel.state == Relationship.State.ACTIVE
    kinds = list(rel.surveys.values_list("kind", "number"))
    assert kinds[0] == ("checkin", 1) and kinds[-1][0] == "closeout"
    first = rel.surveys.get(kind="checkin", number=1)
    assert first.due_on == timezone.localdate() + dt.timedelta(days=30)
    assert session.starts_at.utcoffset() == dt.timedelta(0)


def test_it_refuses_naive_times(rel):
    agreed(rel)
    with pytest.raises(MentoringError, match="time zone"):
        rs.session_schedule(relationship=rel, starts_at=dt.datetime(2026, 12, 1, 10, 0))


def test_it_writes_an_rfc5545_invite(rel):
    agreed(rel)
    when = dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.UTC)
    session = rs.session_schedule(relationship=rel, starts_at=when, minutes=30)
    cal = Calendar.from_ical(session_ics(session))
    event = cal.walk("VEVENT")[0]
    assert event.decoded("dtstart") == when
    assert event.decoded("dtend") == when + dt.timedelta(minutes=30)
    assert len(event.get("attendee")) == 2


def test_it_logs_sessions_with_topics_and_private_notes(rel):
    agreed(rel)
    session = rs.session_schedule(relationship=rel, starts_at=soon(-1))
    topic = rel.program.topics.first()
    rs.session_log(
        session=session,
        person=rel.mentee_person,
        topic_ids=[topic.pk],
        shared_notes="We talked",
        private_note="Felt nervous",
    )
    rel.refresh_from_db()
    assert rel.sessions_logged == 1 and rel.last_session_at is not None
    assert list(session.topics.all()) == [topic]

    class U:
        is_authenticated = True

        def __init__(self, p):
            self._belong_person = p
            self.pk = -1

    assert access.private_note_for(U(rel.mentee_person), session).text == "Felt nervous"
    assert access.private_note_for(U(rel.mentor_person), session) is None


def test_it_keeps_feedback_blind_until_both_answer(rel):
    agreed(rel)
    rs.session_schedule(relationship=rel, starts_at=soon())
    survey = rel.surveys.get(kind="checkin", number=1)
    Survey.objects.filter(pk=survey.pk).update(due_on=timezone.localdate())
    survey.refresh_from_db()

    class U:
        is_authenticated = True

        def __init__(self, p):
            self._belong_person = p

    rs.survey_answer(survey=survey, person=rel.mentee_person, rating=4, nps=9, comment="good")
    mentor_view = access.visible_responses(U(rel.mentor_person), survey)
    assert mentor_view == []
    assert len(access.visible_responses(U(rel.mentee_person), survey)) == 1
    rs.survey_answer(survey=survey, person=rel.mentor_person, rating=5, nps=10)
    assert len(access.visible_responses(U(rel.mentor_person), survey)) == 2
    with pytest.raises(MentoringError, match="already answered"):
        rs.survey_answer(survey=survey, person=rel.mentor_person, rating=5, nps=10)


def test_it_reveals_feedback_at_close(rel):
    agreed(rel)
    rs.session_schedule(relationship=rel, starts_at=soon())
    survey = rel.surveys.get(kind="checkin", number=1)
    Survey.objects.filter(pk=survey.pk).update(due_on=timezone.localdate())
    survey.refresh_from_db()
    rs.survey_answer(survey=survey, person=rel.mentee_person, rating=2, nps=3)
    rs.relationship_close(relationship=rel, reason="Moved teams", person=rel.mentor_person)
    survey.refresh_from_db()

    class U:
        is_authenticated = True
        _belong_person = rel.mentor_person

    assert len(access.visible_responses(U(), survey)) == 1


def test_it_closes_early_with_a_reason_and_gives_rematch_priority(rel):
    with pytest.raises(MentoringError, match="why"):
        rs.relationship_close(relationship=rel, reason=" ")
    rs.relationship_close(relationship=rel, reason="No chemistry")
    mentee = Enrollment.objects.get(pk=rel.mentee_id)
    mentor = Enrollment.objects.get(pk=rel.mentor_id)
    assert mentee.rematch_priority and mentee.status == "active"
    assert mentor.load == 0
    assert rel.surveys.filter(kind="closeout").exists()


def test_it_completes_and_frees_the_mentor(rel):
    agreed(rel)
    rs.session_schedule(relationship=rel, starts_at=soon())
    rs.relationship_complete(relationship=rel, person=rel.mentor_person)
    assert Enrollment.objects.get(pk=rel.mentor_id).load == 0
    closeout = rel.surveys.get(kind="closeout")
    assert closeout.due_on == timezone.localdate()


def test_it_allows_only_one_open_relationship_per_pair(rel):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Relationship.objects.create(
            program=rel.program,
            mentee=rel.mentee,
            mentor=rel.mentor,
            mentee_person=rel.mentee_person,
            mentor_person=rel.mentor_person,
        )


def test_the_database_refuses_load_above_capacity(rel):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Enrollment.objects.filter(pk=rel.mentor_id).update(load=99)


def test_it_flags_quiet_relationships_at_risk(rel):
    agreed(rel)
    rs.session_schedule(relationship=rel, starts_at=soon())
    later = timezone.now() + dt.timedelta(weeks=5)
    assert rs.relationships_flag_at_risk(now=later) == [rel.pk]
    assert rs.relationships_flag_at_risk(now=later) == []  # flagged once


def test_it_tracks_goals_and_milestones(rel):
    goal = rs.goal_create(relationship=rel, title="Lead a project")
    rs.goal_set_status(goal=goal, status="in_progress")
    m = rs.milestone_create(goal=goal, title="Write the plan")
    assert rs.milestone_toggle(milestone=m).done_at is not None
    assert rs.milestone_toggle(milestone=m).done_at is None
