"""Builders for circle tests: programs, enrollees with tenures, a published circle."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from belong.circles import services
from belong.circles import services_formation as formation
from belong.circles.models import Circle, CircleEnrollment, CircleProgram, FormationRun
from belong.common.testing import PersonFactory, SiteFactory, employee_user
from belong.mentoring.models import Program
from belong.people.models import Person

SERIES = [
    {"title": "Where we start", "prompts": "What brought you here?"},
    {"title": "Leadership principles", "prompts": "Which principle is hardest to live by?"},
    {"title": "What we take with us", "prompts": "One thing you will do next."},
]


def mentoring_program() -> Program:
    """Mentoring program id 1: the persona program manager's scope."""
    return Program.objects.get_or_create(pk=1, defaults={"name": "Company mentoring"})[0]


def make_program(**fields: Any) -> CircleProgram:
    fields.setdefault("name", "Leadership circles")
    if "mentoring_program" not in fields:  # not setdefault: that would make program 1 anyway
        fields["mentoring_program"] = mentoring_program()
    fields.setdefault("min_size", 3)
    fields.setdefault("max_size", 5)
    fields.setdefault("tenure_bands", [6, 12, 24, 48])
    fields.setdefault("starts_on", timezone.localdate() - dt.timedelta(days=20))
    fields.setdefault("cadence_days", 14)
    if fields.get("kind") == CircleProgram.Kind.CARE:
        fields.setdefault("code_of_conduct", "What is said here stays here.")
    return services.program_create(series=SERIES, **fields)


def enrollee(
    program: CircleProgram, name: str, *, months: int = 18, role: str = "participant", **kw: Any
) -> CircleEnrollment:
    hire = timezone.localdate() - dt.timedelta(days=int(months * 30.5))
    user = employee_user(name, hire_date=hire, site=SiteFactory())
    return services.enrollment_create(
        program=program,
        person=user.person,
        role=role,
        themes=kw.pop("themes", ["leadership", "career growth"]),
        conduct_acknowledged=program.is_care,
        **kw,
    )


def enroll_person(program: CircleProgram, person: Person, role: str = "participant") -> Any:
    return services.enrollment_create(
        program=program,
        person=person,
        role=role,
        themes=["leadership"],
        conduct_acknowledged=program.is_care,
    )


def pool(program: CircleProgram, leads: int = 2, participants: int = 8) -> None:
    for k in range(leads):
        enrollee(program, f"lead-{program.pk}-{k}", months=120, role="lead")
    for k in range(participants):
        enrollee(program, f"p-{program.pk}-{k}", months=[8, 18, 30, 40][k % 4])


def formed(program: CircleProgram) -> FormationRun:
    run = formation.formation_start(program=program)
    formation.formation_execute(run_id=run.pk)
    run.refresh_from_db()
    return run


def published_circle(program: CircleProgram, *members: Person) -> Circle:
    """One published circle holding `members` (the first leads) plus a small pool."""
    for k, person in enumerate(members):
        enroll_person(program, person, "lead" if k == 0 else "participant")
    for k in range(3):
        enrollee(program, f"filler-{program.pk}-{k}", months=[8, 18, 30][k])
    run = formed(program)
    assert run.status == "draft", run.error
    circles = list(run.circles.all())
    first = circles[0]
    for c in circles[1:]:
        for m in c.members.all():
            formation.member_move(member=m, circle_to=first)
    formation.formation_publish(run=run)
    first.refresh_from_db()
    return first


def member_person(user: Any) -> Person:
    return user.person if user is not None else PersonFactory()
