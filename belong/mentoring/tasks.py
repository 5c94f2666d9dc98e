"""Background jobs for mentoring; arguments are ids. Email goes through Django's mail backend
(console by default, SMTP in production)."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mass_mail
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from belong.accounts.models import Role, RoleGrant, ScopeKind
from belong.mentoring import services_matching, services_relationships
from belong.mentoring.models import MentorRequest, Relationship, Session

MAIL_BATCH = 500


def _url(name: str, *args: object) -> str:
    return f"{settings.SITE_URL}{reverse(name, args=args)}"


def _send(messages: Iterable[tuple[str, str, list[str]]]) -> int:
    batch: list[tuple[str, str, str, list[str]]] = []
    sent = 0
    for subject, body, to in messages:
        if to:
            batch.append((subject, body, settings.DEFAULT_FROM_EMAIL, to))
        if len(batch) >= MAIL_BATCH:
            sent += send_mass_mail(batch, fail_silently=False)
            batch = []
    if batch:
        sent += send_mass_mail(batch, fail_silently=False)
    return sent


def program_manager_emails(program_id: int) -> list[str]:
    return sorted(
        RoleGrant.objects.filter(
            role=Role.PROGRAM_MANAGER, scope_kind=ScopeKind.PROGRAM, scope_id=program_id
        ).values_list("user__email", flat=True)
    )


@task()
def match_run_execute(run_id: int) -> None:
    services_matching.match_run_execute(run_id=run_id)


@task()
def late_enrollee_match(enrollment_id: int) -> None:
    services_matching.late_enrollee_match(enrollment_id=enrollment_id)


@task()
def notify_run_published(run_id: int) -> int:
    """Tell both sides of every new relationship, in batches."""
    rows = (
        Relationship.objects.filter(run_id=run_id)
        .values_list("id", "mentee_person__email", "mentor_person__email", "program__name")
        .iterator(chunk_size=2000)
    )

    def messages() -> Iterable[tuple[str, str, list[str]]]:
        for rid, mentee, mentor, program in rows:
            link = _url("mentoring:relationship", rid)
            subject = _("You have a new mentoring match in %(program)s") % {"program": program}
            body = _("Meet your match and confirm your agreement: %(link)s") % {"link": link}
            yield subject, body, [mentee, mentor]

    return _send(messages())


@task()
def notify_request(request_id: int, event: str) -> int:
    r = MentorRequest.objects.select_related("mentee__person", "mentor__person").get(pk=request_id)
    link = _url("mentoring:mine")
    if event == "created":
        to, subject = r.mentor.person.email, _("%(name)s asks you to be their mentor")
        name = r.mentee.person.display_name
    else:
        to, subject = r.mentee.person.email, _("%(name)s answered your mentoring request")
        name = r.mentor.person.display_name
    return _send([(subject % {"name": name}, _("See it here: %(link)s") % {"link": link}, [to])])


@task()
def notify_session(session_id: int) -> int:
    s = Session.objects.select_related("relationship__mentee_person", "relationship__mentor_person")
    session = s.get(pk=session_id)
    rel = session.relationship
    link = _url("mentoring:relationship", rel.pk)
    body = _("A mentoring session is scheduled; add it to your calendar: %(link)s") % {"link": link}
    return _send(
        [
            (
                _("Mentoring session scheduled"),
                body,
                [rel.mentee_person.email, rel.mentor_person.email],
            )
        ]
    )


@task()
def escalate_at_risk(relationship_id: int) -> int:
    """Nudge both sides, and tell the program's managers a pair has gone quiet."""
    rel = Relationship.objects.select_related("mentee_person", "mentor_person", "program").get(
        pk=relationship_id
    )
    link = _url("mentoring:relationship", rel.pk)
    nudge = _("You have not logged a mentoring session for a while. Plan the next one: %(link)s")
    managers = program_manager_emails(rel.program_id)
    note = _("A relationship in %(program)s has had no logged session for %(n)d weeks: %(link)s")
    return _send(
        [
            (
                _("Time for your next mentoring session"),
                nudge % {"link": link},
                [rel.mentee_person.email, rel.mentor_person.email],
            ),
            (
                _("Mentoring relationship at risk"),
                note
                % {
                    "program": rel.program.name,
                    "n": rel.program.at_risk_weeks,
                    "link": _url("mentoring:dashboard", rel.program_id),
                },
                managers,
            ),
        ]
    )


@task()
def remind_session(session_id: int) -> int:
    session = Session.objects.select_related(
        "relationship__mentee_person", "relationship__mentor_person"
    ).get(pk=session_id)
    rel = session.relationship
    link = _url("mentoring:relationship", rel.pk)
    body = _("Your mentoring session: get ready, or log it once it is done: %(link)s") % {
        "link": link
    }
    return _send(
        [
            (
                _("Mentoring session reminder"),
                body,
                [rel.mentee_person.email, rel.mentor_person.email],
            )
        ]
    )


@task()
def nudges_run() -> dict[str, int]:
    """Expire requests, reap dead runs, flag and escalate at-risk pairs, send reminders."""
    from belong.mentoring.services_requests import requests_expire

    expired = requests_expire()
    reaped = services_matching.match_runs_reap()
    flagged = services_relationships.relationships_flag_at_risk()
    for rid in flagged:
        escalate_at_risk.enqueue(rid)
    reminders = services_relationships.sessions_needing_reminder()
    for sid in reminders:
        remind_session.enqueue(sid)
    return {
        "expired": expired,
        "reaped": reaped,
        "at_risk": len(flagged),
        "reminders": len(reminders),
    }
