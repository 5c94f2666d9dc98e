from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_tasks import default_task_backend

from belong.accounts import access
from belong.common.context import navigation


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Is the database reachable, and can the task backend take work?"""
    checks: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:  # noqa: BLE001 - any failure is a failed health check
        checks["database"] = f"error: {exc.__class__.__name__}"
    try:
        backend = default_task_backend
        if backend.__class__.__name__ == "DatabaseBackend":
            from django_tasks_db.models import DBTaskResult

            DBTaskResult.objects.exists()
        checks["tasks"] = "ok"
    except Exception as exc:  # noqa: BLE001
        checks["tasks"] = f"error: {exc.__class__.__name__}"
    healthy = all(v == "ok" for v in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )


# What each area of the navigation is for, shown as cards on the home page.
AREA_DESCRIPTIONS = {
    "directory": _("Find colleagues by name, skill, organisation, site or language."),
    "mentoring": _("Enroll as mentee or mentor, find a match, and run your mentoring."),
    "circles": _("Group mentoring and care circles: themed conversations in small groups."),
    "groups": _("Affinity groups and their chapters: join as a member or an ally."),
    "events": _("Heritage months, panels, workshops and volunteering near you."),
    "insights": _("Whether groups and mentoring make a difference, with privacy built in."),
    "import": _("Load or refresh the company from an HR CSV export."),
    "roles": _("Grant and revoke leader, manager, analyst and administrator roles."),
    "tokens": _("Personal tokens for scripts that use the REST API."),
    "provisioning": _("SCIM tokens for your identity provider, and which groups get which role."),
}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    cards = [
        {**item, "description": AREA_DESCRIPTIONS.get(item["key"], "")}
        for item in navigation(request)["nav_items"]
    ]
    return render(
        request,
        "common/home.html",
        {"can_use_product": access.can_use_product(request.user), "cards": cards},
    )
