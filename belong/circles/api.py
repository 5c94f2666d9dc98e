"""REST endpoints for circles: the same access rules and services as the pages. A care
circle's content and roster never leave through here to anyone but its members."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from belong.accounts.api_auth import require, require_scope
from belong.circles import access, queries, services
from belong.circles.models import CircleProgram
from belong.circles.services import CircleError

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


class ProgramOut(Schema):
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


class EnrollmentIn(Schema):
    role: str = "participant"
    themes: list[str] = []
    availability: list[str] = []
    conduct_acknowledged: bool = False


class EnrollmentOut(Schema):
    id: int
    program_id: int
    role: str
    status: str
    waiting_reason: str
    themes: list[str]


class SessionOut(Schema):
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
    sessions: list[SessionOut]


class PostIn(Schema):
    body: str


class PostOut(Schema):
    id: int
    author: str
    body: str
    at: dt.datetime


def _program_out(p: CircleProgram) -> dict[str, Any]:
    series = [
        {"position": s.position, "title": s.title, "prompts": s.prompts} for s in p.series.all()
    ]
    fields = {f: getattr(p, f) for f in ProgramOut.model_fields if f != "series"}
    return {**fields, "series": series}


@router.get("/circles/programs", response=list[ProgramOut], summary="Circle programs")
def list_programs(request: HttpRequest) -> Any:
    return _call(
        request,
        "read",
        lambda: [_program_out(p) for p in queries.programs_list().prefetch_related("series")],
    )


@router.post("/circles/programs/{program_id}/enrollments", response={201: EnrollmentOut})
def enroll(request: HttpRequest, program_id: int, body: EnrollmentIn) -> Any:
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


@router.get("/circles/{circle_id}/roster", summary="Who is in a circle")
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


@router.get("/circles/programs/{program_id}/report", summary="Aggregate figures (managers)")
def report(request: HttpRequest, program_id: int) -> Any:
    def run() -> Any:
        program = access.get_program_for(request.user, program_id, manage=True)
        if program.is_care:
            return queries.care_report(program)
        rows = queries.export_rows(program)
        return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]

    return _call(request, "read", run)
