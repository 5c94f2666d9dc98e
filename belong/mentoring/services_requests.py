"""Mentee choice: a ranked shortlist, requests with a message, and the mentor's answer.

The two limits that must hold — a mentee's open requests (the request cap) and a mentor's
capacity — are checked with the enrollment rows locked (`select_for_update`), so concurrent
requests and accepts on PostgreSQL queue up behind each other instead of both passing the
check. The `load <= capacity` check constraint is the last line of defence.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from belong.matching import solve
from belong.mentoring.engine_input import build_problem, person_id_of
from belong.mentoring.models import Enrollment, MentorRequest, Program, Relationship
from belong.mentoring.services import MentoringError
from belong.mentoring.services_matching import mentor_pool


def shortlist_for(*, enrollment: Enrollment, size: int = 5) -> list[dict[str, Any]]:
    """Recommended mentors with free capacity, best first, each with the engine's reasons."""
    mentors = [m for m in mentor_pool(enrollment.program) if m.person_id != enrollment.person_id]
    if not mentors:
        return []
    problem = build_problem(enrollment.program, [enrollment], mentors)
    result = solve(problem, mode="shortlist", shortlist_size=size)
    by_person = {m.person_id: m for m in mentors}
    out = []
    for items in result.shortlists.values():
        for item in items:
            score = item.get("score", 0.0)
            out.append(
                {
                    "mentor": by_person[person_id_of(str(item["mentor"]))],
                    "score": float(score) if isinstance(score, int | float) else 0.0,
                    "reasons": list(item.get("reasons", [])),  # type: ignore[call-overload]
                }
            )
    return out


def _locked(*ids: int) -> dict[int, Enrollment]:
    """Lock enrollment rows in id order, so two transactions never wait on each other."""
    rows = Enrollment.objects.select_for_update().filter(pk__in=sorted(ids)).order_by("pk")
    return {e.pk: e for e in rows}


def _expire_due(now: dt.datetime) -> None:
    MentorRequest.objects.filter(status__in=MentorRequest.OPEN, expires_at__lte=now).update(
        status=MentorRequest.Status.EXPIRED
    )


def request_create(*, mentee: Enrollment, mentor: Enrollment, message: str) -> MentorRequest:
    program = mentee.program
    if program.style != Program.Style.CHOICE:
        raise MentoringError(_("In this program the program manager proposes the matches."))
    if mentee.program_id != mentor.program_id or not mentor.is_mentor or not mentee.is_mentee:
        raise MentoringError(_("You can only ask a mentor of the same program."))
    if mentee.person_id == mentor.person_id:
        raise MentoringError(_("You cannot ask yourself to be your mentor."))
    if not message.strip():
        raise MentoringError(_("Add a short message: what you hope to learn from this mentor."))
    now = timezone.now()
    with transaction.atomic():
        locked = _locked(mentee.pk, mentor.pk)
        me, them = locked[mentee.pk], locked[mentor.pk]
        if me.status not in (Enrollment.Status.ACTIVE, Enrollment.Status.WAITLISTED):
            raise MentoringError(_("You already have a mentor in this program."), code="matched")
        if them.status in Enrollment.ENDED:
            raise MentoringError(_("This mentor has left the program."), code="gone")
        if them.free_capacity <= 0:
            raise MentoringError(
                _("%(name)s has no free mentoring places right now; choose another mentor.")
                % {"name": them.person.display_name},
                code="capacity",
            )
        _expire_due(now)
        open_requests = MentorRequest.objects.filter(mentee=me, status__in=MentorRequest.OPEN)
        if open_requests.filter(mentor=them).exists():
            raise MentoringError(_("You already asked this mentor."), code="duplicate")
        if open_requests.count() >= program.request_cap:
            raise MentoringError(
                _("You can have at most %(n)d open requests; wait for an answer or cancel one.")
                % {"n": program.request_cap},
                code="request_cap",
            )
        request = MentorRequest.objects.create(
            program=program,
            mentee=me,
            mentor=them,
            message=message.strip(),
            expires_at=now + dt.timedelta(days=program.request_expiry_days),
        )
    _notify(request, "created")
    return request


def _open(request: MentorRequest, now: dt.datetime) -> MentorRequest:
    fresh = MentorRequest.objects.select_for_update().get(pk=request.pk)
    if fresh.status in MentorRequest.OPEN and fresh.expires_at <= now:
        fresh.status = MentorRequest.Status.EXPIRED
        fresh.save(update_fields=["status", "updated_at"])
    if fresh.status not in MentorRequest.OPEN:
        raise MentoringError(
            _("This request is %(status)s and can no longer be answered.")
            % {"status": fresh.get_status_display()},
            code="state",
        )
    return fresh


def request_accept(*, request: MentorRequest, reply: str = "") -> Relationship:
    """Accept: the mentor's capacity and the mentee's single match are re-checked with both
    enrollment rows locked; the mentee's other open requests are cancelled."""
    now = timezone.now()
    with transaction.atomic():
        locked = _locked(request.mentee_id, request.mentor_id)
        fresh = _open(request, now)
        mentee, mentor = locked[request.mentee_id], locked[request.mentor_id]
        if mentor.free_capacity <= 0:
            raise MentoringError(
                _(
                    "You are at capacity (%(n)d mentees); close a relationship or raise your "
                    "capacity first."
                )
                % {"n": mentor.capacity},
                code="capacity",
            )
        if Relationship.objects.filter(mentee=mentee, state__in=Relationship.OPEN).exists():
            raise MentoringError(_("This mentee already has a mentor."), code="matched")
        relationship = Relationship.objects.create(
            program_id=mentee.program_id,
            mentee=mentee,
            mentor=mentor,
            mentee_person_id=mentee.person_id,
            mentor_person_id=mentor.person_id,
            duration_weeks=mentee.program.relationship_weeks,
        )
        mentor.load += 1
        mentor.save(update_fields=["load", "updated_at"])
        mentee.status, mentee.rematch_priority = Enrollment.Status.MATCHED, False
        mentee.matched_at = now
        mentee.save(update_fields=["status", "rematch_priority", "matched_at", "updated_at"])
        fresh.status, fresh.reply, fresh.responded_at = (
            MentorRequest.Status.ACCEPTED,
            reply.strip(),
            now,
        )
        fresh.save(update_fields=["status", "reply", "responded_at", "updated_at"])
        MentorRequest.objects.filter(mentee=mentee, status__in=MentorRequest.OPEN).exclude(
            pk=fresh.pk
        ).update(status=MentorRequest.Status.CANCELLED, responded_at=now)
    _notify(fresh, "accepted")
    return relationship


def _answer(request: MentorRequest, status: str, reply: str) -> MentorRequest:
    now = timezone.now()
    with transaction.atomic():
        fresh = _open(request, now)
        fresh.status, fresh.reply, fresh.responded_at = status, reply.strip(), now
        fresh.save(update_fields=["status", "reply", "responded_at", "updated_at"])
    _notify(fresh, status)
    return fresh


def request_decline(*, request: MentorRequest, reply: str = "") -> MentorRequest:
    return _answer(request, MentorRequest.Status.DECLINED, reply)


def request_ask_info(*, request: MentorRequest, reply: str) -> MentorRequest:
    if not reply.strip():
        raise MentoringError(_("Say what you would like to know."))
    return _answer(request, MentorRequest.Status.INFO_REQUESTED, reply)


def request_add_info(*, request: MentorRequest, message: str) -> MentorRequest:
    """The mentee answers the mentor's question; the request is pending again."""
    with transaction.atomic():
        fresh = _open(request, timezone.now())
        fresh.message = f"{fresh.message}\n\n{message.strip()}"
        fresh.status = MentorRequest.Status.PENDING
        fresh.save(update_fields=["message", "status", "updated_at"])
    _notify(fresh, "created")
    return fresh


def request_cancel(*, request: MentorRequest) -> MentorRequest:
    with transaction.atomic():
        fresh = _open(request, timezone.now())
        fresh.status, fresh.responded_at = MentorRequest.Status.CANCELLED, timezone.now()
        fresh.save(update_fields=["status", "responded_at", "updated_at"])
    return fresh


def requests_expire(*, now: dt.datetime | None = None) -> int:
    return MentorRequest.objects.filter(
        status__in=MentorRequest.OPEN, expires_at__lte=now or timezone.now()
    ).update(status=MentorRequest.Status.EXPIRED)


def _notify(request: MentorRequest, event: str) -> None:
    from belong.mentoring.tasks import notify_request

    request_id = request.pk
    transaction.on_commit(lambda: notify_request.enqueue(request_id, event))
