"""REST endpoints for the same figures as the dashboards, with the same access and thresholds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from belong.accounts.api_auth import require_scope
from belong.insights import access, queries, services
from belong.insights.access import Scope
from belong.insights.privacy import Refused, require_population
from belong.insights.queries import Filters, Period, month_end

router = Router(tags=["insights"])


class DashboardQuery(Schema):
    start: dt.date | None = None
    end: dt.date | None = None
    level: Annotated[str, Field(max_length=20)] = ""
    country: Annotated[str, Field(max_length=2)] = ""


def _answer(request: HttpRequest, get_scope: Callable[[], Scope], q: DashboardQuery) -> Any:
    require_scope(request, "read")
    try:
        scope = get_scope()
    except PermissionDenied as denied:
        raise HttpError(403, "You are not allowed to see these insights.") from denied
    period = None
    if q.start or q.end:
        end = q.end or dt.date.today()
        start = (q.start or end.replace(year=end.year - 3, day=1)).replace(day=1)
        if start > end:
            raise HttpError(400, "start must be before end")
        period = Period(start, month_end(end))
    filters = Filters(level_band=q.level, country=q.country)
    try:
        return services.dashboard(
            user=request.user, scope=scope, period=period, filters=filters, channel="api"
        )
    except Refused as refusal:
        raise HttpError(403, str(refusal)) from refusal


@router.get(
    "/company",
    response=dict[str, Any],
    summary="Company-wide insights (HR analysts, administrators)",
)
def company(request: HttpRequest, q: Query[DashboardQuery]) -> Any:
    return _answer(request, lambda: access.company_scope_for(request.user), q)


@router.get("/groups/{slug}", response=dict[str, Any], summary="One group's insights")
def group(request: HttpRequest, slug: str, q: Query[DashboardQuery]) -> Any:
    return _answer(request, lambda: access.group_scope_for(request.user, slug)[1], q)


@router.get(
    "/groups/{slug}/chapters/{chapter}", response=dict[str, Any], summary="One chapter's insights"
)
def chapter(request: HttpRequest, slug: str, chapter: str, q: Query[DashboardQuery]) -> Any:
    def scope() -> Scope:
        found, chapter_scope = access.chapter_scope_for(request.user, slug, chapter)
        day = services.default_period().end
        whole = Scope("group", found.group_id, found.group.name)
        try:
            require_population(
                queries.population_count(chapter_scope, Filters(), day),
                whole=queries.population_count(whole, Filters(), day),
            )
        except Refused as refusal:
            services.query_log(user=request.user, channel="api", scope=chapter_scope,
                               figure="dashboard", refused=str(refusal))  # fmt: skip
            raise HttpError(403, str(refusal)) from refusal
        return chapter_scope

    return _answer(request, scope, q)


@router.get(
    "/programs/{program_id}", response=dict[str, Any], summary="One mentoring program's insights"
)
def program(request: HttpRequest, program_id: int, q: Query[DashboardQuery]) -> Any:
    return _answer(request, lambda: access.program_scope_for(request.user, program_id)[1], q)
