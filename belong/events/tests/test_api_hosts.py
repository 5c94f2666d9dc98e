"""Host tools and initiatives through the API, per persona: the same rules as the pages."""

from __future__ import annotations

import pytest

from belong.common.testing import PERSONAS
from belong.events.tests.world import build_events_world

EMPLOYEES = {"employee", "mentor", "group_leader", "program_manager", "hr_analyst", "administrator"}
HOSTS = {"group_leader", "administrator"}


@pytest.fixture
def world(personas):
    return build_events_world(personas)


def refused_status(persona: str) -> int:
    return 401 if persona == "anonymous" else 403


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_hosts_see_and_replace_the_checkin_code(client_as, world, persona):
    client = client_as(persona)
    url = f"/api/events/{world.event.pk}/checkin-code"
    before = world.event.checkin_code
    shown, replaced = client.get(url), client.post(url)
    world.event.refresh_from_db()
    if persona in HOSTS:
        assert shown.json() == {"code": before}
        assert replaced.status_code == 200
        assert replaced.json()["code"] == world.event.checkin_code != before
    else:
        assert shown.status_code == replaced.status_code == refused_status(persona)
        assert before not in shown.content.decode()
        assert world.event.checkin_code == before


@pytest.mark.parametrize("persona", PERSONAS)
def test_an_initiative_lists_the_events_the_viewer_may_find(client_as, world, persona):
    answer = client_as(persona).get(f"/api/events/initiatives/{world.initiative.pk}")
    if persona in EMPLOYEES:
        assert answer.status_code == 200
        body = answer.json()
        assert body["name"] == world.initiative.name
        assert world.event.pk in [e["id"] for e in body["events"]]
        assert all(e["link"] is None for e in body["events"])  # links only once registered
    else:
        assert answer.status_code == refused_status(persona)


def test_an_unknown_initiative_is_404(client_as, world):
    assert client_as("employee").get("/api/events/initiatives/999999").status_code == 404
