"""Writes for programs and enrollments. Matching runs, mentor requests and relationships have
their own modules (`services_matching`, `services_requests`, `services_relationships`).

Every function takes keyword-only arguments and raises `MentoringError` with a message the
person can act on; views show it, the API returns it as the error detail.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from belong.mentoring.models import (
    DEFAULT_TOPICS,
    Cycle,
    Enrollment,
    MatchRun,
    MentorRequest,
    Program,
    Relationship,
    Topic,
)
from belong.people.models import Person


class MentoringError(Exception):
    """A rule of the program stops the action; the message says which and what to do."""

    def __init__(self, message: str, *, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def program_create(
    *,
    name: str,
    description: str = "",
    style: str = Program.Style.MANAGED,
    schedule: str = Program.Schedule.CYCLES,
    topics: Sequence[str] = DEFAULT_TOPICS,
    **settings: Any,
) -> Program:
    """A program with its topic list (the defaults unless given)."""
    with transaction.atomic():
        program = Program.objects.create(
            name=name, description=description, style=style, schedule=schedule, **settings
        )
        Topic.objects.bulk_create(
            Topic(program=program, name=t, position=k) for k, t in enumerate(topics)
        )
    return program


def cycle_create(
    *, program: Program, name: str, opens: dt.date, closes: dt.date, matching: dt.date
) -> Cycle:
    ends = matching + dt.timedelta(weeks=program.relationship_weeks)
    return Cycle.objects.create(
        program=program,
        name=name,
        enrollment_opens=opens,
        enrollment_closes=closes,
        matching_date=matching,
        ends=ends,
    )


def current_cycle(program: Program, on: dt.date | None = None) -> Cycle | None:
    """The cycle whose enrollment window contains `on`; evergreen programs have none."""
    if program.schedule == Program.Schedule.EVERGREEN:
        return None
    day = on or timezone.localdate()
    return (
        program.cycles.filter(enrollment_opens__lte=day, enrollment_closes__gte=day)
        .order_by("-enrollment_opens")
        .first()
    )


def eligibility_problem(program: Program, person: Person, on: dt.date | None = None) -> str:
    """Why `person` may not enroll in `program`, or "" when they may."""
    day = on or timezone.localdate()
    if not program.is_open:
        return _("This program is not open for enrollment.")
    if not person.is_active:
        return _("Only current employees can enroll.")
    rules = program.eligibility or {}
    levels = rules.get("levels") or []
    if levels and person.level.code not in levels:
        return _("This program is open to levels %(levels)s.") % {"levels": ", ".join(levels)}
    min_months = int(rules.get("min_tenure_months") or 0)
    months = (day.year - person.hire_date.year) * 12 + day.month - person.hire_date.month
    if months < min_months:
        return _("This program needs at least %(n)d months at the company.") % {"n": min_months}
    countries = rules.get("countries") or []
    if countries and person.site.country_code not in countries:
        return _("This program is not offered in your country.")
    if program.schedule == Program.Schedule.CYCLES and current_cycle(program, day) is None:
        return _("Enrollment for this program is closed until the next cycle opens.")
    return ""


def _clean_topics(program: Program, ids: Iterable[int]) -> list[int]:
    wanted = sorted({int(i) for i in ids})
    known = set(Topic.objects.filter(program=program, id__in=wanted).values_list("id", flat=True))
    unknown = [i for i in wanted if i not in known]
    if unknown:
        raise MentoringError(_("Choose topics from this program's list."))
    return wanted


def _clean_capacity(program: Program, role: str, capacity: int | None) -> int:
    if role == Enrollment.Role.MENTEE:
        return 0
    value = program.mentor_capacity_default if capacity is None else capacity
    if not 1 <= value <= program.mentor_capacity_max:
        raise MentoringError(
            _("Mentors take between 1 and %(max)d mentees in this program.")
            % {"max": program.mentor_capacity_max}
        )
    return value


def enrollment_create(
    *,
    program: Program,
    person: Person,
    role: str,
    goals: str = "",
    expertise: str = "",
    topics_sought: Iterable[int] = (),
    topics_offered: Iterable[int] = (),
    preferred_traits: str = "",
    availability: Sequence[str] = (),
    languages: Sequence[str] | None = None,
    capacity: int | None = None,
) -> Enrollment:
    problem = eligibility_problem(program, person)
    if problem:
        raise MentoringError(problem, code="not_eligible")
    if role not in Enrollment.Role.values:
        raise MentoringError(_("Choose mentee, mentor or both."))
    if role != Enrollment.Role.MENTOR and not goals.strip():
        raise MentoringError(_("Tell your mentor what you want to work on."))
    if languages is None:
        languages = list(person.languages.values_list("code", flat=True))
    enrollment = Enrollment(
        program=program,
        cycle=current_cycle(program),
        person=person,
        role=role,
        goals=goals.strip(),
        expertise=expertise.strip(),
        topics_sought=_clean_topics(program, topics_sought),
        topics_offered=_clean_topics(program, topics_offered),
        preferred_traits=preferred_traits.strip(),
        availability=list(availability),
        languages=list(languages),
        capacity=_clean_capacity(program, role, capacity),
    )
    try:
        with transaction.atomic():
            enrollment.save()
    except IntegrityError:
        raise MentoringError(
            _("You are already enrolled in this program; edit your enrollment instead."),
            code="duplicate",
        ) from None
    if enrollment.is_mentee and _has_published_run(program):
        # Matching already happened this cycle: match this late enrollee on their own.
        from belong.mentoring.tasks import late_enrollee_match

        transaction.on_commit(lambda: late_enrollee_match.enqueue(enrollment.pk))
    return enrollment


def _has_published_run(program: Program) -> bool:
    runs = MatchRun.objects.filter(program=program, status=MatchRun.Status.PUBLISHED)
    return program.style == Program.Style.MANAGED and runs.exists()


def enrollment_update(
    *,
    enrollment: Enrollment,
    goals: str | None = None,
    expertise: str | None = None,
    topics_sought: Iterable[int] | None = None,
    topics_offered: Iterable[int] | None = None,
    preferred_traits: str | None = None,
    availability: Sequence[str] | None = None,
    languages: Sequence[str] | None = None,
    capacity: int | None = None,
) -> Enrollment:
    if enrollment.status in Enrollment.ENDED:
        raise MentoringError(_("This enrollment has ended; enroll again instead."))
    fields = ["updated_at"]
    for name, value in (
        ("goals", goals),
        ("expertise", expertise),
        ("preferred_traits", preferred_traits),
    ):
        if value is not None:
            setattr(enrollment, name, value.strip())
            fields.append(name)
    if topics_sought is not None:
        enrollment.topics_sought = _clean_topics(enrollment.program, topics_sought)
        fields.append("topics_sought")
    if topics_offered is not None:
        enrollment.topics_offered = _clean_topics(enrollment.program, topics_offered)
        fields.append("topics_offered")
    if availability is not None:
        enrollment.availability = list(availability)
        fields.append("availability")
    if languages is not None:
        enrollment.languages = list(languages)
        fields.append("languages")
    with transaction.atomic():
        if capacity is not None and enrollment.is_mentor:
            locked = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
            new_capacity = _clean_capacity(enrollment.program, enrollment.role, capacity)
            if new_capacity < locked.load:
                raise MentoringError(
                    _("You mentor %(n)d people now; capacity cannot go below that.")
                    % {"n": locked.load}
                )
            enrollment.capacity = new_capacity
            fields.append("capacity")
        enrollment.save(update_fields=fields)
    return enrollment


def enrollment_withdraw(*, enrollment: Enrollment) -> Enrollment:
    """Leave the program: open requests are cancelled; open relationships must close first."""
    with transaction.atomic():
        open_rel = Relationship.objects.filter(state__in=Relationship.OPEN).filter(
            mentee=enrollment
        ) | Relationship.objects.filter(state__in=Relationship.OPEN, mentor=enrollment)
        if open_rel.exists():
            raise MentoringError(
                _("Close your open mentoring relationships before withdrawing."), code="busy"
            )
        now = timezone.now()
        MentorRequest.objects.filter(status__in=MentorRequest.OPEN, mentee=enrollment).update(
            status=MentorRequest.Status.CANCELLED, responded_at=now
        )
        MentorRequest.objects.filter(status__in=MentorRequest.OPEN, mentor=enrollment).update(
            status=MentorRequest.Status.DECLINED,
            responded_at=now,
            reply=_("The mentor left the program."),
        )
        enrollment.status = Enrollment.Status.WITHDRAWN
        enrollment.save(update_fields=["status", "updated_at"])
    return enrollment


def enrollment_waitlist(*, enrollment: Enrollment, reason: str) -> None:
    Enrollment.objects.filter(pk=enrollment.pk, status=Enrollment.Status.ACTIVE).update(
        status=Enrollment.Status.WAITLISTED, waitlist_reason=reason[:300], updated_at=timezone.now()
    )
