"""Program managers' pages: the dashboard and its CSV, matching runs and draft review."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from belong.audit.services import export_record
from belong.common.decorators import allowed_if
from belong.mentoring import access, queries
from belong.mentoring import services_matching as matching
from belong.mentoring.models_relationship import Relationship
from belong.mentoring.services import MentoringError

uses = allowed_if(access.can_use_mentoring)

# The engine's quality report, in words (keys the engine adds later are shown as they are).
QUALITY_LABELS = {
    "mentees": gettext_lazy("Mentees in the pool"),
    "mentors": gettext_lazy("Mentors in the pool"),
    "slots": gettext_lazy("Free mentor places"),
    "matched": gettext_lazy("Mentees matched"),
    "share_matched": gettext_lazy("Share of mentees matched"),
    "mean_score": gettext_lazy("Mean score"),
    "median_score": gettext_lazy("Median score"),
    "min_score": gettext_lazy("Lowest score"),
    "p10_score": gettext_lazy("10th percentile score"),
    "total_score": gettext_lazy("Total score"),
    "cross_org_share": gettext_lazy("Pairs across organisations"),
    "capacity_use": gettext_lazy("Mentor places used"),
    "mentors_used_share": gettext_lazy("Mentors with at least one mentee"),
    "blocking_pairs": gettext_lazy("Blocking pairs (both would rather swap)"),
}


@uses
def dashboard(request: HttpRequest, program_id: int) -> HttpResponse:
    program = access.get_program_for(request.user, program_id, manage=True)
    d = queries.dashboard(program)
    states = [(Relationship.State(code).label, n) for code, n in d["states"].items()]
    context = {"program": program, "d": d, "states": states}
    return render(request, "mentoring/dashboard.html", context)


@uses
def dashboard_csv(request: HttpRequest, program_id: int) -> HttpResponse:
    program = access.get_program_for(request.user, program_id, manage=True)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="mentoring-{program.pk}.csv"'
    export_record(request=request, export="mentoring_dashboard", target=program)
    writer = csv.writer(response)
    writer.writerows(queries.dashboard_rows(queries.dashboard(program)))
    return response


@uses
@require_POST
def run_start(request: HttpRequest, program_id: int) -> HttpResponse:
    program = access.get_program_for(request.user, program_id, manage=True)
    try:
        run = matching.match_run_start(program=program, user=request.user)
    except MentoringError as exc:
        messages.error(request, exc.message)
        return redirect("mentoring:dashboard", program_id=program.pk)
    return redirect("mentoring:run", run_id=run.pk)


@uses
def run_page(request: HttpRequest, run_id: int) -> HttpResponse:
    run = access.get_run_for(request.user, run_id)
    matching.match_runs_reap()
    run.refresh_from_db()
    quality = [
        (QUALITY_LABELS.get(key, key), value)
        for key, value in (run.quality or {}).items()
        if value is not None and not isinstance(value, dict | list)
    ]
    context: dict[str, Any] = {"run": run, "program": run.program, "quality": quality}
    if run.status in (run.Status.DRAFT, run.Status.PUBLISHED):
        context["pairs"] = queries.run_pairs(run)
        context["kept"] = run.pairs.filter(removed=False).count()
    if request.htmx and request.htmx.target == "run-status":
        if run.finished:  # reload the whole page to show the draft or the error
            return HttpResponse(headers={"HX-Refresh": "true"})
        return render(request, "mentoring/run.html#status", context)
    return render(request, "mentoring/run.html", context)


@uses
@require_POST
def run_action(request: HttpRequest, run_id: int, action: str) -> HttpResponse:
    run = access.get_run_for(request.user, run_id)
    try:
        if action == "publish":
            n = matching.match_run_publish(run=run)
            messages.success(
                request, _("Published %(n)d matches; both sides are being told.") % {"n": n}
            )
        elif action == "rerun":
            run = matching.match_run_rerun(run=run, user=request.user)
        elif action == "restart":
            run = matching.match_run_restart(run=run)
    except MentoringError as exc:
        messages.error(request, exc.message)
    return redirect("mentoring:run", run_id=run.pk)


@uses
@require_POST
def pair_action(request: HttpRequest, pair_id: int, action: str) -> HttpResponse:
    pair = access.get_pair_for(request.user, pair_id)
    actions = {
        "pin": lambda: matching.pair_pin(pair=pair, pinned=True),
        "unpin": lambda: matching.pair_pin(pair=pair, pinned=False),
        "remove": lambda: matching.pair_remove(pair=pair),
        "restore": lambda: matching.pair_restore(pair=pair),
    }
    error = ""
    try:
        if action in actions:
            actions[action]()
    except MentoringError as exc:
        error = exc.message
    if request.htmx:
        pair.refresh_from_db()
        pair = queries.run_pairs_one(pair.pk)
        return render(
            request, "mentoring/run.html#pair", {"pair": pair, "run": pair.run, "error": error}
        )
    if error:
        messages.error(request, error)
    return redirect("mentoring:run", run_id=pair.run_id)
