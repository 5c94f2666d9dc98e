"""Mentoring enrollments, requests, relationships with their goals and sessions, the
person's own private notes and survey answers."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from belong.mentoring.models import (
    Enrollment,
    Goal,
    MentorRequest,
    PrivateNote,
    Relationship,
    Session,
    SurveyResponse,
)
from belong.people.models import Person
from belong.privacy.export import rows


def sections(person: Person, user: Any) -> dict[str, Any]:
    mine = Q(mentee_person=person) | Q(mentor_person=person)
    relationships = rows(
        Relationship.objects.filter(mine).order_by("created_at", "id"),
        "id",
        "program__name",
        "mentee_person_id",
        "mentor_person_id",
        "state",
        "cadence",
        "duration_weeks",
        "confidentiality",
        "expectations",
        "mentee_confirmed_at",
        "mentor_confirmed_at",
        "started_at",
        "ended_at",
        "close_reason",
        "sessions_logged",
        "created_at",
    )
    for rel in relationships:
        # Which side the person was on; the other side is named by id only.
        rel["my_side"] = "mentee" if rel.pop("mentee_person_id") == person.pk else "mentor"
        rel.pop("mentor_person_id")
    relationship_ids = [rel["id"] for rel in relationships]
    return {
        "mentoring_enrollments": rows(
            Enrollment.objects.filter(person=person).order_by("created_at", "id"),
            "program__name",
            "cycle__name",
            "role",
            "status",
            "waitlist_reason",
            "goals",
            "expertise",
            "topics_sought",
            "topics_offered",
            "preferred_traits",
            "availability",
            "languages",
            "capacity",
            "matched_at",
            "created_at",
        ),
        "mentor_requests": rows(
            MentorRequest.objects.filter(Q(mentee__person=person) | Q(mentor__person=person)),
            "program__name",
            "message",
            "reply",
            "status",
            "created_at",
            "expires_at",
            "responded_at",
        ),
        "mentoring_relationships": relationships,
        "mentoring_goals": rows(
            Goal.objects.filter(relationship_id__in=relationship_ids),
            "relationship_id",
            "title",
            "status",
            "due",
            "created_at",
        ),
        "mentoring_sessions": rows(
            Session.objects.filter(relationship_id__in=relationship_ids),
            "relationship_id",
            "starts_at",
            "minutes",
            "status",
            "shared_notes",
            "logged_at",
        ),
        "my_private_notes": rows(
            PrivateNote.objects.filter(author=person),
            "session__relationship_id",
            "session__starts_at",
            "text",
            "created_at",
            "updated_at",
        ),
        "survey_answers": rows(
            SurveyResponse.objects.filter(respondent=person),
            "program__name",
            "kind",
            "side",
            "rating",
            "nps",
            "comment",
            "created_at",
        ),
    }
