"""The daily retention task; it puts its own next run on the queue before it returns."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django_tasks import TaskResultStatus, task

from belong.privacy.retention import retention_run

EVERY = dt.timedelta(days=1)


@task()
def retention_purge() -> dict[str, int]:
    """Purge everything past its window, then schedule tomorrow's run."""
    try:
        results = retention_run()
    finally:
        # Even a failing run keeps the schedule alive: tomorrow tries again.
        schedule_next()
    return {found.rule: found.count for found in results}


def schedule_next(after: dt.timedelta = EVERY) -> Any:
    """Enqueue the next run `after` from now, if the backend can defer (the database one can;
    the immediate backend used by tests would run it at once, forever)."""
    backend = retention_purge.get_backend()
    if not backend.supports_defer:
        return None
    return retention_purge.using(run_after=timezone.now() + after).enqueue()


def ensure_scheduled() -> str:
    """Enqueue a run unless one is already waiting: "queued", "already queued", or
    "cannot defer" when the backend cannot schedule (then run the command from cron)."""
    from django_tasks_db import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    backend = retention_purge.get_backend()
    if not backend.supports_defer:
        return "cannot defer"
    if isinstance(backend, DatabaseBackend):
        # A waiting run, or one running now (it schedules the next itself), is enough.
        waiting = DBTaskResult.objects.filter(
            task_path=retention_purge.module_path,
            status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
        )
        if waiting.exists():
            return "already queued"
    schedule_next(after=dt.timedelta(0))
    return "queued"
