"""A small world for insights tests: one group with a big and a small chapter, a program."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from belong.accounts.models import RoleGrant
from belong.common.testing import PersonFactory, SiteFactory
from belong.groups.models import Chapter, Group, Membership, Partner, Referral
from belong.mentoring.models import Enrollment, Program, Relationship
from belong.people.models import JobEvent, Level, Person

K = 10


@dataclass
class World:
    group: Group
    madrid: Chapter  # 24 members: big enough, and 16 short of the group
    lisbon: Chapter  # 4 members: under k
    program: Program
    people: list[Person]


def _joined(days_ago: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days_ago)


def build_world(personas: dict[str, Any]) -> World:
    madrid_site = SiteFactory()
    lisbon_site = SiteFactory(city="Lisbon", country="Portugal", country_code="PT",
                              timezone="Europe/Lisbon")  # fmt: skip
    group = Group.objects.create(name="Pride", slug="pride")
    madrid = Chapter.objects.create(group=group, name="Madrid", slug="madrid", site=madrid_site)
    lisbon = Chapter.objects.create(group=group, name="Lisbon", slug="lisbon", site=lisbon_site)
    RoleGrant.objects.filter(user=personas["group_leader"], scope_kind="group").update(
        scope_id=group.pk
    )
    level = Level.objects.get(code="L4")
    people = [PersonFactory(site=madrid_site, hire_date=dt.date(2019, 1, 1)) for _ in range(36)]
    people += [PersonFactory(site=lisbon_site, hire_date=dt.date(2019, 1, 1)) for _ in range(4)]
    for p in people:
        JobEvent.objects.create(person=p, kind="hire", effective_date=p.hire_date, level=level)
    for n, p in enumerate(people):
        chapter = madrid if n < 24 else (lisbon if n >= 36 else None)
        Membership.objects.create(
            group=group,
            person=p,
            chapter=chapter,
            kind="ally" if n % 4 == 0 else "member",
            joined_at=_joined(400 + n),
        )
    partner = Partner.objects.create(group=group, name="Code Bridge", kind="recruiting")
    today = timezone.localdate()
    for status, count in (("referred", 12), ("interviewing", 15), ("hired", 3)):
        for _ in range(count):
            Referral.objects.create(partner=partner, referred_on=today, status=status)
    program = Program.objects.create(name="Company mentoring")
    RoleGrant.objects.filter(user=personas["program_manager"], scope_kind="program").update(
        scope_id=program.pk
    )
    mentors = [
        Enrollment.objects.create(
            program=program, person=p, role="mentor", capacity=2, load=2, status="matched"
        )
        for p in people[:6]
    ]
    for n, p in enumerate(people[6:18]):
        mentee = Enrollment.objects.create(program=program, person=p, role="mentee",
                                           status="matched")  # fmt: skip
        mentor = mentors[n // 2]
        Relationship.objects.create(
            program=program, mentee=mentee, mentor=mentor, mentee_person=p,
            mentor_person=mentor.person, state="active", sessions_logged=4,
        )  # fmt: skip
    return World(group, madrid, lisbon, program, people)
