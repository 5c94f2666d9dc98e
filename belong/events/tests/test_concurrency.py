"""Capacity holds under concurrent RSVPs: 50 people send their RSVP at once for 10 seats."""

from __future__ import annotations

import threading

import pytest
from django.db import close_old_connections, connection
from django.test import Client
from django.urls import reverse

from belong.common.testing import PersonFactory, employee_user
from belong.events import services
from belong.events.models import Registration
from belong.events.tests.world import build_events_world

RACERS, SEATS = 50, 10


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_rsvps_fill_exactly_ten_seats(personas):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time; the sequential rule is tested below")
    world = build_events_world(personas)
    services.event_update(event=world.event, capacity=SEATS)
    clients = []
    for n in range(RACERS):
        client = Client(headers={"HX-Request": "true"})
        client.force_login(employee_user(f"racer-{n}"))
        clients.append(client)
    url = reverse("events:rsvp", args=[world.event.pk])
    barrier = threading.Barrier(RACERS)
    pages: list[str] = []
    errors: list[BaseException] = []

    def rsvp(client):
        try:
            barrier.wait()
            response = client.post(url, {"listed": "1"})
            assert response.status_code == 200
            pages.append(response.content.decode())
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=rsvp, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sum("You are going." in page for page in pages) == SEATS
    waiting = [page for page in pages if "The event is full, so you are on the waitlist" in page]
    assert len(waiting) == RACERS - SEATS
    rows = Registration.objects.filter(event=world.event)
    assert rows.filter(status="going").count() == SEATS
    assert rows.filter(status="waitlisted").count() == RACERS - SEATS
    positions = sorted(rows.filter(status="waitlisted").values_list("waitlist_position", flat=True))
    assert len(set(positions)) == RACERS - SEATS  # a clear, unique place in the queue each


@pytest.mark.django_db
def test_sequential_rsvps_fill_exactly_the_seats(personas):
    world = build_events_world(personas)
    services.event_update(event=world.event, capacity=SEATS)
    statuses = [
        services.registration_create(event=world.event, person=PersonFactory()).status
        for _ in range(RACERS)
    ]
    assert statuses.count("going") == SEATS
    assert statuses.count("waitlisted") == RACERS - SEATS
