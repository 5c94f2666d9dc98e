"""`manage.py webhooks_purge [--days 90]`: delete finished webhook deliveries older than that.

Deliveries still pending or waiting for a retry are kept whatever their age. Run it daily.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from belong.webhooks.services import deliveries_purge


class Command(BaseCommand):
    help = "Delete succeeded and given-up webhook deliveries older than --days (default 90)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=90)

    def handle(self, *args: Any, **options: Any) -> None:
        days = max(1, options["days"])
        deleted = deliveries_purge(older_than=dt.timedelta(days=days))
        self.stdout.write(f"Deleted {deleted} webhook deliveries older than {days} days.")
