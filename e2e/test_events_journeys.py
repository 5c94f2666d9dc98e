"""Events in the browser: an ally RSVPs to a local heritage-month event, downloads the
invite and checks in; a chapter leader's 2-seat event fills, a third person waits and is
promoted when someone cancels."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from belong.events import queries, services
from belong.events.models import Event, GlobalInitiative, Registration
from belong.groups import services as group_services
from belong.groups.models import Chapter, Group
from belong.people.models import Person
from e2e.conftest import ARTIFACTS, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "belong-demo"


def _local_event(group: Group, me: Person) -> Event:
    """An upcoming event of the group's current initiative with a free seat, at my site if
    the group has a chapter there."""
    current = GlobalInitiative.objects.filter(
        group=group, starts_on__lte=timezone.localdate(), ends_on__gte=timezone.localdate()
    ).first()
    assert current is not None
    events = list(queries.upcoming(Event.objects.filter(initiative=current)).order_by("starts_at"))
    events.sort(key=lambda e: e.chapter is None or e.chapter.site_id != me.site_id)
    return next(e for e in events if queries.seats_left(e) != 0)


def test_an_ally_rsvps_downloads_the_invite_and_checks_in(page, live_server):
    call_command("seed_demo", "--people", "300", "--seed", "7", verbosity=0)
    group = Group.objects.get(pk=1)
    me = Person.objects.get(email="employee@demo.belong.test")
    event = _local_event(group, me)

    sign_in(page, live_server, "employee@demo.belong.test", PASSWORD)
    page.get_by_role("link", name="Groups").first.click()
    page.get_by_role("link", name=group.name).first.click()
    page.get_by_role("link", name="Join").click()
    page.get_by_label("Ally").check()
    page.get_by_label("I agree that Belong stores my membership").check()
    page.get_by_role("button", name="Join").click()
    page.get_by_text("You belong to this group as an ally.").wait_for()

    page.get_by_role("link", name="Events", exact=True).first.click()
    page.get_by_role("link", name=event.initiative.name).click()
    page.get_by_role("heading", name="Local events").wait_for()
    page.get_by_role("link", name=event.title).first.click()
    page.get_by_role("button", name="RSVP").click()
    page.locator("#rsvp").get_by_text("You are going.", exact=True).wait_for()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Add to calendar (.ics)").click()
    invite = download_info.value.path().read_bytes()
    assert b"METHOD:REQUEST" in invite and b"BEGIN:VTIMEZONE" in invite
    assert f"TZID={event.timezone}".encode() in invite

    page.get_by_label("At the event? Enter the check-in code").fill(event.checkin_code.lower())
    page.get_by_role("button", name="Check in").click()
    page.locator("#rsvp").get_by_text("You are checked in.", exact=True).wait_for()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "events-checked-in.png"), full_page=True)
    mine = Registration.objects.get(event=event, person=me)
    assert mine.status == "attended" and mine.checked_in_by == "code"


def test_a_chapter_leaders_full_event_promotes_the_person_waiting(page, browser, live_server):
    call_command("seed_demo", "--people", "300", "--seed", "7", verbosity=0)
    group = Group.objects.get(pk=1)
    chapter = Chapter.objects.filter(group=group, site__isnull=False).order_by("name").first()
    lead = Person.objects.get(email="mentor@demo.belong.test")
    group_services.leader_role_assign(
        group=group,
        person=lead,
        chapter=chapter,
        title="Chapter lead",
        starts_on=dt.date(2025, 1, 1),
    )
    day = (timezone.localdate() + dt.timedelta(days=9)).isoformat()

    sign_in(page, live_server, "mentor@demo.belong.test", PASSWORD)
    page.goto(f"{live_server.url}/groups/{group.slug}/chapters/{chapter.slug}/")
    page.locator("#upcoming-events").get_by_role("link", name="New event").click()
    page.get_by_label("Title").fill("Small-group roundtable")
    page.get_by_label("Kind").select_option("roundtable")
    page.get_by_label("Starts (local time)").fill(f"{day}T18:00")
    page.get_by_label("Ends (local time)").fill(f"{day}T19:30")
    page.get_by_label("In person").check()
    page.get_by_label("Capacity").fill("2")
    page.get_by_role("button", name="Publish").click()
    page.get_by_text("The event is published.").wait_for()
    event = Event.objects.get(title="Small-group roundtable")
    assert (
        event.chapter == chapter and event.capacity == 2 and event.timezone == chapter.site.timezone
    )

    analyst = Person.objects.get(email="analyst@demo.belong.test")
    services.registration_create(event=event, person=analyst)
    manager_context = browser.new_context(locale="en-GB", timezone_id="America/New_York")
    manager = manager_context.new_page()
    employee_context = browser.new_context(locale="en-GB", timezone_id="Asia/Kolkata")
    employee = employee_context.new_page()
    try:
        sign_in(manager, live_server, "manager@demo.belong.test", PASSWORD)
        manager.goto(f"{live_server.url}/events/{event.pk}/")
        manager.get_by_role("button", name="RSVP").click()
        manager.locator("#rsvp").get_by_text("You are going.", exact=True).wait_for()

        sign_in(employee, live_server, "employee@demo.belong.test", PASSWORD)
        employee.goto(f"{live_server.url}/events/{event.pk}/")
        employee.get_by_role("button", name="Join the waitlist").click()
        employee.locator("#waitlist-position").get_by_text(
            "You are number 1 on the waitlist"
        ).wait_for()
        employee.screenshot(path=str(ARTIFACTS / "events-waitlisted.png"), full_page=True)

        mail.outbox.clear()
        manager.get_by_role("button", name="Cancel my place").click()
        manager.locator("#rsvp").get_by_text("You are no longer registered.").wait_for()

        employee.reload()
        employee.locator("#rsvp").get_by_text("You are going.", exact=True).wait_for()
        employee.screenshot(path=str(ARTIFACTS / "events-promoted.png"), full_page=True)
        me = Person.objects.get(email="employee@demo.belong.test")
        assert Registration.objects.get(event=event, person=me).promoted_at is not None
        assert [m.to for m in mail.outbox] == [[me.email]]

        page.goto(f"{live_server.url}/events/{event.pk}/roster/")
        page.locator("#roster").wait_for()
        page.screenshot(path=str(ARTIFACTS / "events-host-roster.png"), full_page=True)
    finally:
        manager_context.close()
        employee_context.close()
