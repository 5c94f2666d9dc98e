"""An HR analyst reads the company dashboard's charts, drills into a group and is refused a
chapter too small to show; a group leader sees only their own group's pillars."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db.models import Count, Q

from belong.groups.models import Chapter, Group
from e2e.conftest import ARTIFACTS, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_analyst_reads_charts_drills_down_and_is_refused_a_small_chapter(
    page, browser, live_server
):
    call_command("seed_demo", "--people", "600", "--seed", "7", verbosity=0)
    group = Group.objects.get(pk=1)
    small = (
        Chapter.objects.filter(group=group)
        .annotate(n=Count("memberships", filter=Q(memberships__ended_at__isnull=True)))
        .filter(n__lt=10)
        .first()
    )
    assert small is not None

    sign_in(page, live_server, "analyst@demo.belong.test", "belong-demo")
    page.get_by_role("link", name="Insights").first.click()
    page.get_by_role("heading", name="Insights: the whole company").wait_for()
    page.locator("canvas[data-drawn]").first.wait_for()
    assert page.locator("canvas[data-drawn]").count() >= 4
    page.get_by_role("heading", name="Members against comparable non-members").wait_for()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "insights-company-dashboard.png"), full_page=True)

    drill = page.get_by_role("navigation", name="Drill down")
    drill.get_by_text("Groups", exact=True).click()
    drill.get_by_role("link", name=group.name, exact=True).click()
    page.get_by_role("heading", name=f"Insights: {group.name}").wait_for()
    page.locator("canvas[data-drawn]").first.wait_for()

    drill = page.get_by_role("navigation", name="Drill down")
    drill.get_by_text("Chapters", exact=True).click()
    drill.get_by_role("link", name=small.name, exact=True).click()
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "fewer than 10 people" in alert.inner_text()
    page.screenshot(path=str(ARTIFACTS / "insights-refused-chapter.png"), full_page=True)

    leader_context = browser.new_context(locale="en-GB", timezone_id="Europe/Madrid")
    leader = leader_context.new_page()
    try:
        sign_in(leader, live_server, "leader@demo.belong.test", "belong-demo")
        leader.get_by_role("link", name="Insights").first.click()
        leader.get_by_role("main").get_by_role("link", name=group.name, exact=True).click()
        leader.get_by_role("heading", name=f"Insights: {group.name}").wait_for()
        body = leader.locator("main").inner_text()
        assert "Recruit" in body and "Engage" in body and "Fairness of matching" not in body
        others = Group.objects.exclude(pk=group.pk).first()
        assert others is not None
        response = leader.goto(f"{live_server.url}/insights/groups/{others.slug}/")
        assert response is not None and response.status == 403
        response = leader.goto(f"{live_server.url}/insights/company/")
        assert response is not None and response.status == 403
        leader.screenshot(path=str(ARTIFACTS / "insights-leader-refused-company.png"))
    finally:
        leader_context.close()
