"""Every events page against every persona: who gets in, who is refused."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from belong.common.testing import PERSONAS, PersonFactory, assert_page_access
from belong.events import services
from belong.events.tests.world import build_events_world

EMPLOYEES = {"employee", "mentor", "group_leader", "program_manager", "hr_analyst", "administrator"}
HOSTS = {"group_leader", "administrator"}


def _pages(w):
    e, g = w.event.pk, w.groups.group.slug
    return {
        "list": (reverse("events:list"), EMPLOYEES),
        "list filtered": (reverse("events:list") + "?kind=roundtable&pillar=engage", EMPLOYEES),
        "initiative": (reverse("events:initiative", args=[w.initiative.pk]), EMPLOYEES),
        "event": (reverse("events:event", args=[e]), EMPLOYEES),
        "invite": (reverse("events:invite", args=[e]), EMPLOYEES),
        "calendar": (reverse("events:calendar"), EMPLOYEES),
        "group page section": (reverse("groups:group", args=[g]), EMPLOYEES),
        "create": (reverse("events:create", args=[g]), HOSTS),
        "edit": (reverse("events:edit", args=[e]), HOSTS),
        "cancel": (reverse("events:cancel", args=[e]), HOSTS),
        "roster": (reverse("events:roster", args=[e]), HOSTS),
        "roster csv": (reverse("events:roster_export", args=[e]), HOSTS),
        "report": (reverse("events:report", args=[g]), HOSTS),
        "new initiative": (reverse("events:initiative_create", args=[g]), HOSTS),
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lets_in_exactly_the_allowed_personas(client_as, personas, persona):
    world = build_events_world(personas)
    for name, (url, allowed) in _pages(world).items():
        assert_page_access(client_as(persona).get(url), persona, allowed, name)


@pytest.mark.parametrize("persona", PERSONAS)
def test_rsvp_needs_an_employee_record(client_as, personas, persona):
    world = build_events_world(personas)
    response = client_as(persona).post(reverse("events:rsvp", args=[world.event.pk]))
    if persona == "anonymous":
        assert response.status_code == 302
    elif persona == "outsider":
        assert response.status_code == 403
    else:
        assert response.status_code == 302, persona
        assert world.event.registrations.filter(person__user=personas[persona]).exists()


def test_a_chapter_leader_hosts_in_their_chapter_only(personas):
    world = build_events_world(personas)
    client = Client()
    client.force_login(world.chapter_leader)
    assert client.get(reverse("events:roster", args=[world.event.pk])).status_code == 200
    assert client.get(reverse("events:create", args=[world.groups.group.slug])).status_code == 200
    board_event = services.event_create(
        group=world.groups.group,
        chapter=None,
        title="Board town hall",
        kind="panel",
        starts_at=world.event.starts_at,
        ends_at=world.event.ends_at,
        zone="UTC",
        mode="virtual",
        link="https://meet.example/town-hall",
    )
    assert client.get(reverse("events:edit", args=[board_event.pk])).status_code == 403
    response = client.post(
        reverse("events:create", args=[world.groups.group.slug]),
        {
            "title": "Sneaky",
            "chapter": world.groups.europe.pk,
            "kind": "workshop",
            "pillar": "engage",
            "starts_at": "2030-05-01T18:00",
            "ends_at": "2030-05-01T20:00",
            "zone": "UTC",
            "mode": "virtual",
            "link": "https://meet.example/y",
        },
    )
    assert response.status_code == 200  # Europe is not among the chapters offered
    assert not world.groups.group.events.filter(title="Sneaky").exists()


def test_a_host_creates_an_event_in_the_events_own_time_zone(personas):
    world = build_events_world(personas)
    client = Client()
    client.force_login(world.chapter_leader)
    response = client.post(
        reverse("events:create", args=[world.groups.group.slug]),
        {
            "title": "Diwali lights",
            "chapter": world.groups.madrid.pk,
            "kind": "celebration",
            "pillar": "engage",
            "starts_at": "2030-11-01T18:00",
            "ends_at": "2030-11-01T20:00",
            "zone": "Europe/Madrid",
            "mode": "in_person",
            "site": world.groups.madrid.site_id,
            "capacity": "30",
            "speakers": "Asha Rao; Author; Lights Trust",
        },
    )
    assert response.status_code == 302
    event = world.groups.group.events.get(title="Diwali lights")
    assert event.starts_at.isoformat() == "2030-11-01T17:00:00+00:00"  # CET is UTC+1
    assert [s.organisation for s in event.speakers.all()] == ["Lights Trust"]


def test_the_event_page_shows_local_and_viewer_times_and_the_waitlist(personas, client_as):
    world = build_events_world(personas)
    for _ in range(2):
        services.registration_create(event=world.event, person=PersonFactory())
    client = client_as("employee")
    session = client.session
    session["timezone"] = "America/New_York"
    session.save()
    response = client.post(
        reverse("events:rsvp", args=[world.event.pk]), {"listed": "1"}, follow=True
    )
    page = response.content.decode()
    assert "on the waitlist" in page and "You are number 1 on the waitlist" in page
    assert "America/New_York" in page and "Local time (Europe/Madrid)" in page


def test_group_and_chapter_pages_list_upcoming_events(client_as, personas):
    world = build_events_world(personas)
    g = world.groups.group.slug
    for url in (reverse("groups:group", args=[g]), reverse("groups:chapter", args=[g, "madrid"])):
        page = client_as("employee").get(url).content.decode()
        assert 'id="upcoming-events"' in page and world.event.title in page
    page = client_as("group_leader").get(reverse("groups:group", args=[g])).content.decode()
    assert reverse("events:create", args=[g]) in page


def test_a_host_ticks_a_row_with_htmx(client_as, personas):
    world = build_events_world(personas)
    reg = services.registration_create(event=world.event, person=world.groups.visible.person)
    response = client_as("group_leader").post(
        reverse("events:roster_tick", args=[world.event.pk, reg.pk]),
        {"attended": "1"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.strip().startswith(f'<tr id="reg-{reg.pk}"') and "Checked in" in html
    assert "<html" not in html
