"""Dashboard pages, their htmx fragments and CSV exports. Access comes from `access`."""

from __future__ import annotations

import csv
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from belong.common.decorators import allowed_if
from belong.insights import access, queries, services
from belong.insights.access import Scope
from belong.insights.forms import DashboardFilterForm
from belong.insights.privacy import Refused, require_population
from belong.insights.queries import Filters


@allowed_if(access.can_use_insights)
def home(request: HttpRequest) -> HttpResponse:
    if access.sees_company(request.user):
        return redirect("insights:company")
    return render(
        request,
        "insights/home.html",
        {
            "groups": access.visible_groups(request.user),
            "chapters": access.visible_chapters(request.user),
            "programs": access.visible_programs(request.user),
        },
    )


def _render(
    request: HttpRequest, scope: Scope, extra: dict[str, Any], *, export: str | None = None
) -> HttpResponse:
    form = DashboardFilterForm(request.GET or None)
    period, filters = None, Filters()
    if form.is_bound and form.is_valid():
        period, filters = form.period(), form.filters()
    context: dict[str, Any] = {"scope": scope, "form": form, **extra}
    try:
        payload = services.dashboard(
            user=request.user,
            scope=scope,
            period=period,
            filters=filters,
            channel="csv" if export else "page",
            figure=export or "dashboard",
        )
    except Refused as refusal:
        context["refused"] = str(refusal)
        return render(request, "insights/dashboard.html", context, status=403)
    if export:
        return _csv(payload, export)
    context.update(_decorate(payload))
    context["can_company"] = access.sees_company(request.user)
    template = "insights/_dashboard.html" if request.htmx else "insights/dashboard.html"
    return render(request, template, context)


PILLAR_LABELS = {
    "recruit": _lazy("Recruit"),
    "engage": _lazy("Engage"),
    "develop": _lazy("Develop"),
    "advocate": _lazy("Advocate"),
    "fairness": _lazy("Fairness of matching"),
}


def _decorate(payload: dict[str, Any]) -> dict[str, Any]:
    """Template-ready sections: pillar labels, element ids, estimates as short strings."""
    for figures in payload["pillars"].values():
        for fig in figures:
            fig["dom_id"] = f"fig-{fig['key']}"
            # Rollups hold the English source text: translate it for this viewer.
            fig["title"] = _(fig["title"])
            fig["columns"] = [_(c) for c in fig["columns"]]
    for study in payload.get("impact", []):
        study["dom_id"] = f"km-{study['kind']}"
        if "promotion" in study:
            for side in ("matched", "naive"):
                d = study["promotion"][side]
                d["shown"] = _points(d["difference"], d["low"], d["high"])
                r = study["retention"][side]
                r["shown"] = _ratio(r["ratio"], r["low"], r["high"])
    sections = [(PILLAR_LABELS[p], figs) for p, figs in payload["pillars"].items()]
    if payload.get("impact") and "develop" not in payload["pillars"]:
        sections.append((PILLAR_LABELS["develop"], []))
    return {"payload": payload, "sections": sections, "develop_label": PILLAR_LABELS["develop"]}


def _points(diff: float | None, low: float | None, high: float | None) -> str:
    if diff is None or low is None or high is None:
        return "n/a"
    return f"{100 * diff:+.1f} ({100 * low:+.1f} to {100 * high:+.1f})"


def _ratio(ratio: float | None, low: float | None, high: float | None) -> str:
    if ratio is None or low is None or high is None:
        return "n/a"
    return f"{ratio:.2f} ({low:.2f}-{high:.2f})"


def _csv(payload: dict[str, Any], key: str) -> HttpResponse:
    """One figure, as shown (suppressed cells stay empty with a marker)."""
    figure = services.find_figure(payload, key)
    if figure is None:
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{key}.csv"'
    writer = csv.writer(response)
    writer.writerow(figure["columns"])
    marker = _("fewer than %(k)s") % {"k": payload["k"]}
    for row in figure["rows"]:
        writer.writerow([marker if cell is None else cell for cell in row])
    return response


@allowed_if(access.can_use_insights)
def company(request: HttpRequest, export: str | None = None) -> HttpResponse:
    scope = access.company_scope_for(request.user)
    return _render(request, scope, {"groups": access.visible_groups(request.user),
                                    "programs": access.visible_programs(request.user)},
                   export=export)  # fmt: skip


@allowed_if(access.can_use_insights)
def group(request: HttpRequest, slug: str, export: str | None = None) -> HttpResponse:
    found, scope = access.group_scope_for(request.user, slug)
    chapters = list(found.chapters.order_by("name"))
    return _render(request, scope, {"group": found, "chapters": chapters}, export=export)


@allowed_if(access.can_use_insights)
def chapter(
    request: HttpRequest, slug: str, chapter: str, export: str | None = None
) -> HttpResponse:
    found, scope = access.chapter_scope_for(request.user, slug, chapter)
    # A chapter is a drill-down of its group: refuse it when it, or what it leaves out of
    # the group, is under k (the group's figure minus the chapter's would show them).
    day = services.default_period().end
    group_scope = Scope("group", found.group_id, found.group.name)
    try:
        require_population(
            queries.population_count(scope, Filters(), day),
            whole=queries.population_count(group_scope, Filters(), day),
        )
    except Refused as refusal:
        services.query_log(user=request.user, channel="page", scope=scope, figure="dashboard",
                           refused=str(refusal))  # fmt: skip
        return render(
            request,
            "insights/dashboard.html",
            {"scope": scope, "refused": str(refusal), "group": found.group},
            status=403,
        )
    return _render(request, scope, {"group": found.group, "chapter": found}, export=export)


@allowed_if(access.can_use_insights)
def program(request: HttpRequest, program_id: int, export: str | None = None) -> HttpResponse:
    found, scope = access.program_scope_for(request.user, program_id)
    return _render(request, scope, {"program": found}, export=export)
