"""A mentor with room for 2 presses Accept on 50 requests at the same instant, over real HTTP
(PostgreSQL). Exactly 2 relationships; the other 48 are refused with the capacity message on
the page the mentor lands on, and their requests stay pending, answerable later."""

from __future__ import annotations

import pytest
from django.db import connection

from belong.common.tests.racing import (
    all_at_once,
    browser_for,
    csrf_token,
    open_wide,
)
from belong.mentoring.models import Enrollment, MentorRequest, Relationship
from belong.mentoring.services_requests import request_create
from belong.mentoring.tests.factories import enroll, make_program, person

RACERS, CAPACITY = 50, 2
DONE = '<li class="success">Done.</li>'
REFUSED = "You are at capacity (2 mentees); close a relationship or raise your capacity first."

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite admits one writer at a time, so nothing can race; run with `make test-pg`",
)


@pytest.mark.django_db(transaction=True)
def test_it_makes_exactly_two_matches_from_fifty_simultaneous_accepts(reference_data, live_server):
    open_wide(live_server, RACERS)
    program = make_program(style="choice", request_cap=3)
    mentor = enroll(program, person("busy-mentor", "L8"), "mentor", capacity=CAPACITY)
    mentees = [enroll(program, person(f"rush-{k}")) for k in range(RACERS)]
    asks = [request_create(mentee=m, mentor=mentor, message="Hello") for m in mentees]
    mine = f"{live_server.url}/mentoring/mine/"
    # The mentor has the list open in 50 tabs (50 sessions) and accepts in all of them.
    browsers = [browser_for(mentor.person.user) for _ in range(RACERS)]
    token = csrf_token(browsers[0], mine)
    for browser in browsers[1:]:
        browser.cookies.set("csrftoken", token)

    def accept(browser, ask):
        return browser.post(
            f"{live_server.url}/mentoring/requests/{ask.pk}/accept/",
            data={"reply": "Happy to"},
            headers={"X-CSRFToken": token, "Referer": mine},
            timeout=120,
        )

    outcomes = all_at_once(
        [lambda b=b, a=a: accept(b, a) for b, a in zip(browsers, asks, strict=True)]
    )

    assert not [o for o in outcomes if isinstance(o, BaseException)], outcomes
    assert all(o.status_code == 200 and o.url == mine for o in outcomes)  # back on the list
    accepted = [a.pk for a, o in zip(asks, outcomes, strict=True) if DONE in o.text]
    refused = [a.pk for a, o in zip(asks, outcomes, strict=True) if REFUSED in o.text]
    assert (len(accepted), len(refused)) == (CAPACITY, RACERS - CAPACITY)

    relationships = Relationship.objects.filter(mentor=mentor)
    winners = sorted(a.mentee_id for a in asks if a.pk in accepted)
    assert sorted(relationships.values_list("mentee_id", flat=True)) == winners
    mentor.refresh_from_db()
    assert mentor.load == CAPACITY
    statuses = dict(MentorRequest.objects.filter(mentor=mentor).values_list("pk", "status"))
    assert {statuses[pk] for pk in accepted} == {MentorRequest.Status.ACCEPTED}
    assert {statuses[pk] for pk in refused} == {MentorRequest.Status.PENDING}
    matched = Enrollment.objects.filter(program=program, status=Enrollment.Status.MATCHED)
    assert matched.count() == CAPACITY
