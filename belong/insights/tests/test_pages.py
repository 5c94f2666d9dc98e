"""Every insights page, per persona: who sees what, and who is refused."""

from __future__ import annotations

import pytest

from belong.common.testing import PERSONAS
from belong.insights.models import InsightsQueryLog
from belong.insights.tests.world import build_world

pytestmark = pytest.mark.django_db

COMPANY = {"hr_analyst", "administrator"}


@pytest.fixture
def world(personas):
    return build_world(personas)


def _expected(persona: str, allowed: set[str]) -> int:
    if persona == "anonymous":
        return 302
    return 200 if persona in allowed else 403


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_the_company_dashboard_to_hr_and_administrators_only(
    client_as, world, persona
) -> None:
    response = client_as(persona).get("/insights/company/")
    assert response.status_code == _expected(persona, COMPANY)
    if response.status_code == 200:
        assert b"Members and allies over time" in response.content
        assert b"chart-4.6.1.umd.min.js" in response.content
        assert b"<table" in response.content


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_a_group_to_its_board_leaders_and_company_viewers(
    client_as, world, persona
) -> None:
    response = client_as(persona).get("/insights/groups/pride/")
    assert response.status_code == _expected(persona, COMPANY | {"group_leader"})


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_a_program_to_its_managers_and_company_viewers(client_as, world, persona) -> None:
    response = client_as(persona).get(f"/insights/programs/{world.program.pk}/")
    assert response.status_code == _expected(persona, COMPANY | {"program_manager"})


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lists_insights_in_the_navigation_for_the_roles_that_use_them(
    client_as, world, persona
) -> None:
    response = client_as(persona).get("/insights/")
    allowed = COMPANY | {"group_leader", "program_manager"}
    if persona == "anonymous":
        assert response.status_code == 302
        return
    assert response.status_code in ((200, 302) if persona in allowed else (403,))
    if persona in allowed:
        page = client_as(persona).get("/groups/" if persona != "outsider" else "/account/tokens/")
        assert b'href="/insights/"' in page.content


def test_it_gives_a_group_leader_their_group_and_not_the_company(client_as, world) -> None:
    client = client_as("group_leader")
    home = client.get("/insights/")
    assert b"/insights/groups/pride/" in home.content
    page = client.get("/insights/groups/pride/")
    assert b"Recruit" in page.content and b"Engage" in page.content
    assert b"Fairness of matching" not in page.content
    assert client.get("/insights/company/").status_code == 403


def test_it_logs_every_question_with_who_asked(client_as, personas, world) -> None:
    client_as("hr_analyst").get("/insights/groups/pride/?country=PT")
    client_as("hr_analyst").get("/insights/groups/pride/")
    logs = list(InsightsQueryLog.objects.order_by("asked_at", "id"))
    assert [(log.user, log.scope_kind, log.outcome) for log in logs] == [
        (personas["hr_analyst"], "group", "refused"),
        (personas["hr_analyst"], "group", "shown"),
    ]
    assert logs[0].filters == {"country": "PT"} and "fewer than" in logs[0].reason


def test_it_updates_the_dashboard_with_htmx_for_a_date_range(client_as, world) -> None:
    response = client_as("hr_analyst").get(
        "/insights/groups/pride/?start=2025-01-01&end=2026-06-30", HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert b"<html" not in response.content and b'id="dashboard"' in response.content
