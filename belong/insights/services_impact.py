"""Participants against comparable non-participants: rows from the database into the stats core.

Design (see docs/insights.md): an index date `t0` one follow-up window before the period's
end. Everyone employed on `t0` and hired at least 90 days before is in the study. Treated
are those taking part on `t0` (a membership, or a mentee relationship begun by then, within
the scope); everyone else is a control, even if they join later — conditioning on a later
join would credit the participants with the time they had to survive to join. Covariates
are taken on `t0`: level from job history, tenure, hire cohort, division (top of the org
tree) and region.
Retention follows everyone from `t0` to exit or the period's end; promotion is whether
someone still employed at the end was promoted after `t0`.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import asdict
from typing import Any

from django.db.models import Q

from belong.groups.models import Membership
from belong.insights.access import Scope
from belong.insights.stats import (
    Outcome,
    Spell,
    Unit,
    balance_table,
    coarsened_exact_match,
    least_balanced,
    rate_difference,
    retention_comparison,
)
from belong.mentoring.models import Relationship
from belong.people.models import JobEvent, OrgUnit, Person

FOLLOW_UP_DAYS = 365
MIN_TENURE_DAYS = 90


def index_date(end: dt.date) -> dt.date:
    return end - dt.timedelta(days=FOLLOW_UP_DAYS)


def _division_of() -> dict[int, str]:
    """org unit id → its division (the unit just below the root), as a label."""
    paths = dict(OrgUnit.objects.values_list("id", "path"))
    out: dict[int, str] = {}
    for uid, path in paths.items():
        parts = path.split("/")
        out[uid] = parts[1] if len(parts) > 1 else parts[0]
    return out


def region(zone: str) -> str:
    """A coarse place from an IANA zone: "Europe/Madrid" → "Europe"."""
    return zone.split("/", 1)[0]


def _levels_on(t0: dt.date) -> dict[int, int]:
    """Each person's level rank on `t0`, from the last dated level before it."""
    qs = JobEvent.objects.filter(effective_date__lte=t0, level__isnull=False)
    out: dict[int, int] = {}
    for pid, rank in qs.order_by("person_id", "effective_date", "id").values_list(
        "person_id", "level__rank"
    ):
        out[pid] = rank
    return out


def treated_ids(scope: Scope, kind: str, t0: dt.date) -> set[int]:
    """People taking part on `t0`: `kind` is members | mentees."""
    if kind == "members":
        qs = Membership.objects.all()
        if scope.kind == "group":
            qs = qs.filter(group_id=scope.id)
        elif scope.kind == "chapter":
            qs = qs.filter(chapter_id=scope.id)
        return set(
            qs.filter(joined_at__date__lte=t0)
            .filter(Q(ended_at__isnull=True) | Q(ended_at__date__gt=t0))
            .values_list("person_id", flat=True)
        )
    rels = Relationship.objects.exclude(state=Relationship.State.PROPOSED)
    if scope.kind == "program":
        rels = rels.filter(program_id=scope.id)
    elif scope.kind == "group":
        rels = rels.filter(mentee_person__group_memberships__group_id=scope.id)
    elif scope.kind == "chapter":
        rels = rels.filter(mentee_person__group_memberships__chapter_id=scope.id)
    return set(rels.filter(created_at__date__lte=t0).values_list("mentee_person_id", flat=True))


def study(scope: Scope, kind: str, end: dt.date) -> dict[str, Any]:
    """The whole comparison for members or mentees of `scope`, as plain JSON-able data."""
    t0 = index_date(end)
    treated = treated_ids(scope, kind, t0)
    division = _division_of()
    levels = _levels_on(t0)
    people = Person.objects.filter(hire_date__lte=t0 - dt.timedelta(days=MIN_TENURE_DAYS)).filter(
        Q(exit_date__isnull=True) | Q(exit_date__gt=t0)
    )
    promoted = set(
        JobEvent.objects.filter(
            kind=JobEvent.Kind.PROMOTION, effective_date__gt=t0, effective_date__lte=end
        ).values_list("person_id", flat=True)
    )
    units: list[Unit] = []
    spells: list[Spell] = []
    outcomes: list[Outcome] = []
    rows = people.values_list("id", "hire_date", "exit_date", "org_unit_id", "site__timezone")
    for pid, hired, left, unit_id, zone in rows.iterator(chunk_size=20000):
        if pid not in levels:
            continue
        is_treated = pid in treated
        units.append(
            Unit(
                pid,
                is_treated,
                levels[pid],
                (t0 - hired).days / 365.25,
                division.get(unit_id, ""),
                region(zone),
                hired.year,
            )
        )
        exited = left is not None and left <= end
        stop = left if exited and left is not None else end
        spells.append(Spell(pid, is_treated, float((stop - t0).days), exited))
        if not exited:
            outcomes.append(Outcome(pid, is_treated, pid in promoted))
    match = coarsened_exact_match(units)
    balance = balance_table(units, match) if units else []
    retention = retention_comparison(spells, match.weights)
    promotion = rate_difference(outcomes, match.weights)
    return {
        "kind": kind,
        "index_date": t0.isoformat(),
        "end": end.isoformat(),
        "match": {k: v for k, v in asdict(match).items() if k != "weights"},
        "balance": [asdict(r) for r in balance],
        "retention": {
            "matched": _clean(asdict(retention.matched)),
            "naive": _clean(asdict(retention.naive)),
            "curve": [asdict(p) for p in retention.curve],
            "why": least_balanced(
                _hr(retention.naive.ratio), _hr(retention.matched.ratio), balance
            ),
        },
        "promotion": {
            "matched": _clean(asdict(promotion.matched)),
            "naive": _clean(asdict(promotion.naive)),
            "why": least_balanced(
                _pts(promotion.naive.difference), _pts(promotion.matched.difference), balance
            ),
        },
    }


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    """NaN is not JSON: None instead, and rounded floats."""
    return {
        k: (None if isinstance(v, float) and math.isnan(v) else round(v, 4))
        if isinstance(v, float)
        else v
        for k, v in values.items()
    }


def _hr(value: float) -> str:
    return "n/a" if math.isnan(value) else f"HR {value:.2f}"


def _pts(value: float) -> str:
    return "n/a" if math.isnan(value) else f"{100 * value:+.1f} pts"
