"""The "upcoming events" section on group and chapter pages (see groups/sections.py)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from belong.groups.sections import register_section


def upcoming_events_section(
    request: HttpRequest, group: Any, chapter: Any
) -> tuple[str, dict[str, Any]] | None:
    from belong.events import access, queries

    if not access.can_browse_events(request.user):
        return None
    events = queries.upcoming_for_scope(group, chapter, limit=5)
    return (
        "events/_section.html",
        {
            "events": events,
            "can_host": access.can_host_in(request.user, group, chapter)
            if chapter is not None
            else access.can_host_anywhere(request.user, group),
            "can_start_initiative": chapter is None
            and access.can_manage_initiatives(request.user, group),
        },
    )


register_section("events", upcoming_events_section, order=10)
