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


def _mean_rating(rows: list[tuple[str, int, int, int]], kind: str | None = None) -> float | None:
    """(kind, nps, count, sum of ratings) rows → the mean rating, of one kind or all."""
    picked = [(n, total) for k, _, n, total in rows if kind is None or k == kind]
    count = sum(n for n, _ in picked)
    return round(sum(total for _, total in picked) / count, 2) if count else None


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
        time_to_match=Avg(
            ExpressionWrapper(F("matched_at") - F("created_at"), output_field=DurationField())
        ),
    )
    rels = Relationship.objects.filter(program=program)
    # One pass over the relationships for every figure about them.
    rel = rels.aggregate(
        **{f"state_{s}": Count("id", filter=Q(state=s)) for s in Relationship.State.values},
        sessions=Sum("sessions_logged"),
        at_risk_total=Count("id", filter=Q(state="active", at_risk_since__isnull=False)),
    )
    ttm: dt.timedelta | None = by["time_to_match"]
    topics = list(Topic.objects.filter(program=program))
    coverage_rows = dict(
        SessionTopic.objects.filter(topic_id__in=[t.pk for t in topics])
        .order_by()
        .values_list("topic_id")
        .annotate(n=Count("id"))
    )
    # One grouped pass over the survey answers: ratings by kind and the NPS distribution.
    answers = list(
        SurveyResponse.objects.filter(program=program)
        .order_by()
        .values_list("kind", "nps")
        .annotate(n=Count("id"), ratings=Sum("rating"))
    )
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
        "states": {s: rel[f"state_{s}"] for s in Relationship.State.values},
        "active": rel[f"state_{Relationship.State.ACTIVE}"],
        "sessions_logged": rel["sessions"] or 0,
        "topic_coverage": [(t.name, coverage_rows.get(t.pk, 0)) for t in topics],
        "survey_answers": sum(n for _, _, n, _ in answers),
        "rating": _mean_rating(answers),
        "checkin_rating": _mean_rating(answers, "checkin"),
        "closeout_rating": _mean_rating(answers, "closeout"),
        "nps": _nps([(nps, n) for _, nps, n, _ in answers]),
        "at_risk": at_risk,
        "at_risk_total": rel["at_risk_total"],
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
