"""The groups list through the API: search and "mine" filters, the same groups as the page."""

from __future__ import annotations

import pytest

from belong.groups import services
from belong.groups.tests.world import build_world


@pytest.fixture
def world(personas):
    built = build_world(personas)
    services.group_create(name="Parents at work", slug="parents", mission="Caregivers.")
    return built


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [g["name"] for g in response.json()]


def test_it_searches_names_and_missions(client_as, world):
    client = client_as("employee")
    assert names(client.get("/api/groups?q=parents")) == ["Parents at work"]
    assert names(client.get("/api/groups?q=LGBTQ")) == ["Pride"]
    assert names(client.get("/api/groups?q=nothing-like-this")) == []
    assert client.get("/api/groups?q=" + "x" * 101).status_code == 422


def test_it_lists_only_my_groups_or_only_the_others(client_as, world):
    client = client_as("mentor")  # on Pride's roster in the world
    assert names(client.get("/api/groups?mine=true")) == ["Pride"]
    assert "Pride" not in names(client.get("/api/groups?mine=false"))
    assert len(names(client.get("/api/groups"))) == 2


@pytest.mark.parametrize("persona", ["outsider", "anonymous"])
def test_outsiders_get_no_list(client_as, world, persona):
    assert client_as(persona).get("/api/groups?q=pride").status_code in (401, 403)
