"""Circle enrollments and memberships, the person's own posts, feedback, help requests and
concerns — never other members' names or words."""

from __future__ import annotations

from typing import Any

from belong.circles.models import (
    CircleEnrollment,
    CircleMember,
    ConcernReport,
    HelpRequest,
    Post,
    SeriesFeedback,
    SessionFeedback,
)
from belong.people.models import Person
from belong.privacy.export import rows


def sections(person: Person, user: Any) -> dict[str, Any]:
    members = CircleMember.objects.filter(person=person)
    return {
        "circle_enrollments": rows(
            CircleEnrollment.objects.filter(person=person).order_by("created_at", "id"),
            "program__name",
            "role",
            "status",
            "waiting_reason",
            "themes",
            "availability",
            "conduct_acknowledged_at",
            "created_at",
        ),
        "circle_memberships": rows(
            members, "circle__name", "circle__program__name", "role", "display_name", "joined_late"
        ),
        "circle_posts": rows(
            Post.objects.filter(author__in=members), "circle__name", "body", "created_at"
        ),
        "circle_session_feedback": rows(
            SessionFeedback.objects.filter(member__in=members),
            "session__circle__name",
            "session__title",
            "rating",
            "text",
            "created_at",
        ),
        "circle_series_feedback": rows(
            SeriesFeedback.objects.filter(member__in=members),
            "circle__name",
            "rating",
            "text",
            "created_at",
        ),
        "circle_help_requests": rows(
            HelpRequest.objects.filter(asked_by__in=members),
            "circle__name",
            "message",
            "created_at",
            "resolved_at",
        ),
        "circle_concerns": rows(
            ConcernReport.objects.filter(reporter=person),
            "program__name",
            "message",
            "share_identity",
            "created_at",
            "resolved_at",
        ),
    }
