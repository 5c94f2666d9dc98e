"""Retention: raw data past its window is purged; audit rows never are.

Each rule returns what it found (and, unless `dry_run`, removed). Windows are days from
settings (`BELONG_RETAIN_*`, see docs/privacy.md); 0 keeps that kind of data forever.
Pending erasure requests older than `BELONG_ERASURE_GRACE_DAYS` are carried out here too.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from belong.audit.models import Action, Category
from belong.audit.services import audit_record
from belong.privacy.models import ErasureRequest

logger = logging.getLogger(__name__)


@dataclass
class Purged:
    rule: str
    days: int
    count: int = 0
    ids: list[int] = field(default_factory=list)


def _cutoff(days: int, now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(days=days)


def event_attendees(days: int, now: dt.datetime, dry_run: bool) -> Purged:
    from belong.events.models import Registration

    found = Purged("event_attendees", days)
    qs = Registration.objects.filter(event__ends_at__lt=_cutoff(days, now))
    found.ids = list(qs.values_list("id", flat=True))
    found.count = len(found.ids)
    if not dry_run and found.ids:
        Registration.objects.filter(id__in=found.ids).delete()
    return found


def exited_people(days: int, now: dt.datetime, dry_run: bool) -> Purged:
    from belong.people.models import Person
    from belong.privacy.erasure import person_erase

    found = Purged("exited_people", days)
    erased = ErasureRequest.objects.filter(status=ErasureRequest.Status.DONE)
    qs = Person.objects.filter(exit_date__lt=_cutoff(days, now).date()).exclude(
        id__in=erased.values("person_id")
    )
    found.ids = list(qs.values_list("id", flat=True))
    found.count = len(found.ids)
    if not dry_run:
        for person in Person.objects.filter(id__in=found.ids):
            person_erase(person=person, actor=None, origin=ErasureRequest.Origin.RETENTION)
    return found


def erasure_requests_due(days: int, now: dt.datetime, dry_run: bool) -> Purged:
    from belong.privacy.erasure import person_erase

    found = Purged("erasure_requests_due", days)
    qs = ErasureRequest.objects.filter(
        status=ErasureRequest.Status.PENDING, created_at__lt=_cutoff(days, now)
    ).select_related("person")
    due = list(qs)
    found.ids = [r.pk for r in due]
    found.count = len(due)
    if not dry_run:
        for erasure in due:
            person_erase(person=erasure.person, actor=None, erasure=erasure)
    return found


def match_drafts(days: int, now: dt.datetime, dry_run: bool) -> Purged:
    from belong.circles.models import Circle, FormationRun
    from belong.mentoring.models import MatchRun

    found = Purged("match_drafts", days)
    stale = [MatchRun.Status.DRAFT, MatchRun.Status.FAILED]
    runs = MatchRun.objects.filter(status__in=stale, updated_at__lt=_cutoff(days, now))
    formations = FormationRun.objects.filter(
        status__in=[FormationRun.Status.DRAFT, FormationRun.Status.FAILED],
        updated_at__lt=_cutoff(days, now),
    )
    run_ids = list(runs.values_list("id", flat=True))
    formation_ids = list(formations.values_list("id", flat=True))
    found.ids = run_ids + formation_ids
    found.count = len(found.ids)
    if not dry_run and found.ids:
        with transaction.atomic():
            MatchRun.objects.filter(id__in=run_ids).delete()  # proposed pairs go with them
            # A draft's circles were never published: they go with their run.
            Circle.objects.filter(run_id__in=formation_ids, published=False).delete()
            FormationRun.objects.filter(id__in=formation_ids).delete()
    return found


def import_files(days: int, now: dt.datetime, dry_run: bool) -> Purged:
    from belong.people.models import ImportJob

    found = Purged("import_files", days)
    finished = [ImportJob.Status.DONE, ImportJob.Status.REJECTED, ImportJob.Status.FAILED]
    qs = ImportJob.objects.filter(status__in=finished, updated_at__lt=_cutoff(days, now))
    jobs = list(qs.exclude(file="", errors=[]))
    found.ids = [job.pk for job in jobs]
    found.count = len(jobs)
    if dry_run:
        return found
    for job in jobs:
        if job.file:
            _remove_rejects_beside(job.file.path if _has_path(job.file) else None)
            job.file.delete(save=False)
        # Problems quote rows of the file (names, emails): they go with it; counts stay.
        ImportJob.objects.filter(pk=job.pk).update(file="", errors=[])
    return found


def _has_path(file: object) -> bool:
    try:
        file.path  # type: ignore[attr-defined]  # noqa: B018 - storage without paths raises
    except NotImplementedError:
        return False
    return True


def _remove_rejects_beside(path: str | None) -> None:
    """The import writes `<name>.rejects.csv` next to the upload (belong.people.imports)."""
    if path is None:
        return
    rejects = Path(path).with_name(Path(path).stem + ".rejects.csv")
    rejects.unlink(missing_ok=True)


def webhook_deliveries(days: int, now: dt.datetime, dry_run: bool) -> Purged:
    found = Purged("webhook_deliveries", days)
    try:
        delivery = apps.get_model("webhooks", "WebhookDelivery")
    except LookupError:  # the webhooks app has no delivery log in this installation
        return found
    ended = [delivery.Status.SUCCEEDED, delivery.Status.GAVE_UP]
    qs = delivery.objects.filter(status__in=ended, created_at__lt=_cutoff(days, now))
    found.ids = list(qs.values_list("id", flat=True))
    found.count = len(found.ids)
    if not dry_run and found.ids:
        # Redeliveries point back with SET_NULL, so order does not matter.
        delivery.objects.filter(id__in=found.ids).delete()
    return found


RULES = (
    ("BELONG_ERASURE_GRACE_DAYS", erasure_requests_due),
    ("BELONG_RETAIN_EXITED_PEOPLE_DAYS", exited_people),
    ("BELONG_RETAIN_EVENT_ATTENDEES_DAYS", event_attendees),
    ("BELONG_RETAIN_MATCH_DRAFTS_DAYS", match_drafts),
    ("BELONG_RETAIN_IMPORT_FILES_DAYS", import_files),
    ("BELONG_RETAIN_WEBHOOK_DELIVERIES_DAYS", webhook_deliveries),
)


def retention_run(*, dry_run: bool = False, now: dt.datetime | None = None) -> list[Purged]:
    """Apply every rule whose window is set; each rule's purge is audited (counts only)."""
    now = now or timezone.now()
    results = []
    for setting, rule in RULES:
        days = int(getattr(settings, setting, 0) or 0)
        if days <= 0:
            continue
        found = rule(days, now, dry_run)
        results.append(found)
        if found.count and not dry_run:
            audit_record(
                actor=None,
                category=Category.PERSONAL_DATA,
                action=Action.PURGE,
                target_type=found.rule,
                detail={"rule": found.rule, "days": days, "count": found.count},
            )
            logger.info("retention purged %s %s", found.count, found.rule)
    return results
