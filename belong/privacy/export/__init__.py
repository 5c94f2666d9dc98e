"""Everything Belong holds about one person, as one JSON document ("Download my data").

Each app's part is one module here with a `sections(person, user)` function returning
{section name: rows}; `SECTION_MODULES` lists them in the order the file shows them.
Only the person's own data: rows about other people appear as ids, never as names.
"""

from __future__ import annotations

import importlib
import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from belong.people.models import Person

FORMAT_VERSION = 1
SECTION_MODULES = (
    "belong.privacy.export.people",
    "belong.privacy.export.accounts",
    "belong.privacy.export.groups",
    "belong.privacy.export.events",
    "belong.privacy.export.mentoring",
    "belong.privacy.export.circles",
    "belong.privacy.export.personal",
)


def build(person: Person, user: Any) -> dict[str, Any]:
    """The whole document, as plain JSON-able data (dates as ISO strings)."""
    document: dict[str, Any] = {
        "format_version": FORMAT_VERSION,
        "generated_at": timezone.now(),
        "person_id": person.pk,
    }
    for path in SECTION_MODULES:
        document.update(importlib.import_module(path).sections(person, user))
    return json.loads(json.dumps(document, cls=DjangoJSONEncoder))  # type: ignore[no-any-return]


def rows(queryset: Any, *fields: str) -> list[dict[str, Any]]:
    return list(queryset.values(*fields))
