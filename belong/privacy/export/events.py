"""Event registrations and check-ins."""

from __future__ import annotations

from typing import Any

from belong.events.models import Registration
from belong.people.models import Person
from belong.privacy.export import rows


def sections(person: Person, user: Any) -> dict[str, Any]:
    return {
        "event_registrations": rows(
            Registration.objects.filter(person=person).order_by("registered_at", "id"),
            "event__title",
            "event__group__name",
            "event__starts_at",
            "event__timezone",
            "status",
            "waitlist_position",
            "listed",
            "registered_at",
            "promoted_at",
            "cancelled_at",
            "checked_in_at",
            "checked_in_by",
        ),
    }
