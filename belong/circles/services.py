"""Every write in circles outside formation (that is `services_formation.py`): programs,
enrollment, sessions, attendance, posts, feedback, help requests and concerns.

Callers check access first (`access.py`); these functions enforce the program's rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from belong.audit.models import Action, Category
from belong.audit.services import audit_record
from belong.circles.models import (
    Attendance,
    Circle,
    CircleEnrollment,
    CircleMember,
    CircleProgram,
    CircleSession,
    ConcernReport,
    HelpRequest,
    Post,
    SeriesFeedback,
    SeriesSession,
    SessionFeedback,
)
from belong.people.models import Person

MAX_THEMES = 8


class CircleError(Exception):
    """A rule of the program stops the action; the message says which and what to do."""

    def __init__(self, message: str, *, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def program_create(*, series: Sequence[dict[str, str]] = (), **fields: Any) -> CircleProgram:
    """A program and its series: `series` is [{"title", "prompts", "reading"}] in order."""
    fields.setdefault("starts_on", timezone.localdate() + dt.timedelta(days=14))
    with transaction.atomic():
        program = CircleProgram.objects.create(**fields)
        SeriesSession.objects.bulk_create(
            SeriesSession(
                program=program,
                position=k + 1,
                title=item["title"],
                prompts=item.get("prompts", ""),
                reading=item.get("reading", ""),
            )
            for k, item in enumerate(series)
        )
    return program


def _clean_themes(themes: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for t in themes:
        t = " ".join(str(t).split()).lower()
        if t and t not in seen:
            seen.append(t[:80])
    if len(seen) > MAX_THEMES:
        raise CircleError(_("Choose at most %(n)d themes.") % {"n": MAX_THEMES})
    return seen


def enrollment_problem(program: CircleProgram, person: Person) -> str:
    """Why `person` may not enroll, or "" when they may."""
    if not program.is_open:
        return _("This program is not open for enrollment.")
    if not person.is_active:
        return _("Only current employees can enroll.")
    return ""


def enrollment_create(
    *,
    program: CircleProgram,
    person: Person,
    role: str,
    themes: Iterable[str] = (),
    availability: Sequence[str] = (),
    conduct_acknowledged: bool = False,
) -> CircleEnrollment:
    """Enroll; once circles are published, a late enrollee is placed in a circle with room
    or told why they wait for the next round (a task, so the page answers at once)."""
    problem = enrollment_problem(program, person)
    if problem:
        raise CircleError(problem, code="not_eligible")
    if role not in CircleEnrollment.Role.values:
        raise CircleError(_("Choose lead or participant."))
    if program.is_care and not conduct_acknowledged:
        raise CircleError(_("Joining a care circle needs you to accept its code of conduct."))
    enrollment = CircleEnrollment(
        program=program,
        person=person,
        role=role,
        themes=_clean_themes(themes),
        availability=[str(a) for a in availability][:14],
        conduct_acknowledged_at=timezone.now() if conduct_acknowledged else None,
    )
    try:
        with transaction.atomic():
            enrollment.save()
    except IntegrityError:
        raise CircleError(_("You are already enrolled in this program.")) from None
    if program.circles.filter(published=True).exists():
        from belong.circles.tasks import late_enrollee_place

        enrollment_id = enrollment.pk
        transaction.on_commit(lambda: late_enrollee_place.enqueue(enrollment_id))
    return enrollment


def enrollment_withdraw(*, enrollment: CircleEnrollment) -> CircleEnrollment:
    """Leave the program; a seat in a draft goes with it, a published seat stays as history."""
    with transaction.atomic():
        CircleMember.objects.filter(enrollment=enrollment, circle__published=False).delete()
        enrollment.status = CircleEnrollment.Status.WITHDRAWN
        enrollment.save(update_fields=["status", "updated_at"])
    return enrollment


def sessions_schedule(*, circle: Circle, first_on: dt.date | None = None) -> list[CircleSession]:
    """One session per themed step of the series, every `cadence_days`, at the program's hour."""
    program = circle.program
    first = first_on or program.starts_on
    start = dt.datetime.combine(first, dt.time(program.session_hour_utc), tzinfo=dt.UTC)
    every = dt.timedelta(days=program.cadence_days)
    rows = [
        CircleSession(
            circle=circle,
            theme=item,
            position=item.position,
            title=item.title,
            starts_at=start + every * k,
            minutes=program.session_minutes,
        )
        for k, item in enumerate(program.series.all())
    ]
    return CircleSession.objects.bulk_create(rows)


def attendance_record(
    *, session: CircleSession, present_ids: Iterable[int], notes: str | None = None
) -> int:
    """The lead marks who came (member ids); the session counts as held. Returns present."""
    members = {m.pk for m in session.circle.members.all()}
    present = {int(i) for i in present_ids} & members
    with transaction.atomic():
        Attendance.objects.filter(session=session).delete()
        Attendance.objects.bulk_create(
            Attendance(session=session, member_id=m, present=m in present) for m in sorted(members)
        )
        session.status = CircleSession.Status.HELD
        fields = ["status"]
        if notes is not None:
            session.notes = notes.strip()
            fields.append("notes")
        session.save(update_fields=fields)
    return len(present)


def post_create(*, circle: Circle, author: CircleMember, body: str) -> Post:
    body = body.strip()
    if not body:
        raise CircleError(_("Write something first."))
    if author.circle_id != circle.pk:
        raise CircleError(_("You are not in this circle."))
    return Post.objects.create(circle=circle, author=author, body=body[:5000])


def session_feedback_give(
    *, session: CircleSession, member: CircleMember, rating: int, text: str = ""
) -> SessionFeedback:
    if not 1 <= rating <= 5:
        raise CircleError(_("Rate the session from 1 to 5."))
    if session.starts_at > timezone.now():
        raise CircleError(_("Give feedback after the session."))
    feedback, _created = SessionFeedback.objects.update_or_create(
        session=session, member=member, defaults={"rating": rating, "text": text.strip()}
    )
    return feedback


def series_feedback_give(
    *, circle: Circle, member: CircleMember, rating: int, text: str = ""
) -> SeriesFeedback:
    if not 1 <= rating <= 5:
        raise CircleError(_("Rate the series from 1 to 5."))
    last = circle.sessions.order_by("-position").first()
    if last is None or last.starts_at > timezone.now():
        raise CircleError(_("End-of-series feedback opens after the last session."))
    feedback, _created = SeriesFeedback.objects.update_or_create(
        circle=circle, member=member, defaults={"rating": rating, "text": text.strip()}
    )
    return feedback


def help_request_create(*, circle: Circle, lead: CircleMember, message: str) -> HelpRequest:
    """The lead writes to the program manager; only this message reaches them."""
    if not lead.is_lead:
        raise CircleError(_("Only a circle's lead asks for help here."))
    if not message.strip():
        raise CircleError(_("Say what you need help with."))
    req = HelpRequest.objects.create(circle=circle, asked_by=lead, message=message.strip())
    from belong.circles.tasks import notify_help

    req_id = req.pk
    transaction.on_commit(lambda: notify_help.enqueue(req_id))
    return req


def concern_report(
    *, circle: Circle, member: CircleMember, message: str, share_identity: bool = False
) -> ConcernReport:
    """A member's concern reaches the program manager with this message only."""
    if not message.strip():
        raise CircleError(_("Describe your concern."))
    report = ConcernReport.objects.create(
        program=circle.program,
        circle=circle,
        reporter_id=member.person_id,
        message=message.strip(),
        share_identity=share_identity,
    )
    from belong.circles.tasks import notify_concern

    report_id = report.pk
    transaction.on_commit(lambda: notify_concern.enqueue(report_id))
    return report


def display_name_set(*, member: CircleMember, display_name: str) -> CircleMember:
    name = " ".join(display_name.split())[:60]
    clash = (
        CircleMember.objects.filter(circle_id=member.circle_id, display_name__iexact=name)
        .exclude(pk=member.pk)
        .exists()
    )
    if name and clash:
        raise CircleError(_("Someone in this circle already uses that name."))
    member.display_name = name
    member.save(update_fields=["display_name"])
    return member


def request_resolve(*, item: HelpRequest | ConcernReport) -> None:
    item.resolved_at = timezone.now()
    item.save(update_fields=["resolved_at", "updated_at"])


def roster_read_record(*, actor: Any, circle: Circle) -> None:
    """A care circle's real-name roster is read by its facilitator only; each read is
    recorded. Mentoring circles' rosters are ordinary and not recorded."""
    if circle.program.is_care:
        audit_record(
            actor=actor,
            category=Category.CARE_CIRCLE,
            action=Action.READ,
            target=circle,
            detail={"read": "roster"},
        )
