from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from belong.mentoring import services_matching as matching
from belong.mentoring.models import Enrollment, MatchRun, Relationship
from belong.mentoring.services import MentoringError
from belong.mentoring.tests.factories import enroll, make_program, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def pool():
    program = make_program()
    mentees = [enroll(program, person(f"mentee-{k}")) for k in range(4)]
    mentors = [enroll(program, person(f"mentor-{k}", "L8"), "mentor", capacity=2) for k in range(2)]
    return program, mentees, mentors


def run_now(program, **kwargs) -> MatchRun:
    run = matching.match_run_start(program=program, **kwargs)
    return matching.match_run_execute(run_id=run.pk)


def test_it_runs_in_the_background_and_stores_a_draft(pool, django_capture_on_commit_callbacks):
    program, _mentees, _ = pool
    with django_capture_on_commit_callbacks(execute=True):
        run = matching.match_run_start(program=program)
    run.refresh_from_db()
    assert run.status == MatchRun.Status.DRAFT and run.progress == 100
    assert run.pairs.count() == 4
    pair = run.pairs.first()
    assert pair.explanation["reasons"] and 0 < pair.score <= 1
    assert run.quality["matched"] == 4 and "country" in run.fairness


def test_it_refuses_a_second_run_while_one_is_going(pool):
    program, _, _ = pool
    matching.match_run_start(program=program)
    with pytest.raises(MentoringError, match="already in progress"):
        matching.match_run_start(program=program)


def test_it_publishes_every_kept_pair_and_notifies(pool, django_capture_on_commit_callbacks):
    program, _mentees, mentors = pool
    run = run_now(program)
    removed = run.pairs.first()
    matching.pair_remove(pair=removed)
    with django_capture_on_commit_callbacks(execute=True):
        assert matching.match_run_publish(run=run) == 3
    assert Relationship.objects.filter(run=run, state="proposed").count() == 3
    assert (
        sum(
            Enrollment.objects.filter(pk__in=[m.pk for m in mentors]).values_list("load", flat=True)
        )
        == 3
    )
    assert len(mail.outbox) == 3 and len(mail.outbox[0].to) == 2
    run.refresh_from_db()
    assert run.status == MatchRun.Status.PUBLISHED
    with pytest.raises(MentoringError):
        matching.match_run_publish(run=run)


def test_it_never_half_publishes(pool, monkeypatch):
    program, _mentees, _mentors = pool
    run = run_now(program)

    def crash(run):
        raise RuntimeError("worker killed mid-publish")

    monkeypatch.setattr(matching, "_after_relationships_written", crash)
    with pytest.raises(RuntimeError):
        matching.match_run_publish(run=run)
    assert Relationship.objects.count() == 0
    assert not Enrollment.objects.filter(status="matched").exists()
    assert set(Enrollment.objects.values_list("load", flat=True)) == {0}
    run.refresh_from_db()
    assert run.status == MatchRun.Status.DRAFT  # still publishable once the fault is fixed
    monkeypatch.undo()
    assert matching.match_run_publish(run=run) == 4


def test_it_marks_a_killed_run_failed_and_restarts_it(pool):
    program, _, _ = pool
    run = matching.match_run_start(program=program)
    MatchRun.objects.filter(pk=run.pk).update(
        status="running", heartbeat_at=timezone.now() - dt.timedelta(hours=1)
    )
    assert matching.match_runs_reap() == 1
    run.refresh_from_db()
    assert run.status == MatchRun.Status.FAILED and "interrupted" in run.error
    restarted = matching.match_run_restart(run=run)
    assert restarted.status == MatchRun.Status.QUEUED
    done = matching.match_run_execute(run_id=run.pk)
    assert done.status == MatchRun.Status.DRAFT


def test_it_reruns_around_pins_and_removals(pool):
    program, _mentees, _mentors = pool
    run = run_now(program)
    pairs = list(run.pairs.order_by("id"))
    matching.pair_pin(pair=pairs[0])
    matching.pair_remove(pair=pairs[1])
    rerun = matching.match_run_rerun(run=run)
    rerun = matching.match_run_execute(run_id=rerun.pk)
    kept = set(rerun.pairs.values_list("mentee_id", "mentor_id", "pinned"))
    assert (pairs[0].mentee_id, pairs[0].mentor_id, True) in kept
    assert (pairs[1].mentee_id, pairs[1].mentor_id) not in {(a, b) for a, b, _ in kept}


def test_it_keeps_managers_and_their_reports_apart():
    program = make_program()
    boss = person("boss", "L8")
    report = person("report", "L4", manager=boss)
    enroll(program, report)
    enroll(program, boss, "mentor")
    run = run_now(program)
    assert run.pairs.count() == 0 and run.unmatched


def test_it_waitlists_whoever_the_run_could_not_place():
    program = make_program()
    a, b = enroll(program, person("a")), enroll(program, person("b"))
    enroll(program, person("m", "L8"), "mentor", capacity=1)
    run = run_now(program)
    matching.match_run_publish(run=run)
    statuses = sorted(
        Enrollment.objects.filter(pk__in=[a.pk, b.pk]).values_list("status", flat=True)
    )
    assert statuses == ["matched", "waitlisted"]
    assert "capacity" in Enrollment.objects.get(status="waitlisted").waitlist_reason


def test_it_matches_late_enrollees_against_remaining_capacity(
    pool, django_capture_on_commit_callbacks
):
    program, _mentees, mentors = pool
    run = run_now(program)
    matching.match_run_publish(run=run)
    with django_capture_on_commit_callbacks(execute=True):
        late = enroll(program, person("late"))
    assert Relationship.objects.filter(mentee=late).count() == 0  # both mentors are full
    late.refresh_from_db()
    assert late.status == "waitlisted" and "capacity" in late.waitlist_reason
    Enrollment.objects.filter(pk=mentors[0].pk).update(capacity=3)
    rel = matching.late_enrollee_match(enrollment_id=late.pk)
    assert rel is not None and rel.mentor_id == mentors[0].pk and rel.run.mode == "incremental"
