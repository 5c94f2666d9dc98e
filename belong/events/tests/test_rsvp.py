"""RSVPs, the waitlist and its automatic promotion, cancellation, check-in."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from belong.common.testing import PersonFactory
from belong.events import queries, services
from belong.events.models import Registration
from belong.events.tests.world import build_events_world

GOING, WAITING = Registration.Status.GOING, Registration.Status.WAITLISTED


@pytest.fixture
def world(personas):
    return build_events_world(personas)


def test_it_seats_people_until_full_then_waitlists_in_order(world):
    people = [PersonFactory() for _ in range(4)]
    regs = [services.registration_create(event=world.event, person=p) for p in people]
    assert [r.status for r in regs] == [GOING, GOING, WAITING, WAITING]
    assert [queries.waitlist_position(r) for r in regs[2:]] == [1, 2]
    assert queries.seats_left(world.event) == 0


def test_it_promotes_the_first_person_waiting_when_someone_cancels(
    world, django_capture_on_commit_callbacks
):
    a, b, c, d = (PersonFactory() for _ in range(4))
    first = services.registration_create(event=world.event, person=a)
    services.registration_create(event=world.event, person=b)
    third = services.registration_create(event=world.event, person=c)
    fourth = services.registration_create(event=world.event, person=d)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=first)
    third.refresh_from_db()
    fourth.refresh_from_db()
    assert third.status == GOING and third.promoted_at is not None
    assert queries.waitlist_position(fourth) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [c.email]
    assert world.groups.group.name not in message.subject  # neutral subject line
    body = message.attachments[0][1]
    assert b"METHOD:REQUEST" in (body if isinstance(body, bytes) else body.encode())


def test_rsvp_is_idempotent_and_a_cancelled_registration_comes_back(world):
    p = PersonFactory()
    r1 = services.registration_create(event=world.event, person=p)
    assert services.registration_create(event=world.event, person=p).pk == r1.pk
    services.registration_cancel(registration=r1)
    again = services.registration_create(event=world.event, person=p)
    assert again.pk == r1.pk and again.status == GOING and again.cancelled_at is None


def test_raising_capacity_promotes_people_waiting(world):
    regs = [
        services.registration_create(event=world.event, person=PersonFactory()) for _ in range(4)
    ]
    services.event_update(event=world.event, capacity=3)
    statuses = [Registration.objects.get(pk=r.pk).status for r in regs]
    assert statuses == [GOING, GOING, GOING, WAITING]


def test_a_cancelled_or_finished_event_takes_no_rsvps(world):
    services.event_cancel(event=world.event)
    with pytest.raises(ValidationError):
        services.registration_create(event=world.event, person=PersonFactory())


def test_check_in_by_code_needs_a_seat_and_the_right_code(world):
    p, q, r = PersonFactory(), PersonFactory(), PersonFactory()
    services.registration_create(event=world.event, person=p)
    services.registration_create(event=world.event, person=q)
    services.registration_create(event=world.event, person=r)  # waitlisted
    with pytest.raises(ValidationError):
        services.checkin_with_code(event=world.event, person=p, code="WRONG1")
    done = services.checkin_with_code(
        event=world.event, person=p, code=world.event.checkin_code.lower()
    )
    assert done.status == Registration.Status.ATTENDED and done.checked_in_by == "code"
    with pytest.raises(ValidationError):
        services.checkin_with_code(event=world.event, person=r, code=world.event.checkin_code)


def test_a_host_ticks_and_unticks_the_roster(world):
    reg = services.registration_create(event=world.event, person=PersonFactory())
    services.checkin_tick(registration=reg, attended=True)
    assert reg.status == Registration.Status.ATTENDED and reg.checked_in_by == "roster"
    services.checkin_tick(registration=reg, attended=False)
    assert reg.status == GOING and reg.checked_in_at is None
    assert queries.seats_left(world.event) == 1


def test_cancelling_the_event_sends_each_person_their_own_cancellation(
    world, django_capture_on_commit_callbacks
):
    people = [PersonFactory() for _ in range(3)]
    for p in people:
        services.registration_create(event=world.event, person=p)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.event_cancel(event=world.event)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    assert all(len(m.to) == 1 and not m.cc and not m.bcc for m in mail.outbox)
    body = mail.outbox[0].attachments[0][1]
    body = body if isinstance(body, bytes) else body.encode()
    assert b"METHOD:CANCEL" in body


def test_attendance_report_is_thresholded(world, settings):
    settings.BELONG_PRIVACY_MIN_GROUP = 5
    services.event_update(event=world.event, capacity=20)
    regs = [
        services.registration_create(event=world.event, person=PersonFactory()) for _ in range(6)
    ]
    for r in regs[:5]:
        services.checkin_tick(registration=r, attended=True)
    report = queries.event_report(world.event)
    assert report["seated"] == 6 and report["attended"] == 5 and report["waitlisted"] is None
    rows = queries.chapter_report(world.groups.group, None)
    assert rows[0]["chapter"] == "Madrid" and rows[0]["attended"] == 5
