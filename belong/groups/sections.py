"""Sections other apps add to group and chapter pages (upcoming events, programs…).

An app registers a function in its `AppConfig.ready()`:

    from belong.groups.sections import register_section
    register_section("events", upcoming_events_section, order=10)

The function gets `(request, group, chapter)` (chapter is None on the group page) and
returns `(template_name, context)` to render there, or None to show nothing. It must ask
its own access rules, and must never list people whose membership is hidden
(use `belong.groups.access.shown_person_ids`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

SectionFunc = Callable[[HttpRequest, Any, Any], "tuple[str, dict[str, Any]] | None"]


@dataclass(frozen=True)
class _Section:
    key: str
    func: SectionFunc
    order: int


_SECTIONS: dict[str, _Section] = {}


def register_section(key: str, func: SectionFunc, *, order: int = 50) -> None:
    _SECTIONS[key] = _Section(key, func, order)


def render_sections(request: HttpRequest, group: Any, chapter: Any = None) -> list[SafeString]:
    rendered = []
    for section in sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key)):
        found = section.func(request, group, chapter)
        if found is None:
            continue
        template, context = found
        html = render_to_string(
            template, {"group": group, "chapter": chapter, **context}, request=request
        )
        rendered.append(mark_safe(html))  # noqa: S308 - rendered by Django's autoescaping templates
    return rendered
