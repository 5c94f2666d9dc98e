"""Leader roles carry a title and a term, and grant and revoke the group_leader role."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from belong.accounts.models import RoleGrant
from belong.common.testing import employee_user
from belong.groups import access, services
from belong.groups.tests.world import build_world

TODAY = timezone.localdate()


def _grants(user):
    return set(RoleGrant.objects.filter(user=user).values_list("role", "scope_kind", "scope_id"))


def test_a_chapter_role_grants_access_and_ending_it_revokes_it(personas):
    w = build_world(personas)
    lead = employee_user("madrid-lead")
    role = services.leader_role_assign(
        group=w.group, chapter=w.madrid, person=lead.person, title="Chapter lead", starts_on=TODAY
    )
    assert _grants(lead) == {("group_leader", "chapter", w.madrid.pk)}
    lead = type(lead).objects.get(pk=lead.pk)
    assert access.can_manage_chapter(lead, w.madrid)
    assert not access.can_manage_group(lead, w.group)
    services.leader_role_end(role=role)
    assert _grants(lead) == set()


def test_a_second_role_for_the_same_scope_keeps_the_grant_until_both_end(personas):
    w = build_world(personas)
    lead = employee_user("co-lead")
    first = services.leader_role_assign(
        group=w.group, person=lead.person, title="Co-president", starts_on=TODAY
    )
    second = services.leader_role_assign(
        group=w.group, person=lead.person, title="Treasurer", starts_on=TODAY
    )
    services.leader_role_end(role=first)
    assert _grants(lead) == {("group_leader", "group", w.group.pk)}
    services.leader_role_end(role=second)
    assert _grants(lead) == set()


def test_terms_start_and_run_out_with_the_daily_sync(personas):
    w = build_world(personas)
    lead = employee_user("future-lead")
    later = TODAY + dt.timedelta(days=10)
    services.leader_role_assign(
        group=w.group,
        person=lead.person,
        title="Co-president",
        starts_on=later,
        ends_on=later + dt.timedelta(days=30),
    )
    assert _grants(lead) == set()
    services.leader_roles_sync(today=later)
    assert _grants(lead) == {("group_leader", "group", w.group.pk)}
    services.leader_roles_sync(today=later + dt.timedelta(days=31))
    assert _grants(lead) == set()


def test_a_chapter_leader_adds_a_co_leader_to_their_chapter_only(client_as, personas):
    w = build_world(personas)
    lead = employee_user("madrid-lead")
    services.leader_role_assign(
        group=w.group, chapter=w.madrid, person=lead.person, title="Chapter lead", starts_on=TODAY
    )
    from django.test import Client

    client = Client()
    client.force_login(lead)
    url = reverse("groups:lead_leaders", args=[w.group.slug])
    co = personas["employee"].person
    data = {"person": co.employee_id, "title": "Co-lead", "starts_on": TODAY.isoformat()}
    response = client.post(url, {**data, "chapter": w.europe.pk})
    assert response.status_code == 200  # Europe is not theirs: not a valid choice
    assert client.post(url, {**data, "chapter": w.madrid.pk}).status_code == 302
    assert _grants(personas["employee"]) == {("group_leader", "chapter", w.madrid.pk)}
    export = reverse("groups:chapter_roster_export", args=[w.group.slug, "europe"])
    assert client.get(export).status_code == 403
    mine = reverse("groups:chapter_roster_export", args=[w.group.slug, "madrid"])
    assert client.get(mine).status_code == 200


def test_the_board_is_shown_on_the_group_page(client_as, personas):
    w = build_world(personas)
    page = client_as("employee").get(reverse("groups:group", args=[w.group.slug])).content
    assert b"Co-president" in page
    assert personas["group_leader"].person.display_name.encode() in page
