"""Matching runs: start (a background task), execute, review (pin, remove, re-run), publish.

Publishing is one transaction: either every pair of a run becomes a relationship and every
mentor's load moves with it, or nothing changes. A run whose worker died stops sending
heartbeats; `match_runs_reap` marks it failed so it can be restarted.
"""

from __future__ import annotations

import datetime as dt
import traceback
from collections import Counter
from typing import Any

from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from belong.common.bulk import insert_rows
from belong.matching import MatchResult, ProblemError, solve
from belong.mentoring.engine_input import build_problem, person_id_of
from belong.mentoring.models import (
    Enrollment,
    MatchRun,
    Program,
    ProposedPair,
    Relationship,
)
from belong.mentoring.services import MentoringError, current_cycle, enrollment_waitlist

STALE_AFTER = dt.timedelta(minutes=10)
RELATIONSHIP_COLUMNS = (
    "created_at",
    "updated_at",
    "program_id",
    "mentee_id",
    "mentor_id",
    "mentee_person_id",
    "mentor_person_id",
    "run_id",
    "state",
    "cadence",
    "duration_weeks",
    "confidentiality",
    "expectations",
    "close_reason",
    "sessions_logged",
)
PUBLISH_BATCH = 5000


def mentee_pool(program: Program) -> list[Enrollment]:
    """Mentees waiting for a match; people closed early with a reason go first."""
    return list(
        Enrollment.objects.filter(
            program=program,
            role__in=[Enrollment.Role.MENTEE, Enrollment.Role.BOTH],
            status__in=[Enrollment.Status.ACTIVE, Enrollment.Status.WAITLISTED],
        )
        .exclude(as_mentee__state__in=Relationship.OPEN)
        .order_by("-rematch_priority", "created_at", "id")
    )


def mentor_pool(program: Program) -> list[Enrollment]:
    return list(
        Enrollment.objects.filter(
            program=program,
            role__in=[Enrollment.Role.MENTOR, Enrollment.Role.BOTH],
            load__lt=F("capacity"),
        )
        .exclude(status__in=Enrollment.ENDED)
        .order_by("id")
    )


def match_run_start(
    *,
    program: Program,
    user: Any = None,
    seed: int = 0,
    adjustments: dict[str, list[list[int]]] | None = None,
) -> MatchRun:
    """Queue a run; the task `match_run_execute` does the work and reports progress."""
    match_runs_reap()
    if MatchRun.objects.filter(
        program=program, status__in=[MatchRun.Status.QUEUED, MatchRun.Status.RUNNING]
    ).exists():
        raise MentoringError(_("A matching run is already in progress."), code="busy")
    run = MatchRun.objects.create(
        program=program,
        cycle=current_cycle(program),
        started_by=user if getattr(user, "pk", None) else None,
        mode=program.mode if program.mode in ("optimal", "stable") else "optimal",
        objective=program.objective,
        seed=seed,
        adjustments=adjustments or {},
        heartbeat_at=timezone.now(),
    )
    _enqueue(run)
    return run


def _enqueue(run: MatchRun) -> None:
    from belong.mentoring.tasks import match_run_execute

    run_id = run.pk
    transaction.on_commit(lambda: match_run_execute.enqueue(run_id))


def _progress(run: MatchRun, percent: int, stage: str) -> None:
    MatchRun.objects.filter(pk=run.pk).update(
        progress=percent, stage=stage, heartbeat_at=timezone.now()
    )


def match_run_execute(*, run_id: int) -> MatchRun:
    """Solve the program's pool and store the draft pairs. Called by the task."""
    run = MatchRun.objects.select_related("program").get(pk=run_id)
    if run.status not in (MatchRun.Status.QUEUED, MatchRun.Status.RUNNING):
        return run
    MatchRun.objects.filter(pk=run.pk).update(status=MatchRun.Status.RUNNING)
    try:
        _progress(run, 10, gettext_noop("loading enrollments"))
        mentees, mentors = mentee_pool(run.program), mentor_pool(run.program)
        by_person = {e.person_id: e for e in mentees}
        mentor_by_person = {e.person_id: e for e in mentors}
        adj = run.adjustments or {}
        enr = {e.pk: e.person_id for e in [*mentees, *mentors]}
        must = [(enr[a], enr[b]) for a, b in adj.get("must", []) if a in enr and b in enr]
        never = [(enr[a], enr[b]) for a, b in adj.get("never", []) if a in enr and b in enr]
        _progress(run, 30, gettext_noop("building the problem"))
        problem = build_problem(run.program, mentees, mentors, must=must, never=never)
        _progress(run, 50, gettext_noop("solving"))
        result = solve(problem, mode=run.mode, objective=run.objective, seed=run.seed)
        _progress(run, 85, gettext_noop("saving the draft"))
        _store_draft(run, result, by_person, mentor_by_person)
    except (ProblemError, ValueError) as exc:
        _fail(run, str(exc))
    except Exception:
        _fail(run, traceback.format_exc(limit=3))
        raise
    run.refresh_from_db()
    return run


def _fail(run: MatchRun, message: str) -> None:
    MatchRun.objects.filter(pk=run.pk).update(
        status=MatchRun.Status.FAILED, error=message[:4000], finished_at=timezone.now()
    )


def _store_draft(
    run: MatchRun,
    result: MatchResult,
    mentees: dict[int, Enrollment],
    mentors: dict[int, Enrollment],
) -> None:
    pinned = {(a, b) for a, b in (run.adjustments or {}).get("must", [])}
    rows = []
    for a in result.assignments:
        mentee = mentees[person_id_of(str(a["mentee"]))]
        mentor = mentors[person_id_of(str(a["mentor"]))]
        explanation = {k: a[k] for k in ("reasons", "summary", "contributions") if k in a}
        score = a.get("score", 0.0)
        rows.append(
            ProposedPair(
                run=run,
                mentee=mentee,
                mentor=mentor,
                score=float(score) if isinstance(score, int | float) else 0.0,
                explanation=explanation,
                pinned=(mentee.pk, mentor.pk) in pinned,
            )
        )
    quality = dict(result.quality)
    fairness = quality.pop("fairness", {})
    unmatched = [mentees[person_id_of(u)].pk for u in result.unmatched]
    with transaction.atomic():
        ProposedPair.objects.filter(run=run).delete()
        ProposedPair.objects.bulk_create(rows, batch_size=PUBLISH_BATCH)
        MatchRun.objects.filter(pk=run.pk).update(
            status=MatchRun.Status.DRAFT,
            progress=100,
            stage="",
            quality=quality,
            fairness=fairness if isinstance(fairness, dict) else {},
            unmatched=unmatched,
            error="",
            finished_at=timezone.now(),
            heartbeat_at=timezone.now(),
        )


def match_runs_reap(*, now: dt.datetime | None = None) -> int:
    """Runs whose worker stopped sending heartbeats are marked failed (restartable)."""
    cutoff = (now or timezone.now()) - STALE_AFTER
    return MatchRun.objects.filter(
        status__in=[MatchRun.Status.QUEUED, MatchRun.Status.RUNNING], heartbeat_at__lt=cutoff
    ).update(
        status=MatchRun.Status.FAILED,
        error=_("The run stopped without finishing (the worker was interrupted)."),
        finished_at=timezone.now(),
    )


def match_run_restart(*, run: MatchRun) -> MatchRun:
    if run.status != MatchRun.Status.FAILED:
        raise MentoringError(_("Only a failed run can be restarted."))
    ProposedPair.objects.filter(run=run).delete()
    MatchRun.objects.filter(pk=run.pk).update(
        status=MatchRun.Status.QUEUED,
        progress=0,
        stage="",
        error="",
        heartbeat_at=timezone.now(),
        finished_at=None,
    )
    _enqueue(run)
    run.refresh_from_db()
    return run


def _editable(run: MatchRun) -> None:
    if run.status != MatchRun.Status.DRAFT:
        raise MentoringError(_("Only a draft run can be changed."))


def pair_remove(*, pair: ProposedPair) -> ProposedPair:
    _editable(pair.run)
    pair.removed, pair.pinned = True, False
    pair.save(update_fields=["removed", "pinned"])
    return pair


def pair_restore(*, pair: ProposedPair) -> ProposedPair:
    _editable(pair.run)
    pair.removed = False
    pair.save(update_fields=["removed"])
    return pair


def pair_pin(*, pair: ProposedPair, pinned: bool = True) -> ProposedPair:
    _editable(pair.run)
    pair.pinned, pair.removed = pinned, False if pinned else pair.removed
    pair.save(update_fields=["pinned", "removed"])
    return pair


def match_run_rerun(*, run: MatchRun, user: Any = None) -> MatchRun:
    """A new run that keeps the pinned pairs and never proposes the removed ones again."""
    _editable(run)
    pairs = list(
        run.pairs.filter(Q(pinned=True) | Q(removed=True)).values_list(
            "mentee_id", "mentor_id", "pinned"
        )
    )
    old = run.adjustments or {}
    adjustments = {
        "must": [[a, b] for a, b, pinned in pairs if pinned],
        "never": [*old.get("never", []), *([a, b] for a, b, pinned in pairs if not pinned)],
    }
    MatchRun.objects.filter(pk=run.pk).update(
        status=MatchRun.Status.FAILED, error=_("Replaced by a re-run.")
    )
    return match_run_start(program=run.program, user=user, seed=run.seed, adjustments=adjustments)


def _after_relationships_written(run: MatchRun) -> None:
    """A seam for tests that simulate a crash in the middle of publishing."""


def match_run_publish(*, run: MatchRun) -> int:
    """Turn every kept pair into a proposed relationship, all or nothing. Returns the count."""
    with transaction.atomic():
        locked = MatchRun.objects.select_for_update().get(pk=run.pk)
        if locked.status != MatchRun.Status.DRAFT:
            raise MentoringError(_("Only a draft run can be published."), code="state")
        pairs = list(
            ProposedPair.objects.filter(run=run, removed=False).values_list(
                "mentee_id", "mentor_id", "mentee__person_id", "mentor__person_id"
            )
        )
        program = locked.program
        weeks = program.relationship_weeks
        # COPY on PostgreSQL: 100,000 pairs must publish well inside a minute.
        now = timezone.now()
        insert_rows(
            Relationship,
            RELATIONSHIP_COLUMNS,
            (
                (now, now, program.pk, e, m, ep, mp, run.pk, "proposed", "", weeks, "", "", "", 0)
                for e, m, ep, mp in pairs
            ),
        )
        _after_relationships_written(locked)
        _add_load(Counter(m for _, m, _, _ in pairs))
        mentee_ids = [e for e, _, _, _ in pairs]
        for k in range(0, len(mentee_ids), PUBLISH_BATCH):
            Enrollment.objects.filter(id__in=mentee_ids[k : k + PUBLISH_BATCH]).update(
                status=Enrollment.Status.MATCHED,
                rematch_priority=False,
                waitlist_reason="",
                matched_at=now,
            )
        # Whoever the run could not place waits, with the reason shown on their page.
        reason = _(
            "No mentor with free capacity fits your topics, languages "
            "and time zone yet; you will be matched when one does."
        )
        for k in range(0, len(locked.unmatched), PUBLISH_BATCH):
            chunk = locked.unmatched[k : k + PUBLISH_BATCH]
            Enrollment.objects.filter(id__in=chunk, status=Enrollment.Status.ACTIVE).update(
                status=Enrollment.Status.WAITLISTED, waitlist_reason=reason
            )
        now = timezone.now()
        MatchRun.objects.filter(pk=run.pk).update(
            status=MatchRun.Status.PUBLISHED, published_at=now
        )
        from belong.mentoring.tasks import notify_run_published

        run_id = run.pk
        transaction.on_commit(lambda: notify_run_published.enqueue(run_id))
        from belong.webhooks import payloads

        payloads.mentoring_published(
            locked, relationships=len(pairs), unmatched=len(locked.unmatched)
        )
    return len(pairs)


def _add_load(new_per_mentor: Counter[int]) -> None:
    """Raise each mentor's load by their new relationships: one UPDATE per (batch, count),
    and counts are small numbers. The database refuses any load above capacity."""
    by_count: dict[int, list[int]] = {}
    for mentor_id, n in new_per_mentor.items():
        by_count.setdefault(n, []).append(mentor_id)
    for n, ids in by_count.items():
        for k in range(0, len(ids), PUBLISH_BATCH):
            Enrollment.objects.filter(id__in=ids[k : k + PUBLISH_BATCH]).update(load=F("load") + n)


def late_enrollee_match(*, enrollment_id: int) -> Relationship | None:
    """Match one mentee who enrolled after the run, against the mentors' remaining capacity
    (the engine's incremental mode); waitlist them with the reason when nobody fits."""
    enrollment = Enrollment.objects.select_related("program").get(pk=enrollment_id)
    if enrollment.status not in (Enrollment.Status.ACTIVE, Enrollment.Status.WAITLISTED):
        return None
    program = enrollment.program
    mentors = mentor_pool(program)
    if not mentors:
        enrollment_waitlist(
            enrollment=enrollment, reason=_("Every mentor is at capacity right now.")
        )
        return None
    problem = build_problem(program, [enrollment], mentors)
    result = solve(problem, mode="incremental", objective=program.objective)
    if not result.assignments:
        enrollment_waitlist(
            enrollment=enrollment,
            reason=_(
                "No mentor with free capacity fits your topics, languages and time zone "
                "yet; you will be matched when one does."
            ),
        )
        return None
    a = result.assignments[0]
    mentor = {e.person_id: e for e in mentors}[person_id_of(str(a["mentor"]))]
    with transaction.atomic():
        run = MatchRun.objects.create(
            program=program,
            cycle=enrollment.cycle,
            mode="incremental",
            objective=program.objective,
            status=MatchRun.Status.DRAFT,
            progress=100,
            quality=dict(result.quality),
            finished_at=timezone.now(),
        )
        score = a.get("score", 0.0)
        ProposedPair.objects.create(
            run=run,
            mentee=enrollment,
            mentor=mentor,
            score=float(score) if isinstance(score, int | float) else 0.0,
            explanation={k: a[k] for k in ("reasons", "summary") if k in a},
        )
        match_run_publish(run=run)
    return Relationship.objects.filter(run=run).first()


def load_counts(program: Program) -> Counter[int]:
    """Open relationships per mentor enrollment (for checks and tests)."""
    rows = (
        Relationship.objects.filter(program=program, state__in=Relationship.OPEN)
        .values_list("mentor_id")
        .annotate(n=Count("id"))
    )
    return Counter(dict(rows))
