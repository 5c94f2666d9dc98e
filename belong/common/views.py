from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_tasks import default_task_backend

from belong.accounts import access


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


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "common/home.html",
        {
            "can_use_product": access.can_use_product(request.user),
            "is_admin": access.is_administrator(request.user),
        },
    )
