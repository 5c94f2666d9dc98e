"""Reads for mentoring pages and the API. Each list is a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Prefetch, Q, Sum
from django.utils import timezone

from belong.mentoring.models import (
    Enrollment,
    Goal,
    MatchRun,
    MentorRequest,
    Program,
    Relationship,
    Session,
    SessionTopic,
    Survey,
    SurveyResponse,
    Topic,
)
from belong.people.models import Person

AT_RISK_SHOWN = 100


def programs_list() -> list[Program]:
    return list(
        Program.objects.annotate(
            enrolled=Count("enrollments", filter=~Q(enrollments__status="withdrawn"))
        ).order_by("name")
    )


def my_mentoring(person: Person | None) -> dict[str, Any]:
    if person is None:
        return {"enrollments": [], "sent": [], "received": [], "relationships": []}
    requests = MentorRequest.objects.select_related(
        "program", "mentee__person", "mentor__person"
    ).order_by("-created_at")
    return {
        "enrollments": list(
            Enrollment.objects.filter(person=person)
            .exclude(status=Enrollment.Status.WITHDRAWN)
            .select_related("program")
        ),
        "sent": list(requests.filter(mentee__person=person)[:50]),
        "received": list(requests.filter(mentor__person=person)[:50]),
        "relationships": list(
            Relationship.objects.filter(Q(mentee_person=person) | Q(mentor_person=person))
            .select_related("program", "mentee_person", "mentor_person")
            .order_by("-created_at")[:50]
        ),
    }


def relationship_detail(rel: Relationship) -> dict[str, Any]:
    topics = list(Topic.objects.filter(program_id=rel.program_id))
    sessions = list(
        Session.objects.filter(relationship=rel).prefetch_related(
            Prefetch("topics", queryset=Topic.objects.order_by("position"))
        )
    )
    covered = {t.pk for s in sessions if s.status == Session.Status.HELD for t in s.topics.all()}
    target = rel.program.target_sessions
    return {
        "goals": list(Goal.objects.filter(relationship=rel).prefetch_related("milestones")),
        "sessions": sessions,
        "topics": topics,
        "covered": covered,
        "coverage": [(t, t.pk in covered) for t in topics],
        "progress": min(100, int(100 * rel.sessions_logged / target)) if target else 0,
        "target": target,
        "surveys": list(Survey.objects.filter(relationship=rel).prefetch_related("responses")),
    }


def run_pairs(run: MatchRun, limit: int = 500) -> list[Any]:
    return list(
        run.pairs.select_related("mentee__person", "mentor__person").order_by(
            "removed", "-pinned", "-score", "id"
        )[:limit]
    )


def _nps(scores: list[tuple[int, int]]) -> float | None:
    """(nps value, count) rows → promoters % minus detractors %."""
    total = sum(n for _, n in scores)
    if not total:
        return None
    promoters = sum(n for v, n in scores if v >= 9)
    detractors = sum(n for v, n in scores if v <= 6)
    return round(100 * (promoters - detractors) / total, 1)


def _round(value: float | None) -> float | None:
    return round(value, 2) if value is not None else None


def dashboard(program: Program) -> dict[str, Any]:
    """Every figure on the program dashboard; about ten aggregate queries at any size."""
    enrollments = Enrollment.objects.filter(program=program).exclude(status="withdrawn")
    by = enrollments.aggregate(
        total=Count("id"),
        mentees=Count("id", filter=Q(role__in=["mentee", "both"])),
        mentors=Count("id", filter=Q(role__in=["mentor", "both"])),
        waitlisted=Count("id", filter=Q(status="waitlisted")),
        matched_mentees=Count(
            "id", filter=Q(status__in=["matched", "completed"], role__in=["mentee", "both"])
        ),
    )
    rels = Relationship.objects.filter(program=program)
    states = dict(rels.order_by().values_list("state").annotate(n=Count("id")))
    wait = ExpressionWrapper(
        F("created_at") - F("mentee__created_at"), output_field=DurationField()
    )
    timing = rels.aggregate(time_to_match=Avg(wait), sessions=Sum("sessions_logged"))
    ttm: dt.timedelta | None = timing["time_to_match"]
    coverage_rows = dict(
        SessionTopic.objects.filter(topic__program=program)
        .order_by()
        .values_list("topic_id")
        .annotate(n=Count("id"))
    )
    topics = list(Topic.objects.filter(program=program))
    responses = SurveyResponse.objects.filter(survey__relationship__program=program)
    survey = responses.aggregate(
        answers=Count("id"),
        avg_rating=Avg("rating"),
        avg_checkin=Avg("rating", filter=Q(survey__kind="checkin")),
        avg_closeout=Avg("rating", filter=Q(survey__kind="closeout")),
    )
    nps_rows = list(responses.order_by().values_list("nps").annotate(n=Count("id")))
    at_risk = list(
        rels.filter(state=Relationship.State.ACTIVE, at_risk_since__isnull=False)
        .select_related("mentee_person", "mentor_person")
        .order_by("at_risk_since")[:AT_RISK_SHOWN]
    )
    mentees = by["mentees"] or 0
    return {
        "enrolled": by["total"],
        "mentees": mentees,
        "mentors": by["mentors"],
        "waitlisted": by["waitlisted"],
        "matched_mentees": by["matched_mentees"],
        "matched_pct": round(100 * by["matched_mentees"] / mentees, 1) if mentees else 0.0,
        "time_to_match_days": round(ttm.total_seconds() / 86400, 1) if ttm else None,
        "states": {s: states.get(s, 0) for s in Relationship.State.values},
        "active": states.get(Relationship.State.ACTIVE, 0),
        "sessions_logged": timing["sessions"] or 0,
        "topic_coverage": [(t.name, coverage_rows.get(t.pk, 0)) for t in topics],
        "survey_answers": survey["answers"],
        "rating": _round(survey["avg_rating"]),
        "checkin_rating": _round(survey["avg_checkin"]),
        "closeout_rating": _round(survey["avg_closeout"]),
        "nps": _nps(nps_rows),
        "at_risk": at_risk,
        "at_risk_total": rels.filter(
            state=Relationship.State.ACTIVE, at_risk_since__isnull=False
        ).count(),
        "runs": list(MatchRun.objects.filter(program=program).order_by("-created_at")[:5]),
        "as_of": timezone.now(),
    }


def dashboard_rows(data: dict[str, Any]) -> list[list[Any]]:
    """The dashboard as CSV rows: section, item, value."""
    rows: list[list[Any]] = [["section", "item", "value"]]
    for key in (
        "enrolled",
        "mentees",
        "mentors",
        "waitlisted",
        "matched_mentees",
        "matched_pct",
        "time_to_match_days",
        "active",
        "sessions_logged",
        "survey_answers",
        "rating",
        "checkin_rating",
        "closeout_rating",
        "nps",
        "at_risk_total",
    ):
        rows.append(["summary", key, data[key]])
    rows += [["relationships by state", s, n] for s, n in data["states"].items()]
    rows += [["topic coverage (sessions)", name, n] for name, n in data["topic_coverage"]]
    for rel in data["at_risk"]:
        rows.append(
            [
                "at risk",
                f"{rel.mentee_person.display_name} / {rel.mentor_person.display_name}",
                rel.at_risk_since.isoformat() if rel.at_risk_since else "",
            ]
        )
    return rows


def run_pairs_one(pair_id: int) -> Any:
    from belong.mentoring.models import ProposedPair

    return ProposedPair.objects.select_related("run", "mentee__person", "mentor__person").get(
        pk=pair_id
    )
