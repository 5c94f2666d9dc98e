"""A real task worker (`manage.py db_worker`) is killed with SIGKILL in the middle of a
matching run (PostgreSQL).

What must hold: the run is marked failed with a reason once its heartbeat is stale (the
reaper runs when a program manager opens the run's page, and in `mentoring_nudges`), no
draft pair and no relationship is left half-written, and restarting the run completes.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import F
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from belong.accounts.models import Role, ScopeKind
from belong.common.bulk import allocate_ids, insert_rows, reset_sequence
from belong.common.testing import employee_user, grant
from belong.mentoring import services, services_matching
from belong.mentoring.models import Enrollment, MatchRun, Program, ProposedPair, Relationship
from belong.people.demo.loader import PERSON_COLUMNS
from belong.people.models import Level, OrgUnit, Person, Site

ROOT = Path(__file__).resolve().parents[3]
MENTEES, MENTORS = 1200, 600  # solving takes a second or more: long enough to catch it
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
ENROLLMENT_COLUMNS = (
    "id", "created_at", "updated_at", "program_id", "cycle_id", "person_id", "role", "status",
    "waitlist_reason", "goals", "expertise", "topics_sought", "topics_offered",
    "preferred_traits", "availability", "languages", "capacity", "load", "rematch_priority",
)  # fmt: skip

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the worker is a separate process and the SQLite test database lives in memory; "
    "run with `make test-pg`",
)


def seed_pool(program: Program) -> None:
    """Mentees and mentors written with COPY: building them through the services would take
    longer than the run they are for."""
    unit = OrgUnit.objects.create(name="Acme", full_name="Acme", path="", depth=0)
    sites = [
        Site.objects.create(city=city, country=country, country_code=code, timezone=zone)
        for city, country, code, zone in [
            ("Madrid", "Spain", "ES", "Europe/Madrid"),
            ("Austin", "United States", "US", "America/Chicago"),
            ("Pune", "India", "IN", "Asia/Kolkata"),
        ]
    ]
    levels = dict(Level.objects.values_list("rank", "id"))
    total = MENTEES + MENTORS
    people = allocate_ids(Person, total)
    now = timezone.now()
    insert_rows(
        Person,
        PERSON_COLUMNS,
        (
            (
                pid, now, now, f"W{pid:07d}", f"Person {pid}", "", f"w{pid}@example.test", "",
                levels[3 if k < MENTEES else 8], None, unit.pk, None, sites[k % 3].pk,
                dt.date(2020, 1, 1) + dt.timedelta(days=k % 900), None, "", "", "", None,
                f"person {pid}",
            )
            for k, pid in enumerate(people)
        ),
    )  # fmt: skip
    reset_sequence(Person)
    topics = list(program.topics.values_list("id", flat=True))
    ids = allocate_ids(Enrollment, total)
    rows = []
    for k, (eid, pid) in enumerate(zip(ids, people, strict=True)):
        mentor = k >= MENTEES
        mine = json.dumps(topics[k % len(topics) :][:2] or topics[:2])
        rows.append(
            (
                eid, now - dt.timedelta(days=20), now, program.pk, None, pid,
                "mentor" if mentor else "mentee", "active", "", "goals", "expertise",
                "[]" if mentor else mine, mine if mentor else "[]", "", "[]", "[]",
                2 if mentor else 0, 0, False,
            )
        )  # fmt: skip
    insert_rows(Enrollment, ENROLLMENT_COLUMNS, rows)
    reset_sequence(Enrollment)


def start_worker() -> subprocess.Popen[bytes]:
    """`manage.py db_worker` against this test database, with production settings."""
    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": url,
        "SECRET_KEY": "worker-test-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
        "DEBUG": "0",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--interval", "0.1", "--no-startup-delay"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_for(condition, seconds: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_it_fails_a_run_whose_worker_was_killed_and_restarts_it(reference_data, settings):
    program = services.program_create(name="Company mentoring", schedule="evergreen")
    seed_pool(program)
    manager = employee_user("program-manager")
    grant(manager, Role.PROGRAM_MANAGER, ScopeKind.PROGRAM, program.pk)
    browser = Client()
    browser.force_login(manager)

    settings.TASKS = DATABASE_TASKS  # queued in the database, for the worker to claim
    worker = start_worker()
    try:
        run = services_matching.match_run_start(program=program, user=manager)

        def solving() -> bool:
            assert worker.poll() is None, "the worker stopped on its own"
            run.refresh_from_db()
            assert run.status in (MatchRun.Status.QUEUED, MatchRun.Status.RUNNING), run.status
            return run.status == MatchRun.Status.RUNNING and run.stage == "solving"

        wait_for(solving, 60, "the worker to be solving")
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
    run.refresh_from_db()
    assert run.status == MatchRun.Status.RUNNING  # nobody is left to say otherwise
    # The queue's own row stays "running" too; the product reads the run, not this row.
    assert DBTaskResult.objects.filter(status="RUNNING").count() == 1

    # Ten minutes without a heartbeat pass; then a program manager opens the run's page.
    MatchRun.objects.filter(pk=run.pk).update(
        heartbeat_at=F("heartbeat_at") - services_matching.STALE_AFTER - dt.timedelta(seconds=1)
    )
    page = browser.get(f"/mentoring/runs/{run.pk}/")
    assert page.status_code == 200
    assert "the worker was interrupted" in page.content.decode()
    run.refresh_from_db()
    assert run.status == MatchRun.Status.FAILED and "interrupted" in run.error
    assert not ProposedPair.objects.filter(run=run).exists()  # no half-written draft
    assert not Relationship.objects.exists()
    assert set(Enrollment.objects.values_list("status", "load").distinct()) == {("active", 0)}

    # Restart from the page; this time the task runs here, to the end.
    settings.TASKS = IMMEDIATE_TASKS
    response = browser.post(f"/mentoring/runs/{run.pk}/restart/")
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == MatchRun.Status.DRAFT and run.progress == 100 and not run.error
    assert ProposedPair.objects.filter(run=run).count() == run.quality["matched"] > 0
    assert services_matching.match_run_publish(run=run) == run.quality["matched"]
    assert Relationship.objects.filter(run=run).count() == run.quality["matched"]


@pytest.mark.django_db(transaction=True)
def test_the_nightly_nudges_reap_a_run_whose_worker_died(reference_data, settings):
    """The other trigger: `manage.py mentoring_nudges` (cron) reaps without anyone looking."""
    program = services.program_create(name="Company mentoring", schedule="evergreen")
    settings.TASKS = DATABASE_TASKS  # queued, never claimed: as if the worker died at once
    run = services_matching.match_run_start(program=program)
    MatchRun.objects.filter(pk=run.pk).update(
        status=MatchRun.Status.RUNNING,
        heartbeat_at=timezone.now() - services_matching.STALE_AFTER - dt.timedelta(seconds=1),
    )
    settings.TASKS = IMMEDIATE_TASKS
    out = io.StringIO()
    call_command("mentoring_nudges", "--now", stdout=out)
    assert "'reaped': 1" in out.getvalue()
    run.refresh_from_db()
    assert run.status == MatchRun.Status.FAILED and "interrupted" in run.error
