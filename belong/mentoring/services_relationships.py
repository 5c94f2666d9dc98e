"""A relationship's life: agreement, state changes, goals, sessions, surveys and nudges.

`TRANSITIONS` is the whole state machine; `_move` is the only code that changes `state`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from belong.mentoring.models import (
    Enrollment,
    Goal,
    Milestone,
    PrivateNote,
    Relationship,
    Session,
    SessionTopic,
    Survey,
    SurveyResponse,
    Topic,
)
from belong.mentoring.services import MentoringError
from belong.people.models import Person

S = Relationship.State
TRANSITIONS: dict[str, set[str]] = {
    S.PROPOSED: {S.AGREED, S.CLOSED},
    S.AGREED: {S.ACTIVE, S.CLOSED},
    S.ACTIVE: {S.COMPLETED, S.CLOSED},
    S.COMPLETED: set(),
    S.CLOSED: set(),
}


def _move(relationship: Relationship, to: str, **fields: object) -> Relationship:
    if to not in TRANSITIONS[relationship.state]:
        raise MentoringError(
            _("A relationship that is %(state)s cannot become %(to)s.")
            % {"state": relationship.get_state_display(), "to": S(to).label},
            code="state",
        )
    relationship.state = to
    for name, value in fields.items():
        setattr(relationship, name, value)
    relationship.save(update_fields=["state", "updated_at", *fields])
    return relationship


def _side(relationship: Relationship, person: Person) -> str:
    side = relationship.side_of(person.pk)
    if side is None:
        raise MentoringError(_("Only the mentor and the mentee can do this."), code="forbidden")
    return side


def relationship_agreement_edit(
    *,
    relationship: Relationship,
    cadence: str,
    duration_weeks: int,
    confidentiality: str,
    expectations: str,
) -> Relationship:
    """Changing the terms clears both confirmations: each side agrees to the same words."""
    if relationship.state != S.PROPOSED:
        raise MentoringError(_("The agreement is settled once both have confirmed it."))
    if not 4 <= duration_weeks <= 24:
        raise MentoringError(_("A relationship lasts between 4 and 24 weeks."))
    relationship.cadence, relationship.duration_weeks = cadence.strip(), duration_weeks
    relationship.confidentiality, relationship.expectations = (
        confidentiality.strip(),
        expectations.strip(),
    )
    relationship.mentee_confirmed_at = relationship.mentor_confirmed_at = None
    relationship.save(
        update_fields=[
            "cadence",
            "duration_weeks",
            "confidentiality",
            "expectations",
            "mentee_confirmed_at",
            "mentor_confirmed_at",
            "updated_at",
        ]
    )
    return relationship


def relationship_confirm(*, relationship: Relationship, person: Person) -> Relationship:
    """One side confirms the agreement; when both have, the relationship is agreed."""
    side = _side(relationship, person)
    if relationship.state != S.PROPOSED:
        raise MentoringError(_("This agreement is already confirmed."), code="state")
    if not relationship.cadence:
        raise MentoringError(_("Agree on a cadence first."))
    now = timezone.now()
    with transaction.atomic():
        fresh = Relationship.objects.select_for_update().get(pk=relationship.pk)
        setattr(fresh, f"{side}_confirmed_at", now)
        fresh.save(update_fields=[f"{side}_confirmed_at", "updated_at"])
        if fresh.mentee_confirmed_at and fresh.mentor_confirmed_at:
            _move(fresh, S.AGREED)
    return fresh


def relationship_start(*, relationship: Relationship) -> Relationship:
    """Agreed → active: the clock starts and the survey rounds are scheduled."""
    now = timezone.now()
    with transaction.atomic():
        _move(relationship, S.ACTIVE, started_at=now, last_session_at=None)
        program = relationship.program
        start = timezone.localdate(now)
        end = start + dt.timedelta(weeks=relationship.duration_weeks)
        surveys, day, n = [], program.checkin_first_day, 1
        while start + dt.timedelta(days=day) < end:
            surveys.append(
                Survey(
                    relationship=relationship,
                    kind=Survey.Kind.CHECKIN,
                    number=n,
                    due_on=start + dt.timedelta(days=day),
                )
            )
            day, n = day + program.checkin_every_days, n + 1
        surveys.append(Survey(relationship=relationship, kind=Survey.Kind.CLOSEOUT, due_on=end))
        Survey.objects.bulk_create(surveys)
    return relationship


def _release(relationship: Relationship) -> None:
    Enrollment.objects.filter(pk=relationship.mentor_id).update(load=F("load") - 1)


def relationship_complete(*, relationship: Relationship, person: Person) -> Relationship:
    _side(relationship, person)
    with transaction.atomic():
        _move(relationship, S.COMPLETED, ended_at=timezone.now(), at_risk_since=None)
        _release(relationship)
        Enrollment.objects.filter(pk=relationship.mentee_id).update(
            status=Enrollment.Status.COMPLETED
        )
        _closeout_due_now(relationship)
    return relationship


def relationship_close(
    *, relationship: Relationship, reason: str, person: Person | None = None
) -> Relationship:
    """Close early with a reason; the mentee goes to the front of the next match."""
    if not reason.strip():
        raise MentoringError(_("Say briefly why the relationship is closing."))
    with transaction.atomic():
        _move(
            relationship,
            S.CLOSED,
            ended_at=timezone.now(),
            close_reason=reason.strip()[:300],
            at_risk_since=None,
        )
        _release(relationship)
        Enrollment.objects.filter(pk=relationship.mentee_id).update(
            status=Enrollment.Status.ACTIVE, rematch_priority=True
        )
        _closeout_due_now(relationship)
    return relationship


def _closeout_due_now(relationship: Relationship) -> None:
    today = timezone.localdate()
    updated = Survey.objects.filter(
        relationship=relationship, kind=Survey.Kind.CLOSEOUT, due_on__gt=today
    ).update(due_on=today)
    if not updated and not relationship.surveys.filter(kind=Survey.Kind.CLOSEOUT).exists():
        Survey.objects.create(relationship=relationship, kind=Survey.Kind.CLOSEOUT, due_on=today)


def goal_create(*, relationship: Relationship, title: str, due: dt.date | None = None) -> Goal:
    if not relationship.is_open:
        raise MentoringError(_("This relationship has ended."), code="state")
    if not title.strip():
        raise MentoringError(_("Name the goal."))
    return Goal.objects.create(relationship=relationship, title=title.strip()[:200], due=due)


def goal_set_status(*, goal: Goal, status: str) -> Goal:
    if status not in Goal.Status.values:
        raise MentoringError(_("Unknown goal status."))
    goal.status = status
    goal.save(update_fields=["status", "updated_at"])
    return goal


def milestone_create(*, goal: Goal, title: str, due: dt.date | None = None) -> Milestone:
    if not title.strip():
        raise MentoringError(_("Name the milestone."))
    return Milestone.objects.create(goal=goal, title=title.strip()[:200], due=due)


def milestone_toggle(*, milestone: Milestone) -> Milestone:
    milestone.done_at = None if milestone.done_at else timezone.now()
    milestone.save(update_fields=["done_at"])
    return milestone


def session_schedule(
    *,
    relationship: Relationship,
    starts_at: dt.datetime,
    minutes: int = 45,
    video_link: str = "",
) -> Session:
    """Schedule a meeting (an aware datetime; stored in UTC). An agreed relationship becomes
    active with its first scheduled session."""
    if timezone.is_naive(starts_at):
        raise MentoringError(_("The meeting time needs a time zone."))
    if relationship.state not in (S.AGREED, S.ACTIVE):
        raise MentoringError(_("Confirm the agreement before scheduling sessions."), code="state")
    if not 5 <= minutes <= 480:
        raise MentoringError(_("A session lasts between 5 minutes and 8 hours."))
    with transaction.atomic():
        if relationship.state == S.AGREED:
            relationship_start(relationship=relationship)
        session = Session.objects.create(
            relationship=relationship,
            starts_at=starts_at.astimezone(dt.UTC),
            minutes=minutes,
            video_link=video_link.strip(),
        )
    from belong.mentoring.tasks import notify_session

    session_id = session.pk
    transaction.on_commit(lambda: notify_session.enqueue(session_id))
    return session


def session_log(
    *,
    session: Session,
    person: Person,
    topic_ids: Iterable[int] = (),
    shared_notes: str = "",
    private_note: str = "",
) -> Session:
    """Record that the session was held: topics covered, shared notes, and a private note
    only `person` will ever read."""
    relationship = session.relationship
    _side(relationship, person)
    if relationship.state != S.ACTIVE:
        raise MentoringError(_("Sessions are logged while the relationship is active."))
    wanted = set(topic_ids)
    topics = list(Topic.objects.filter(program_id=relationship.program_id, id__in=wanted))
    if len(topics) != len(wanted):
        raise MentoringError(_("Choose topics from this program's list."))
    now = timezone.now()
    with transaction.atomic():
        first_log = session.status != Session.Status.HELD
        session.status, session.logged_at = Session.Status.HELD, session.logged_at or now
        if shared_notes.strip():
            session.shared_notes = shared_notes.strip()
        session.save(update_fields=["status", "logged_at", "shared_notes", "updated_at"])
        SessionTopic.objects.filter(session=session).delete()
        SessionTopic.objects.bulk_create(SessionTopic(session=session, topic=t) for t in topics)
        if private_note.strip():
            PrivateNote.objects.update_or_create(
                session=session, author=person, defaults={"text": private_note.strip()}
            )
        if first_log:
            Relationship.objects.filter(pk=relationship.pk).update(
                sessions_logged=F("sessions_logged") + 1,
                last_session_at=session.starts_at,
                at_risk_since=None,
            )
    return session


def session_cancel(*, session: Session) -> Session:
    if session.status != Session.Status.SCHEDULED:
        raise MentoringError(_("Only a scheduled session can be cancelled."))
    session.status = Session.Status.CANCELLED
    session.save(update_fields=["status", "updated_at"])
    return session


def survey_answer(
    *, survey: Survey, person: Person, rating: int, nps: int, comment: str = ""
) -> SurveyResponse:
    side = _side(survey.relationship, person)
    if not (1 <= rating <= 5 and 0 <= nps <= 10):
        raise MentoringError(_("Rate from 1 to 5, and recommend from 0 to 10."))
    if survey.due_on > timezone.localdate():
        raise MentoringError(_("This survey opens on %(day)s.") % {"day": survey.due_on})
    if SurveyResponse.objects.filter(survey=survey, side=side).exists():
        raise MentoringError(_("You have already answered this survey."), code="duplicate")
    return SurveyResponse.objects.create(
        survey=survey,
        program_id=survey.relationship.program_id,
        kind=survey.kind,
        respondent=person,
        side=side,
        rating=rating,
        nps=nps,
        comment=comment,
    )


def relationships_flag_at_risk(*, now: dt.datetime | None = None) -> list[int]:
    """Active relationships with no logged session for the program's N weeks become at risk.
    Returns the newly flagged ids (the caller escalates them)."""
    now = now or timezone.now()
    flagged: list[int] = []
    rows = Relationship.objects.filter(state=S.ACTIVE, at_risk_since__isnull=True).values_list(
        "id", "program__at_risk_weeks", "last_session_at", "started_at"
    )
    for rid, weeks, last, started in rows.iterator(chunk_size=5000):
        since = last or started
        if since is not None and now - since >= dt.timedelta(weeks=weeks):
            flagged.append(rid)
    for k in range(0, len(flagged), 5000):
        Relationship.objects.filter(id__in=flagged[k : k + 5000]).update(at_risk_since=now)
    return flagged


def sessions_needing_reminder(*, now: dt.datetime | None = None) -> list[int]:
    """Sessions in the next 24 hours, and past sessions nobody has logged yet."""
    now = now or timezone.now()
    soon = Q(starts_at__gt=now, starts_at__lte=now + dt.timedelta(hours=24))
    unlogged = Q(
        starts_at__lte=now - dt.timedelta(hours=2), starts_at__gt=now - dt.timedelta(days=7)
    )
    return list(
        Session.objects.filter(soon | unlogged, status=Session.Status.SCHEDULED).values_list(
            "id", flat=True
        )
    )
