"""A demo employee signs in, searches the directory by a skill and opens a profile."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from belong.people.models import Person, PersonSkill
from e2e.conftest import ARTIFACTS, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_it_finds_a_colleague_by_skill_and_opens_their_profile(page, live_server):
    call_command("seed_demo", "--people", "300", "--seed", "7", verbosity=0)
    skilled = (
        PersonSkill.objects.filter(kind="teach", person__exit_date__isnull=True)
        .select_related("skill", "person")
        .order_by("person__preferred_name")
        .first()
    )
    assert skilled is not None
    skill, colleague = skilled.skill, skilled.person

    sign_in(page, live_server, "employee@demo.belong.test", "belong-demo")
    page.get_by_role("link", name="Directory").first.click()
    page.get_by_label("Skill").select_option(label=skill.name)
    # htmx swaps the results in place; wait for the colleague to appear.
    result = page.locator("#results").get_by_role("link", name=colleague.display_name).first
    result.wait_for()
    page.wait_for_url(f"**skill={skill.id}**")  # the search is in the address, to share or reload
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "directory-search-by-skill.png"), full_page=True)
    result.click()
    page.get_by_role("heading", level=1).filter(has_text=colleague.display_name).wait_for()
    body = page.content()
    assert colleague.site.timezone in body
    assert skill.name in body
    assert Person.objects.filter(employee_id=page.url.rstrip("/").rsplit("/", 1)[-1]).exists()
