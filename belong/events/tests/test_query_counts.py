"""List pages and API lists run a fixed number of queries, whatever the number of events."""

from __future__ import annotations

from django.urls import reverse

from belong.common.testing import PersonFactory
from belong.events import services
from belong.events.tests.world import build_events_world, make_event


def _grow(w, n):
    for i in range(n):
        event = make_event(
            w.groups,
            title=f"Event {i}",
            initiative=w.initiative,
            speakers=[services.SpeakerData(f"Speaker {i}")],
        )
        services.registration_create(event=event, person=PersonFactory())


def _count(client, url, count_queries):
    with count_queries() as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_list_pages_do_not_grow_with_events(client_as, personas, count_queries):
    w = build_events_world(personas)
    client = client_as("group_leader")
    urls = [
        reverse("events:list"),
        reverse("events:initiative", args=[w.initiative.pk]),
        reverse("groups:group", args=[w.groups.group.slug]),
        reverse("groups:chapter", args=[w.groups.group.slug, "madrid"]),
        reverse("events:report", args=[w.groups.group.slug]),
        reverse("events:roster", args=[w.event.pk]),
        "/api/events",
    ]
    before = {url: _count(client, url, count_queries) for url in urls}
    _grow(w, 6)
    for _ in range(3):
        services.registration_create(event=w.event, person=PersonFactory())
    after = {url: _count(client, url, count_queries) for url in urls}
    assert before == after
