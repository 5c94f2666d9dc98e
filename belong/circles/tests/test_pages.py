"""Pages and API per persona for a mentoring-circle program; query counts on lists."""

import pytest

from belong.circles.models import CircleMember
from belong.circles.tests.factories import enrollee, formed, make_program, pool, published_circle
from belong.common.testing import PERSONAS

REFUSED = {"anonymous": 302, "outsider": 403}


@pytest.fixture
def circle(personas: dict, django_capture_on_commit_callbacks):
    program = make_program()
    return published_circle(program, personas["mentor"].person, personas["employee"].person)


@pytest.mark.parametrize("persona", PERSONAS)
def test_program_pages_per_persona(persona: str, client_as, circle) -> None:
    client = client_as(persona)
    p = circle.program_id
    expected = REFUSED.get(persona, 200)
    assert client.get("/circles/").status_code == expected
    assert client.get(f"/circles/{p}/").status_code == expected
    manager = persona in ("program_manager", "administrator")
    manage_status = REFUSED.get(persona, 200 if manager else 403)
    assert client.get(f"/circles/{p}/manage/").status_code == manage_status
    assert client.get(f"/circles/{p}/manage/export.csv").status_code == manage_status


@pytest.mark.parametrize("persona", PERSONAS)
def test_circle_page_per_persona(persona: str, client_as, circle) -> None:
    client = client_as(persona)
    member = persona in ("mentor", "employee")
    manager = persona in ("program_manager", "administrator")
    status = REFUSED.get(persona, 200 if member or manager else 404)
    assert client.get(f"/circles/c/{circle.pk}/").status_code == status
    posts = REFUSED.get(persona, 200 if member else 404)
    assert client.get(f"/circles/c/{circle.pk}/posts/").status_code == posts
    api = client.get(f"/api/circles/{circle.pk}/posts").status_code
    assert (api == 200) == member


def test_lead_records_attendance_and_a_member_posts(client_as, circle) -> None:
    session = circle.sessions.order_by("position").first()
    seats = list(CircleMember.objects.filter(circle=circle).values_list("pk", flat=True))
    assert (
        client_as("employee").post(f"/circles/sessions/{session.pk}/attendance/").status_code == 403
    )
    response = client_as("mentor").post(
        f"/circles/sessions/{session.pk}/attendance/", {"present": seats[:2]}
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.status == "held" and session.attendance.filter(present=True).count() == 2
    htmx = client_as("employee").post(
        f"/circles/c/{circle.pk}/posts/", {"body": "Hello circle"}, headers={"HX-Request": "true"}
    )
    assert htmx.status_code == 200 and "Hello circle" in htmx.content.decode()
    ics = client_as("employee").get(f"/circles/sessions/{session.pk}/invite.ics")
    assert b"BEGIN:VEVENT" in ics.content


def test_a_lead_asks_the_manager_for_help(client_as, circle, django_capture_on_commit_callbacks):
    from django.core import mail

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client_as("mentor").post(f"/circles/c/{circle.pk}/help/", {"message": "Two stopped coming"})
    assert [m.to for m in mail.outbox] == [["program-manager@example.test"]]
    page = client_as("program_manager").get(f"/circles/{circle.program_id}/manage/")
    assert "Two stopped coming" in page.content.decode()
    assert client_as("employee").post(f"/circles/c/{circle.pk}/help/", {"message": "x"})


def test_manager_moves_and_locks_in_the_draft_page(client_as, personas) -> None:
    program = make_program(name="Second")
    pool(program)
    run = formed(program)
    a, b = run.circles.order_by("pk")
    member = a.members.filter(role="participant").first()
    client = client_as("program_manager")
    assert (
        client_as("employee").post(f"/circles/draft/members/{member.pk}/move/").status_code == 403
    )
    response = client.post(
        f"/circles/draft/members/{member.pk}/move/",
        {"circle": b.pk},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    b.refresh_from_db()
    assert member.pk in b.members.values_list("pk", flat=True)
    lock = client.post(
        f"/circles/draft/{a.pk}/lock/", {"locked": "1"}, headers={"HX-Request": "true"}
    )
    assert lock.status_code == 200 and "Unlock" in lock.content.decode()
    assert client.post(f"/circles/runs/{run.pk}/publish/").status_code == 302
    run.refresh_from_db()
    assert run.status == "published"


def test_list_pages_keep_their_query_count(client_as, circle, count_queries) -> None:
    client = client_as("program_manager")
    url = f"/circles/{circle.program_id}/manage/"
    client.get(url)
    with count_queries() as few:
        client.get(url)
    for k in range(3):
        enrollee(circle.program, f"more-{k}")
    with count_queries() as more:
        client.get(url)
    assert len(more) == len(few)
    member = client_as("employee")
    member.get("/circles/")
    with count_queries() as listed:
        member.get("/circles/")
    assert len(listed) < 15


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_programs_and_enrollment_per_persona(persona: str, client_as, circle) -> None:
    client = client_as(persona)
    listed = client.get("/api/circles/programs")
    assert listed.status_code == {"anonymous": 401, "outsider": 403}.get(persona, 200)
    enroll = client.post(
        f"/api/circles/programs/{circle.program_id}/enrollments",
        {"role": "participant", "themes": ["feedback"]},
        content_type="application/json",
    )
    if persona in ("mentor", "employee"):
        assert enroll.status_code == 409  # already enrolled
    elif persona in ("anonymous", "outsider"):
        assert enroll.status_code in (401, 403)
    else:
        assert enroll.status_code == 201, enroll.content


def test_a_waiting_enrollee_sees_why(client_as, personas, django_capture_on_commit_callbacks):
    program = make_program(name="Full", max_size=3, min_size=3)
    pool(program, leads=1, participants=3)
    from belong.circles import services_formation as formation

    formation.formation_publish(run=formed(program))
    with django_capture_on_commit_callbacks(execute=True):
        client_as("employee").post(f"/circles/{program.pk}/", {"role": "participant"})
    page = client_as("employee").get(f"/circles/{program.pk}/").content.decode()
    assert "waiting for the next round" in page


@pytest.mark.parametrize("persona", PERSONAS)
def test_formation_pages_per_persona(persona: str, client_as, personas) -> None:
    program = make_program(name="Drafts")
    pool(program)
    run = formed(program)
    circle = run.circles.first()
    client = client_as(persona)
    allowed = persona in ("program_manager", "administrator")
    expected = REFUSED.get(persona, 200 if allowed else 403)
    assert client.get(f"/circles/runs/{run.pk}/").status_code == expected
    lock = client.post(f"/circles/draft/{circle.pk}/lock/", {"locked": "1"})
    assert lock.status_code == REFUSED.get(persona, 302 if allowed else 403)
    start = client.post(f"/circles/{program.pk}/manage/form/")
    assert start.status_code == REFUSED.get(persona, 302 if allowed else 403)
