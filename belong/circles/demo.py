"""Demo seed step: a group's circle program mid-series (13 circles, ~178 participants, scaled
down for a small demo company) and a care program with two care circles.

Circles are formed by the engine through the same services the pages use, so the demo
shows real figures and reasons.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from belong.circles import services
from belong.circles import services_formation as formation
from belong.circles.models import (
    Attendance,
    CircleEnrollment,
    CircleMember,
    CircleProgram,
    CircleSession,
    FormationRun,
    Post,
)
from belong.groups.models import Group
from belong.mentoring.models import Program
from belong.people.demo.data import DEMO_DOMAIN
from belong.people.demo.loader import SeedContext, register_step
from belong.people.models import Person

LIFT_CIRCLES, LIFT_PARTICIPANTS = 13, 178
SAMPLE = 6000
CARE_NAME = "Caregivers' care circles"
THEMES = (
    "career growth", "leadership principles", "building influence", "cross-org projects",
    "visibility", "feedback", "work-life balance", "mentoring others", "managing up",
)  # fmt: skip
SERIES = [
    ("Why we are here", "Share one moment that shaped your career so far."),
    ("Leadership principles in practice", "Which principle is hardest to live by, and when?"),
    ("Influence without authority", "Bring a decision you wanted to change. What worked?"),
    ("Feedback that lands", "The best and worst feedback you received. What made it so?"),
    ("Crossing org lines", "Who outside your org would you learn most from?"),
    ("What we take with us", "One commitment for the next three months."),
]
CARE_SERIES = [
    ("Arriving", "What does support look like for you this month?"),
    ("What we carry", "Something you carry that colleagues do not see."),
    ("Asking for help", "When did asking for help work, and when did it not?"),
    ("Looking ahead", "What would make next month lighter?"),
]
POSTS = (
    "Thank you all for last session, it helped more than I expected.",
    "Reading for next time is up; the second article is the good one.",
    "Can we start five minutes later next week? I have a clash.",
    "I tried the feedback exercise with my team. Mixed results, will share.",
)


def _series(items: list[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"title": t, "prompts": p} for t, p in items]


def _mid_series(program: CircleProgram, rng: object) -> None:
    """Hold every session already past: attendance for about 85% and a few posts."""
    import random

    assert isinstance(rng, random.Random)
    now = timezone.now()
    past = list(
        CircleSession.objects.filter(circle__program=program, starts_at__lt=now).order_by("pk")
    )
    members: dict[int, list[int]] = {}
    for cid, mid in (
        CircleMember.objects.filter(circle__program=program)
        .order_by("pk")
        .values_list("circle_id", "id")
    ):
        members.setdefault(cid, []).append(mid)
    rows = []
    for s in past:
        s.status = CircleSession.Status.HELD
        rows += [
            Attendance(session=s, member_id=m, present=rng.random() < 0.85)
            for m in members.get(s.circle_id, [])
        ]
    CircleSession.objects.bulk_update(past, ["status"])
    Attendance.objects.bulk_create(rows)
    Post.objects.bulk_create(
        Post(circle_id=cid, author_id=rng.choice(ids), body=rng.choice(POSTS))
        for cid, ids in members.items()
        for _ in range(3)
    )


def _enroll(program: CircleProgram, people: list[int], role: str, rng: object) -> None:
    import random

    assert isinstance(rng, random.Random)
    CircleEnrollment.objects.bulk_create(
        CircleEnrollment(
            program=program,
            person_id=pid,
            role=role,
            themes=rng.sample(THEMES, 3),
            conduct_acknowledged_at=timezone.now() if program.is_care else None,
        )
        for pid in people
    )


def _form_and_publish(program: CircleProgram) -> None:
    run = FormationRun.objects.create(program=program, seed=7)
    formation.formation_execute(run_id=run.pk)
    run.refresh_from_db()
    if run.status == run.Status.DRAFT:
        with transaction.atomic():
            formation.formation_publish(run=run)


def step_circles(ctx: SeedContext) -> None:
    rng = ctx.rng("circles")
    today = ctx.today
    group = Group.objects.order_by("pk").first()
    demo = dict(
        Person.objects.filter(email__endswith=f"@{DEMO_DOMAIN}", user__isnull=False).values_list(
            "email", "id"
        )
    )
    staff = set(demo.values())
    current = Person.objects.filter(exit_date__isnull=True).exclude(id__in=staff)
    total = current.count()
    if total < 40:
        ctx.log("circles: too few people for the demo circles, skipped")
        return
    # A sample is enough: the programs hold a few hundred people even in a 1.5M company.
    active = list(current.order_by("id").values_list("id", "hire_date")[:SAMPLE])
    rng.shuffle(active)
    participants_n = min(LIFT_PARTICIPANTS, total // 4)
    n_circles = max(2, round(LIFT_CIRCLES * participants_n / LIFT_PARTICIPANTS))
    juniors = [p for p, hired in active if 6 * 30 <= (today - hired).days <= 48 * 30]
    seniors = [p for p, hired in active if (today - hired).days > 6 * 365]
    name = f"{group.name} leadership circles" if group else "Leadership circles"
    # The seed runs only on a database without people, so programs left here from an
    # earlier seed have lost everyone in them; they are replaced rather than merged.
    CircleProgram.objects.filter(name__in=[name, CARE_NAME]).delete()
    program = services.program_create(
        name=name,
        description="Candid conversations across orgs, including on our leadership principles: "
        "a lead and about fourteen colleagues with six months to four years at the company.",
        owner_group=group,
        mentoring_program=Program.objects.filter(pk=1).first(),
        min_size=8,
        max_size=16,
        tz_window_hours=None,
        starts_on=today - dt.timedelta(days=14 * 3 + 1),
        series=_series(SERIES),
    )
    pool = juniors[:participants_n]
    leads = seniors[:n_circles]
    if "mentor@" + DEMO_DOMAIN in demo and leads:
        leads[0] = demo["mentor@" + DEMO_DOMAIN]
    if "employee@" + DEMO_DOMAIN in demo and pool:
        pool[0] = demo["employee@" + DEMO_DOMAIN]
    _enroll(program, leads, "lead", rng)
    _enroll(program, pool, "participant", rng)
    _form_and_publish(program)
    _mid_series(program, rng)
    care = services.program_create(
        name=CARE_NAME,
        description="A safe space for colleagues caring for a family member.",
        kind=CircleProgram.Kind.CARE,
        owner_group=group,
        mentoring_program=Program.objects.filter(pk=1).first(),
        min_size=6,
        max_size=11,
        tz_window_hours=None,
        starts_on=today - dt.timedelta(days=14 + 1),
        code_of_conduct="What is said in the circle stays in the circle. Speak from your own "
        "experience. No advice unless asked. Anyone may pass.",
        series=_series(CARE_SERIES),
    )
    taken = set(pool) | set(leads)
    rest = [p for p, _ in active if p not in taken]
    _enroll(care, rest[:2], "lead", rng)
    _enroll(care, rest[2:22], "participant", rng)
    _form_and_publish(care)
    names = ("Willow", "Harbor", "Juniper", "Sparrow", "Cedar", "River", "Fern", "Lark")
    seats = list(CircleMember.objects.filter(circle__program=care).order_by("pk"))
    for k, seat in enumerate(seats):
        seat.display_name = f"{names[k % len(names)]} {k // len(names) + 1}"
    CircleMember.objects.bulk_update(seats, ["display_name"])
    _mid_series(care, rng)
    circles = program.circles.filter(published=True).count()
    placed = CircleMember.objects.filter(circle__program=program).count()
    ctx.summary["circles"] = {"circles": circles, "people": placed, "care circles": 2}
    ctx.log(f"circles: {circles} circles with {placed} people, and 2 care circles")


register_step("circles", step_circles, after="mentoring")
