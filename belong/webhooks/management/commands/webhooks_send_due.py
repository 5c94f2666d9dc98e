"""`manage.py webhooks_send_due`: queue every webhook delivery whose attempt is due.

Retries are scheduled on the task queue as they fail; this sweep is the safety net for a
worker that died mid-attempt or a task backend that cannot schedule ahead. Run it every few
minutes (cron, systemd timer or the scheduler you use for other jobs).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from belong.webhooks.services import deliveries_enqueue_due


class Command(BaseCommand):
    help = "Queue webhook deliveries whose next attempt is due."

    def handle(self, *args: Any, **options: Any) -> None:
        queued = deliveries_enqueue_due()
        self.stdout.write(f"Queued {queued} webhook deliveries.")
