"""An employee joins a group as an ally and finds it among their groups; the group's leader
sees them on the roster only once they have agreed to appear there."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from belong.groups.models import Group, Membership
from belong.people.models import Person
from e2e.conftest import ARTIFACTS, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_ally_joins_and_appears_on_the_roster_only_after_consenting(page, browser, live_server):
    call_command("seed_demo", "--people", "300", "--seed", "7", verbosity=0)
    group = Group.objects.get(pk=1)  # the leader persona sits on its board
    me = Person.objects.get(email="employee@demo.belong.test")

    sign_in(page, live_server, "employee@demo.belong.test", "belong-demo")
    page.get_by_role("link", name="Groups").first.click()
    page.get_by_role("link", name=group.name).first.click()
    page.get_by_role("link", name="Join").click()
    page.get_by_label("Ally").check()
    roster_box = page.get_by_label("Show me on the group's roster")
    if roster_box.is_checked():
        roster_box.uncheck()
    page.get_by_label("I agree that Belong stores my membership").check()
    page.get_by_role("button", name="Join").click()
    page.get_by_text("You belong to this group as an ally.").wait_for()
    page.get_by_role("link", name="Groups").first.click()
    mine = page.locator("#my-groups")
    mine.get_by_role("link", name=group.name).wait_for()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "groups-joined-as-ally.png"), full_page=True)
    membership = Membership.objects.active().get(group=group, person=me)
    assert membership.kind == "ally" and not membership.show_on_roster

    leader_context = browser.new_context(locale="en-GB", timezone_id="America/New_York")
    leader = leader_context.new_page()
    try:
        sign_in(leader, live_server, "leader@demo.belong.test", "belong-demo")
        roster_url = f"{live_server.url}/groups/{group.slug}/members/"
        leader.goto(roster_url)
        leader.get_by_role("heading", level=1).wait_for()
        assert me.display_name not in leader.content()
        assert "ally" not in leader.locator("#roster").inner_text().lower()

        # The employee agrees to appear on the roster.
        page.goto(f"{live_server.url}/groups/{group.slug}/membership/")
        page.get_by_label("Show me on the group's roster").check()
        page.get_by_role("button", name="Save").click()
        page.get_by_text("Your settings were saved.").wait_for()

        leader.goto(roster_url)
        leader.locator("#roster").get_by_role("link", name=me.display_name).wait_for()
        assert "ally" not in leader.locator("#roster").inner_text().lower()
        leader.screenshot(path=str(ARTIFACTS / "groups-leader-roster.png"), full_page=True)
    finally:
        leader_context.close()
