"""The events API: the same access rules as the pages, and no hidden person in any answer."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from icalendar import Calendar

from belong.common.testing import PERSONAS, PersonFactory
from belong.events import services
from belong.events.tests.world import build_events_world, soon

EMPLOYEES = {"employee", "mentor", "group_leader", "program_manager", "hr_analyst", "administrator"}
HOSTS = {"group_leader", "administrator"}


@pytest.fixture
def world(personas):
    return build_events_world(personas)


@pytest.mark.parametrize("persona", PERSONAS)
def test_reads_follow_the_page_rules(client_as, world, persona):
    e, g = world.event.pk, world.groups.group.pk
    urls = {
        "/api/events": EMPLOYEES,
        f"/api/events/{e}": EMPLOYEES,
        f"/api/events/{e}/invite.ics": EMPLOYEES,
        f"/api/groups/{g}/global-initiatives": EMPLOYEES,
        f"/api/events/{e}/attendees": HOSTS,
        f"/api/groups/{g}/events/report": HOSTS,
    }
    client = client_as(persona)
    for url, allowed in urls.items():
        status = client.get(url).status_code
        if persona == "anonymous":
            assert status == 401, url
        elif persona in allowed:
            assert status == 200, (url, persona)
        else:
            assert status == 403, (url, persona)


def test_rsvp_waitlist_and_promotion_through_the_api(client_as, world):
    for _ in range(2):
        services.registration_create(event=world.event, person=PersonFactory())
    client = client_as("employee")
    url = f"/api/events/{world.event.pk}/registration"
    answer = client.post(url, json.dumps({"listed": False}), content_type="application/json")
    assert answer.status_code == 200
    body = answer.json()
    assert body["status"] == "waitlisted" and body["waitlist_position"] == 1
    assert "waitlist" in body["message"]
    first = world.event.registrations.filter(status="going").first()
    services.registration_cancel(registration=first)
    assert client.get(url).json()["status"] == "going"
    assert client.delete(url).json()["status"] == "cancelled"


def test_hosts_create_change_and_cancel_events(client_as, world):
    client = client_as("group_leader")
    payload = {
        "chapter_id": world.groups.madrid.pk,
        "title": "Lunar New Year dinner",
        "kind": "celebration",
        "starts_at": soon(10).isoformat(),
        "ends_at": soon(10, 21).isoformat(),
        "timezone": "Europe/Madrid",
        "mode": "in_person",
        "site_id": world.groups.madrid.site_id,
        "capacity": 40,
        "speakers": [{"name": "Mei Lin", "organisation": "Lantern Society"}],
    }
    created = client.post(
        f"/api/groups/{world.groups.group.pk}/events",
        json.dumps(payload),
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    event_id = created.json()["id"]
    changed = client.patch(
        f"/api/events/{event_id}", json.dumps({"capacity": 50}), content_type="application/json"
    )
    assert changed.json()["sequence"] == 1 and changed.json()["capacity"] == 50
    cancelled = client.post(f"/api/events/{event_id}/cancel")
    assert cancelled.json()["status"] == "cancelled" and cancelled.json()["sequence"] == 2
    refused = client_as("employee").post(
        f"/api/groups/{world.groups.group.pk}/events",
        json.dumps(payload),
        content_type="application/json",
    )
    assert refused.status_code == 403


def test_check_in_by_code_and_by_roster_tick(client_as, world):
    employee = client_as("employee")
    employee.post(f"/api/events/{world.event.pk}/registration", "{}", "application/json")
    wrong = employee.post(
        f"/api/events/{world.event.pk}/checkin",
        json.dumps({"code": "NOPE"}),
        content_type="application/json",
    )
    assert wrong.status_code == 400
    right = employee.post(
        f"/api/events/{world.event.pk}/checkin",
        json.dumps({"code": world.event.checkin_code}),
        content_type="application/json",
    )
    assert right.json()["status"] == "attended"
    mentor = world.groups.visible.person
    reg = services.registration_create(event=world.event, person=mentor)
    ticked = client_as("group_leader").post(
        f"/api/events/{world.event.pk}/attendees/{reg.pk}/checkin",
        json.dumps({"attended": True}),
        content_type="application/json",
    )
    assert ticked.json()["status"] == "attended"


def test_the_video_link_is_for_seated_people_and_hosts(client_as, world):
    services.event_update(
        event=world.event, mode="virtual", site=None, link="https://meet.example/secret-room"
    )
    url = reverse("api:get_event", kwargs={"event_id": world.event.pk})
    assert client_as("employee").get(url).json()["link"] is None
    assert client_as("group_leader").get(url).json()["link"].endswith("secret-room")


@pytest.mark.parametrize("persona", PERSONAS)
def test_writes_follow_the_page_rules(client_as, world, persona):
    client = client_as(persona)
    e, g = world.event.pk, world.groups.group.pk
    expected_rsvp = {"anonymous": 401, "outsider": 403}.get(persona, 200)
    rsvp = client.post(f"/api/events/{e}/registration", "{}", content_type="application/json")
    assert rsvp.status_code == expected_rsvp, persona
    initiative = {
        "name": "Lunar New Year",
        "starts_on": "2030-02-01",
        "ends_on": "2030-02-20",
    }
    created = client.post(
        f"/api/groups/{g}/global-initiatives",
        json.dumps(initiative),
        content_type="application/json",
    )
    expected = 201 if persona in HOSTS else 401 if persona == "anonymous" else 403
    assert created.status_code == expected, (persona, created.content)
    cancel = client.post(f"/api/events/{e}/cancel")
    assert cancel.status_code == (200 if persona in HOSTS else expected), persona


def test_in_a_private_group_an_api_rsvp_stays_off_the_list_unless_asked(client_as, world):
    world.groups.group.private = True
    world.groups.group.save(update_fields=["private"])
    url = f"/api/events/{world.event.pk}/registration"
    assert client_as("employee").post(url, "{}", "application/json").json()["listed"] is False


def test_the_invite_names_the_viewer_only_once_registered(client_as, personas, world):
    url = reverse("events:invite", args=[world.event.pk])
    client = client_as("employee")
    assert b"ATTENDEE" not in client.get(url).content
    services.registration_create(event=world.event, person=personas["employee"].person)
    vevent = next(iter(Calendar.from_ical(client.get(url).content).walk("VEVENT")))
    assert str(vevent["ATTENDEE"]) == "mailto:employee@example.test"
