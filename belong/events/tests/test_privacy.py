"""A private membership never shows: not on the roster, the CSV, the API or an invite."""

from __future__ import annotations

import pytest
from django.urls import reverse

from belong.common.testing import PersonFactory
from belong.events import services
from belong.events.tests.world import build_events_world


@pytest.fixture
def world(personas):
    w = build_events_world(personas)
    services.event_update(event=w.event, capacity=10)
    return w


def _everything_a_host_sees(client, world) -> str:
    e = world.event.pk
    parts = [
        client.get(reverse("events:roster", args=[e])).content.decode(),
        client.get(reverse("events:roster_export", args=[e])).content.decode(),
        client.get(f"/api/events/{e}/attendees").content.decode(),
        client.get(reverse("events:event", args=[e])).content.decode(),
        client.get(reverse("events:invite", args=[e])).content.decode(),
    ]
    return "\n".join(parts)


def test_a_private_member_who_rsvps_appears_nowhere(client_as, world):
    hidden = world.groups.hidden_user.person
    services.registration_create(event=world.event, person=hidden, listed=True)
    visible = world.groups.visible.person  # the mentor, on the roster
    services.registration_create(event=world.event, person=visible, listed=True)
    seen = _everything_a_host_sees(client_as("group_leader"), world)
    assert visible.display_name in seen
    assert hidden.display_name not in seen and hidden.email not in seen
    assert hidden.employee_id not in seen


def test_someone_who_chose_not_to_be_listed_is_left_off(client_as, world):
    shy = PersonFactory()
    services.registration_create(event=world.event, person=shy, listed=False)
    seen = _everything_a_host_sees(client_as("group_leader"), world)
    assert shy.display_name not in seen and shy.email not in seen


def test_a_host_cannot_tick_a_hidden_person(client_as, world):
    hidden = services.registration_create(event=world.event, person=world.groups.hidden_user.person)
    response = client_as("group_leader").post(
        reverse("events:roster_tick", args=[world.event.pk, hidden.pk]), {"attended": "1"}
    )
    assert response.status_code == 404


def test_feeds_need_the_secret_and_a_reset_retires_it(client_as, personas, world):
    client = client_as("employee")
    services.registration_create(event=world.event, person=personas["employee"].person)
    token = services.calendar_token_get(user=personas["employee"]).token
    anonymous = client_as("anonymous")
    mine = anonymous.get(reverse("events:feed_mine", args=[token]))
    assert mine.status_code == 200 and b"BEGIN:VTIMEZONE" in mine.content
    assert world.event.title.encode() in mine.content
    group_feed = anonymous.get(reverse("events:feed_group", args=[token, world.groups.group.slug]))
    assert group_feed.status_code == 200 and b"ATTENDEE" not in group_feed.content
    chapter_feed = anonymous.get(
        reverse("events:feed_chapter", args=[token, world.groups.group.slug, "madrid"])
    )
    assert world.event.title.encode() in chapter_feed.content
    client.post(reverse("events:calendar"))
    assert anonymous.get(reverse("events:feed_mine", args=[token])).status_code == 404
