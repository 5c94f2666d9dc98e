"""Request and response bodies of the mentoring API."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema

from belong.mentoring.models import MentorRequest, Relationship


class ProgramOut(Schema):
    id: int
    name: str
    description: str
    style: str
    schedule: str
    is_open: bool
    relationship_weeks: int
    target_sessions: int
    request_cap: int
    mentor_capacity_max: int
    topics: list[dict[str, Any]] = []


class EnrollmentIn(Schema):
    role: str = "mentee"
    goals: str = ""
    expertise: str = ""
    topics_sought: list[int] = []
    topics_offered: list[int] = []
    preferred_traits: str = ""
    availability: list[str] = []
    languages: list[str] | None = None
    capacity: int | None = None


class EnrollmentPatch(Schema):
    goals: str | None = None
    expertise: str | None = None
    topics_sought: list[int] | None = None
    topics_offered: list[int] | None = None
    preferred_traits: str | None = None
    availability: list[str] | None = None
    languages: list[str] | None = None
    capacity: int | None = None


class EnrollmentOut(Schema):
    id: int
    program_id: int
    role: str
    status: str
    waitlist_reason: str
    goals: str
    topics_sought: list[int]
    topics_offered: list[int]
    capacity: int
    load: int


class RequestIn(Schema):
    mentor_enrollment_id: int
    message: str


class TextIn(Schema):
    text: str = ""


class RequestOut(Schema):
    id: int
    program_id: int
    mentee_enrollment_id: int
    mentor_enrollment_id: int
    message: str
    reply: str
    status: str
    expires_at: dt.datetime

    @staticmethod
    def of(r: MentorRequest) -> dict[str, Any]:
        return {
            "id": r.pk,
            "program_id": r.program_id,
            "mentee_enrollment_id": r.mentee_id,
            "mentor_enrollment_id": r.mentor_id,
            "message": r.message,
            "reply": r.reply,
            "status": r.status,
            "expires_at": r.expires_at,
        }


class RelationshipOut(Schema):
    id: int
    program_id: int
    state: str
    mentee: str
    mentor: str
    cadence: str
    duration_weeks: int
    confidentiality: str
    expectations: str
    mentee_confirmed: bool
    mentor_confirmed: bool
    sessions_logged: int
    at_risk: bool
    close_reason: str

    @staticmethod
    def of(r: Relationship) -> dict[str, Any]:
        return {
            "id": r.pk,
            "program_id": r.program_id,
            "state": r.state,
            "mentee": r.mentee_person.display_name,
            "mentor": r.mentor_person.display_name,
            "cadence": r.cadence,
            "duration_weeks": r.duration_weeks,
            "confidentiality": r.confidentiality,
            "expectations": r.expectations,
            "mentee_confirmed": r.mentee_confirmed_at is not None,
            "mentor_confirmed": r.mentor_confirmed_at is not None,
            "sessions_logged": r.sessions_logged,
            "at_risk": r.at_risk_since is not None,
            "close_reason": r.close_reason,
        }


class RelationshipActionIn(Schema):
    """The agreement's terms (action `agreement`) or the reason (action `close`)."""

    cadence: str = ""
    duration_weeks: int = 16
    confidentiality: str = ""
    expectations: str = ""
    reason: str = ""


class GoalIn(Schema):
    title: str
    due: dt.date | None = None


class IdOut(Schema):
    id: int


class SessionIn(Schema):
    starts_at: dt.datetime
    minutes: int = 45
    video_link: str = ""


class SessionLogIn(Schema):
    topic_ids: list[int] = []
    shared_notes: str = ""
    private_note: str = ""


class SessionOut(Schema):
    id: int
    starts_at: dt.datetime
    minutes: int
    status: str
    video_link: str
    shared_notes: str
    topics: list[str]


class SurveyIn(Schema):
    rating: int
    nps: int
    comment: str = ""


class RunOut(Schema):
    id: int
    program_id: int
    status: str
    progress: int
    stage: str
    quality: dict[str, Any]
    fairness: dict[str, Any]
    error: str


class PairOut(Schema):
    id: int
    mentee_enrollment_id: int
    mentor_enrollment_id: int
    mentee: str
    mentor: str
    score: float
    explanation: dict[str, Any]
    pinned: bool
    removed: bool
