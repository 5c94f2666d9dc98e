"""`{% person_badges person %}`: the badges a person chose to show, as the viewer may see them.

For lists, pass badges preloaded with `belong.groups.access.visible_badges` (one query
for the page) as `{% person_badges person badges %}`.
"""

from __future__ import annotations

from typing import Any

from django import template

from belong.groups import access

register = template.Library()


@register.inclusion_tag("groups/_badges.html", takes_context=True)
def person_badges(context: template.Context, person: Any, preloaded: Any = None) -> dict[str, Any]:
    if preloaded is not None:
        badges = preloaded.get(person.pk, []) if isinstance(preloaded, dict) else preloaded
    else:
        request = context.get("request")
        user = getattr(request, "user", None)
        badges = access.visible_badges(user, [person.pk]).get(person.pk, [])
    return {"badges": badges}
