"""`python manage.py purge_retention [--dry-run] [--schedule]`: apply the retention windows now.

--dry-run prints what would be purged and changes nothing; --schedule only makes sure the
daily `retention_purge` task is on the queue (what `scripts/run.sh` calls at start-up).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from belong.privacy.retention import retention_run
from belong.privacy.tasks import ensure_scheduled


class Command(BaseCommand):
    help = "Purge personal data past its retention window (see docs/privacy.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Only say what would go.")
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Only make sure the daily retention task is queued (purges nothing now).",
        )

    def handle(self, *args: Any, dry_run: bool, schedule: bool, **options: Any) -> None:
        if schedule:
            outcome = ensure_scheduled()
            self.stdout.write(
                {
                    "queued": "Daily retention task queued.",
                    "already queued": "Daily retention task already queued.",
                    "cannot defer": "This task backend cannot schedule runs: run "
                    "`manage.py purge_retention` daily (e.g. from cron) instead.",
                }[outcome]
            )
            return
        results = retention_run(dry_run=dry_run)
        verb = "would purge" if dry_run else "purged"
        if not results:
            self.stdout.write("Every retention window is 0 (keep forever): nothing to do.")
        for found in results:
            self.stdout.write(f"{found.rule} (older than {found.days} days): {verb} {found.count}")
