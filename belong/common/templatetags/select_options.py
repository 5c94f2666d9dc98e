"""`{% options choices selected %}`: a select's <option> elements, built in Python.

The directory's filters list every skill, site and organisation on each page view; as a
template loop with an `if` per option that took about half the page's rendering time.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def options(choices: Iterable[tuple[Any, Any]], selected: Any = None) -> SafeString:
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, " selected" if value == selected else "", label) for value, label in choices),
    )
