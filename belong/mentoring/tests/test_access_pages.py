"""Every page for every persona: who sees it, who is refused, and that outsiders never get in."""

from __future__ import annotations

import pytest
from django.urls import reverse

from belong.accounts.models import Role, RoleGrant, ScopeKind
from belong.mentoring import services_matching as matching
from belong.mentoring import services_relationships as rs
from belong.mentoring.tests.factories import (
    agreed,
    enroll,
    make_program,
    person,
    relationship,
    soon,
)

pytestmark = pytest.mark.django_db

EVERYONE = {"employee", "mentor", "group_leader", "program_manager", "hr_analyst", "administrator"}
MANAGERS = {"program_manager", "administrator"}
PAIR = {"employee", "mentor"}


@pytest.fixture
def world(personas):
    program = make_program()
    # The persona manages program 1; on PostgreSQL a rolled-back sequence may give another id.
    RoleGrant.objects.get_or_create(
        user=personas["program_manager"],
        role=Role.PROGRAM_MANAGER,
        scope_kind=ScopeKind.PROGRAM,
        scope_id=program.pk,
    )
    mentee = enroll(program, personas["employee"].person)
    mentor = enroll(program, personas["mentor"].person, "mentor")
    rel = agreed(relationship(program, mentee, mentor))
    session = rs.session_schedule(relationship=rel, starts_at=soon())
    enroll(program, person("spare-mentee"))
    enroll(program, person("spare-mentor", "L8"), "mentor")
    run = matching.match_run_execute(run_id=matching.match_run_start(program=program).pk)
    return {"program": program, "rel": rel, "session": session, "run": run, "mentee": mentee}


def expected(persona: str, allowed: set[str], refused: int = 403) -> int:
    if persona == "anonymous":
        return 302
    if persona == "outsider":
        return 403
    return 200 if persona in allowed else refused


PAGES = [
    ("programs", lambda w: reverse("mentoring:programs"), EVERYONE, 403),
    ("mine", lambda w: reverse("mentoring:mine"), EVERYONE, 403),
    ("program", lambda w: reverse("mentoring:program", args=[w["program"].pk]), EVERYONE, 403),
    ("enroll", lambda w: reverse("mentoring:enroll", args=[w["program"].pk]), EVERYONE, 403),
    ("dashboard", lambda w: reverse("mentoring:dashboard", args=[w["program"].pk]), MANAGERS, 403),
    ("csv", lambda w: reverse("mentoring:dashboard_csv", args=[w["program"].pk]), MANAGERS, 403),
    ("run", lambda w: reverse("mentoring:run", args=[w["run"].pk]), MANAGERS, 403),
    (
        "relationship",
        lambda w: reverse("mentoring:relationship", args=[w["rel"].pk]),
        PAIR | MANAGERS,
        404,
    ),
    ("invite", lambda w: reverse("mentoring:session_invite", args=[w["session"].pk]), PAIR, 404),
    ("log", lambda w: reverse("mentoring:session_log", args=[w["session"].pk]), PAIR, 404),
    (
        "edit enrollment",
        lambda w: reverse("mentoring:enrollment_edit", args=[w["mentee"].pk]),
        {"employee"},
        404,
    ),
]


@pytest.mark.parametrize(
    "persona",
    [
        "employee",
        "mentor",
        "group_leader",
        "program_manager",
        "hr_analyst",
        "administrator",
        "outsider",
        "anonymous",
    ],
)
@pytest.mark.parametrize(("name", "url", "allowed", "refused"), PAGES, ids=[p[0] for p in PAGES])
def test_it_shows_each_page_only_to_the_right_people(
    world, client_as, persona, name, url, allowed, refused
):
    response = client_as(persona).get(url(world))
    assert response.status_code == expected(persona, allowed, refused), (name, persona)


@pytest.mark.parametrize("persona", ["group_leader", "hr_analyst", "outsider", "anonymous"])
def test_it_refuses_outsiders_every_write(world, client_as, persona):
    client = client_as(persona)
    posts = [
        reverse("mentoring:run_start", args=[world["program"].pk]),
        reverse("mentoring:run_action", args=[world["run"].pk, "publish"]),
        reverse("mentoring:relationship_action", args=[world["rel"].pk, "confirm"]),
        reverse("mentoring:relationship_action", args=[world["rel"].pk, "close"]),
        reverse("mentoring:pair_action", args=[world["run"].pairs.first().pk, "remove"]),
    ]
    for url in posts:
        assert client.post(url, {"reason": "x"}).status_code in (302, 403, 404), url
    world["rel"].refresh_from_db()
    assert world["rel"].state == "active"
    world["run"].refresh_from_db()
    assert world["run"].status == "draft"
    if persona == "anonymous":
        assert client.post(posts[0]).url.startswith("/accounts/login/")


def test_managers_see_the_relationship_but_not_its_notes(world, client_as):
    rel, session = world["rel"], world["session"]
    rs.session_log(
        session=session, person=rel.mentee_person, shared_notes="SHARED-TEXT", private_note="SECRET"
    )
    page = client_as("program_manager").get(reverse("mentoring:relationship", args=[rel.pk]))
    assert b"SHARED-TEXT" not in page.content and b"SECRET" not in page.content
    page = client_as("mentor").get(reverse("mentoring:relationship", args=[rel.pk]))
    assert b"SHARED-TEXT" in page.content and b"SECRET" not in page.content
    log = client_as("mentor").get(reverse("mentoring:session_log", args=[session.pk]))
    assert b"SECRET" not in log.content
    log = client_as("employee").get(reverse("mentoring:session_log", args=[session.pk]))
    assert b"SECRET" in log.content


def test_the_invite_is_an_ics_file(world, client_as):
    response = client_as("employee").get(
        reverse("mentoring:session_invite", args=[world["session"].pk])
    )
    assert response["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in response.content


def test_the_dashboard_exports_csv(world, client_as):
    response = client_as("program_manager").get(
        reverse("mentoring:dashboard_csv", args=[world["program"].pk])
    )
    body = response.content.decode()
    assert body.startswith("section,item,value") and "summary,enrolled,4" in body


def test_the_program_list_and_my_page_use_a_fixed_number_of_queries(
    world, client_as, count_queries
):
    client = client_as("employee")
    client.get(reverse("mentoring:mine"))
    with count_queries() as before:
        client.get(reverse("mentoring:programs"))
    with count_queries() as mine_before:
        client.get(reverse("mentoring:mine"))
    for k in range(5):
        make_program(name=f"Extra {k}")
        enroll(world["program"], person(f"more-{k}", "L8"), "mentor")
    with count_queries() as after:
        client.get(reverse("mentoring:programs"))
    with count_queries() as mine_after:
        client.get(reverse("mentoring:mine"))
    assert len(after) == len(before)
    assert len(mine_after) == len(mine_before)


def test_the_dashboard_uses_a_fixed_number_of_queries(world, client_as, count_queries):
    client = client_as("program_manager")
    url = reverse("mentoring:dashboard", args=[world["program"].pk])
    with count_queries() as before:
        client.get(url)
    for k in range(4):
        e = enroll(world["program"], person(f"e-{k}"))
        m = enroll(world["program"], person(f"m-{k}", "L8"), "mentor")
        relationship(world["program"], e, m)
    with count_queries() as after:
        assert client.get(url).status_code == 200
    assert len(after) == len(before)


def test_the_dashboard_names_relationship_states_in_the_viewers_language(world, client_as):
    client = client_as("program_manager")
    url = reverse("mentoring:dashboard", args=[world["program"].pk])
    assert "<td>closed early</td>" in client.get(url).content.decode()
    spanish = client.get(url, headers={"accept-language": "es"}).content.decode()
    assert "<td>closed</td>" not in spanish and "<td>proposed</td>" not in spanish
