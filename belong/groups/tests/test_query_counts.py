"""List pages and API lists run a fixed number of queries, whatever the size."""

from __future__ import annotations

from django.urls import reverse

from belong.common.testing import PersonFactory
from belong.groups import services
from belong.groups.tests.world import build_world


def _grow(w, n):
    for i in range(n):
        services.group_create(name=f"Group {w.group.pk}-{i}", slug=f"g-{i}")
        services.membership_join(
            group=w.group,
            person=PersonFactory(),
            kind="member",
            chapter=w.madrid,
            consent=True,
            show_on_roster=True,
        )


def _count(client, url, count_queries):
    with count_queries() as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_list_and_roster_pages_do_not_grow_with_rows(client_as, personas, count_queries):
    w = build_world(personas)
    client = client_as("group_leader")
    urls = [
        reverse("groups:list"),
        reverse("groups:roster", args=[w.group.slug]),
        reverse("groups:group", args=[w.group.slug]),
        reverse("groups:lead", args=[w.group.slug]),
        "/api/groups",
        f"/api/groups/{w.group.pk}/members",
    ]
    before = {url: _count(client, url, count_queries) for url in urls}
    _grow(w, 12)
    after = {url: _count(client, url, count_queries) for url in urls}
    assert before == after
