"""Running a circle: feedback windows, shown names, invitations that carry no roster."""

import datetime as dt

import pytest
from django.utils import timezone

from belong.circles import services
from belong.circles.models import CircleMember
from belong.circles.services import CircleError
from belong.circles.tests.factories import make_program, published_circle


@pytest.fixture
def seats(personas: dict, django_capture_on_commit_callbacks) -> dict:
    circle = published_circle(
        make_program(kind="care", name="Care"),
        personas["mentor"].person,
        personas["employee"].person,
    )
    by = {m.person_id: m for m in CircleMember.objects.filter(circle=circle)}
    return {
        "circle": circle,
        "lead": by[personas["mentor"].person.pk],
        "me": by[personas["employee"].person.pk],
    }


def test_it_opens_series_feedback_only_after_the_last_session(seats: dict) -> None:
    circle, me = seats["circle"], seats["me"]
    with pytest.raises(CircleError):
        services.series_feedback_give(circle=circle, member=me, rating=5)
    circle.sessions.update(starts_at=timezone.now() - dt.timedelta(days=1))
    assert services.series_feedback_give(circle=circle, member=me, rating=5, text="Thanks").pk


def test_it_refuses_feedback_before_a_session_and_bad_ratings(seats: dict) -> None:
    future = seats["circle"].sessions.order_by("-position").first()
    with pytest.raises(CircleError):
        services.session_feedback_give(session=future, member=seats["me"], rating=4)
    past = seats["circle"].sessions.order_by("position").first()
    with pytest.raises(CircleError):
        services.session_feedback_give(session=past, member=seats["me"], rating=9)


def test_shown_names_are_unique_in_a_circle(seats: dict) -> None:
    services.display_name_set(member=seats["me"], display_name="Willow")
    with pytest.raises(CircleError):
        services.display_name_set(member=seats["lead"], display_name="willow")


def test_only_a_lead_asks_for_help(seats: dict) -> None:
    with pytest.raises(CircleError):
        services.help_request_create(circle=seats["circle"], lead=seats["me"], message="help")


def test_an_invitation_names_only_the_person_who_downloads_it(client_as, seats: dict) -> None:
    session = seats["circle"].sessions.first()
    ics = client_as("employee").get(f"/circles/sessions/{session.pk}/invite.ics").content.decode()
    assert "employee@example.test" in ics
    assert "mentor@example.test" not in ics
