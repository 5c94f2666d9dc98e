from __future__ import annotations

import pytest

from belong.mentoring import services
from belong.mentoring.models import Enrollment
from belong.mentoring.services import MentoringError
from belong.mentoring.tests.factories import enroll, make_program, person

pytestmark = pytest.mark.django_db


def test_it_enrolls_a_mentee_with_goals_and_topics() -> None:
    program = make_program()
    e = enroll(program, person("ana"))
    assert e.status == Enrollment.Status.ACTIVE
    assert len(e.topics_sought) == 2 and e.capacity == 0


def test_it_gives_mentors_the_default_capacity_and_refuses_above_the_maximum() -> None:
    program = make_program(mentor_capacity_default=2, mentor_capacity_max=3)
    e = services.enrollment_create(
        program=program, person=person("bo", "L8"), role="mentor", expertise="sql"
    )
    assert e.capacity == 2
    with pytest.raises(MentoringError, match="between 1 and 3"):
        enroll(program, person("cy", "L8"), "mentor", capacity=5)


def test_it_refuses_a_second_enrollment_in_the_same_program() -> None:
    program = make_program()
    ana = person("ana")
    enroll(program, ana)
    with pytest.raises(MentoringError, match="already enrolled"):
        enroll(program, ana)


def test_it_checks_eligibility_with_a_clear_reason() -> None:
    program = make_program(eligibility={"levels": ["L6", "L7"]})
    with pytest.raises(MentoringError, match="open to levels L6, L7"):
        enroll(program, person("ana"))
    closed = make_program(name="Closed", is_open=False)
    with pytest.raises(MentoringError, match="not open"):
        enroll(closed, person("bo"))


def test_it_needs_an_open_cycle_for_cycle_programs() -> None:
    program = make_program(schedule="cycles")
    with pytest.raises(MentoringError, match="closed until the next cycle"):
        enroll(program, person("ana"))


def test_it_rejects_topics_from_another_program() -> None:
    program, other = make_program(), make_program(name="Other")
    foreign = other.topics.first().pk
    with pytest.raises(MentoringError, match="topics"):
        enroll(program, person("ana"), topics_sought=[foreign])


def test_it_edits_and_withdraws() -> None:
    program = make_program()
    e = enroll(program, person("ana"))
    services.enrollment_update(enrollment=e, goals="Public speaking")
    e.refresh_from_db()
    assert e.goals == "Public speaking"
    services.enrollment_withdraw(enrollment=e)
    e.refresh_from_db()
    assert e.status == Enrollment.Status.WITHDRAWN
    enroll(program, e.person)  # may enroll again after withdrawing
