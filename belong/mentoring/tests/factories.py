"""Small builders for mentoring tests: a program, people enrolled in it, a live relationship."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from belong.common.testing import employee_user
from belong.mentoring import services
from belong.mentoring.models import Enrollment, Program, Relationship
from belong.mentoring.services_relationships import (
    relationship_agreement_edit,
    relationship_confirm,
)
from belong.people.models import Level, Person


def make_program(**settings: Any) -> Program:
    """Program id 1 when it is the first: the persona program manager's scope."""
    settings.setdefault("name", "Company mentoring")
    settings.setdefault("schedule", Program.Schedule.EVERGREEN)
    return services.program_create(**settings)


def person(name: str, level: str = "L4", **fields: Any) -> Person:
    user = employee_user(name, level=Level.objects.get(code=level), **fields)
    return user.person


def enroll(program: Program, who: Person, role: str = "mentee", **fields: Any) -> Enrollment:
    topic_ids = list(program.topics.values_list("id", flat=True)[:2])
    fields.setdefault("goals", "Grow as a leader and learn prioritisation")
    if role != "mentee":
        fields.setdefault("capacity", 2)
        fields.setdefault("topics_offered", topic_ids)
        fields.setdefault("expertise", "leadership and prioritisation")
    if role != "mentor":
        fields.setdefault("topics_sought", topic_ids)
    return services.enrollment_create(program=program, person=who, role=role, **fields)


def relationship(program: Program, mentee: Enrollment, mentor: Enrollment) -> Relationship:
    rel = Relationship.objects.create(
        program=program,
        mentee=mentee,
        mentor=mentor,
        mentee_person_id=mentee.person_id,
        mentor_person_id=mentor.person_id,
    )
    Enrollment.objects.filter(pk=mentor.pk).update(load=mentor.load + 1)
    Enrollment.objects.filter(pk=mentee.pk).update(status="matched", matched_at=timezone.now())
    return rel


def agreed(rel: Relationship) -> Relationship:
    relationship_agreement_edit(
        relationship=rel,
        cadence="Every two weeks",
        duration_weeks=12,
        confidentiality="What we say stays between us.",
        expectations="Come prepared.",
    )
    relationship_confirm(relationship=rel, person=rel.mentee_person)
    relationship_confirm(relationship=rel, person=rel.mentor_person)
    rel.refresh_from_db()
    return rel


def soon(hours: int = 24) -> dt.datetime:
    return timezone.now() + dt.timedelta(hours=hours)
