"""Circles in a real browser: an employee enrolls, the program manager forms, adjusts and
publishes the circles, the lead records attendance and a member posts; an administrator
trying to read a care circle's posts is refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from belong.circles import services
from belong.circles.models import Circle, CircleMember, CircleProgram, Post
from belong.mentoring.models import Program
from belong.people.models import Person
from e2e.conftest import ARTIFACTS, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
DOMAIN = "demo.belong.test"


def _program_with_a_pool() -> CircleProgram:
    program = services.program_create(
        name="Spring leadership circles",
        mentoring_program=Program.objects.get(pk=1),  # the manager persona's program
        min_size=3,
        max_size=6,
        tenure_bands=[6, 12, 24, 48],
        starts_on=timezone.localdate() - dt.timedelta(days=3),
        series=[{"title": "Why we are here", "prompts": "What brought you?"}],
    )
    personas = [f"{key}@{DOMAIN}" for key in ("employee", "mentor", "leader", "manager", "analyst")]
    others = Person.objects.filter(exit_date__isnull=True, user__isnull=True).exclude(
        email__in=personas
    )
    lead_two = others.order_by("hire_date").first()
    for person, role in (
        (Person.objects.get(email=f"mentor@{DOMAIN}"), "lead"),
        (lead_two, "lead"),
    ):
        services.enrollment_create(program=program, person=person, role=role, themes=["leadership"])
    for person in others.exclude(pk=lead_two.pk).order_by("-hire_date")[:9]:
        services.enrollment_create(
            program=program, person=person, role="participant", themes=["leadership"]
        )
    return program


def test_enroll_form_publish_attend_and_post(page, browser, live_server):
    call_command("seed_demo", "--people", "300", "--seed", "7", verbosity=0)
    program = _program_with_a_pool()

    sign_in(page, live_server, f"employee@{DOMAIN}", "belong-demo")
    page.get_by_role("link", name="Circles").first.click()
    page.get_by_role("link", name=program.name).click()
    page.get_by_label("Participant").check()
    page.get_by_label("Themes you want to talk about").fill("leadership, career growth")
    page.get_by_role("button", name="Enroll").click()
    page.get_by_text("You are enrolled as participant").wait_for()

    manager_context = browser.new_context(locale="en-GB", timezone_id="America/New_York")
    manager = manager_context.new_page()
    try:
        sign_in(manager, live_server, f"manager@{DOMAIN}", "belong-demo")
        manager.goto(f"{live_server.url}/circles/{program.pk}/")
        manager.get_by_role("link", name="Manage this program").click()
        manager.get_by_role("button", name="Form circles from everyone waiting").click()
        manager.get_by_role("button", name="Publish and notify everyone").wait_for()
        me = CircleMember.objects.get(circle__program=program, person__email=f"employee@{DOMAIN}")
        lead = CircleMember.objects.get(circle__program=program, person__email=f"mentor@{DOMAIN}")
        # Adjust: the employee joins the mentor's circle (or someone else moves across).
        mover = (
            me
            if me.circle_id != lead.circle_id
            else (
                CircleMember.objects.filter(circle__program=program, role="participant")
                .exclude(circle_id=lead.circle_id)
                .first()
            )
        )
        target = lead.circle if mover is me else me.circle
        row = manager.locator(f"#move-{mover.pk}")
        row.select_option(label=target.name)
        manager.locator(f"form[action$='/members/{mover.pk}/move/'] button").click()
        # A locator, not wait_for_function: the CSP forbids the eval that one needs.
        manager.locator(f"#circle-{mover.circle_id} #move-{mover.pk}").wait_for(state="detached")
        manager.locator(f"#circle-{target.pk}").get_by_role("button", name="Lock").click()
        manager.locator(f"#circle-{target.pk}").get_by_role("button", name="Unlock").wait_for()
        manager.get_by_role("button", name="Publish and notify everyone").click()
        manager.get_by_text("everyone is being told").wait_for()
        manager.screenshot(path=str(ARTIFACTS / "circles-published.png"), full_page=True)
    finally:
        manager_context.close()
    circle = Circle.objects.get(pk=CircleMember.objects.get(pk=me.pk).circle_id)
    assert circle.published

    lead_context = browser.new_context(locale="en-GB", timezone_id="Europe/Madrid")
    lead_page = lead_context.new_page()
    try:
        sign_in(lead_page, live_server, f"mentor@{DOMAIN}", "belong-demo")
        lead_page.goto(f"{live_server.url}/circles/c/{circle.pk}/")
        lead_page.get_by_text("Record attendance").first.click()
        boxes = lead_page.locator("input[name='present']")
        for k in range(min(3, boxes.count())):
            boxes.nth(k).check()
        lead_page.get_by_role("button", name="Save attendance").first.click()
        lead_page.get_by_text("Attendance saved").wait_for()
    finally:
        lead_context.close()

    page.goto(f"{live_server.url}/circles/c/{circle.pk}/")
    page.get_by_label("Message").first.fill("Glad to be here, see you Thursday.")
    page.get_by_role("button", name="Post", exact=True).click()
    page.locator("#discussion").get_by_text("Glad to be here, see you Thursday.").wait_for()
    assert Post.objects.filter(circle=circle, body__startswith="Glad to be here").exists()


def test_an_administrator_cannot_open_a_care_circles_posts(page, live_server):
    call_command("seed_demo", "--people", "300", "--seed", "7", verbosity=0)
    care = Circle.objects.filter(program__kind="care", published=True).first()
    assert care is not None and Post.objects.filter(circle=care).exists()
    secret = Post.objects.filter(circle=care).first().body
    sign_in(page, live_server, f"admin@{DOMAIN}", "belong-demo")
    response = page.goto(f"{live_server.url}/circles/c/{care.pk}/posts/")
    assert response.status == 404
    assert secret not in page.content()
    response = page.goto(f"{live_server.url}/api/circles/{care.pk}/posts")
    assert response.status == 404
    response = page.goto(f"{live_server.url}/admin/circles/post/")
    assert response.status == 404
    page.goto(f"{live_server.url}/circles/")
    assert secret not in page.content()
