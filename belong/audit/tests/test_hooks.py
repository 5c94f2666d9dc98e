"""The sensitive places in other apps each append one audit event."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from belong.accounts.models import RoleGrant
from belong.audit.models import Action, AuditEvent, Category


def _events(category: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(category=category).order_by("id"))


def test_it_records_role_grants_and_revocations(client_as: Any, personas: dict[str, Any]) -> None:
    client = client_as("administrator")
    form = {"email": "mentor@example.test", "role": "program_manager", "scope_kind": "program"}
    client.post(reverse("accounts:roles"), {**form, "scope_id": 7})
    client.post(reverse("accounts:roles"), {**form, "scope_id": 7})  # refused duplicate
    grant = RoleGrant.objects.get(user=personas["mentor"], role="program_manager")
    client.post(reverse("accounts:role_revoke", args=[grant.pk]))
    created, revoked = _events(Category.ROLE_GRANT)
    assert (created.action, revoked.action) == (Action.CREATE, Action.DELETE)
    for event in (created, revoked):
        assert event.actor_label == "administrator@example.test"
        assert event.target_type == "accounts.rolegrant" and event.target_id == str(grant.pk)
        assert event.detail == {
            "user_id": personas["mentor"].pk,
            "role": "program_manager",
            "scope_kind": "program",
            "scope_id": 7,
        }


# --- private memberships -------------------------------------------------------------------


def _private_world(personas: dict[str, Any]) -> Any:
    from belong.groups.models import Group
    from belong.groups.tests.world import build_world

    world = build_world(personas)
    Group.objects.filter(pk=world.group.pk).update(private=True)
    world.group.refresh_from_db()
    return world


def test_it_records_joining_changing_consent_and_leaving_a_private_group(
    client_as: Any, personas: dict[str, Any]
) -> None:
    world = _private_world(personas)
    before = AuditEvent.objects.count()  # the world's own joins had no actor and were public
    client = client_as("employee")
    join = {"kind": "member", "consent": "on", "show_on_roster": "on"}
    assert client.post(reverse("groups:join", args=["pride"]), join).status_code == 302
    settings = {"kind": "member", "show_badges": "on", "announcements": "on"}
    client.post(reverse("groups:membership", args=["pride"]), settings)
    client.post(reverse("groups:leave", args=["pride"]))
    joined, changed, left = AuditEvent.objects.order_by("id")[before:]
    assert [e.action for e in (joined, changed, left)] == [
        Action.CREATE,
        Action.UPDATE,
        Action.DELETE,
    ]
    for event in (joined, changed, left):
        assert event.category == Category.PRIVATE_MEMBERSHIP
        assert event.actor_label == "employee@example.test"
        assert (event.target_type, event.target_id) == ("groups.group", str(world.group.pk))
    assert changed.detail["consents"] == ["badges", "roster"]
    assert joined.ip == "127.0.0.1"


def test_it_does_not_record_public_groups_memberships(
    client_as: Any, personas: dict[str, Any]
) -> None:
    from belong.groups.tests.world import build_world

    build_world(personas)
    before = AuditEvent.objects.count()
    client = client_as("employee")
    client.post(reverse("groups:join", args=["pride"]), {"kind": "member", "consent": "on"})
    client.get(reverse("groups:roster", args=["pride"]))
    client.post(reverse("groups:leave", args=["pride"]))
    assert AuditEvent.objects.count() == before


def test_it_records_every_private_roster_read_and_every_roster_export(
    client_as: Any, personas: dict[str, Any]
) -> None:
    world = _private_world(personas)
    client = client_as("group_leader")
    assert client.get(reverse("groups:roster", args=["pride"])).status_code == 200
    assert client.get(f"/api/groups/{world.group.pk}/members").status_code == 200
    chapter = reverse("groups:chapter_roster", args=["pride", "madrid"])
    assert client.get(chapter).status_code == 200
    export = client.get(reverse("groups:roster_export", args=["pride"]))
    assert export.status_code == 200
    reads = _events(Category.PRIVATE_MEMBERSHIP)
    assert [(e.action, e.detail) for e in reads] == [
        (Action.READ, {"read": "roster", "chapter_id": None}),
        (Action.READ, {"read": "roster", "chapter_id": None}),
        (Action.READ, {"read": "roster", "chapter_id": world.madrid.pk}),
    ]
    assert {e.actor_label for e in reads} == {"group-leader@example.test"}
    (exported,) = _events(Category.EXPORT)
    rows = export.content.decode().count("\r\n") - 1
    assert exported.detail == {
        "export": "group_roster",
        "private": True,
        "rows": rows,
        "chapter_id": None,
    }
    # The log names who looked, never who was on the roster.
    assert "Mentor" not in str([e.detail for e in [*reads, exported]])


def test_it_records_opening_or_closing_a_private_groups_roster(
    client_as: Any, personas: dict[str, Any]
) -> None:
    world = _private_world(personas)
    response = client_as("group_leader").patch(
        f"/api/groups/{world.group.pk}",
        {
            "mission": world.group.mission,
            "pillars": world.group.pillars,
            "listed": True,
            "roster_visibility": "everyone",
            "private": False,
            "sponsor_id": None,
        },
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    (event,) = _events(Category.PRIVATE_MEMBERSHIP)
    assert event.action == Action.UPDATE and event.actor_label == "group-leader@example.test"
    assert event.detail == {
        "change": "visibility",
        "private": False,
        "roster_visibility": "everyone",
    }


# --- care circles ---------------------------------------------------------------------------


def _care_circle(personas: dict[str, Any]) -> Any:
    from belong.circles.tests.factories import make_program, published_circle

    program = make_program(kind="care", name="Care circle for caregivers")
    # The mentor facilitates; the employee takes part.
    return published_circle(program, personas["mentor"].person, personas["employee"].person)


def test_it_records_every_denied_attempt_on_a_care_circle(
    client_as: Any, personas: dict[str, Any]
) -> None:
    circle = _care_circle(personas)
    session = circle.sessions.order_by("position").first()
    attempts = [
        f"/circles/c/{circle.pk}/",
        f"/circles/c/{circle.pk}/posts/",
        f"/circles/sessions/{session.pk}/invite.ics",
        f"/api/circles/{circle.pk}/roster",
    ]
    for persona in ("administrator", "program_manager", "hr_analyst", "group_leader"):
        client = client_as(persona)
        for path in attempts:
            assert client.get(path).status_code == 404, (persona, path)
    denied = _events(Category.CARE_CIRCLE)
    assert len(denied) == 16
    assert {e.action for e in denied} == {Action.DENIED}
    assert {(e.target_type, e.target_id) for e in denied} == {("circles.circle", str(circle.pk))}
    assert {e.actor_label for e in denied} == {
        "administrator@example.test",
        "program-manager@example.test",
        "hr-analyst@example.test",
        "group-leader@example.test",
    }
    assert {e.detail["asked_for"] for e in denied} == {"circle", "content"}


def test_it_records_the_facilitators_reads_of_real_names_only(
    client_as: Any, personas: dict[str, Any]
) -> None:
    circle = _care_circle(personas)
    member = client_as("employee")
    assert member.get(f"/circles/c/{circle.pk}/").status_code == 200
    assert member.get(f"/api/circles/{circle.pk}/roster").status_code == 403
    assert _events(Category.CARE_CIRCLE) == []  # members see chosen names: nothing to record
    lead = client_as("mentor")
    assert lead.get(f"/circles/c/{circle.pk}/").status_code == 200
    assert lead.get(f"/circles/c/{circle.pk}/roster/").status_code == 200
    assert lead.get(f"/api/circles/{circle.pk}/roster").status_code == 200
    reads = _events(Category.CARE_CIRCLE)
    assert [(e.action, e.actor_label, e.detail) for e in reads] == [
        (Action.READ, "mentor@example.test", {"read": "roster"})
    ] * 3


def test_it_does_not_record_mentoring_circles(client_as: Any, personas: dict[str, Any]) -> None:
    from belong.circles.tests.factories import make_program, published_circle

    circle = published_circle(make_program(), personas["mentor"].person)
    assert client_as("mentor").get(f"/circles/c/{circle.pk}/").status_code == 200
    assert client_as("hr_analyst").get(f"/circles/c/{circle.pk}/").status_code == 404
    assert _events(Category.CARE_CIRCLE) == []


# --- insights -------------------------------------------------------------------------------


def test_it_records_each_insights_question_but_not_the_answer(
    client_as: Any, personas: dict[str, Any]
) -> None:
    from belong.insights.tests.world import build_world

    world = build_world(personas)
    group_id = str(world.group.pk)
    client = client_as("hr_analyst")
    assert client.get("/insights/groups/pride/").status_code == 200
    assert client.get("/insights/groups/pride/?country=PT").status_code == 403
    export = client.get("/insights/groups/pride/members_over_time.csv")
    assert export.status_code == 200
    assert client.get("/api/insights/groups/pride").status_code == 200
    events = _events(Category.INSIGHTS)
    assert [(e.action, e.detail["channel"]) for e in events] == [
        (Action.READ, "page"),
        (Action.DENIED, "page"),
        (Action.EXPORT, "csv"),
        (Action.READ, "api"),
    ]
    for event in events:
        assert event.actor_label == "hr-analyst@example.test"
        assert (event.target_type, event.target_id) == ("groups.group", group_id)
        assert set(event.detail) == {"channel", "figure", "filters", "outcome", "reason"}
    assert events[1].detail["filters"] == {"country": "PT"}
    assert events[2].detail["figure"] == "members_over_time"


# --- exports elsewhere ----------------------------------------------------------------------


def test_it_records_event_circle_and_mentoring_exports(
    client_as: Any, personas: dict[str, Any]
) -> None:
    from belong.accounts.models import Role, ScopeKind
    from belong.circles.tests.factories import make_program as circle_program
    from belong.circles.tests.factories import mentoring_program
    from belong.events import services as events
    from belong.events.tests.world import build_events_world

    world = build_events_world(personas)
    events.event_update(event=world.event, capacity=10)
    events.registration_create(event=world.event, person=world.groups.visible.person, listed=True)
    leader = client_as("group_leader")
    attendees = leader.get(reverse("events:roster_export", args=[world.event.pk]))
    assert attendees.status_code == 200

    program = mentoring_program()
    RoleGrant.objects.get_or_create(
        user=personas["program_manager"],
        role=Role.PROGRAM_MANAGER,
        scope_kind=ScopeKind.PROGRAM,
        scope_id=program.pk,
    )
    manager = client_as("program_manager")
    assert manager.get(reverse("mentoring:dashboard_csv", args=[program.pk])).status_code == 200
    circles = circle_program(mentoring_program=program)
    assert manager.get(f"/circles/{circles.pk}/manage/export.csv").status_code == 200
    assert manager.get("/circles/999999/manage/export.csv").status_code == 404  # not recorded

    recorded = [
        (e.actor_label, e.action, e.target_type, e.target_id, e.detail)
        for e in _events(Category.EXPORT)
    ]
    assert recorded == [
        (
            "group-leader@example.test",
            Action.EXPORT,
            "events.event",
            str(world.event.pk),
            {"export": "event_attendees", "rows": 1},
        ),
        (
            "program-manager@example.test",
            Action.EXPORT,
            "mentoring.program",
            str(program.pk),
            {"export": "mentoring_dashboard"},
        ),
        (
            "program-manager@example.test",
            Action.EXPORT,
            "circles.circleprogram",
            str(circles.pk),
            {"export": "circle_program"},
        ),
    ]


def test_it_records_showing_and_hiding_a_private_groups_badge(
    client_as: Any, personas: dict[str, Any]
) -> None:
    world = _private_world(personas)
    before = AuditEvent.objects.count()
    url = reverse("groups:badge", args=["pride", world.campaign.pk])
    client = client_as("mentor")  # a member of the group
    client.post(url, {"show": "1"})
    client.post(url, {"show": "0"})
    client.post(url, {"show": "0"})  # nothing left to hide: nothing recorded
    shown, hidden = AuditEvent.objects.order_by("id")[before:]
    assert [e.detail["change"] for e in (shown, hidden)] == ["badge_shown", "badge_hidden"]
    assert {e.actor_label for e in (shown, hidden)} == {"mentor@example.test"}
    assert {e.category for e in (shown, hidden)} == {Category.PRIVATE_MEMBERSHIP}
