from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from belong.mentoring.models import Enrollment, MentorRequest, Relationship
from belong.mentoring.services import MentoringError
from belong.mentoring.services_requests import (
    request_accept,
    request_add_info,
    request_ask_info,
    request_cancel,
    request_create,
    request_decline,
    requests_expire,
    shortlist_for,
)
from belong.mentoring.tests.factories import enroll, make_program, person


@pytest.fixture
def choice(db):
    program = make_program(style="choice", request_cap=2)
    mentor = enroll(program, person("mentor-a", "L8"), "mentor", capacity=1)
    mentees = [enroll(program, person(f"mentee-{k}")) for k in range(3)]
    return program, mentor, mentees


def test_it_shortlists_mentors_with_reasons(choice):
    _program, mentor, mentees = choice
    items = shortlist_for(enrollment=mentees[0])
    assert [i["mentor"].pk for i in items] == [mentor.pk]
    assert items[0]["reasons"]


def test_it_accepts_within_capacity_and_cancels_the_mentees_other_requests(choice):
    program, mentor, mentees = choice
    other = enroll(program, person("mentor-b", "L8"), "mentor", capacity=2)
    first = request_create(mentee=mentees[0], mentor=mentor, message="Hi")
    second = request_create(mentee=mentees[0], mentor=other, message="Hello")
    rel = request_accept(request=first)
    assert rel.state == Relationship.State.PROPOSED
    second.refresh_from_db()
    assert second.status == MentorRequest.Status.CANCELLED
    mentor.refresh_from_db()
    assert mentor.load == 1 and mentor.free_capacity == 0


def test_it_refuses_a_request_to_a_full_mentor_with_a_clear_message(choice):
    _program, mentor, mentees = choice
    request_accept(request=request_create(mentee=mentees[0], mentor=mentor, message="Hi"))
    with pytest.raises(MentoringError, match="no free mentoring places") as exc:
        request_create(mentee=mentees[1], mentor=mentor, message="Me too")
    assert exc.value.code == "capacity"


def test_it_holds_capacity_at_accept_time(choice):
    _program, mentor, mentees = choice
    r1 = request_create(mentee=mentees[0], mentor=mentor, message="Hi")
    r2 = request_create(mentee=mentees[1], mentor=mentor, message="Hi")
    request_accept(request=r1)
    with pytest.raises(MentoringError, match="at capacity"):
        request_accept(request=r2)
    assert Relationship.objects.filter(mentor=mentor).count() == 1


def test_it_caps_open_requests_per_mentee(choice):
    program, _, mentees = choice
    mentors = [enroll(program, person(f"m{k}", "L8"), "mentor") for k in range(3)]
    request_create(mentee=mentees[0], mentor=mentors[0], message="a")
    request_create(mentee=mentees[0], mentor=mentors[1], message="b")
    with pytest.raises(MentoringError, match="at most 2 open requests"):
        request_create(mentee=mentees[0], mentor=mentors[2], message="c")


def test_it_lets_the_mentor_ask_for_more_information(choice):
    _program, mentor, mentees = choice
    r = request_create(mentee=mentees[0], mentor=mentor, message="Hi")
    r = request_ask_info(request=r, reply="Which team are you in?")
    assert r.status == MentorRequest.Status.INFO_REQUESTED
    r = request_add_info(request=r, message="Payments")
    assert r.status == MentorRequest.Status.PENDING and "Payments" in r.message
    assert request_decline(request=r, reply="Sorry").status == MentorRequest.Status.DECLINED
    with pytest.raises(MentoringError, match="no longer be answered"):
        request_accept(request=r)


def test_it_expires_requests(choice):
    _program, mentor, mentees = choice
    r = request_create(mentee=mentees[0], mentor=mentor, message="Hi")
    MentorRequest.objects.filter(pk=r.pk).update(expires_at=timezone.now() - dt.timedelta(hours=1))
    with pytest.raises(MentoringError, match="expired"):
        request_accept(request=r)
    r2 = request_create(mentee=mentees[1], mentor=mentor, message="Hi")
    MentorRequest.objects.filter(pk=r2.pk).update(expires_at=timezone.now())
    assert requests_expire() == 1


def test_it_lets_the_mentee_cancel(choice):
    _program, mentor, mentees = choice
    r = request_create(mentee=mentees[0], mentor=mentor, message="Hi")
    assert request_cancel(request=r).status == MentorRequest.Status.CANCELLED


def test_it_refuses_requests_in_a_managed_program(db):
    program = make_program()
    mentor = enroll(program, person("m", "L8"), "mentor")
    with pytest.raises(MentoringError, match="program manager proposes"):
        request_create(mentee=enroll(program, person("e")), mentor=mentor, message="Hi")


def _in_threads(calls):
    """Run each call in its own thread and connection, all released together."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[object] = [None] * len(calls)

    def work(k, fn):
        try:
            barrier.wait()
            outcomes[k] = fn()
        except Exception as exc:  # noqa: BLE001 - the test inspects what each thread got
            outcomes[k] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(k, fn)) for k, fn in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks need PostgreSQL; the sequential rule is tested above on every database",
)
def test_it_holds_capacity_under_concurrent_accepts_on_postgresql(reference_data):
    program = make_program(style="choice", request_cap=3)
    mentor = enroll(program, person("busy-mentor", "L8"), "mentor", capacity=2)
    mentees = [enroll(program, person(f"rush-{k}")) for k in range(8)]
    requests = [request_create(mentee=m, mentor=mentor, message="Hi") for m in mentees]
    outcomes = _in_threads([lambda r=r: request_accept(request=r) for r in requests])
    accepted = [o for o in outcomes if isinstance(o, Relationship)]
    refused = [o for o in outcomes if isinstance(o, MentoringError)]
    assert len(accepted) == 2 and len(refused) == 6, outcomes
    assert all(o.code == "capacity" for o in refused)
    mentor.refresh_from_db()
    assert mentor.load == 2
    assert Relationship.objects.filter(mentor=mentor).count() == 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks need PostgreSQL; the sequential rule is tested above on every database",
)
def test_it_gives_a_mentee_one_mentor_under_concurrent_accepts_on_postgresql(reference_data):
    program = make_program(style="choice", request_cap=5)
    mentee = enroll(program, person("popular-mentee"))
    mentors = [enroll(program, person(f"keen-{k}", "L8"), "mentor") for k in range(5)]
    requests = [request_create(mentee=mentee, mentor=m, message="Hi") for m in mentors]
    outcomes = _in_threads([lambda r=r: request_accept(request=r) for r in requests])
    assert sum(isinstance(o, Relationship) for o in outcomes) == 1, outcomes
    assert Relationship.objects.filter(mentee=mentee).count() == 1
    assert Enrollment.objects.filter(program=program, load=1).count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_it_holds_the_request_cap_under_concurrent_requests_on_postgresql(reference_data):
    program = make_program(style="choice", request_cap=2)
    mentee = enroll(program, person("eager"))
    mentors = [enroll(program, person(f"m-{k}", "L8"), "mentor") for k in range(6)]
    outcomes = _in_threads(
        [lambda m=m: request_create(mentee=mentee, mentor=m, message="Hi") for m in mentors]
    )
    assert sum(isinstance(o, MentorRequest) for o in outcomes) == 2, outcomes
    assert MentorRequest.objects.filter(mentee=mentee, status="pending").count() == 2
