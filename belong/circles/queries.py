"""Reads for circle pages, the API and exports. Callers have passed `access.py` first.

Care programs are reported in aggregate only, every figure through the privacy threshold.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Avg, Count, Prefetch, Q, QuerySet

from belong.circles import access
from belong.circles.models import (
    Attendance,
    Circle,
    CircleEnrollment,
    CircleMember,
    CircleProgram,
    CircleSession,
    ConcernReport,
    FormationRun,
    HelpRequest,
    Post,
    SessionFeedback,
)
from belong.common.privacy import min_group_size, suppress_small


def programs_list() -> QuerySet[CircleProgram]:
    return CircleProgram.objects.select_related("owner_group").order_by("name")


def my_circles(user: Any) -> list[Circle]:
    ids = access.my_memberships(user).values_list("circle_id", flat=True)
    return list(
        Circle.objects.filter(pk__in=ids)
        .select_related("program")
        .annotate(n_members=Count("members", distinct=True))
        .order_by("program__name", "name")
    )


def numbered(circle: Circle) -> list[tuple[CircleMember, str]]:
    """Members in a stable order with the name other members see."""
    members = list(circle.members.select_related("person").order_by("role", "id"))
    return [(m, access.shown_name(circle, m, number=k + 1)) for k, m in enumerate(members)]


def posts_for(circle: Circle) -> list[dict[str, Any]]:
    names = {m.pk: name for m, name in numbered(circle)}
    return [
        {"id": p.pk, "author": names.get(p.author_id, "?"), "body": p.body, "at": p.created_at}
        for p in Post.objects.filter(circle=circle).order_by("created_at", "id")
    ]


def sessions_for(circle: Circle, *, with_feedback: bool = False) -> list[CircleSession]:
    """The schedule with attendance counts; `with_feedback` (the lead's view, asked of
    `access.is_lead`) adds each session's ratings and comments."""
    sessions: list[CircleSession] = list(
        circle.sessions.select_related("theme")
        .annotate(
            present=Count("attendance", filter=Q(attendance__present=True), distinct=True),
            rating=Avg("feedback__rating"),
        )
        .order_by("position")
    )
    if with_feedback:
        texts: dict[int, list[str]] = {}
        rows = SessionFeedback.objects.filter(session__circle=circle).exclude(text="")
        for sid, text in rows.values_list("session_id", "text"):
            texts.setdefault(sid, []).append(text)
        for s in sessions:
            s.comments = texts.get(s.pk, [])  # type: ignore[attr-defined]
    return sessions


def run_circles(run: FormationRun) -> list[Circle]:
    """A draft's circles with their members (two queries, whatever the number of circles)."""
    members = CircleMember.objects.select_related("person").order_by("role", "person__legal_name")
    return list(run.circles.prefetch_related(Prefetch("members", queryset=members)).order_by("pk"))


def unplaced_for(run: FormationRun) -> list[dict[str, Any]]:
    ids = [u["enrollment"] for u in run.unplaced]
    names = dict(
        CircleEnrollment.objects.filter(pk__in=ids).values_list("pk", "person__legal_name")
    )
    return [{"name": names.get(u["enrollment"], "?"), "reason": u["reason"]} for u in run.unplaced]


def manage_overview(program: CircleProgram) -> dict[str, Any]:
    enrolled = program.enrollments.exclude(status=CircleEnrollment.Status.WITHDRAWN)
    counts = dict(enrolled.values("status").annotate(n=Count("id")).values_list("status", "n"))
    data: dict[str, Any] = {
        "runs": list(program.runs.order_by("-created_at")[:10]),
        "help": list(
            HelpRequest.objects.filter(circle__program=program, resolved_at__isnull=True)
            .select_related("circle", "asked_by__person")
            .order_by("-created_at")
        ),
        "concerns": list(
            ConcernReport.objects.filter(program=program, resolved_at__isnull=True)
            .select_related("reporter")
            .order_by("-created_at")
        ),
    }
    if program.is_care:
        data["enrolled"] = suppress_small(sum(counts.values()))
        data["care"] = care_report(program)
    else:
        data["enrolled"] = sum(counts.values())
        data["by_status"] = counts
        data["circles"] = list(
            program.circles.filter(published=True)
            .annotate(
                n_members=Count("members", distinct=True),
                n_held=Count("sessions", filter=Q(sessions__status="held"), distinct=True),
            )
            .order_by("pk")
        )
    return data


def care_report(program: CircleProgram) -> dict[str, int | None]:
    """Counts of circles, sessions held and attendance, each shown only when the people
    behind it are at least k; otherwise None ("fewer than k")."""
    circles = Circle.objects.filter(program=program, published=True)
    people = CircleMember.objects.filter(circle__in=circles).values("person_id").distinct().count()
    present = Attendance.objects.filter(session__circle__in=circles, present=True)
    present_people = present.values("member__person_id").distinct().count()
    enough = people >= min_group_size()
    return {
        "k": min_group_size(),
        "circles": circles.count() if enough else None,
        "members": suppress_small(people),
        "sessions_held": (
            CircleSession.objects.filter(circle__in=circles, status="held").count()
            if enough
            else None
        ),
        "attendance": present.count() if present_people >= min_group_size() else None,
    }


def export_rows(program: CircleProgram) -> list[list[Any]]:
    """CSV rows: per circle for mentoring programs; aggregate only for care programs."""
    if program.is_care:
        report = care_report(program)
        shown = {k: ("" if v is None else v) for k, v in report.items()}
        return [
            ["figure", "value", "note"],
            *(
                [k, shown[k], f"blank when fewer than {report['k']} people"]
                for k in ("circles", "members", "sessions_held", "attendance")
            ),
        ]
    overview = manage_overview(program)
    rows: list[list[Any]] = [["circle", "members", "sessions held"]]
    rows += [[c.name, c.n_members, c.n_held] for c in overview["circles"]]
    return rows
