"""Forming circles with the engine's circle mode: draft, adjust, lock, re-run, publish, and
place late enrollees. See docs/circles.md for the flow in prose."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from belong.circles import engine_input
from belong.circles.models import (
    Circle,
    CircleEnrollment,
    CircleMember,
    CircleProgram,
    FormationRun,
)
from belong.circles.services import CircleError, sessions_schedule
from belong.matching.circles import CircleProblem, form_circles, index_people, place_late

POOL = (CircleEnrollment.Status.ACTIVE, CircleEnrollment.Status.WAITING)
# Formation sends no heartbeats: 100,000 people form in under two minutes, so a run
# untouched for half an hour lost its worker (killed or restarted mid-run).
STALE_AFTER = dt.timedelta(minutes=30)
UNFINISHED = (FormationRun.Status.QUEUED, FormationRun.Status.RUNNING)


def formation_start(*, program: CircleProgram, user: Any = None, seed: int = 0) -> FormationRun:
    """A new draft from everyone waiting for a circle; the engine runs in a task."""
    if not program.enrollments.filter(status__in=POOL).exists():
        raise CircleError(_("Nobody is waiting for a circle yet."))
    formation_runs_reap()
    if program.runs.filter(status__in=["queued", "running", "draft"]).exists():
        raise CircleError(_("Finish or re-run the current draft first."))
    run = FormationRun.objects.create(program=program, started_by=user, seed=seed)
    _enqueue(run)
    return run


def _enqueue(run: FormationRun) -> None:
    from belong.circles.tasks import formation_execute

    run_id = run.pk
    transaction.on_commit(lambda: formation_execute.enqueue(run_id))


def formation_runs_reap(*, now: dt.datetime | None = None) -> int:
    """Runs whose worker went away are marked failed, so the program can form again.

    Nothing of theirs was published: the draft is written in one transaction at the end."""
    cutoff = (now or timezone.now()) - STALE_AFTER
    return FormationRun.objects.filter(status__in=UNFINISHED, updated_at__lt=cutoff).update(
        status=FormationRun.Status.FAILED,
        error=_("The run stopped without finishing (the worker was interrupted)."),
        updated_at=timezone.now(),
    )


def formation_execute(*, run_id: int) -> FormationRun:
    """Run the engine around the run's locked circles and store the draft."""
    run = FormationRun.objects.select_related("program").get(pk=run_id)
    if run.status not in UNFINISHED:
        return run  # reaped while it waited in the queue, or already done
    program = run.program
    run.status = FormationRun.Status.RUNNING
    run.save(update_fields=["status", "updated_at"])
    try:
        locked = list(run.circles.filter(locked=True).prefetch_related("members"))
        locked_ids = {m.enrollment_id for c in locked for m in c.members.all()}
        pool = list(program.enrollments.filter(status__in=POOL).order_by("id"))
        pool += list(
            CircleEnrollment.objects.filter(pk__in=locked_ids).exclude(pk__in=[e.pk for e in pool])
        )
        by_pid = {engine_input.pid(e.person_id): e for e in pool}
        problem = CircleProblem(
            people=tuple(engine_input.circle_people(pool)),
            rules=engine_input.circle_rules(program),
            locked=tuple(
                tuple(engine_input.pid(m.person_id) for m in c.members.all()) for c in locked
            ),
            locked_names=tuple(str(c.pk) for c in locked),
        )
        result = form_circles(problem, seed=run.seed)
    except Exception as exc:  # noqa: BLE001 - any engine failure is shown on the run page
        run.status = FormationRun.Status.FAILED
        run.error = str(exc)
        run.save(update_fields=["status", "error", "updated_at"])
        return run
    with transaction.atomic():
        run.circles.filter(locked=False).delete()
        kept = {str(c.pk): c for c in locked}
        number = len(kept)
        for ec in result.circles:
            if ec.locked:
                circle = kept[ec.id]
            else:
                number += 1
                circle = Circle.objects.create(
                    program=program, run=run, name=_("Circle %(n)d") % {"n": number}
                )
                CircleMember.objects.bulk_create(
                    CircleMember(
                        circle=circle,
                        enrollment=by_pid[i],
                        person_id=by_pid[i].person_id,
                        role=by_pid[i].role,
                    )
                    for i in (*ec.lead_ids, *ec.member_ids)
                )
            circle.figures = engine_input.figures_json(ec)
            circle.reasons = list(ec.reasons)
            circle.save(update_fields=["figures", "reasons", "updated_at"])
        quality = dataclasses.asdict(result.quality)
        quality["violations_by_kind"] = dict(result.quality.violations_by_kind)
        run.figures = quality
        run.unplaced = [
            {"enrollment": by_pid[i].pk, "reason": r} for i, r in sorted(result.unplaced.items())
        ]
        run.status = FormationRun.Status.DRAFT
        run.error = ""
        run.save(update_fields=["figures", "unplaced", "status", "error", "updated_at"])
    return run


def _refresh_figures(circles: list[Circle]) -> None:
    """Figures and reasons straight from the engine's `circle_figures` after a change."""
    members = list(CircleMember.objects.filter(circle__in=circles).select_related("enrollment"))
    program = circles[0].program
    rules = engine_input.circle_rules(program)
    people = index_people(engine_input.circle_people([m.enrollment for m in members]))
    for circle in circles:
        mine = [m for m in members if m.circle_id == circle.pk]
        ec = engine_input.engine_circle(circle.name, mine, people, rules)
        circle.figures = engine_input.figures_json(ec)
        circle.reasons = list(ec.reasons)
        circle.save(update_fields=["figures", "reasons", "updated_at"])


def _require_draft(run: FormationRun | None) -> FormationRun:
    if run is None or run.status != FormationRun.Status.DRAFT:
        raise CircleError(_("Only a draft can be changed."))
    return run


def member_move(*, member: CircleMember, circle_to: Circle) -> CircleMember:
    """Move someone to another circle of the same draft; both circles' figures update."""
    circle_from = member.circle
    _require_draft(circle_from.run)
    if circle_to.run_id != circle_from.run_id or circle_to.published:
        raise CircleError(_("Move people only between circles of the same draft."))
    if circle_from.locked or circle_to.locked:
        raise CircleError(_("Unlock a circle before changing who is in it."))
    with transaction.atomic():
        member.circle = circle_to
        member.save(update_fields=["circle"])
        _refresh_figures([circle_from, circle_to])
    return member


def circle_lock(*, circle: Circle, locked: bool) -> Circle:
    _require_draft(circle.run)
    circle.locked = locked
    circle.save(update_fields=["locked", "updated_at"])
    return circle


def formation_rerun(*, run: FormationRun) -> FormationRun:
    """Form again around the locked circles; everyone else goes back into the pool."""
    _require_draft(run)
    run.status = FormationRun.Status.QUEUED
    run.seed += 1
    run.save(update_fields=["status", "seed", "updated_at"])
    _enqueue(run)
    return run


def formation_publish(*, run: FormationRun) -> int:
    """Publish every circle of the draft, all or nothing; returns the number of circles.
    Everyone placed is told their circle, lead and schedule; the others why they wait."""
    with transaction.atomic():
        run = FormationRun.objects.select_for_update().select_related("program").get(pk=run.pk)
        _require_draft(run)
        circles = list(run.circles.select_related("program").order_by("pk"))
        placed = CircleMember.objects.filter(circle__in=circles).values_list(
            "enrollment_id", flat=True
        )
        placed_count = CircleEnrollment.objects.filter(pk__in=list(placed)).update(
            status=CircleEnrollment.Status.PLACED, waiting_reason="", updated_at=timezone.now()
        )
        for item in run.unplaced:
            CircleEnrollment.objects.filter(pk=item["enrollment"], status__in=POOL).update(
                status=CircleEnrollment.Status.WAITING, waiting_reason=item["reason"][:300]
            )
        for circle in circles:
            sessions_schedule(circle=circle)
        run.circles.update(published=True, locked=False)
        run.status = FormationRun.Status.PUBLISHED
        run.published_at = timezone.now()
        run.save(update_fields=["status", "published_at", "updated_at"])
        from belong.circles.tasks import notify_published

        run_id = run.pk
        transaction.on_commit(lambda: notify_published.enqueue(run_id))
        from belong.webhooks import payloads

        payloads.circles_published(
            run, circles=len(circles), placed=placed_count, waiting=len(run.unplaced)
        )
    return len(circles)


def late_enrollee_place(*, enrollment_id: int) -> Circle | None:
    """Put a late enrollee into a published circle with room, or say why they wait."""
    with transaction.atomic():
        enrollment = (
            CircleEnrollment.objects.select_for_update()
            .select_related("program")
            .filter(pk=enrollment_id, status__in=POOL)
            .first()
        )
        if enrollment is None:
            return None
        program = enrollment.program
        circles = list(program.circles.filter(published=True).order_by("pk"))
        if not circles:
            return None
        members = list(CircleMember.objects.filter(circle__in=circles).select_related("enrollment"))
        everyone = [m.enrollment for m in members] + [enrollment]
        people = index_people(engine_input.circle_people(everyone))
        rules = engine_input.circle_rules(program)
        current = [
            engine_input.engine_circle(
                str(c.pk), [m for m in members if m.circle_id == c.pk], people, rules
            )
            for c in circles
        ]
        me = engine_input.pid(enrollment.person_id)
        known = [p for i, p in people.items() if i != me]
        outcome = place_late(current, [people[me]], rules, people=known)
        if me not in outcome.placed:
            enrollment.status = CircleEnrollment.Status.WAITING
            enrollment.waiting_reason = outcome.waiting.get(me, "")[:300]
            enrollment.save(update_fields=["status", "waiting_reason", "updated_at"])
            return None
        circle = next(c for c in circles if str(c.pk) == outcome.placed[me])
        CircleMember.objects.create(
            circle=circle,
            enrollment=enrollment,
            person_id=enrollment.person_id,
            role=enrollment.role,
            joined_late=True,
        )
        enrollment.status = CircleEnrollment.Status.PLACED
        enrollment.waiting_reason = ""
        enrollment.save(update_fields=["status", "waiting_reason", "updated_at"])
        for ec in outcome.circles:
            if ec.id == str(circle.pk):
                circle.figures = engine_input.figures_json(ec)
                circle.reasons = list(ec.reasons)
                circle.save(update_fields=["figures", "reasons", "updated_at"])
    return circle
