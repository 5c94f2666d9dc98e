"""Program managers' pages: overview and export, formation drafts (move, lock, re-run,
publish), help requests and concerns. Care programs show counts, never content."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from belong.audit.services import export_record
from belong.circles import access, queries, services
from belong.circles import services_formation as formation
from belong.circles.models import ConcernReport, HelpRequest
from belong.circles.services import CircleError
from belong.common.decorators import allowed_if

uses = allowed_if(access.can_use_circles)


@uses
def manage(request: HttpRequest, program_id: int) -> HttpResponse:
    program = access.get_program_for(request.user, program_id, manage=True)
    context = {"program": program, "d": queries.manage_overview(program)}
    return render(request, "circles/manage.html", context)


@uses
def export_csv(request: HttpRequest, program_id: int) -> HttpResponse:
    program = access.get_program_for(request.user, program_id, manage=True)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="circles-{program.pk}.csv"'
    export_record(request=request, export="circle_program", target=program)
    csv.writer(response).writerows(queries.export_rows(program))
    return response


@uses
@require_POST
def formation_start(request: HttpRequest, program_id: int) -> HttpResponse:
    program = access.get_program_for(request.user, program_id, manage=True)
    try:
        run = formation.formation_start(program=program, user=request.user)
    except CircleError as exc:
        messages.error(request, exc.message)
        return redirect("circles:manage", program_id=program.pk)
    return redirect("circles:run", run_id=run.pk)


def _run_context(run: Any) -> dict[str, Any]:
    names = access.draft_names_visible(run.program)
    circles = queries.run_circles(run)
    return {
        "run": run,
        "program": run.program,
        "names": names,
        "circles": circles,
        "targets": [(c.pk, c.name) for c in circles],
        "unplaced": queries.unplaced_for(run) if names else None,
    }


@uses
def run_page(request: HttpRequest, run_id: int) -> HttpResponse:
    run = access.get_run_for(request.user, run_id)
    if run.status in formation.UNFINISHED and formation.formation_runs_reap():
        run.refresh_from_db()
    if request.htmx and request.htmx.target == "run-status":
        if run.status not in ("queued", "running"):
            return HttpResponse(headers={"HX-Refresh": "true"})
        return render(request, "circles/run.html#status", {"run": run})
    return render(request, "circles/run.html", _run_context(run))


@uses
@require_POST
def run_action(request: HttpRequest, run_id: int, action: str) -> HttpResponse:
    run = access.get_run_for(request.user, run_id)
    try:
        if action == "publish":
            n = formation.formation_publish(run=run)
            messages.success(
                request, _("Published %(n)d circles; everyone is being told.") % {"n": n}
            )
        elif action == "rerun":
            formation.formation_rerun(run=run)
    except CircleError as exc:
        messages.error(request, exc.message)
    return redirect("circles:run", run_id=run.pk)


def _circle_fragment(request: HttpRequest, circle_id: int, error: str = "") -> HttpResponse:
    circle = access.get_draft_circle_for(request.user, circle_id)
    context = _run_context(circle.run)
    context["circle"] = next(c for c in context["circles"] if c.pk == circle.pk)
    context["error"] = error
    return render(request, "circles/run.html#circle", context)


@uses
@require_POST
def circle_lock(request: HttpRequest, circle_id: int) -> HttpResponse:
    circle = access.get_draft_circle_for(request.user, circle_id)
    error = ""
    try:
        formation.circle_lock(circle=circle, locked=request.POST.get("locked") == "1")
    except CircleError as exc:
        error = exc.message
    if request.htmx:
        return _circle_fragment(request, circle.pk, error)
    return redirect("circles:run", run_id=circle.run_id)


@uses
@require_POST
def member_move(request: HttpRequest, member_id: int) -> HttpResponse:
    """Move one person; the draft's circles re-render with fresh figures."""
    member = access.get_draft_member_for(request.user, member_id)
    target = access.get_draft_circle_for(request.user, int(request.POST.get("circle", 0)))
    try:
        formation.member_move(member=member, circle_to=target)
    except CircleError as exc:
        messages.error(request, exc.message)
    if request.htmx:
        return render(request, "circles/run.html#circles", _run_context(member.circle.run))
    return redirect("circles:run", run_id=member.circle.run_id)


@uses
@require_POST
def resolve(request: HttpRequest, kind: str, item_id: int) -> HttpResponse:
    model: Any = HelpRequest if kind == "help" else ConcernReport
    item = get_object_or_404(model, pk=item_id)
    program = item.circle.program if kind == "help" else item.program
    access.get_program_for(request.user, program.pk, manage=True)
    services.request_resolve(item=item)
    return redirect("circles:manage", program_id=program.pk)
