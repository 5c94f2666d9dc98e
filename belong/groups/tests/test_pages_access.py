"""Every group page against every persona: who gets in, who is refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from belong.common.testing import PERSONAS, assert_page_access
from belong.groups.tests.world import build_world

EMPLOYEES = {"employee", "mentor", "group_leader", "program_manager", "hr_analyst", "administrator"}
LEADERS = {"group_leader", "administrator"}


def _pages(w):
    g = w.group.slug
    return {
        "list": (reverse("groups:list"), EMPLOYEES),
        "group": (reverse("groups:group", args=[g]), EMPLOYEES),
        "chapter": (reverse("groups:chapter", args=[g, "madrid"]), EMPLOYEES),
        "volunteering": (reverse("groups:volunteering", args=[g]), EMPLOYEES),
        "drive": (reverse("groups:drive", args=[g, w.drive.pk]), EMPLOYEES),
        "roster": (reverse("groups:roster", args=[g]), {"mentor", *LEADERS}),
        "chapter roster": (
            reverse("groups:chapter_roster", args=[g, "madrid"]),
            {"mentor", *LEADERS},
        ),
        "roster csv": (reverse("groups:roster_export", args=[g]), LEADERS),
        "chapter csv": (reverse("groups:chapter_roster_export", args=[g, "madrid"]), LEADERS),
        "lead": (reverse("groups:lead", args=[g]), LEADERS),
        "lead settings": (reverse("groups:lead_settings", args=[g]), LEADERS),
        "lead leaders": (reverse("groups:lead_leaders", args=[g]), LEADERS),
        "lead announcements": (reverse("groups:lead_announcements", args=[g]), LEADERS),
        "lead campaigns": (reverse("groups:lead_campaigns", args=[g]), LEADERS),
        "lead volunteering": (reverse("groups:lead_volunteering", args=[g]), LEADERS),
        "lead drives": (reverse("groups:lead_drives", args=[g]), LEADERS),
        "lead partners": (reverse("groups:lead_partners", args=[g]), LEADERS),
        "lead initiatives": (reverse("groups:lead_initiatives", args=[g]), LEADERS),
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lets_in_exactly_the_allowed_personas(client_as, personas, persona):
    world = build_world(personas)
    for name, (url, allowed) in _pages(world).items():
        assert_page_access(client_as(persona).get(url), persona, allowed, name)


@pytest.mark.parametrize("persona", PERSONAS)
def test_joining_needs_an_employee_record(client_as, personas, persona):
    world = build_world(personas)
    response = client_as(persona).get(reverse("groups:join", args=[world.group.slug]))
    if persona == "anonymous":
        assert response.status_code == 302
    elif persona == "outsider":
        assert response.status_code == 403
    elif persona == "mentor":  # already a member: sent to their settings
        assert response["Location"] == reverse("groups:membership", args=[world.group.slug])
    else:
        assert response.status_code == 200, persona


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("lead_announcements", {"subject": "Hi", "body": "Hello"}),
        (
            "lead_campaigns",
            {"name": "X", "badge_name": "X", "pillar": "engage", "starts_on": "2026-01-01"},
        ),
        ("lead_leaders", {"person": "E000001", "title": "Lead", "starts_on": "2026-01-01"}),
        ("lead_settings", {"mission": "m", "roster_visibility": "everyone"}),
        (
            "lead_initiatives",
            {"title": "t", "kind": "program", "pillar": "develop", "status": "active"},
        ),
    ],
)
@pytest.mark.parametrize("persona", ["employee", "mentor", "hr_analyst", "outsider"])
def test_leader_actions_are_refused_to_others(client_as, personas, persona, name, data):
    world = build_world(personas)
    response = client_as(persona).post(reverse(f"groups:{name}", args=[world.group.slug]), data)
    assert response.status_code == 403


def test_unlisted_groups_are_listed_only_for_their_members(client_as, personas):
    w = build_world(personas)
    w.group.listed = False
    w.group.save()
    url = reverse("groups:list")
    assert w.group.name not in client_as("employee").get(url).content.decode()
    assert w.group.name in client_as("mentor").get(url).content.decode()
    assert w.group.name in client_as("group_leader").get(url).content.decode()
    page = client_as("employee").get(reverse("groups:group", args=[w.group.slug]))
    assert page.status_code == 200  # a direct link still opens it, to join


def test_the_roster_pages_through_htmx_as_a_fragment(client_as, personas):
    w = build_world(personas)
    url = reverse("groups:roster", args=[w.group.slug])
    response = client_as("group_leader").get(url, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<section id="roster"') and "<html" not in body


def test_the_group_page_shows_drives_and_sections_from_other_apps(client_as, personas):
    from belong.groups import sections

    w = build_world(personas)
    sections.register_section("test", lambda request, group, chapter: None)
    page = client_as("employee").get(reverse("groups:group", args=[w.group.slug]))
    assert "Shelter drive" in page.content.decode()
    sections._SECTIONS.pop("test")


def test_pages_render_in_spanish(client_as, personas):
    w = build_world(personas)
    client = client_as("group_leader")
    client.cookies["django_language"] = "es"
    for name, (url, _allowed) in _pages(w).items():
        assert client.get(url, headers={"Accept-Language": "es"}).status_code == 200, name


def test_members_see_their_consent_history(client_as, personas):
    w = build_world(personas)
    page = client_as("mentor").get(reverse("groups:membership", args=[w.group.slug]))
    body = page.content.decode()
    assert "What you agreed to" in body and "Appearing on the roster" in body
