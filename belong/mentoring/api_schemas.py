"""Request and response bodies of the mentoring API."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import Field

from belong.common.api_fields import Body, Id, Rating, text
from belong.mentoring.models import Enrollment, MentorRequest, Relationship


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
    role: Enrollment.Role = Enrollment.Role.MENTEE
    goals: Body = ""
    expertise: Body = ""
    topics_sought: list[Id] = []
    topics_offered: list[Id] = []
    preferred_traits: Body = ""
    availability: list[text(40)] = []
    languages: list[text(12)] | None = None
    capacity: Annotated[int, Field(ge=1, le=20)] | None = None


class EnrollmentPatch(Schema):
    """Only the fields sent (and not null) change."""

    goals: Body | None = None
    expertise: Body | None = None
    topics_sought: list[Id] | None = None
    topics_offered: list[Id] | None = None
    preferred_traits: Body | None = None
    availability: list[text(40)] | None = None
    languages: list[text(12)] | None = None
    capacity: Annotated[int, Field(ge=1, le=20)] | None = None


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
    mentor_enrollment_id: Id
    message: Body


class TextIn(Schema):
    text: Body = ""


class GoalStatusIn(Schema):
    text: Literal["open", "in_progress", "done", "dropped"]


class ShortlistOut(Schema):
    mentor_enrollment_id: int
    name: str
    score: float
    reasons: list[Any]


class RequestActionOut(Schema):
    status: str
    relationship_id: int | None = None


class NoteOut(Schema):
    text: str


class SurveyAnswerOut(Schema):
    side: str
    rating: int | None
    nps: int | None
    comment: str


class SurveyOut(Schema):
    id: int
    kind: str
    due_on: dt.date
    answers: list[SurveyAnswerOut]


class PairStateOut(Schema):
    id: int
    pinned: bool
    removed: bool


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

    cadence: text(120, required=False) = ""
    duration_weeks: Annotated[int, Field(ge=1, le=104)] = 16
    confidentiality: Body = ""
    expectations: Body = ""
    reason: text(300, required=False) = ""


class GoalIn(Schema):
    title: text(200)
    due: dt.date | None = None


class IdOut(Schema):
    id: int


class SessionIn(Schema):
    starts_at: dt.datetime
    minutes: Annotated[int, Field(ge=5, le=480)] = 45
    video_link: text(200, required=False) = ""


class SessionLogIn(Schema):
    topic_ids: list[Id] = []
    shared_notes: Body = ""
    private_note: Body = ""


class SessionOut(Schema):
    id: int
    starts_at: dt.datetime
    minutes: int
    status: str
    video_link: str
    shared_notes: str
    topics: list[str]


class SurveyIn(Schema):
    rating: Rating
    nps: Annotated[int, Field(ge=0, le=10)]
    comment: Body = ""


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
