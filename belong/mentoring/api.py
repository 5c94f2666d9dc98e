"""REST endpoints for mentoring: the same actions, access rules and services as the pages."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Literal, TypeVar

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from ninja import Router, Status
from ninja.errors import HttpError

from belong.accounts.api_auth import require, require_scope
from belong.common.api_fields import ICS_RESPONSE
from belong.mentoring import access, queries, services
from belong.mentoring import services_matching as matching
from belong.mentoring import services_relationships as rel_services
from belong.mentoring import services_requests as req_services
from belong.mentoring.api_schemas import (
    EnrollmentIn,
    EnrollmentOut,
    EnrollmentPatch,
    GoalIn,
    GoalStatusIn,
    IdOut,
    NoteOut,
    PairOut,
    PairStateOut,
    ProgramOut,
    RelationshipActionIn,
    RelationshipOut,
    RequestActionOut,
    RequestIn,
    RequestOut,
    RunOut,
    SessionIn,
    SessionLogIn,
    SessionOut,
    ShortlistOut,
    SurveyIn,
    SurveyOut,
    TextIn,
)
from belong.mentoring.ics import session_ics
from belong.mentoring.models import (
    Enrollment,
    Goal,
    MatchRun,
    Milestone,
    Program,
    Session,
)
from belong.mentoring.services import MentoringError

router = Router(tags=["mentoring"])
T = TypeVar("T")


@contextmanager
def _rules() -> Iterator[None]:
    """A broken program rule is a 409 with its message; a refusal is a 403."""
    try:
        yield
    except MentoringError as exc:
        raise HttpError(409, exc.message) from None
    except PermissionDenied:
        raise HttpError(403, "You are not allowed to do this.") from None


def _call(request: HttpRequest, scope: str, fn: Callable[[], T]) -> T:
    require_scope(request, scope)
    require(access.can_use_mentoring(request.user))
    with _rules():
        return fn()


def _me(request: HttpRequest) -> Any:
    person = access.viewer(request.user)
    if person is None:
        raise HttpError(403, "Only employees take part in mentoring.")
    return person


def _program_out(p: Program) -> dict[str, Any]:
    topics = [
        {"id": t.pk, "name": t.name, "guide": t.guide, "resources": t.resources}
        for t in p.topics.all()
    ]
    return {
        **{f: getattr(p, f) for f in ProgramOut.model_fields if f != "topics"},
        "topics": topics,
    }


@router.get("/mentoring/programs", response=list[ProgramOut], summary="Mentoring programs")
def list_programs(request: HttpRequest) -> Any:
    return _call(
        request,
        "read",
        lambda: [_program_out(p) for p in Program.objects.prefetch_related("topics")],
    )


@router.get("/mentoring/programs/{program_id}", response=ProgramOut, summary="One program")
def get_program(request: HttpRequest, program_id: int) -> Any:
    return _call(
        request, "read", lambda: _program_out(access.get_program_for(request.user, program_id))
    )


@router.post(
    "/mentoring/programs/{program_id}/enrollments",
    response={201: EnrollmentOut},
    summary="Enrol as mentee, mentor or both",
)
def create_enrollment(request: HttpRequest, program_id: int, body: EnrollmentIn) -> Any:
    def run() -> Any:
        program = access.get_program_for(request.user, program_id)
        data = body.dict()
        return Status(201, services.enrollment_create(program=program, person=_me(request), **data))

    return _call(request, "write", run)


@router.get(
    "/mentoring/enrollments", response=list[EnrollmentOut], summary="Your current enrollments"
)
def list_enrollments(request: HttpRequest) -> Any:
    return _call(
        request, "read", lambda: queries.my_mentoring(access.viewer(request.user))["enrollments"]
    )


@router.get(
    "/mentoring/enrollments/{enrollment_id}", response=EnrollmentOut, summary="An enrollment"
)
def get_enrollment(request: HttpRequest, enrollment_id: int) -> Any:
    return _call(request, "read", lambda: access.get_enrollment_for(request.user, enrollment_id))


@router.patch(
    "/mentoring/enrollments/{enrollment_id}",
    response=EnrollmentOut,
    summary="Change your enrollment",
)
def update_enrollment(request: HttpRequest, enrollment_id: int, body: EnrollmentPatch) -> Any:
    def run() -> Enrollment:
        e = access.get_enrollment_for(request.user, enrollment_id, write=True)
        return services.enrollment_update(enrollment=e, **body.dict())

    return _call(request, "write", run)


@router.post(
    "/mentoring/enrollments/{enrollment_id}/withdraw",
    response=EnrollmentOut,
    summary="Withdraw from a program",
)
def withdraw_enrollment(request: HttpRequest, enrollment_id: int) -> Any:
    def run() -> Enrollment:
        e = access.get_enrollment_for(request.user, enrollment_id, write=True)
        return services.enrollment_withdraw(enrollment=e)

    return _call(request, "write", run)


@router.get(
    "/mentoring/programs/{program_id}/shortlist",
    response=list[ShortlistOut],
    summary="Recommended mentors (enrolled mentees)",
)
def shortlist(request: HttpRequest, program_id: int) -> Any:
    def run() -> Any:
        program = access.get_program_for(request.user, program_id)
        mine = access.own_enrollment(request.user, program)
        if mine is None or not mine.is_mentee:
            raise HttpError(409, "Enroll as a mentee first.")
        return [
            {
                "mentor_enrollment_id": s["mentor"].pk,
                "name": s["mentor"].person.display_name,
                "score": s["score"],
                "reasons": s["reasons"],
            }
            for s in req_services.shortlist_for(enrollment=mine)
        ]

    return _call(request, "read", run)


@router.post(
    "/mentoring/programs/{program_id}/requests",
    response={201: RequestOut},
    summary="Ask a mentor (self-service programs)",
)
def create_request(request: HttpRequest, program_id: int, body: RequestIn) -> Any:
    def run() -> Any:
        program = access.get_program_for(request.user, program_id)
        mine = access.own_enrollment(request.user, program)
        mentor = Enrollment.objects.filter(pk=body.mentor_enrollment_id, program=program).first()
        if mine is None or mentor is None:
            raise HttpError(404, "No such mentor in this program, or you are not enrolled.")
        made = req_services.request_create(mentee=mine, mentor=mentor, message=body.message)
        return Status(201, RequestOut.of(made))

    return _call(request, "write", run)


@router.get("/mentoring/requests", response=list[RequestOut], summary="Requests you sent or got")
def list_requests(request: HttpRequest) -> Any:
    def run() -> Any:
        data = queries.my_mentoring(access.viewer(request.user))
        return [RequestOut.of(r) for r in [*data["sent"], *data["received"]]]

    return _call(request, "read", run)


@router.post(
    "/mentoring/requests/{request_id}/actions/{action}",
    response=RequestActionOut,
    summary="Accept, decline or ask (mentor); answer or cancel (mentee)",
)
def act_on_request(
    request: HttpRequest,
    request_id: int,
    action: Literal["accept", "decline", "ask", "answer", "cancel"],
    body: TextIn,
) -> Any:
    def run() -> Any:
        req = access.get_request_for(request.user, request_id)
        if action in ("accept", "decline", "ask"):
            require(access.can_answer_request(request.user, req))
            if action == "accept":
                rel = req_services.request_accept(request=req, reply=body.text)
                return {"status": "accepted", "relationship_id": rel.pk}
            fn = (
                req_services.request_decline
                if action == "decline"
                else req_services.request_ask_info
            )
            return {"status": fn(request=req, reply=body.text).status}
        if action in ("answer", "cancel"):
            require(access.can_withdraw_request(request.user, req))
            if action == "cancel":
                return {"status": req_services.request_cancel(request=req).status}
            return {"status": req_services.request_add_info(request=req, message=body.text).status}
        raise HttpError(404, "Unknown action.")

    return _call(request, "write", run)


@router.get(
    "/mentoring/relationships", response=list[RelationshipOut], summary="Your relationships"
)
def list_relationships(request: HttpRequest) -> Any:
    def run() -> Any:
        rels = access.relationships_for(request.user).select_related(
            "mentee_person", "mentor_person"
        )
        return [RelationshipOut.of(r) for r in rels[:200]]

    return _call(request, "read", run)


@router.get(
    "/mentoring/relationships/{relationship_id}",
    response=RelationshipOut,
    summary="One relationship",
)
def get_relationship(request: HttpRequest, relationship_id: int) -> Any:
    return _call(
        request,
        "read",
        lambda: RelationshipOut.of(access.get_relationship_for(request.user, relationship_id)),
    )


@router.post(
    "/mentoring/relationships/{relationship_id}/actions/{action}",
    response=RelationshipOut,
    summary="Edit the agreement, confirm it, complete or close the relationship",
)
def act_on_relationship(
    request: HttpRequest,
    relationship_id: int,
    action: Literal["agreement", "confirm", "complete", "close"],
    body: RelationshipActionIn,
) -> Any:
    def run() -> Any:
        rel = access.get_relationship_for(request.user, relationship_id, act=True)
        me = _me(request)
        if action == "agreement":
            terms = body.dict(exclude={"reason"})
            rel_services.relationship_agreement_edit(relationship=rel, **terms)
        elif action == "confirm":
            rel = rel_services.relationship_confirm(relationship=rel, person=me)
        elif action == "complete":
            rel_services.relationship_complete(relationship=rel, person=me)
        elif action == "close":
            rel_services.relationship_close(relationship=rel, reason=body.reason, person=me)
        else:
            raise HttpError(404, "Unknown action.")
        rel.refresh_from_db()
        return RelationshipOut.of(rel)

    return _call(request, "write", run)


@router.post(
    "/mentoring/relationships/{relationship_id}/goals",
    response={201: IdOut},
    summary="Add a goal",
)
def create_goal(request: HttpRequest, relationship_id: int, body: GoalIn) -> Any:
    def run() -> Any:
        rel = access.get_relationship_for(request.user, relationship_id, act=True)
        goal = rel_services.goal_create(relationship=rel, title=body.title, due=body.due)
        return Status(201, goal)

    return _call(request, "write", run)


def _goal_for(request: HttpRequest, goal_id: int) -> Goal:
    goal = Goal.objects.filter(pk=goal_id).first()
    if goal is None:
        raise HttpError(404, "No such goal.")
    access.get_relationship_for(request.user, goal.relationship_id, act=True)
    return goal


@router.post("/mentoring/goals/{goal_id}/status", response=IdOut, summary="Set a goal's status")
def set_goal_status(request: HttpRequest, goal_id: int, body: GoalStatusIn) -> Any:
    return _call(
        request,
        "write",
        lambda: rel_services.goal_set_status(goal=_goal_for(request, goal_id), status=body.text),
    )


@router.post(
    "/mentoring/goals/{goal_id}/milestones", response={201: IdOut}, summary="Add a milestone"
)
def create_milestone(request: HttpRequest, goal_id: int, body: GoalIn) -> Any:
    def run() -> Any:
        goal = _goal_for(request, goal_id)
        return Status(201, rel_services.milestone_create(goal=goal, title=body.title, due=body.due))

    return _call(request, "write", run)


@router.post(
    "/mentoring/milestones/{milestone_id}/toggle",
    response=IdOut,
    summary="Tick or untick a milestone",
)
def toggle_milestone(request: HttpRequest, milestone_id: int) -> Any:
    def run() -> Any:
        m = Milestone.objects.filter(pk=milestone_id).first()
        if m is None:
            raise HttpError(404, "No such milestone.")
        _goal_for(request, m.goal_id)
        return rel_services.milestone_toggle(milestone=m)

    return _call(request, "write", run)


def _session_out(s: Session) -> dict[str, Any]:
    return {
        "id": s.pk,
        "starts_at": s.starts_at,
        "minutes": s.minutes,
        "status": s.status,
        "video_link": s.video_link,
        "shared_notes": s.shared_notes,
        "topics": [t.name for t in s.topics.all()],
    }


@router.get(
    "/mentoring/relationships/{relationship_id}/sessions",
    response=list[SessionOut],
    summary="A relationship's sessions",
)
def list_sessions(request: HttpRequest, relationship_id: int) -> Any:
    def run() -> Any:
        rel = access.get_relationship_for(request.user, relationship_id, act=True)
        return [_session_out(s) for s in rel.sessions.prefetch_related("topics")]

    return _call(request, "read", run)


@router.post(
    "/mentoring/relationships/{relationship_id}/sessions",
    response={201: SessionOut},
    summary="Schedule a session",
)
def schedule_session(request: HttpRequest, relationship_id: int, body: SessionIn) -> Any:
    def run() -> Any:
        rel = access.get_relationship_for(request.user, relationship_id, act=True)
        made = rel_services.session_schedule(relationship=rel, **body.dict())
        return Status(201, _session_out(made))

    return _call(request, "write", run)


@router.post(
    "/mentoring/sessions/{session_id}/log", response=SessionOut, summary="Log a held session"
)
def log_session(request: HttpRequest, session_id: int, body: SessionLogIn) -> Any:
    def run() -> Any:
        session = access.get_session_for(request.user, session_id, act=True)
        return _session_out(
            rel_services.session_log(session=session, person=_me(request), **body.dict())
        )

    return _call(request, "write", run)


@router.post(
    "/mentoring/sessions/{session_id}/cancel", response=SessionOut, summary="Cancel a session"
)
def cancel_session(request: HttpRequest, session_id: int) -> Any:
    def run() -> Any:
        session = access.get_session_for(request.user, session_id, act=True)
        rel_services.session_cancel(session=session)
        session.refresh_from_db()
        return _session_out(session)

    return _call(request, "write", run)


@router.get(
    "/mentoring/sessions/{session_id}/private-note",
    response=NoteOut,
    summary="Your own private note",
)
def get_private_note(request: HttpRequest, session_id: int) -> Any:
    def run() -> Any:
        session = access.get_session_for(request.user, session_id, act=True)
        note = access.private_note_for(request.user, session)
        return {"text": note.text if note else ""}

    return _call(request, "read", run)


@router.get(
    "/mentoring/sessions/{session_id}/invite.ics",
    summary="RFC 5545 invitation",
    openapi_extra=ICS_RESPONSE,
)
def session_invite(request: HttpRequest, session_id: int) -> HttpResponse:
    def run() -> HttpResponse:
        session = access.get_session_for(request.user, session_id, act=True)
        return HttpResponse(session_ics(session), content_type="text/calendar; charset=utf-8")

    return _call(request, "read", run)


@router.get(
    "/mentoring/surveys/{survey_id}",
    response=SurveyOut,
    summary="A survey and the answers you may see",
)
def get_survey(request: HttpRequest, survey_id: int) -> Any:
    def run() -> Any:
        survey = access.get_survey_for(request.user, survey_id)
        answers = access.visible_responses(request.user, survey)
        return {
            "id": survey.pk,
            "kind": survey.kind,
            "due_on": survey.due_on,
            "answers": [
                {"side": a.side, "rating": a.rating, "nps": a.nps, "comment": a.comment}
                for a in answers
            ],
        }

    return _call(request, "read", run)


@router.post(
    "/mentoring/surveys/{survey_id}/answers", response={201: IdOut}, summary="Answer a survey"
)
def answer_survey(request: HttpRequest, survey_id: int, body: SurveyIn) -> Any:
    def run() -> Any:
        survey = access.get_survey_for(request.user, survey_id)
        answer = rel_services.survey_answer(survey=survey, person=_me(request), **body.dict())
        return Status(201, answer)

    return _call(request, "write", run)


@router.post(
    "/mentoring/programs/{program_id}/runs",
    response={202: RunOut},
    summary="Start a matching run (managers)",
)
def start_run(request: HttpRequest, program_id: int) -> Any:
    def run() -> Any:
        program = access.get_program_for(request.user, program_id, manage=True)
        made = matching.match_run_start(program=program, user=request.user)
        made.refresh_from_db()
        return Status(202, made)

    return _call(request, "write", run)


@router.get("/mentoring/runs/{run_id}", response=RunOut, summary="A matching run's progress")
def get_run(request: HttpRequest, run_id: int) -> Any:
    return _call(request, "read", lambda: access.get_run_for(request.user, run_id))


@router.get(
    "/mentoring/runs/{run_id}/pairs", response=list[PairOut], summary="A run's proposed pairs"
)
def list_pairs(request: HttpRequest, run_id: int) -> Any:
    def run() -> Any:
        found = access.get_run_for(request.user, run_id)
        return [
            {
                "id": p.pk,
                "mentee_enrollment_id": p.mentee_id,
                "mentor_enrollment_id": p.mentor_id,
                "mentee": p.mentee.person.display_name,
                "mentor": p.mentor.person.display_name,
                "score": p.score,
                "explanation": p.explanation,
                "pinned": p.pinned,
                "removed": p.removed,
            }
            for p in queries.run_pairs(found, limit=10_000)
        ]

    return _call(request, "read", run)


@router.post(
    "/mentoring/runs/{run_id}/actions/{action}",
    response=RunOut,
    summary="Publish, re-run or restart a run (managers)",
)
def act_on_run(
    request: HttpRequest, run_id: int, action: Literal["publish", "rerun", "restart"]
) -> Any:
    def run() -> MatchRun:
        found = access.get_run_for(request.user, run_id)
        if action == "publish":
            matching.match_run_publish(run=found)
        elif action == "rerun":
            found = matching.match_run_rerun(run=found, user=request.user)
        elif action == "restart":
            found = matching.match_run_restart(run=found)
        else:
            raise HttpError(404, "Unknown action.")
        found.refresh_from_db()
        return found

    return _call(request, "write", run)


@router.post(
    "/mentoring/pairs/{pair_id}/actions/{action}",
    response=PairStateOut,
    summary="Pin, unpin, remove or restore a proposed pair (managers)",
)
def act_on_pair(
    request: HttpRequest, pair_id: int, action: Literal["pin", "unpin", "remove", "restore"]
) -> Any:
    def run() -> Any:
        pair = access.get_pair_for(request.user, pair_id)
        fns = {
            "pin": lambda: matching.pair_pin(pair=pair, pinned=True),
            "unpin": lambda: matching.pair_pin(pair=pair, pinned=False),
            "remove": lambda: matching.pair_remove(pair=pair),
            "restore": lambda: matching.pair_restore(pair=pair),
        }
        if action not in fns:
            raise HttpError(404, "Unknown action.")
        done = fns[action]()
        return {"id": done.pk, "pinned": done.pinned, "removed": done.removed}

    return _call(request, "write", run)


@router.get(
    "/mentoring/programs/{program_id}/dashboard",
    response=dict[str, Any],
    summary="The program dashboard (managers)",
)
def get_dashboard(request: HttpRequest, program_id: int) -> Any:
    def run() -> Any:
        program = access.get_program_for(request.user, program_id, manage=True)
        d = queries.dashboard(program)
        d["at_risk"] = [{"relationship_id": r.pk, "since": r.at_risk_since} for r in d["at_risk"]]
        d["runs"] = [{"id": r.pk, "status": r.status} for r in d["runs"]]
        return d

    return _call(request, "read", run)
