"""Rollups: the background task stores thresholded dashboards; pages read them cheaply."""

from __future__ import annotations

import pytest

from belong.insights import services, tasks
from belong.insights.access import Scope
from belong.insights.models import Rollup
from belong.insights.tests.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas):
    return build_world(personas)


def test_it_refreshes_every_scope_in_the_background(world) -> None:
    result = tasks.rollups_refresh.enqueue()
    assert result.return_value == 3  # company, Pride, the program
    company = Rollup.objects.get(scope_kind="company")
    assert company.payload["k"] == 10 and "engage" in company.payload["pillars"]


def test_it_stores_only_thresholded_figures(world) -> None:
    rollup = services.rollup_refresh(Scope("group", world.group.pk, "Pride"))
    referrals = services.find_figure(rollup.payload, "referrals")
    assert referrals is not None
    assert [row[1] for row in referrals["rows"]] == [None, 15, None, 0]


def test_it_serves_the_company_page_from_the_rollup_in_few_queries(
    client_as, world, count_queries
) -> None:
    services.rollup_refresh(Scope("company"))
    client = client_as("hr_analyst")
    client.get("/insights/company/")  # warm the session
    with count_queries() as captured:
        response = client.get("/insights/company/")
    assert response.status_code == 200 and b"Computed" in response.content
    assert len(captured) <= 12, [q["sql"] for q in captured]


def test_it_keeps_the_query_count_flat_as_groups_grow(client_as, world, count_queries) -> None:
    from belong.groups.models import Group

    client = client_as("hr_analyst")
    client.get("/insights/company/")
    with count_queries() as before:
        client.get("/insights/company/?start=2025-01-01")
    Group.objects.bulk_create(Group(name=f"G{n}", slug=f"g{n}") for n in range(8))
    with count_queries() as after:
        client.get("/insights/company/?start=2025-01-01")
    assert len(after) == len(before)
