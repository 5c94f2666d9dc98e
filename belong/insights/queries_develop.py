"""Aggregate reads for the Develop pillar and the fairness of matching.

Mentoring figures for a program, for a group (its members' mentoring, and programs it
owns) or for the company. Impact against matched non-participants is in `services_impact`.
"""

from __future__ import annotations

import statistics
from typing import Any

from django.db.models import Avg, Count, F, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _

from belong.insights.access import Scope
from belong.insights.privacy import Figure
from belong.insights.queries import LEVEL_BANDS, Period
from belong.mentoring.models import (
    Enrollment,
    MatchRun,
    Relationship,
    SessionTopic,
    SurveyResponse,
)

MATCHED = (Enrollment.Status.MATCHED, Enrollment.Status.COMPLETED)
# A group is flagged when matched at under four fifths of the best-served group's rate (the
# "four-fifths rule" of adverse-impact analysis) and at least 10 points below overall.
FAIRNESS_RATIO = 0.8
FAIRNESS_GAP = 0.10


def _person_scope(scope: Scope, prefix: str) -> Q:
    """People in the scope: members of the group/chapter; everyone for company/program."""
    if scope.kind == "group":
        return Q(**{f"{prefix}group_memberships__group_id": scope.id})
    if scope.kind == "chapter":
        return Q(**{f"{prefix}group_memberships__chapter_id": scope.id})
    return Q()


def enrollments(scope: Scope, period: Period) -> QuerySet[Enrollment]:
    qs = Enrollment.objects.filter(
        created_at__date__gte=period.start, created_at__date__lte=period.end
    )
    if scope.kind == "program":
        return qs.filter(program_id=scope.id)
    return qs.filter(_person_scope(scope, "person__")).distinct()


def relationships(scope: Scope, period: Period) -> QuerySet[Relationship]:
    qs = Relationship.objects.filter(
        created_at__date__gte=period.start, created_at__date__lte=period.end
    )
    if scope.kind == "program":
        return qs.filter(program_id=scope.id)
    return qs.filter(_person_scope(scope, "mentee_person__")).distinct()


def participation_by_year(scope: Scope, period: Period) -> Figure:
    qs = enrollments(scope, period).annotate(y=ExtractYear("created_at"))
    mentees = qs.filter(role__in=[Enrollment.Role.MENTEE, Enrollment.Role.BOTH])
    mentors = qs.filter(role__in=[Enrollment.Role.MENTOR, Enrollment.Role.BOTH])
    by = {
        "mentees": dict(mentees.values_list("y").annotate(n=Count("person_id", distinct=True))),
        "mentors": dict(mentors.values_list("y").annotate(n=Count("person_id", distinct=True))),
        "matched": dict(
            mentees.filter(status__in=MATCHED)
            .values_list("y")
            .annotate(n=Count("person_id", distinct=True))
        ),
    }
    years = sorted(set(by["mentees"]) | set(by["mentors"]))
    rows = []
    for y in years:
        n, m = by["mentees"].get(y, 0), by["matched"].get(y, 0)
        rows.append([str(y), n, by["mentors"].get(y, 0), round(100 * m / n, 1) if n else None])
    return {
        "key": "mentoring_participation",
        "pillar": "develop",
        "title": _("Mentoring participation and match rate by year"),
        "chart": "bar",
        "columns": [_("Year"), _("Mentees"), _("Mentors"), _("Match rate (%)")],
        "rows": rows,
        "people": [1, 2],
        "rates": {3: 1},
    }


def relationship_quality(scope: Scope, period: Period) -> Figure:
    """Time to match, sessions per relationship, NPS, cross-org ties per participant."""
    rels = relationships(scope, period)
    n_rels = rels.count()
    waits = [
        (created - enrolled).days
        for created, enrolled in rels.values_list("created_at", "mentee__created_at")[:20000]
    ]
    sessions = rels.aggregate(avg=Avg("sessions_logged"))["avg"]
    answers = SurveyResponse.objects.filter(survey__relationship__in=rels.values("pk"))
    nps_counts = answers.aggregate(
        n=Count("id"),
        promoters=Count("id", filter=Q(nps__gte=9)),
        detractors=Count("id", filter=Q(nps__lte=6)),
    )
    n_answers = nps_counts["n"]
    nps = (
        round(100 * (nps_counts["promoters"] - nps_counts["detractors"]) / n_answers)
        if n_answers
        else None
    )
    # A tie is cross-org when mentor and mentee sit in different org units.
    cross = rels.exclude(mentee_person__org_unit_id=F("mentor_person__org_unit_id")).count()
    participants = (
        rels.values("mentee_person_id").distinct().count()
        + rels.values("mentor_person_id").distinct().count()
    )
    rows = [
        [_("Relationships"), n_rels, n_rels],
        [_("Median days from enrolling to a match"), _median(waits), n_rels],
        [_("Sessions per relationship"), round(sessions, 1) if sessions else None, n_rels],
        [_("Survey NPS (-100 to 100)"), nps, n_answers],
        [
            _("New cross-org ties per participant"),
            round(cross / participants, 2) if participants else None,
            participants,
        ],
    ]
    return {
        "key": "mentoring_quality",
        "pillar": "develop",
        "title": _("Matching and relationships"),
        "chart": None,
        "columns": [_("Measure"), _("Value"), _("People or answers behind it")],
        "rows": rows,
        "people": [2],
        "rates": {1: 2},
    }


def topic_coverage(scope: Scope, period: Period) -> Figure:
    rels = relationships(scope, period)
    qs = SessionTopic.objects.filter(session__relationship__in=rels.values("pk"))
    rows = [
        [row["topic__name"], row["n"], row["r"]]
        for row in qs.values("topic__name")
        .annotate(n=Count("id"), r=Count("session__relationship_id", distinct=True))
        .order_by("-n", "topic__name")
    ]
    return {
        "key": "topic_coverage",
        "pillar": "develop",
        "title": _("Topics covered in sessions"),
        "chart": "bar",
        "columns": [_("Topic"), _("Sessions"), _("Relationships")],
        "rows": rows,
        "people": [2],
        "rates": {1: 2},
    }


def fairness(scope: Scope, period: Period) -> Figure:
    """Match rate and mean score per value of each reporting attribute.

    From the latest published (else draft) run's fairness breakdown when runs exist; else
    from enrollments by level band and country (match rate only).
    """
    runs = MatchRun.objects.filter(
        status__in=[MatchRun.Status.PUBLISHED, MatchRun.Status.DRAFT],
        created_at__date__lte=period.end,
    ).exclude(fairness={})
    if scope.kind == "program":
        runs = runs.filter(program_id=scope.id)
    run = runs.order_by("-status", "-created_at").first() if scope.kind != "group" else None
    rows: list[list[Any]] = []
    if run is not None:
        for attribute, values in sorted(run.fairness.items()):
            for value, cell in sorted(values.items()):
                rows.append(
                    [attribute, value, cell["mentees"], round(100 * cell["match_rate"], 1),
                     cell.get("mean_score")]
                )  # fmt: skip
        source = _("Match run %(id)s") % {"id": run.pk}
    else:
        rows = _fairness_from_enrollments(scope, period)
        source = _("Enrollments in the period")
    _flag(rows)
    return {
        "key": "fairness",
        "pillar": "fairness",
        "title": _("Fairness of matching"),
        "chart": "bar",
        "columns": [
            _("Attribute"),
            _("Value"),
            _("Mentees"),
            _("Match rate (%)"),
            _("Mean score"),
            _("Flag"),
        ],
        "rows": rows,
        "people": [2],
        "rates": {3: 2, 4: 2, 5: 2},
        "summary": source,
    }


def _fairness_from_enrollments(scope: Scope, period: Period) -> list[list[Any]]:
    mentees = enrollments(scope, period).filter(
        role__in=[Enrollment.Role.MENTEE, Enrollment.Role.BOTH]
    )
    rows: list[list[Any]] = []
    for low, high, label in LEVEL_BANDS:
        band = mentees.filter(person__level__rank__gte=low, person__level__rank__lte=high)
        n = band.count()
        if n:
            got = band.filter(status__in=MATCHED).count()
            rows.append(["level", label, n, round(100 * got / n, 1), None])
    by_country = (
        mentees.values("person__site__country_code")
        .annotate(n=Count("id"), got=Count("id", filter=Q(status__in=MATCHED)))
        .order_by("person__site__country_code")
    )
    for row in by_country:
        n = row["n"]
        rows.append(
            ["country", row["person__site__country_code"], n, round(100 * row["got"] / n, 1), None]
        )
    return rows


def _flag(rows: list[list[Any]]) -> None:
    """Append a flag column: notably less matched than the best-served value."""
    by_attribute: dict[str, list[list[Any]]] = {}
    for row in rows:
        by_attribute.setdefault(row[0], []).append(row)
    for group in by_attribute.values():
        total = sum(r[2] for r in group) or 1
        overall = sum(r[2] * (r[3] or 0) for r in group) / total
        best = max((r[3] or 0) for r in group)
        for row in group:
            rate = row[3] or 0
            low = rate < FAIRNESS_RATIO * best and rate < overall - 100 * FAIRNESS_GAP
            row.append(_("matched notably less") if low else "")


def _median(values: list[int]) -> float | None:
    return float(statistics.median(values)) if values else None
