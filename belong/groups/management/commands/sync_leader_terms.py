"""`manage.py sync_leader_terms`: start and end leaders' access as their terms begin and end.

Run it daily (cron, systemd timer or the scheduler you use for other jobs).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from belong.groups.services import leader_roles_sync


class Command(BaseCommand):
    help = "Grant group_leader to terms starting today and revoke it from terms that ended."

    def handle(self, *args: Any, **options: Any) -> None:
        checked = leader_roles_sync()
        self.stdout.write(f"Checked {checked} leader roles.")
