from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from belong.accounts import access
from belong.insights import access as insights_access


def navigation(request: HttpRequest) -> dict[str, Any]:
    """One navigation for the whole product, listing only the areas this viewer can use."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    if access.can_use_product(user):
        items.append((reverse("people:directory"), _("Directory"), "directory"))
        items.append((reverse("mentoring:programs"), _("Mentoring"), "mentoring"))
        items.append((reverse("circles:programs"), _("Circles"), "circles"))
        items.append((reverse("groups:list"), _("Groups"), "groups"))
        items.append((reverse("events:list"), _("Events"), "events"))
    if insights_access.can_use_insights(user):
        items.append((reverse("insights:home"), _("Insights"), "insights"))
    if insights_access.sees_company(user):
        items.append((reverse("privacy:self_id_totals"), _("Self-ID totals"), "self_id"))
    if access.is_administrator(user):
        items.append((reverse("people:import"), _("Import people"), "import"))
        items.append((reverse("accounts:roles"), _("Roles"), "roles"))
        items.append((reverse("provisioning:home"), _("Provisioning"), "provisioning"))
        items.append((reverse("webhooks:list"), _("Webhooks"), "webhooks"))
        items.append((reverse("audit:list"), _("Audit log"), "audit"))
        items.append((reverse("privacy:erasure_requests"), _("Erasure requests"), "erasure"))
    items.append((reverse("accounts:tokens"), _("API tokens"), "tokens"))
    if access.person_of(user) is not None:
        items.append((reverse("privacy:overview"), _("Your data"), "data"))
    return {
        "nav_items": [{"url": u, "label": label, "key": key} for u, label, key in items],
        "viewer_person": access.person_of(user),
    }
