from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from belong.mentoring.tasks import nudges_run


class Command(BaseCommand):
    help = "Queue mentoring nudges: request expiry, at-risk escalation, session reminders."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--now", action="store_true", help="Run here instead of queueing.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["now"]:
            self.stdout.write(str(nudges_run.call()))
        else:
            result = nudges_run.enqueue()
            self.stdout.write(f"Queued mentoring nudges ({result.id}).")
