"""REST endpoints for circle program managers: overview, formation drafts (start, move,
lock, re-run, publish), help requests and concerns. The same rules as the manager's pages:
care programs show counts, never names, and their drafts cannot be rearranged by hand."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from belong.circles import access, queries, services
from belong.circles import services_formation as formation
from belong.circles.api import _call
from belong.circles.models import Circle, ConcernReport, FormationRun, HelpRequest
from belong.common.api_fields import Id

router = Router(tags=["circles"])


class FormationRunOut(Schema):
    id: int
    program_id: int
    status: str
    figures: dict[str, Any]
    error: str
    published_at: dt.datetime | None


class DraftMemberOut(Schema):
    id: int
    name: str | None  # None in care drafts: who is in which circle stays sealed
    lead: bool


class DraftCircleOut(Schema):
    id: int
    name: str
    locked: bool
    members: list[DraftMemberOut]


class UnplacedOut(Schema):
    name: str
    reason: str


class FormationDraftOut(FormationRunOut):
    circles: list[DraftCircleOut]
    unplaced: list[UnplacedOut] | None


class HelpOut(Schema):
    id: int
    circle_id: int
    message: str
    created_at: dt.datetime


class ConcernOut(Schema):
    id: int
    circle_id: int | None
    message: str
    reporter: str | None  # only when the reporter agreed to be known
    created_at: dt.datetime


class OverviewOut(Schema):
    program_id: int
    enrolled: int | None
    by_status: dict[str, int] | None
    care: dict[str, int | None] | None
    runs: list[FormationRunOut]
    help: list[HelpOut]
    concerns: list[ConcernOut]


class LockIn(Schema):
    locked: bool


class MoveIn(Schema):
    circle_id: Id


def _run_out(run: FormationRun) -> dict[str, Any]:
    return {
        "id": run.pk,
        "program_id": run.program_id,
        "status": run.status,
        "figures": run.figures or {},
        "error": run.error,
        "published_at": run.published_at,
    }


def _draft_out(run: FormationRun | None) -> dict[str, Any]:
    assert run is not None  # draft circles always belong to a run
    names = access.draft_names_visible(run.program)
    circles = [
        {
            "id": c.pk,
            "name": c.name,
            "locked": c.locked,
            "members": [
                {"id": m.pk, "name": m.person.display_name if names else None, "lead": m.is_lead}
                for m in c.members.all()
            ]
            if names
            else [],
        }
        for c in queries.run_circles(run)
    ]
    return {
        **_run_out(run),
        "circles": circles,
        "unplaced": queries.unplaced_for(run) if names else None,
    }


@router.get(
    "/circles/programs/{program_id}/overview",
    response=OverviewOut,
    summary="A circle program's overview, help requests and concerns (managers)",
)
def overview(request: HttpRequest, program_id: int) -> Any:
    def run() -> Any:
        program = access.get_program_for(request.user, program_id, manage=True)
        d = queries.manage_overview(program)
        return {
            "program_id": program.pk,
            "enrolled": d["enrolled"],
            "by_status": d.get("by_status"),
            "care": d.get("care"),
            "runs": [_run_out(r) for r in d["runs"]],
            "help": [
                {
                    "id": h.pk,
                    "circle_id": h.circle_id,
                    "message": h.message,
                    "created_at": h.created_at,
                }
                for h in d["help"]
            ],
            "concerns": [
                {
                    "id": c.pk,
                    "circle_id": c.circle_id,
                    "message": c.message,
                    "reporter": c.reporter.display_name if c.share_identity else None,
                    "created_at": c.created_at,
                }
                for c in d["concerns"]
            ],
        }

    return _call(request, "read", run)


@router.post(
    "/circles/programs/{program_id}/runs",
    response={202: FormationRunOut},
    summary="Form circles from the enrollments: starts a draft (managers)",
)
def start_formation(request: HttpRequest, program_id: int) -> Any:
    def run() -> Any:
        program = access.get_program_for(request.user, program_id, manage=True)
        made = formation.formation_start(program=program, user=request.user)
        made.refresh_from_db()
        return Status(202, _run_out(made))

    return _call(request, "write", run)


@router.get(
    "/circles/runs/{run_id}",
    response=FormationDraftOut,
    summary="A formation draft and its circles",
)
def get_run(request: HttpRequest, run_id: int) -> Any:
    return _call(request, "read", lambda: _draft_out(access.get_run_for(request.user, run_id)))


@router.post(
    "/circles/runs/{run_id}/actions/{action}",
    response=FormationDraftOut,
    summary="Publish a draft (everyone is told) or re-run it (managers)",
)
def act_on_run(request: HttpRequest, run_id: int, action: Literal["publish", "rerun"]) -> Any:
    def run() -> Any:
        found = access.get_run_for(request.user, run_id)
        if action == "publish":
            formation.formation_publish(run=found)
        else:
            found = formation.formation_rerun(run=found)
        found.refresh_from_db()
        return _draft_out(found)

    return _call(request, "write", run)


@router.put(
    "/circles/drafts/{circle_id}/lock",
    response=DraftCircleOut,
    summary="Lock or unlock a draft circle so a re-run keeps it (managers)",
)
def lock_circle(request: HttpRequest, circle_id: int, body: LockIn) -> Any:
    def run() -> Any:
        circle = access.get_draft_circle_for(request.user, circle_id)
        formation.circle_lock(circle=circle, locked=body.locked)
        return next(c for c in _draft_out(circle.run)["circles"] if c["id"] == circle.pk)

    return _call(request, "write", run)


@router.post(
    "/circles/drafts/members/{member_id}/move",
    response=FormationDraftOut,
    summary="Move one person to another circle of the same draft (managers)",
)
def move_member(request: HttpRequest, member_id: int, body: MoveIn) -> Any:
    def run() -> Any:
        member = access.get_draft_member_for(request.user, member_id)
        target: Circle = access.get_draft_circle_for(request.user, body.circle_id)
        formation.member_move(member=member, circle_to=target)
        return _draft_out(member.circle.run)

    return _call(request, "write", run)


@router.post(
    "/circles/manage/{kind}/{item_id}/resolve",
    response={204: None},
    summary="Mark a help request or a concern resolved (managers)",
)
def resolve(request: HttpRequest, kind: Literal["help", "concerns"], item_id: int) -> Any:
    def run() -> Any:
        model: Any = HelpRequest if kind == "help" else ConcernReport
        item = model.objects.filter(pk=item_id).first()
        if item is None:
            raise HttpError(404, "Not found.")
        program = item.circle.program if kind == "help" else item.program
        access.get_program_for(request.user, program.pk, manage=True)
        services.request_resolve(item=item)
        return Status(204, None)

    return _call(request, "write", run)
