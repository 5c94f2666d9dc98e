from __future__ import annotations

from pathlib import Path

from django.db import transaction
from django_tasks import task

from belong.people.imports import run_import
from belong.people.models import ImportJob

MAX_PROBLEMS_SHOWN = 500


@task()
def import_job_run(job_id: int) -> None:
    """Run an uploaded HR file; the page polls the job row for progress."""
    job = ImportJob.objects.get(pk=job_id)
    path = Path(job.file.path)

    def progress(status: str, done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job_id).update(status=status, rows_done=done, rows_total=total)

    total = max(0, sum(1 for _ in path.open(encoding="utf-8-sig")) - 1)
    progress(ImportJob.Status.VALIDATING, 0, total)
    try:
        outcome = run_import(
            path,
            full_export=job.full_export,
            skip_bad=job.skip_bad,
            on_validate=lambda n: progress(ImportJob.Status.VALIDATING, n, total),
            on_progress=lambda done, t: progress(ImportJob.Status.WRITING, done, t),
        )
    except Exception:
        ImportJob.objects.filter(pk=job_id).update(status=ImportJob.Status.FAILED)
        raise
    job.refresh_from_db()
    job.errors = [p.as_dict() for p in outcome.problems[:MAX_PROBLEMS_SHOWN]]
    job.summary = {
        "problems": len(outcome.problems),
        "bad_rows": len(outcome.hr_file.bad_rows),
        "header_problem": outcome.header_problem or "",
        **(outcome.summary.as_dict() if outcome.summary else {}),
    }
    job.status = ImportJob.Status.DONE if outcome.written else ImportJob.Status.REJECTED
    job.rows_done = job.rows_total = total
    with transaction.atomic():
        job.save(
            update_fields=["errors", "summary", "status", "rows_done", "rows_total", "updated_at"]
        )
