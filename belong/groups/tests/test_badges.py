"""Badges appear on a profile only when the person chose to show them, and vanish on leaving."""

from __future__ import annotations

from django.urls import reverse

from belong.groups import access, services
from belong.groups.tests.world import build_world


def _profile(client, person):
    return client.get(reverse("people:profile", args=[person.employee_id])).content.decode()


def test_a_badge_shows_only_after_opting_in_and_goes_when_leaving(client_as, personas):
    w = build_world(personas)
    mentor = w.visible.person
    viewer = client_as("employee")
    assert "Proud ally" not in _profile(viewer, mentor)
    badge = reverse("groups:badge", args=[w.group.slug, w.campaign.pk])
    assert client_as("mentor").post(badge, {"show": "1"}).status_code == 302
    assert "Proud ally" in _profile(viewer, mentor)
    services.membership_leave(membership=w.visible)
    assert "Proud ally" not in _profile(viewer, mentor)


def test_turning_badges_off_hides_them(client_as, personas):
    w = build_world(personas)
    services.badge_adopt(campaign=w.campaign, person=w.visible.person)
    w.visible.refresh_from_db()
    services.membership_update(
        membership=w.visible,
        kind="member",
        chapter=w.madrid,
        show_on_roster=True,
        show_badges=False,
        announcements=True,
    )
    assert "Proud ally" not in _profile(client_as("employee"), w.visible.person)


def test_non_members_cannot_adopt_a_badge(client_as, personas):
    w = build_world(personas)
    badge = reverse("groups:badge", args=[w.group.slug, w.campaign.pk])
    client_as("employee").post(badge, {"show": "1"})
    assert not access.visible_badges(personas["mentor"], [personas["employee"].person.pk])


def test_badges_for_many_people_load_in_one_query(personas, count_queries):
    w = build_world(personas)
    services.badge_adopt(campaign=w.campaign, person=w.visible.person)
    ids = [w.visible.person.pk, w.hidden.person.pk, personas["employee"].person.pk]
    personas["employee"]._belong_person = personas["employee"].person
    access.visible_badges(personas["employee"], ids)  # warm the viewer's caches
    with count_queries() as ctx:
        found = access.visible_badges(personas["employee"], ids)
    assert len(ctx.captured_queries) == 1
    assert [c.badge_name for c in found[w.visible.person.pk]] == ["Proud ally"]
