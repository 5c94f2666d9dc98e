"""Writes and assembly for insights: dashboards (always thresholded), rollups, the audit log.

`dashboard()` is the one way figures leave the app: pages, CSV and the API all call it, so
thresholds and logging cannot be skipped by one channel.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from belong.audit.models import Action, Category
from belong.audit.services import audit_record
from belong.common.privacy import min_group_size
from belong.insights import queries, queries_develop, services_impact
from belong.insights.access import Scope
from belong.insights.models import InsightsQueryLog, Rollup
from belong.insights.privacy import Figure, Refused, require_population, threshold_figure
from belong.insights.queries import Filters, Period

PILLARS = ("recruit", "engage", "develop", "advocate", "fairness")
DEFAULT_YEARS = 3


def default_period(today: dt.date | None = None) -> Period:
    end = today or timezone.localdate()
    return Period(end.replace(year=end.year - DEFAULT_YEARS, day=1), end)


# What a scope is about, named as elsewhere in the audit log (the company has no target).
_AUDIT_TARGETS = {
    "group": "groups.group",
    "chapter": "groups.chapter",
    "program": "mentoring.program",
}


def query_log(
    *,
    user: Any,
    channel: str,
    scope: Scope,
    figure: str,
    filters: dict[str, Any] | None = None,
    refused: str = "",
) -> InsightsQueryLog:
    """Record who asked what; refused questions are logged with the reason given.

    The product-wide audit log gets the same question (never the numbers answered), so
    administrators see insights queries beside every other sensitive read.
    """
    outcome = InsightsQueryLog.Outcome.REFUSED if refused else InsightsQueryLog.Outcome.SHOWN
    with transaction.atomic():
        entry = InsightsQueryLog.objects.create(
            user=user if user is not None and user.is_authenticated else None,
            channel=channel,
            scope_kind=scope.kind,
            scope_id=scope.id or None,
            figure=figure[:60],
            filters=filters or {},
            outcome=outcome,
            reason=refused[:300],
        )
        action = Action.EXPORT if channel == "csv" else Action.READ
        audit_record(
            actor=user,
            category=Category.INSIGHTS,
            action=Action.DENIED if refused else action,
            target_type=_AUDIT_TARGETS.get(scope.kind, ""),
            target_id=scope.id or "",
            detail={
                "channel": channel,
                "figure": entry.figure,
                "filters": entry.filters,
                "outcome": str(outcome),
                "reason": entry.reason,
            },
        )
    return entry


def _figures(scope: Scope, period: Period, filters: Filters) -> list[Figure]:
    """Every figure of the scope's pillars, unthresholded (callers threshold)."""
    found: list[Figure | None] = []
    if scope.kind != "program":
        found += [
            queries.representation(scope, period, filters),
            queries.referrals(scope, period),
            queries.members_over_time(scope, period, filters),
            queries.event_attendance(scope, period, filters),
            queries.chapters_and_community(scope, period),
        ]
    found += [
        queries_develop.participation_by_year(scope, period),
        queries_develop.relationship_quality(scope, period),
        queries_develop.topic_coverage(scope, period),
    ]
    if scope.kind != "program":
        found += [queries.initiatives(scope, period), queries.badge_adoption(scope, period)]
    if scope.kind in ("company", "program"):
        found.append(queries_develop.fairness(scope, period))
    return [f for f in found if f is not None]


def _impact(scope: Scope, period: Period, k: int) -> list[dict[str, Any]]:
    kinds = ["mentees"] if scope.kind == "program" else ["members", "mentees"]
    out = []
    for kind in kinds:
        result = services_impact.study(scope, kind, period.end)
        match = result["match"]
        small = min(match["treated_matched"], match["controls_matched"]) < k
        if small:
            # Too few to compare without pointing at people: keep only the refusal.
            result = {
                "kind": kind,
                "refused": _("Fewer than %(k)s comparable people on one side.") % {"k": k},
            }
        out.append(result)
    return out


def build_dashboard(
    scope: Scope, period: Period, filters: Filters, *, with_impact: bool = True
) -> dict[str, Any]:
    """The thresholded figures of one dashboard; raises `Refused` for a too-narrow drill-down."""
    k = min_group_size()
    if filters:
        whole = queries.population_count(scope, Filters(), period.end)
        require_population(queries.population_count(scope, filters, period.end), whole=whole, k=k)
    figures = [threshold_figure(f, k) for f in _figures(scope, period, filters)]
    pillars = {p: [f for f in figures if f["pillar"] == p] for p in PILLARS}
    payload: dict[str, Any] = {
        "scope": {"kind": scope.kind, "id": scope.id, "name": scope.name},
        "period": {"start": period.start.isoformat(), "end": period.end.isoformat()},
        "filters": filters.as_dict(),
        "k": k,
        "pillars": {p: fs for p, fs in pillars.items() if fs},
        "impact": _impact(scope, period, k) if with_impact and not filters else [],
    }
    # Plain JSON (lazy labels, dates, decimals made strings): what the rollup and API hold.
    return json.loads(json.dumps(payload, cls=DjangoJSONEncoder))  # type: ignore[no-any-return]


def rollup_refresh(scope: Scope, *, today: dt.date | None = None) -> Rollup:
    """Recompute a scope's default dashboard and store it (run by the background task)."""
    started = time.perf_counter()
    # Stored in the source language; pages translate titles and columns when they render.
    with translation.override("en"):
        payload = build_dashboard(scope, default_period(today), Filters())
    with transaction.atomic():
        rollup, _created = Rollup.objects.update_or_create(
            scope_kind=scope.kind,
            scope_id=scope.id,
            defaults={
                "payload": payload,
                "computed_at": timezone.now(),
                "seconds": time.perf_counter() - started,
            },
        )
    return rollup


def dashboard(
    *,
    user: Any,
    scope: Scope,
    period: Period | None,
    filters: Filters,
    channel: str,
    figure: str = "dashboard",
) -> dict[str, Any]:
    """What a viewer is shown: the rollup when the default view is asked for, else live.

    Logged either way; a refused drill-down is logged with its reason and re-raised.
    """
    logged = {**filters.as_dict(), **_period_dict(period)}
    try:
        if period is None and not filters:
            rollup = Rollup.objects.filter(scope_kind=scope.kind, scope_id=scope.id).first()
            if rollup is not None and rollup.payload.get("k") == min_group_size():
                payload = dict(rollup.payload)
                payload["computed_at"] = rollup.computed_at.isoformat()
            else:
                payload = build_dashboard(scope, default_period(), filters)
        else:
            payload = build_dashboard(
                scope, period or default_period(), filters, with_impact=period is None
            )
    except Refused as refusal:
        query_log(
            user=user, channel=channel, scope=scope, figure=figure, filters=logged,
            refused=str(refusal),
        )  # fmt: skip
        raise
    query_log(user=user, channel=channel, scope=scope, figure=figure, filters=logged)
    return payload


def _period_dict(period: Period | None) -> dict[str, str]:
    if period is None:
        return {}
    return {"start": period.start.isoformat(), "end": period.end.isoformat()}


def find_figure(payload: dict[str, Any], key: str) -> Figure | None:
    for figures in payload["pillars"].values():
        for fig in figures:
            if fig["key"] == key:
                return fig  # type: ignore[no-any-return]
    return None
