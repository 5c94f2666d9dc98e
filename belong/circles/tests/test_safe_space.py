"""The safe-space matrix: a care circle's content reaches its members only, on every path."""

import pytest
from django.test import Client

from belong.circles import services
from belong.circles.models import CircleMember
from belong.circles.tests.factories import make_program, published_circle
from belong.common.testing import PERSONAS, UserFactory

SECRET = "SECRET-POST-TEXT"
NOTES = "SECRET-SESSION-NOTES"
FEEDBACK = "SECRET-FEEDBACK"
MEMBERS = {"mentor", "employee"}  # mentor facilitates (leads), employee takes part


@pytest.fixture
def care(personas: dict, django_capture_on_commit_callbacks) -> dict:
    program = make_program(kind="care", name="Care circle for caregivers")
    circle = published_circle(program, personas["mentor"].person, personas["employee"].person)
    lead = CircleMember.objects.get(circle=circle, person=personas["mentor"].person)
    me = CircleMember.objects.get(circle=circle, person=personas["employee"].person)
    services.display_name_set(member=me, display_name="Willow")
    services.post_create(circle=circle, author=me, body=SECRET)
    session = circle.sessions.order_by("position").first()
    services.attendance_record(session=session, present_ids=[lead.pk, me.pk], notes=NOTES)
    services.session_feedback_give(session=session, member=me, rating=4, text=FEEDBACK)
    return {"program": program, "circle": circle, "session": session}


def _paths(care: dict) -> list[str]:
    c, s, p = care["circle"].pk, care["session"].pk, care["program"].pk
    return [
        f"/circles/c/{c}/",
        f"/circles/c/{c}/posts/",
        f"/circles/sessions/{s}/invite.ics",
        f"/api/circles/{c}",
        f"/api/circles/{c}/posts",
        f"/api/circles/{c}/roster",
        f"/circles/{p}/manage/",
        f"/circles/{p}/manage/export.csv",
        f"/api/circles/programs/{p}/report",
        "/circles/",
        "/api/circles/mine",
    ]


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_care_content_to_members_only(persona: str, client_as, care: dict) -> None:
    client = client_as(persona)
    for path in _paths(care):
        for headers in ({}, {"HX-Request": "true"}):
            response = client.get(path, headers=headers)
            body = response.content.decode(errors="replace")
            if persona not in MEMBERS:
                assert SECRET not in body, (persona, path)
                assert NOTES not in body, (persona, path)
                assert FEEDBACK not in body, (persona, path)
                assert "Willow" not in body, (persona, path)
            if persona in MEMBERS and "/manage/" not in path and "/report" not in path:
                if path.endswith("/roster"):
                    assert response.status_code == (200 if persona == "mentor" else 403)
                else:
                    assert response.status_code == 200, (persona, path)


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p not in MEMBERS])
def test_it_refuses_everyone_outside_the_circle(persona: str, client_as, care: dict) -> None:
    client = client_as(persona)
    c = care["circle"].pk
    for path in (f"/circles/c/{c}/", f"/circles/c/{c}/posts/", f"/circles/c/{c}/roster/"):
        status = client.get(path).status_code
        assert status == {"anonymous": 302, "outsider": 403}.get(persona, 404), (persona, path)
    for path in (f"/api/circles/{c}", f"/api/circles/{c}/posts", f"/api/circles/{c}/roster"):
        assert client.get(path).status_code in (401, 403, 404), (persona, path)
    response = client.post(f"/circles/c/{c}/posts/", {"body": "hello"})
    assert response.status_code in (302, 403, 404)
    if persona != "anonymous":
        assert response.status_code != 302


def test_the_roster_is_for_the_facilitator_only(client_as, care: dict) -> None:
    c = care["circle"].pk
    assert client_as("mentor").get(f"/circles/c/{c}/roster/").status_code == 200
    assert client_as("employee").get(f"/circles/c/{c}/roster/").status_code == 403
    page = client_as("employee").get(f"/circles/c/{c}/").content.decode()
    assert "Willow" in page and "Employee" not in page.split("Discussion")[1]


def test_managers_see_aggregates_that_pass_the_threshold(client_as, care: dict) -> None:
    report = client_as("program_manager").get(f"/api/circles/programs/{care['program'].pk}/report")
    assert report.status_code == 200
    # Six people in the circle: under k=10, so every figure is withheld.
    assert report.json()["circles"] is None and report.json()["attendance"] is None
    csv = client_as("administrator").get(f"/circles/{care['program'].pk}/manage/export.csv")
    assert csv.status_code == 200 and "blank when fewer than" in csv.content.decode()
    assert client_as("hr_analyst").get(f"/circles/{care['program'].pk}/manage/").status_code == 403


def test_the_django_admin_does_not_show_circle_content(care: dict) -> None:
    root = UserFactory(username="root@example.test", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(root)
    for model in ("post", "circlemember", "sessionfeedback", "circlesession", "circle"):
        assert client.get(f"/admin/circles/{model}/").status_code == 404
    assert SECRET not in client.get("/admin/").content.decode()


def test_a_concern_reaches_the_manager_without_the_circles_content(
    client_as, care: dict, django_capture_on_commit_callbacks
) -> None:
    from django.core import mail

    from belong.accounts.models import Role, RoleGrant

    RoleGrant.objects.filter(role=Role.PROGRAM_MANAGER).update()  # the persona manages program 1
    client = client_as("employee")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/circles/c/{care['circle'].pk}/concern/", {"message": "Someone shared outside."}
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "Someone shared outside." in body
    assert SECRET not in body and "Willow" not in body and "Employee" not in body
    page = client_as("program_manager").get(f"/circles/{care['program'].pk}/manage/")
    text = page.content.decode()
    assert "Someone shared outside." in text and SECRET not in text


def test_the_facilitator_reads_session_feedback_and_members_read_posts(client_as, care) -> None:
    page = client_as("mentor").get(f"/circles/c/{care['circle'].pk}/").content.decode()
    assert FEEDBACK in page and SECRET in page and NOTES in page


def test_leaving_the_program_ends_access_to_the_circle(client_as, care, personas) -> None:
    from belong.circles.models import CircleEnrollment

    enrollment = CircleEnrollment.objects.get(
        program=care["program"], person=personas["employee"].person
    )
    client = client_as("employee")
    assert client.post(f"/circles/enrollments/{enrollment.pk}/withdraw/").status_code == 302
    assert client.get(f"/circles/c/{care['circle'].pk}/posts/").status_code == 404
    assert SECRET not in client.get("/circles/").content.decode()


def test_a_care_draft_shows_figures_but_no_names(client_as, personas) -> None:
    from belong.circles.tests.factories import formed, pool

    program = make_program(kind="care", name="Care draft")
    pool(program)
    run = formed(program)
    page = client_as("program_manager").get(f"/circles/runs/{run.pk}/").content.decode()
    assert "Tenure bands covered" in page
    names = CircleMember.objects.filter(circle__run=run).values_list(
        "person__legal_name", flat=True
    )
    assert not any(name in page for name in names)
    member = CircleMember.objects.filter(circle__run=run).first()
    target = run.circles.exclude(pk=member.circle_id).first()
    response = client_as("administrator").post(
        f"/circles/draft/members/{member.pk}/move/", {"circle": target.pk}
    )
    assert response.status_code == 403
