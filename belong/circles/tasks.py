"""Background jobs for circles; arguments are ids. Email goes through Django's mail backend.

No message about a care circle carries its content: members hear their own circle's
schedule; program managers hear only what a lead or member wrote to them.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from belong.accounts.models import Role, RoleGrant, ScopeKind
from belong.circles import services_formation
from belong.circles.models import Circle, CircleMember, CircleProgram, ConcernReport, HelpRequest
from belong.mentoring.tasks import _send


def _url(name: str, *args: object) -> str:
    return f"{settings.SITE_URL}{reverse(name, args=args)}"


def manager_emails(program: CircleProgram) -> list[str]:
    if program.mentoring_program_id is None:
        grants = RoleGrant.objects.filter(role=Role.ADMINISTRATOR)
    else:
        grants = RoleGrant.objects.filter(
            role=Role.PROGRAM_MANAGER,
            scope_kind=ScopeKind.PROGRAM,
            scope_id=program.mentoring_program_id,
        )
    return sorted(set(grants.values_list("user__email", flat=True)))


@task()
def formation_execute(run_id: int) -> None:
    services_formation.formation_execute(run_id=run_id)


@task()
def late_enrollee_place(enrollment_id: int) -> None:
    services_formation.late_enrollee_place(enrollment_id=enrollment_id)


def _schedule(circle: Circle, tz_name: str) -> str:
    zone = zoneinfo.ZoneInfo(tz_name or "UTC")
    return "\n".join(
        f"- {s.starts_at.astimezone(zone):%a %d %b %Y %H:%M} ({tz_name}) {s.title}"
        for s in circle.sessions.all()
    )


@task()
def notify_published(run_id: int) -> int:
    """Each member hears their circle, its lead(s) and the schedule in their own time zone."""
    circles = Circle.objects.filter(run_id=run_id).prefetch_related("sessions")
    members = (
        CircleMember.objects.filter(circle__run_id=run_id)
        .select_related("person__site", "circle__program")
        .order_by("circle_id", "id")
    )
    leads: dict[int, list[str]] = {}
    for m in members:
        if m.is_lead:
            leads.setdefault(m.circle_id, []).append(m.person.display_name)
    by_id = {c.pk: c for c in circles}

    def messages() -> Iterable[tuple[str, str, list[str]]]:
        for m in members:
            circle = by_id[m.circle_id]
            subject = _("Your circle in %(program)s") % {"program": m.circle.program.name}
            body = _("You are in %(circle)s, led by %(leads)s.\n\nSessions:\n%(when)s\n\n%(link)s")
            yield (
                subject,
                body
                % {
                    "circle": circle.name,
                    "leads": ", ".join(leads.get(circle.pk, [])) or _("a lead to be named"),
                    "when": _schedule(circle, m.person.site.timezone),
                    "link": _url("circles:circle", circle.pk),
                },
                [m.person.email],
            )

    return _send(messages())


@task()
def notify_help(request_id: int) -> int:
    req = HelpRequest.objects.select_related("circle__program", "asked_by__person").get(
        pk=request_id
    )
    program = req.circle.program
    subject = _("A circle lead in %(program)s asks for help") % {"program": program.name}
    body = _("%(lead)s wrote:\n\n%(message)s\n\n%(link)s") % {
        "lead": req.asked_by.person.display_name,
        "message": req.message,
        "link": _url("circles:manage", program.pk),
    }
    return _send([(subject, body, manager_emails(program))])


@task()
def notify_concern(report_id: int) -> int:
    """The concern and, if they chose, who raised it: nothing else from the circle."""
    report = ConcernReport.objects.select_related("program", "reporter").get(pk=report_id)
    who = (
        report.reporter.display_name
        if report.share_identity
        else _("A member who chose not to be named")
    )
    subject = _("A concern was raised in %(program)s") % {"program": report.program.name}
    body = _("%(who)s wrote:\n\n%(message)s\n\n%(link)s") % {
        "who": who,
        "message": report.message,
        "link": _url("circles:manage", report.program_id),
    }
    return _send([(subject, body, manager_emails(report.program))])
