"""The events other apps emit, and what their payloads may say (docs/webhooks.md)."""

from __future__ import annotations

import datetime as dt

import pytest

from belong.common.testing import employee_user
from belong.groups import services as group_services
from belong.groups.tests.world import build_world
from belong.webhooks import services
from belong.webhooks.models import WebhookDelivery

pytestmark = pytest.mark.django_db


def subscribe(*event_types: str) -> None:
    # An address literal that is never called: these tests do not run the commit hooks.
    services.endpoint_create(url="https://93.184.215.14/hook", event_types=list(event_types))


def sent(event_type: str) -> list[dict]:
    return [
        d.payload["data"]
        for d in WebhookDelivery.objects.filter(event_type=event_type).order_by("id")
    ]


@pytest.fixture
def world(personas):
    return build_world(personas)


def test_it_sends_a_public_membership_with_the_employee_id_only_when_on_the_roster(world):
    subscribe("membership.changed")
    shown = employee_user("shown-member")
    unlisted = employee_user("unlisted-member")
    group_services.membership_join(
        group=world.group, person=shown.person, kind="ally", consent=True, show_on_roster=True
    )
    unlisted_membership = group_services.membership_join(
        group=world.group, person=unlisted.person, kind="member", consent=True, show_on_roster=False
    )
    group_services.membership_leave(membership=unlisted_membership)
    joined_shown, joined_unlisted, left_unlisted = sent("membership.changed")
    assert joined_shown == {
        "group_id": world.group.pk,
        "chapter_id": None,
        "change": "joined",
        "employee_id": shown.person.employee_id,
    }
    assert joined_unlisted["employee_id"] is None
    assert left_unlisted == {**joined_unlisted, "change": "left"}


def test_it_remembers_roster_consent_when_someone_leaves(world):
    subscribe("membership.changed")
    group_services.membership_leave(membership=world.visible)
    [left] = sent("membership.changed")
    assert left["change"] == "left"
    assert left["employee_id"] == world.visible.person.employee_id


def test_it_sends_nothing_about_private_groups(world):
    subscribe("membership.changed")
    group = group_services.group_create(name="Trans+", slug="trans", private=True)
    person = employee_user("private-joiner").person
    membership = group_services.membership_join(
        group=group, person=person, kind="member", consent=True, show_on_roster=True
    )
    group_services.membership_leave(membership=membership)
    assert sent("membership.changed") == []


def test_it_never_says_member_or_ally(world):
    subscribe("membership.changed")
    for k, kind in enumerate(["member", "ally"]):
        group_services.membership_join(
            group=world.group,
            person=employee_user(f"kind-{k}").person,
            kind=kind,
            consent=True,
            show_on_roster=True,
        )
    for data in sent("membership.changed"):
        assert set(data) == {"group_id", "chapter_id", "change", "employee_id"}
        assert "ally" not in str(data) and "member" not in str(data.values())


def test_it_sends_event_created_updated_and_cancelled(world):
    from belong.events import services as event_services
    from belong.events.tests.world import make_event

    subscribe("event.created", "event.updated", "event.cancelled")
    event = make_event(world)
    [created] = sent("event.created")
    assert created == {
        "event_id": event.pk,
        "uid": str(event.uid),
        "title": "Heritage roundtable",
        "group_id": world.group.pk,
        "chapter_id": world.madrid.pk,
        "starts_at": event.starts_at.astimezone(dt.UTC).isoformat().replace("+00:00", "Z"),
        "ends_at": event.ends_at.astimezone(dt.UTC).isoformat().replace("+00:00", "Z"),
        "mode": "in_person",
        "status": "scheduled",
        "visibility": "listed",
    }
    assert created["starts_at"].endswith("Z")
    event_services.event_update(event=event, title="Heritage roundtable")  # no change
    assert sent("event.updated") == []
    event_services.event_update(event=event, title="Heritage panel")
    [updated] = sent("event.updated")
    assert updated["title"] == "Heritage panel"
    event_services.event_cancel(event=event)
    event_services.event_cancel(event=event)  # already cancelled: nothing more
    [cancelled] = sent("event.cancelled")
    assert cancelled["status"] == "cancelled"


def test_it_sends_only_what_each_endpoint_subscribes_to(world):
    from belong.events.tests.world import make_event

    subscribe("membership.changed")
    make_event(world)
    assert WebhookDelivery.objects.count() == 0


def test_it_sends_mentoring_matches_as_counts():
    from belong.mentoring import services_matching as matching
    from belong.mentoring.tests.factories import enroll, make_program, person

    subscribe("match.published")
    program = make_program()
    for k in range(3):
        enroll(program, person(f"mentee-{k}"))
    enroll(program, person("mentor-0", "L8"), "mentor", capacity=2)
    run = matching.match_run_start(program=program)
    run = matching.match_run_execute(run_id=run.pk)
    matching.match_run_publish(run=run)
    [data] = sent("match.published")
    assert data == {
        "kind": "mentoring",
        "program_id": program.pk,
        "run_id": run.pk,
        "counts": {"relationships": 2, "unmatched": 1},
    }


@pytest.mark.parametrize("kind", ["mentoring", "care"])
def test_it_sends_circles_as_counts_and_care_circles_without_people(kind):
    from belong.circles import services_formation as formation
    from belong.circles.tests.factories import formed, make_program, pool

    subscribe("match.published")
    program = make_program(kind=kind)
    pool(program)
    run = formed(program)
    circles = formation.formation_publish(run=run)
    [data] = sent("match.published")
    assert data["program_id"] == program.pk and data["run_id"] == run.pk
    if kind == "care":
        assert data["kind"] == "care_circles"
        assert data["counts"] == {"circles": circles}
    else:
        assert data["kind"] == "circles"
        assert data["counts"]["circles"] == circles
        assert data["counts"]["placed"] + data["counts"]["waiting"] == 10
