"""Retention: each window purges what is past it (times frozen), the task re-schedules itself
daily, the command has a dry run, and audit rows are never purged."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from belong.audit.models import AuditEvent
from belong.audit.services import audit_record
from belong.circles.models import Circle, CircleProgram, FormationRun
from belong.common.testing import PersonFactory
from belong.events.models import Event, Registration
from belong.groups.models import Group
from belong.mentoring.models import MatchRun, Program
from belong.people.models import ImportJob, Person
from belong.privacy import retention, tasks
from belong.privacy.models import ErasureRequest

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 23, 3, 0, tzinfo=dt.UTC)


@pytest.fixture
def frozen(monkeypatch):
    """Freeze "now" for the code under test (services read django.utils.timezone.now)."""
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    return NOW


def _event(group, ended_days_ago: int) -> Event:
    ends = NOW - dt.timedelta(days=ended_days_ago)
    return Event.objects.create(group=group, title=f"E{ended_days_ago}", kind="panel",
                                starts_at=ends - dt.timedelta(hours=1), ends_at=ends,
                                timezone="UTC", mode="virtual")  # fmt: skip


def test_it_purges_attendee_rows_only_after_the_window(frozen, settings) -> None:
    settings.BELONG_RETAIN_EVENT_ATTENDEES_DAYS = 365
    group = Group.objects.create(name="Pride", slug="pride")
    old, recent = _event(group, 366), _event(group, 364)
    person = PersonFactory()
    Registration.objects.create(event=old, person=person, status="attended")
    kept = Registration.objects.create(event=recent, person=person, status="attended")
    found = retention.event_attendees(365, NOW, dry_run=True)
    assert found.count == 1 and Registration.objects.count() == 2
    retention.retention_run(now=NOW)
    assert list(Registration.objects.all()) == [kept]
    assert Event.objects.count() == 2  # the events themselves stay


def test_it_anonymises_people_who_left_long_ago(frozen, settings) -> None:
    settings.BELONG_RETAIN_EXITED_PEOPLE_DAYS = 730
    gone = PersonFactory(exit_date=(NOW - dt.timedelta(days=731)).date())
    recent = PersonFactory(exit_date=(NOW - dt.timedelta(days=700)).date())
    staying = PersonFactory()
    retention.retention_run(now=NOW)
    gone.refresh_from_db()
    assert gone.legal_name.startswith("Former colleague #")
    assert ErasureRequest.objects.get(person=gone).origin == "retention"
    assert Person.objects.get(pk=recent.pk).legal_name == recent.legal_name
    assert Person.objects.get(pk=staying.pk).legal_name == staying.legal_name
    retention.retention_run(now=NOW)  # a second run finds nothing new
    assert ErasureRequest.objects.count() == 1


def test_it_carries_out_requests_left_waiting_past_the_grace_period(frozen, settings) -> None:
    settings.BELONG_ERASURE_GRACE_DAYS = 30
    due = ErasureRequest.objects.create(person=PersonFactory())
    waiting = ErasureRequest.objects.create(person=PersonFactory())
    ErasureRequest.objects.filter(pk=due.pk).update(created_at=NOW - dt.timedelta(days=31))
    ErasureRequest.objects.filter(pk=waiting.pk).update(created_at=NOW - dt.timedelta(days=29))
    retention.retention_run(now=NOW)
    assert ErasureRequest.objects.get(pk=due.pk).status == "done"
    assert ErasureRequest.objects.get(pk=waiting.pk).status == "pending"


def test_it_purges_old_drafts_and_failed_runs_but_not_published_ones(frozen, settings) -> None:
    settings.BELONG_RETAIN_MATCH_DRAFTS_DAYS = 90
    program = Program.objects.create(name="P")
    old_draft = MatchRun.objects.create(program=program, status="draft")
    published = MatchRun.objects.create(program=program, status="published")
    new_draft = MatchRun.objects.create(program=program, status="draft")
    circles = CircleProgram.objects.create(name="CP", starts_on=NOW.date())
    old_formation = FormationRun.objects.create(program=circles, status="failed")
    Circle.objects.create(program=circles, run=old_formation, name="draft circle")
    stale = NOW - dt.timedelta(days=91)
    MatchRun.objects.filter(pk__in=[old_draft.pk, published.pk]).update(updated_at=stale)
    FormationRun.objects.filter(pk=old_formation.pk).update(updated_at=stale)
    retention.retention_run(now=NOW)
    assert set(MatchRun.objects.values_list("pk", flat=True)) == {published.pk, new_draft.pk}
    assert not FormationRun.objects.exists() and not Circle.objects.exists()


def test_it_removes_old_import_files_and_their_rejects(frozen, settings, tmp_path) -> None:
    settings.BELONG_RETAIN_IMPORT_FILES_DAYS = 30
    settings.MEDIA_ROOT = tmp_path
    job = ImportJob(original_name="hr.csv", status="rejected", errors=[{"row": 2, "email": "x"}])
    job.file.save("hr.csv", ContentFile(b"employee_id,email\n1,x@example.test\n"), save=True)
    path = Path(job.file.path)
    rejects = path.with_name(path.stem + ".rejects.csv")
    rejects.write_text("employee_id,email\n1,x@example.test\n")
    fresh = ImportJob(original_name="new.csv", status="done")
    fresh.file.save("new.csv", ContentFile(b"a\n"), save=True)
    ImportJob.objects.filter(pk=job.pk).update(updated_at=NOW - dt.timedelta(days=31))
    retention.retention_run(now=NOW)
    job.refresh_from_db()
    assert not path.exists() and not rejects.exists()
    assert job.file.name == "" and job.errors == [] and job.original_name == "hr.csv"
    fresh.refresh_from_db()
    assert fresh.file.name and Path(fresh.file.path).exists()


def test_it_never_purges_audit_rows_and_audits_each_purge(frozen, settings) -> None:
    settings.BELONG_RETAIN_EVENT_ATTENDEES_DAYS = 1
    old = AuditEvent.objects.create(category="export", action="export",
                                    at=NOW - dt.timedelta(days=5000))  # fmt: skip
    audit_record(actor=None, category="self_id", action="update")
    group = Group.objects.create(name="G", slug="g")
    Registration.objects.create(event=_event(group, 10), person=PersonFactory(), status="going")
    retention.retention_run(now=NOW)
    assert AuditEvent.objects.filter(pk=old.pk).exists()
    purge = AuditEvent.objects.get(action="purge")
    assert purge.detail == {"rule": "event_attendees", "days": 1, "count": 1}


def test_it_keeps_data_forever_when_a_window_is_zero(frozen, settings) -> None:
    for name in (
        "BELONG_RETAIN_EVENT_ATTENDEES_DAYS", "BELONG_RETAIN_EXITED_PEOPLE_DAYS",
        "BELONG_RETAIN_MATCH_DRAFTS_DAYS", "BELONG_RETAIN_IMPORT_FILES_DAYS",
        "BELONG_RETAIN_WEBHOOK_DELIVERIES_DAYS", "BELONG_ERASURE_GRACE_DAYS",
    ):  # fmt: skip
        setattr(settings, name, 0)
    PersonFactory(exit_date=dt.date(2000, 1, 1))
    assert retention.retention_run(now=NOW) == []
    assert not Person.objects.filter(legal_name__startswith="Former").exists()


def test_the_command_prints_a_dry_run_then_purges(frozen, settings) -> None:
    settings.BELONG_RETAIN_EVENT_ATTENDEES_DAYS = 30
    group = Group.objects.create(name="G", slug="g")
    Registration.objects.create(event=_event(group, 40), person=PersonFactory(), status="going")
    out = StringIO()
    call_command("purge_retention", "--dry-run", stdout=out)
    assert "event_attendees (older than 30 days): would purge 1" in out.getvalue()
    assert Registration.objects.count() == 1
    out = StringIO()
    call_command("purge_retention", stdout=out)
    assert "event_attendees (older than 30 days): purged 1" in out.getvalue()
    assert Registration.objects.count() == 0


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    yield
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_the_task_schedules_its_next_run_a_day_later(frozen, database_tasks) -> None:
    from django_tasks_db.models import DBTaskResult

    result = tasks.retention_purge.call()
    assert isinstance(result, dict)
    queued = DBTaskResult.objects.get()
    assert queued.task_path == tasks.retention_purge.module_path
    assert queued.run_after == NOW + dt.timedelta(days=1) and queued.status == "READY"


def test_scheduling_at_start_up_queues_the_task_once(database_tasks) -> None:
    from django_tasks_db.models import DBTaskResult

    out = StringIO()
    call_command("purge_retention", "--schedule", stdout=out)
    call_command("purge_retention", "--schedule", stdout=out)
    assert DBTaskResult.objects.count() == 1
    assert out.getvalue().splitlines() == [
        "Daily retention task queued.",
        "Daily retention task already queued.",
    ]


def test_scheduling_says_when_the_backend_cannot_defer() -> None:
    out = StringIO()
    call_command("purge_retention", "--schedule", stdout=out)
    assert "from cron" in out.getvalue()


def test_the_immediate_backend_runs_once_without_looping(settings) -> None:
    result = tasks.retention_purge.enqueue()
    assert result.status == "SUCCESSFUL"


def test_it_purges_finished_webhook_deliveries_past_the_window(frozen, settings) -> None:
    from belong.webhooks.models import WebhookDelivery, WebhookEndpoint

    settings.BELONG_RETAIN_WEBHOOK_DELIVERIES_DAYS = 30
    endpoint = WebhookEndpoint.objects.create(url="https://hooks.example.test/in", secret="s")
    old = NOW - dt.timedelta(days=31)

    def delivery(status: str, created_at: dt.datetime) -> WebhookDelivery:
        return WebhookDelivery.objects.create(
            endpoint=endpoint, event_type="event.created", event_id="1", status=status,
            created_at=created_at,
        )  # fmt: skip

    delivery("succeeded", old)
    delivery("gave_up", old)
    retrying = delivery("failed", old)  # still being retried: kept
    recent = delivery("succeeded", NOW - dt.timedelta(days=2))
    retention.retention_run(now=NOW)
    assert set(WebhookDelivery.objects.values_list("pk", flat=True)) == {retrying.pk, recent.pk}
