"""Invites and feeds: stable UID, SEQUENCE raised on every change, VTIMEZONE for each zone,
METHOD:CANCEL once cancelled, and no attendee list (none at all for private groups)."""

from __future__ import annotations

import datetime as dt

import pytest
from icalendar import Calendar

from belong.common.testing import PersonFactory, SiteFactory
from belong.events import ics, services
from belong.events.tests.world import build_events_world, make_event


@pytest.fixture
def world(personas):
    return build_events_world(personas)


def _parse(body: bytes) -> Calendar:
    return Calendar.from_ical(body)


def _vevent(cal: Calendar):
    return next(c for c in cal.walk("VEVENT"))


def test_the_uid_stays_and_sequence_rises_on_every_change(world):
    event = world.event
    first = _vevent(_parse(ics.event_invite(event)))
    services.event_update(event=event, title="Heritage roundtable (new room)")
    second = _vevent(_parse(ics.event_invite(event)))
    services.event_update(event=event, starts_at=event.starts_at + dt.timedelta(hours=1))
    third = _vevent(_parse(ics.event_invite(event)))
    assert str(first["UID"]) == str(second["UID"]) == str(third["UID"])
    assert [int(v["SEQUENCE"]) for v in (first, second, third)] == [0, 1, 2]


def test_an_invite_is_a_request_with_the_events_time_zone(world):
    cal = _parse(ics.event_invite(world.event))
    assert str(cal["METHOD"]) == "REQUEST"
    assert [tz.tz_name for tz in cal.timezones] == ["Europe/Madrid"]
    start = _vevent(cal)["DTSTART"]
    assert start.params["TZID"] == "Europe/Madrid"
    assert start.dt == world.event.starts_at
    assert cal.get_missing_tzids() == set()


def test_a_cancelled_event_sends_method_cancel(world):
    services.event_cancel(event=world.event)
    cal = _parse(ics.event_invite(world.event))
    assert str(cal["METHOD"]) == "CANCEL"
    vevent = _vevent(cal)
    assert str(vevent["STATUS"]) == "CANCELLED" and int(vevent["SEQUENCE"]) == 1


def test_a_feed_has_a_vtimezone_for_every_zone_used(world):
    tokyo = SiteFactory(city="Tokyo", country="Japan", country_code="JP", timezone="Asia/Tokyo")
    other = make_event(world.groups, site=tokyo, zone="Asia/Tokyo", title="Tokyo panel")
    virtual = make_event(
        world.groups,
        mode="virtual",
        site=None,
        link="https://meet.example/x",
        zone="America/New_York",
    )
    cal = _parse(ics.feed([world.event, other, virtual], "Pride"))
    assert sorted(tz.tz_name for tz in cal.timezones) == [
        "America/New_York",
        "Asia/Tokyo",
        "Europe/Madrid",
    ]
    assert "METHOD" not in cal
    assert len(list(cal.walk("VEVENT"))) == 3


def test_an_invite_never_carries_the_attendee_list(world):
    people = [PersonFactory() for _ in range(2)]
    for p in people:
        services.registration_create(event=world.event, person=p)
    body = ics.event_invite(world.event, people[0])
    attendees = _vevent(_parse(body)).get("ATTENDEE")
    assert str(attendees) == f"mailto:{people[0].email}"
    assert people[1].email.encode() not in body


def test_invites_of_private_groups_name_no_attendee(world):
    world.groups.group.private = True
    world.groups.group.save(update_fields=["private"])
    p = PersonFactory()
    services.registration_create(event=world.event, person=p)
    body = ics.event_invite(world.event, p)
    assert b"ATTENDEE" not in body and p.email.encode() not in body
