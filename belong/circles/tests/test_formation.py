import pytest
from django.core import mail

from belong.circles import services_formation as formation
from belong.circles.models import Circle, CircleEnrollment, CircleMember, CircleSession
from belong.circles.services import CircleError
from belong.circles.tests.factories import enrollee, formed, make_program, pool

pytestmark = pytest.mark.django_db


def test_it_drafts_circles_with_figures_and_reasons() -> None:
    program = make_program()
    pool(program)
    run = formed(program)
    assert run.status == "draft", run.error
    circles = list(run.circles.all())
    assert len(circles) == 2
    for c in circles:
        assert 3 <= c.figures["size"] <= 5
        assert c.figures["leads"] == 1
        assert {"band_counts", "tz_spread_hours", "orgs", "shared_themes"} <= set(c.figures)
        assert any("Tenure mix" in r for r in c.reasons)
        assert not c.published
    assert run.figures["placed"] == 10


def test_it_updates_figures_at_once_when_a_person_moves() -> None:
    program = make_program()
    pool(program)
    run = formed(program)
    a, b = run.circles.order_by("pk")
    member = a.members.filter(role="participant").first()
    before = (a.figures["size"], b.figures["size"])
    formation.member_move(member=member, circle_to=b)
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.figures["size"], b.figures["size"]) == (before[0] - 1, before[1] + 1)


def test_it_keeps_locked_circles_when_re_running() -> None:
    program = make_program()
    pool(program)
    run = formed(program)
    a = run.circles.order_by("pk").first()
    kept = set(a.members.values_list("enrollment_id", flat=True))
    formation.circle_lock(circle=a, locked=True)
    with pytest.raises(CircleError):
        formation.member_move(member=a.members.first(), circle_to=run.circles.last())
    formation.formation_rerun(run=run)
    formation.formation_execute(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == "draft"
    a.refresh_from_db()
    assert set(a.members.values_list("enrollment_id", flat=True)) == kept
    assert run.circles.count() == 2


def test_it_publishes_schedules_and_tells_everyone(django_capture_on_commit_callbacks) -> None:
    program = make_program()
    pool(program)
    run = formed(program)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert formation.formation_publish(run=run) == 2
    assert Circle.objects.filter(run=run, published=True).count() == 2
    assert CircleSession.objects.filter(circle__run=run).count() == 2 * 3
    assert set(program.enrollments.values_list("status", flat=True)) == {"placed"}
    assert len(mail.outbox) == 10
    assert "led by" in mail.outbox[0].body and "Sessions" in mail.outbox[0].body
    with pytest.raises(CircleError):
        formation.formation_publish(run=run)


def test_it_publishes_all_or_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    program = make_program()
    pool(program)
    run = formed(program)
    calls = []

    def boom(*, circle: Circle) -> None:
        calls.append(circle)
        if len(calls) == 2:
            raise RuntimeError("calendar down")
        real(circle=circle)

    real = formation.sessions_schedule
    monkeypatch.setattr(formation, "sessions_schedule", boom)
    with pytest.raises(RuntimeError):
        formation.formation_publish(run=run)
    run.refresh_from_db()
    assert run.status == "draft"
    assert not Circle.objects.filter(published=True).exists()
    assert not CircleSession.objects.exists()
    assert set(program.enrollments.values_list("status", flat=True)) == {"active"}


def test_it_places_late_enrollees_in_circles_with_room_or_says_why_they_wait(
    django_capture_on_commit_callbacks,
) -> None:
    program = make_program()
    pool(program, leads=2, participants=7)
    formation.formation_publish(run=formed(program))
    with django_capture_on_commit_callbacks(execute=True):
        late = enrollee(program, "late-one", months=20)
    late.refresh_from_db()
    assert late.status == "placed"
    seat = CircleMember.objects.get(enrollment=late)
    assert seat.joined_late
    for k in range(4):
        with django_capture_on_commit_callbacks(execute=True):
            enrollee(program, f"late-{k}", months=20)
    waiting = CircleEnrollment.objects.filter(program=program, status="waiting")
    assert waiting.exists()
    assert all(e.waiting_reason for e in waiting)


def test_care_enrollment_needs_the_code_of_conduct(personas: dict) -> None:
    from belong.circles import services

    program = make_program(kind="care", name="Care")
    with pytest.raises(CircleError):
        services.enrollment_create(
            program=program, person=personas["employee"].person, role="participant"
        )


def test_a_run_whose_worker_died_fails_and_the_program_can_form_again() -> None:
    import datetime as dt

    from django.utils import timezone

    from belong.circles.models import FormationRun

    program = make_program()
    pool(program)
    stuck = formation.formation_start(program=program)
    FormationRun.objects.filter(pk=stuck.pk).update(status="running")
    with pytest.raises(CircleError):  # a live run is not disturbed
        formation.formation_start(program=program)

    long_ago = timezone.now() - formation.STALE_AFTER - dt.timedelta(minutes=1)
    FormationRun.objects.filter(pk=stuck.pk).update(updated_at=long_ago)
    fresh = formation.formation_start(program=program)
    stuck.refresh_from_db()
    assert stuck.status == "failed"
    assert "worker was interrupted" in stuck.error
    assert not stuck.circles.exists() and not Circle.objects.filter(published=True).exists()

    # The dead run's task, should it still be picked up, changes nothing.
    formation.formation_execute(run_id=stuck.pk)
    stuck.refresh_from_db()
    assert stuck.status == "failed" and not stuck.circles.exists()
    formation.formation_execute(run_id=fresh.pk)
    fresh.refresh_from_db()
    assert fresh.status == "draft" and fresh.circles.count() == 2
