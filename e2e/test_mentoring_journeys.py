"""Mentoring in a real browser: a managed match from enrollment to the first survey, and a
mentee-choice program whose mentor fills up."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from belong.accounts.models import Role, ScopeKind
from belong.common.testing import PASSWORD, employee_user, give_skills, grant
from belong.mentoring import services
from belong.mentoring.models import Relationship, Session, Survey
from belong.people.models import Level
from e2e.conftest import ARTIFACTS, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _user(name: str, level: str = "L4"):
    return employee_user(name, level=Level.objects.get(code=level))


def _as(browser, live_server, user):
    context = browser.new_context(locale="en-GB", timezone_id="Europe/Madrid")
    context.set_default_timeout(15_000)
    page = context.new_page()
    sign_in(page, live_server, user.email, PASSWORD)
    return page


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_a_managed_match_from_enrollment_to_the_first_check_in(page, browser, live_server):
    program = services.program_create(name="Company mentoring", schedule="evergreen")
    manager = _user("pat-manager")
    grant(manager, Role.PROGRAM_MANAGER, ScopeKind.PROGRAM, program.pk)
    mentor = _user("mo-mentor", "L8")
    give_skills(mentor.person, teach=("Leadership",))
    topics = list(program.topics.values_list("id", flat=True)[:2])
    services.enrollment_create(
        program=program,
        person=mentor.person,
        role="mentor",
        expertise="Leading teams",
        topics_offered=topics,
        capacity=2,
    )
    mentee = _user("eve-mentee")

    # 1. The mentee enrolls.
    sign_in(page, live_server, mentee.email, PASSWORD)
    page.get_by_role("link", name="Mentoring").first.click()
    page.get_by_role("link", name="Company mentoring").click()
    page.get_by_role("link", name="Enroll").click()
    page.get_by_label("mentee", exact=True).check()
    page.get_by_label("Your goals (as a mentee)").fill("Learn to lead a small team")
    page.get_by_label("Project management").first.check()
    page.get_by_role("button", name="Enroll").click()
    page.get_by_text("You are enrolled").first.wait_for()

    # 2. The manager runs matching, reviews the draft and publishes it.
    boss = _as(browser, live_server, manager)
    boss.goto(f"{live_server.url}/mentoring/{program.pk}/manage/")
    boss.get_by_role("button", name="Run matching").click()
    boss.get_by_role("heading", name=re.compile("Proposed pairs")).wait_for()
    assert boss.get_by_role("cell", name="Eve Mentee").count() == 1
    _shot(boss, "mentoring-draft-review")
    boss.get_by_role("button", name="Publish and notify everyone").click()
    boss.get_by_text("Published 1 matches").wait_for()
    rel = Relationship.objects.get()

    # 3. Both sides confirm the agreement.
    page.goto(f"{live_server.url}/mentoring/mine/")
    page.get_by_role("link", name="Eve Mentee & Mo Mentor").click()
    page.get_by_label("How often you meet").fill("Every two weeks")
    page.get_by_label("For how many weeks").fill("12")
    page.get_by_label("Confidentiality").fill("What we say stays between us.")
    page.get_by_label("Expectations of each other").fill("Come prepared.")
    page.get_by_role("button", name="Save the agreement").click()
    page.get_by_role("button", name="I confirm this agreement").click()
    them = _as(browser, live_server, mentor)
    them.goto(f"{live_server.url}/mentoring/relationships/{rel.pk}/")
    them.get_by_role("button", name="I confirm this agreement").click()
    them.get_by_text("agreed").first.wait_for()

    # 4. The mentee schedules a session and downloads the invitation.
    page.reload()
    page.get_by_label("Date and time (your time zone)").fill("2030-01-15T10:00")
    page.get_by_label("Video link").fill("https://meet.example.org/eve-mo")
    page.get_by_role("button", name="Schedule").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download invite (.ics)").click()
    ics = open(download.value.path(), encoding="utf-8").read()  # noqa: SIM115
    assert "BEGIN:VEVENT" in ics and "DTSTART:20300115T090000Z" in ics

    # 5. …logs it with the topics covered.
    page.get_by_role("link", name="Log session").click()
    page.get_by_label("Project management").check()
    page.get_by_label("Shared notes (both of you can read these)").fill("Planned the quarter")
    page.get_by_label("Private note (only you can ever read this)").fill("Felt confident")
    page.get_by_role("button", name="Save log").click()
    page.get_by_text("1 of 10 discussions logged").wait_for()
    assert Session.objects.get().status == "held"

    # 6. …and answers the first check-in once it is due (brought forward for the test).
    survey = Survey.objects.get(relationship=rel, kind="checkin", number=1)
    Survey.objects.filter(pk=survey.pk).update(due_on=timezone.localdate())
    page.goto(f"{live_server.url}/mentoring/surveys/{survey.pk}/")
    page.get_by_label("4").check()
    page.get_by_label(re.compile("How likely are you to recommend")).fill("9")
    page.get_by_role("button", name="Send answers").click()
    page.get_by_text("your answers were saved").wait_for()
    _shot(page, "mentoring-relationship")
    assert survey.responses.count() == 1


def test_a_mentor_fills_up_and_the_next_request_is_refused(page, browser, live_server):
    program = services.program_create(
        name="Engineering mentoring", schedule="evergreen", style="choice"
    )
    mentor = _user("maya-mentor", "L8")
    services.enrollment_create(
        program=program, person=mentor.person, role="mentor", expertise="Systems", capacity=1
    )
    first, second = _user("ana-first"), _user("ben-second")
    for who in (first, second):
        services.enrollment_create(
            program=program, person=who.person, role="mentee", goals="Grow as an engineer"
        )

    # Both mentees open their shortlists while Maya still has a free place.
    page.goto(f"{live_server.url}/accounts/login/")
    sign_in(page, live_server, first.email, PASSWORD)
    page.goto(f"{live_server.url}/mentoring/{program.pk}/mentors/")
    late = _as(browser, live_server, second)
    late.goto(f"{live_server.url}/mentoring/{program.pk}/mentors/")

    # Ana asks; Maya accepts and reaches her capacity.
    page.get_by_label("Message to the mentor").fill("I would love your help with design reviews")
    page.get_by_role("button", name="Ask Maya Mentor").click()
    page.get_by_text("Your request was sent").wait_for()
    maya = _as(browser, live_server, mentor)
    maya.goto(f"{live_server.url}/mentoring/mine/")
    maya.get_by_role("button", name="Accept").click()
    maya.get_by_text("Done.").wait_for()

    # Ben's request, sent from the page he opened earlier, is refused and told why.
    late.get_by_label("Message to the mentor").fill("Could you mentor me too?")
    late.get_by_role("button", name="Ask Maya Mentor").click()
    late.get_by_text("Maya Mentor has no free mentoring places right now").wait_for()
    _shot(late, "mentoring-mentor-full")
    assert Relationship.objects.filter(mentor__person=mentor.person).count() == 1
