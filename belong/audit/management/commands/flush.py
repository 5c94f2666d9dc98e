"""Django's `flush`, allowed to empty the append-only audit table along with the rest.

Emptying the whole database is an operator's decision (and what the test suite does
between transactional tests); the triggers still refuse any other UPDATE or DELETE.
"""

from __future__ import annotations

from typing import Any

from django.core.management.commands import flush

from belong.audit.database import audit_maintenance


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        with audit_maintenance(options["database"]):
            super().handle(**options)
