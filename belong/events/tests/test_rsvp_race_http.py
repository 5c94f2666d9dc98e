"""50 people press RSVP at the same instant over real HTTP for a 10-seat event (PostgreSQL).

The product's rule (services.registration_create): seats are decided with the event row
locked; whoever finds no free seat goes to the end of the waitlist and is told so. Nothing
may be lost: every racer ends with exactly one registration, in a defined state.
"""

from __future__ import annotations

import pytest
from django.db import connection

from belong.common.testing import employee_user
from belong.common.tests.racing import (
    all_at_once,
    browser_for,
    csrf_token,
    open_wide,
)
from belong.events.models import Registration
from belong.events.tests.world import build_events_world, make_event

RACERS, SEATS = 50, 10
GOING = "You are going."
WAITING = "The event is full, so you are on the waitlist"

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite admits one writer at a time, so nothing can race; run with `make test-pg`",
)


@pytest.mark.django_db(transaction=True)
def test_it_seats_exactly_ten_of_fifty_simultaneous_rsvps_and_waitlists_the_rest(
    reference_data, personas, live_server
):
    open_wide(live_server, RACERS)
    world = build_events_world(personas)
    event = make_event(world.groups, capacity=SEATS)  # no registrations yet
    page = f"{live_server.url}/events/{event.pk}/"
    racers = [employee_user(f"racer-{n}") for n in range(RACERS)]
    browsers = [browser_for(user) for user in racers]
    tokens = [csrf_token(b, page) for b in browsers[:1]] * RACERS
    for browser in browsers[1:]:
        browser.cookies.set("csrftoken", tokens[0])

    def rsvp(browser, token):
        return browser.post(
            f"{page}rsvp/",
            data={"listed": "1"},
            headers={"X-CSRFToken": token, "HX-Request": "true", "Referer": page},
            timeout=120,
        )

    outcomes = all_at_once(
        [lambda b=b, t=t: rsvp(b, t) for b, t in zip(browsers, tokens, strict=True)]
    )

    assert not [o for o in outcomes if isinstance(o, BaseException)], outcomes
    assert [o.status_code for o in outcomes] == [200] * RACERS
    told_going = [o for o in outcomes if GOING in o.text]
    told_waiting = [o for o in outcomes if WAITING in o.text]
    assert (len(told_going), len(told_waiting)) == (SEATS, RACERS - SEATS)

    rows = list(Registration.objects.filter(event=event).values_list("person_id", "status"))
    assert sorted(pid for pid, _ in rows) == sorted(u.person.pk for u in racers)  # one each
    states = [status for _, status in rows]
    assert states.count(Registration.Status.GOING) == SEATS
    assert states.count(Registration.Status.WAITLISTED) == RACERS - SEATS
    positions = Registration.objects.filter(
        event=event, status=Registration.Status.WAITLISTED
    ).values_list("waitlist_position", flat=True)
    assert sorted(positions) == list(range(1, RACERS - SEATS + 1))  # a place each, no gaps

    # What each person was told matches what was stored for them.
    going_ids = {pid for pid, status in rows if status == Registration.Status.GOING}
    for user, outcome in zip(racers, outcomes, strict=True):
        assert (GOING in outcome.text) == (user.person.pk in going_ids)
