"""REST endpoints for circles: the same access rules and services as the pages. A care
circle's content and roster never leave through here to anyone but its members."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from belong.accounts.api_auth import require, require_scope
from belong.circles import access, queries, services
from belong.circles.ics import session_ics
from belong.circles.models import CircleEnrollment, CircleMember, CircleProgram
from belong.circles.services import CircleError
from belong.common.api_fields import ICS_RESPONSE, Body, Id, Rating, text

router = Router(tags=["circles"])
T = TypeVar("T")


def _call(request: HttpRequest, scope: str, fn: Callable[[], T]) -> T:
    require_scope(request, scope)
    require(access.can_use_circles(request.user))
    try:
        return fn()
    except CircleError as exc:
        raise HttpError(409, exc.message) from None
    except PermissionDenied:
        raise HttpError(403, "You are not allowed to do this.") from None
    except Http404:
        raise HttpError(404, "Not found.") from None


class CircleProgramOut(Schema):
    id: int
    name: str
    description: str
    kind: str
    is_open: bool
    min_size: int
    max_size: int
    starts_on: dt.date
    cadence_days: int
    series: list[dict[str, Any]] = []


class CircleEnrollmentIn(Schema):
    role: CircleEnrollment.Role = CircleEnrollment.Role.PARTICIPANT
    themes: list[text(80)] = []
    availability: list[text(40)] = []
    conduct_acknowledged: bool = False


class CircleEnrollmentOut(Schema):
    id: int
    program_id: int
    role: str
    status: str
    waiting_reason: str
    themes: list[str]


class CircleSessionOut(Schema):
    id: int
    position: int
    title: str
    starts_at: dt.datetime
    status: str


class CircleOut(Schema):
    id: int
    program_id: int
    name: str
    kind: str
    sessions: list[CircleSessionOut]


class PostIn(Schema):
    body: text(5000)


class RosterEntryOut(Schema):
    name: str
    shown_as: str
    lead: bool


class FeedbackIn(Schema):
    rating: Rating
    text: Body = ""


class MessageIn(Schema):
    message: text(5000)
    share_identity: bool = False  # concerns only: the manager may know who wrote


class DisplayNameIn(Schema):
    display_name: text(60, required=False)


class AttendanceIn(Schema):
    present: list[Id] = []  # member ids (see the roster)
    notes: Body | None = None


class DoneOut(Schema):
    detail: str


class PostOut(Schema):
    id: int
    author: str
    body: str
    at: dt.datetime


def _program_out(p: CircleProgram) -> dict[str, Any]:
    series = [
        {"position": s.position, "title": s.title, "prompts": s.prompts} for s in p.series.all()
    ]
    fields = {f: getattr(p, f) for f in CircleProgramOut.model_fields if f != "series"}
    return {**fields, "series": series}


@router.get("/circles/programs", response=list[CircleProgramOut], summary="Circle programs")
def list_programs(request: HttpRequest) -> Any:
    return _call(
        request,
        "read",
        lambda: [_program_out(p) for p in queries.programs_list().prefetch_related("series")],
    )


@router.get(
    "/circles/programs/{program_id}", response=CircleProgramOut, summary="One circle program"
)
def get_program(request: HttpRequest, program_id: int) -> Any:
    return _call(
        request, "read", lambda: _program_out(access.get_program_for(request.user, program_id))
    )


@router.get(
    "/circles/programs/{program_id}/enrollment",
    response=CircleEnrollmentOut,
    summary="Your enrollment in a circle program",
)
def my_enrollment(request: HttpRequest, program_id: int) -> Any:
    def run() -> Any:
        program = access.get_program_for(request.user, program_id)
        mine = access.own_enrollment(request.user, program)
        if mine is None:
            raise HttpError(404, "You are not enrolled in this program.")
        return mine

    return _call(request, "read", run)


@router.post(
    "/circles/enrollments/{enrollment_id}/withdraw",
    response=CircleEnrollmentOut,
    summary="Leave a circle program",
)
def withdraw(request: HttpRequest, enrollment_id: int) -> Any:
    def run() -> Any:
        enrollment = access.get_enrollment_for(request.user, enrollment_id)
        return services.enrollment_withdraw(enrollment=enrollment)

    return _call(request, "write", run)


@router.post(
    "/circles/programs/{program_id}/enrollments",
    response={201: CircleEnrollmentOut},
    summary="Enrol in a circle program",
)
def enroll(request: HttpRequest, program_id: int, body: CircleEnrollmentIn) -> Any:
    def run() -> Any:
        program = access.get_program_for(request.user, program_id)
        person = access.viewer(request.user)
        if person is None:
            raise HttpError(403, "Only employees take part in circles.")
        return Status(
            201, services.enrollment_create(program=program, person=person, **body.dict())
        )

    return _call(request, "write", run)


@router.get("/circles/mine", response=list[CircleOut], summary="The circles I am in")
def mine(request: HttpRequest) -> Any:
    def run() -> Any:
        return [
            {
                "id": c.pk,
                "program_id": c.program_id,
                "name": c.name,
                "kind": c.program.kind,
                "sessions": list(c.sessions.order_by("position")),
            }
            for c in queries.my_circles(request.user)
        ]

    return _call(request, "read", run)


@router.get("/circles/{circle_id}", response=CircleOut, summary="One circle and its schedule")
def get_circle(request: HttpRequest, circle_id: int) -> Any:
    def run() -> Any:
        c = access.get_circle_for(request.user, circle_id)
        return {
            "id": c.pk,
            "program_id": c.program_id,
            "name": c.name,
            "kind": c.program.kind,
            "sessions": queries.sessions_for(c),
        }

    return _call(request, "read", run)


@router.get(
    "/circles/{circle_id}/roster",
    response=list[RosterEntryOut],
    summary="Who is in a circle (care circles: members only, by chosen name)",
)
def roster(request: HttpRequest, circle_id: int) -> Any:
    def run() -> Any:
        c = access.get_circle_for(request.user, circle_id)
        if not access.can_see_roster(request.user, c):
            raise PermissionDenied
        services.roster_read_record(actor=request.user, circle=c)
        return [
            {"name": m.person.display_name, "shown_as": shown, "lead": m.is_lead}
            for m, shown in queries.numbered(c)
        ]

    return _call(request, "read", run)


@router.get("/circles/{circle_id}/posts", response=list[PostOut], summary="A circle's discussion")
def list_posts(request: HttpRequest, circle_id: int) -> Any:
    def run() -> Any:
        return queries.posts_for(access.get_circle_for(request.user, circle_id, content=True))

    return _call(request, "read", run)


@router.post("/circles/{circle_id}/posts", response={201: PostOut}, summary="Post in a circle")
def create_post(request: HttpRequest, circle_id: int, body: PostIn) -> Any:
    def run() -> Any:
        circle = access.get_circle_for(request.user, circle_id, content=True)
        seat = access.membership(request.user, circle)
        if seat is None:
            raise PermissionDenied
        post = services.post_create(circle=circle, author=seat, body=body.body)
        shown = {m.pk: name for m, name in queries.numbered(circle)}
        return Status(
            201, {"id": post.pk, "author": shown[seat.pk], "body": post.body, "at": post.created_at}
        )

    return _call(request, "write", run)


@router.get(
    "/circles/programs/{program_id}/report",
    response=dict[str, Any] | list[dict[str, Any]],
    summary="Aggregate figures (managers; care programs: k-thresholded counts only)",
)
def report(request: HttpRequest, program_id: int) -> Any:
    def run() -> Any:
        program = access.get_program_for(request.user, program_id, manage=True)
        if program.is_care:
            return queries.care_report(program)
        rows = queries.export_rows(program)
        return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]

    return _call(request, "read", run)


def _seat(request: HttpRequest, circle: Any) -> CircleMember:
    seat = access.membership(request.user, circle)
    if seat is None:
        raise PermissionDenied
    return seat


@router.post(
    "/circles/{circle_id}/feedback",
    response=DoneOut,
    summary="Rate the series once it is over (members)",
)
def series_feedback(request: HttpRequest, circle_id: int, body: FeedbackIn) -> Any:
    def run() -> Any:
        circle = access.get_circle_for(request.user, circle_id, content=True)
        services.series_feedback_give(
            circle=circle, member=_seat(request, circle), rating=body.rating, text=body.text
        )
        return {"detail": "Thank you for your feedback."}

    return _call(request, "write", run)


@router.post(
    "/circles/{circle_id}/help",
    response={201: DoneOut},
    summary="Ask the program manager for help (circle leads)",
)
def ask_help(request: HttpRequest, circle_id: int, body: MessageIn) -> Any:
    def run() -> Any:
        circle = access.get_circle_for(request.user, circle_id, content=True)
        services.help_request_create(
            circle=circle, lead=_seat(request, circle), message=body.message
        )
        return Status(201, {"detail": "Your program manager has been asked for help."})

    return _call(request, "write", run)


@router.post(
    "/circles/{circle_id}/concerns",
    response={201: DoneOut},
    summary="Report a concern to the program manager only (care circles)",
)
def report_concern(request: HttpRequest, circle_id: int, body: MessageIn) -> Any:
    def run() -> Any:
        circle = access.get_circle_for(request.user, circle_id, content=True)
        if not circle.program.is_care:
            raise HttpError(404, "Concerns are reported in care circles.")
        services.concern_report(
            circle=circle,
            member=_seat(request, circle),
            message=body.message,
            share_identity=body.share_identity,
        )
        return Status(201, {"detail": "Your concern was sent to the program manager only."})

    return _call(request, "write", run)


@router.put(
    "/circles/{circle_id}/display-name",
    response=RosterEntryOut,
    summary="The name you go by in a care circle",
)
def set_display_name(request: HttpRequest, circle_id: int, body: DisplayNameIn) -> Any:
    def run() -> Any:
        circle = access.get_circle_for(request.user, circle_id, content=True)
        if not circle.program.is_care:
            raise HttpError(404, "Chosen names are for care circles.")
        seat = services.display_name_set(
            member=_seat(request, circle), display_name=body.display_name
        )
        shown = dict(queries.numbered(circle))
        return {"name": shown[seat], "shown_as": shown[seat], "lead": seat.is_lead}

    return _call(request, "write", run)


@router.post(
    "/circles/sessions/{session_id}/attendance",
    response=DoneOut,
    summary="Record who came to a session (circle leads)",
)
def record_attendance(request: HttpRequest, session_id: int, body: AttendanceIn) -> Any:
    def run() -> Any:
        session = access.get_session_for(request.user, session_id, lead=True)
        n = services.attendance_record(session=session, present_ids=body.present, notes=body.notes)
        return {"detail": f"Attendance saved: {n} present."}

    return _call(request, "write", run)


@router.post(
    "/circles/sessions/{session_id}/feedback",
    response=DoneOut,
    summary="Rate a session you attended (members)",
)
def session_feedback(request: HttpRequest, session_id: int, body: FeedbackIn) -> Any:
    def run() -> Any:
        session = access.get_session_for(request.user, session_id)
        services.session_feedback_give(
            session=session,
            member=_seat(request, session.circle),
            rating=body.rating,
            text=body.text,
        )
        return {"detail": "Thank you for your feedback."}

    return _call(request, "write", run)


@router.get(
    "/circles/sessions/{session_id}/invite.ics",
    summary="A circle session's invitation (iCalendar)",
    openapi_extra=ICS_RESPONSE,
)
def session_invite(request: HttpRequest, session_id: int) -> HttpResponse:
    def run() -> HttpResponse:
        session = access.get_session_for(request.user, session_id)
        person = access.viewer(request.user)
        if person is None:
            raise PermissionDenied
        return HttpResponse(
            session_ics(session, person), content_type="text/calendar; charset=utf-8"
        )

    return _call(request, "read", run)


from belong.circles.api_manage import router as manage_router  # noqa: E402 - needs the above

router.add_router("", manage_router)
