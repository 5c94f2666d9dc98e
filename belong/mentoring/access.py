"""Who may see or change what in mentoring. Views and the API ask here, never decide themselves.

- Everyone who can use the product sees the program list and their own enrollments,
  requests and relationships.
- A mentor sees the requests sent to them; a mentee the ones they sent.
- Program managers (a program_manager grant scoped to the program) and administrators run
  the program: runs, drafts, the dashboard, and read-only views of relationships — never
  their shared or private notes, and never individual survey answers.
- A private note is readable by its author only, whoever else asks.
- Outsiders (no employee record, no role) and anonymous visitors are refused everywhere.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from belong.accounts import access as accounts_access
from belong.accounts.models import Role, ScopeKind
from belong.mentoring.models import (
    Enrollment,
    MatchRun,
    MentorRequest,
    PrivateNote,
    Program,
    ProposedPair,
    Relationship,
    Session,
    Survey,
    SurveyResponse,
)
from belong.people.models import Person


def can_use_mentoring(user: Any) -> bool:
    return accounts_access.can_use_product(user)


def can_manage_program(user: Any, program: Program | int) -> bool:
    program_id = program if isinstance(program, int) else program.pk
    return accounts_access.is_administrator(user) or accounts_access.has_role(
        user, Role.PROGRAM_MANAGER, scope_kind=ScopeKind.PROGRAM, scope_id=program_id
    )


def managed_program_ids(user: Any) -> set[int] | None:
    """Programs `user` manages; None means all of them (administrators)."""
    if accounts_access.is_administrator(user):
        return None
    return {
        int(sid)
        for role, kind, sid in accounts_access.grants_of(user)
        if role == Role.PROGRAM_MANAGER and kind == ScopeKind.PROGRAM and sid is not None
    }


def viewer(user: Any) -> Person | None:
    return accounts_access.person_of(user)


def _require_use(user: Any) -> None:
    if not can_use_mentoring(user):
        raise PermissionDenied


def get_program_for(user: Any, program_id: int, *, manage: bool = False) -> Program:
    _require_use(user)
    program = Program.objects.filter(pk=program_id).first()
    if program is None:
        raise Http404
    if manage and not can_manage_program(user, program):
        raise PermissionDenied
    return program


def get_enrollment_for(user: Any, enrollment_id: int, *, write: bool = False) -> Enrollment:
    _require_use(user)
    enrollment = (
        Enrollment.objects.select_related("program", "person").filter(pk=enrollment_id).first()
    )
    if enrollment is None:
        raise Http404
    person = viewer(user)
    own = person is not None and enrollment.person_id == person.pk
    if own or (not write and can_manage_program(user, enrollment.program_id)):
        return enrollment
    raise Http404


def own_enrollment(user: Any, program: Program) -> Enrollment | None:
    person = viewer(user)
    if person is None:
        return None
    return (
        Enrollment.objects.filter(program=program, person=person)
        .exclude(status__in=Enrollment.ENDED)
        .first()
    )


def relationships_for(user: Any) -> QuerySet[Relationship]:
    person = viewer(user)
    if person is None:
        return Relationship.objects.none()
    return Relationship.objects.filter(Q(mentee_person=person) | Q(mentor_person=person))


def get_relationship_for(user: Any, relationship_id: int, *, act: bool = False) -> Relationship:
    """Participants may act; the program's managers may look (read-only)."""
    _require_use(user)
    rel = (
        Relationship.objects.select_related(
            "program", "mentee_person__site", "mentor_person__site", "mentee", "mentor"
        )
        .filter(pk=relationship_id)
        .first()
    )
    if rel is None:
        raise Http404
    person = viewer(user)
    if person is not None and rel.side_of(person.pk):
        return rel
    if not act and can_manage_program(user, rel.program_id):
        return rel
    raise Http404


def is_participant(user: Any, rel: Relationship) -> bool:
    person = viewer(user)
    return person is not None and rel.side_of(person.pk) is not None


def can_read_shared_notes(user: Any, rel: Relationship) -> bool:
    return is_participant(user, rel)


def private_note_for(user: Any, session: Session) -> PrivateNote | None:
    """Only the author's own note, never anyone else's — not even an administrator's view."""
    person = viewer(user)
    if person is None:
        return None
    return PrivateNote.objects.filter(session=session, author=person).first()


def get_session_for(user: Any, session_id: int, *, act: bool = False) -> Session:
    _require_use(user)
    session = Session.objects.filter(pk=session_id).first()
    if session is None:
        raise Http404
    session.relationship = get_relationship_for(user, session.relationship_id, act=act)
    return session


def get_survey_for(user: Any, survey_id: int) -> Survey:
    _require_use(user)
    survey = Survey.objects.filter(pk=survey_id).first()
    if survey is None:
        raise Http404
    survey.relationship = get_relationship_for(user, survey.relationship_id, act=True)
    return survey


def visible_responses(user: Any, survey: Survey) -> list[SurveyResponse]:
    """Blind feedback: your own answer always; the other side's once both have answered or
    the relationship has ended. Managers see only aggregates (the dashboard)."""
    person = viewer(user)
    rel = survey.relationship
    side = rel.side_of(person.pk if person else None)
    if side is None:
        return []
    answers = list(survey.responses.all())
    both = {a.side for a in answers} == {"mentee", "mentor"}
    if both or not rel.is_open:
        return answers
    return [a for a in answers if a.side == side]


def get_request_for(user: Any, request_id: int) -> MentorRequest:
    _require_use(user)
    req = (
        MentorRequest.objects.select_related("program", "mentee__person", "mentor__person")
        .filter(pk=request_id)
        .first()
    )
    if req is None:
        raise Http404
    person = viewer(user)
    if person is not None and person.pk in (req.mentee.person_id, req.mentor.person_id):
        return req
    if can_manage_program(user, req.program_id):
        return req
    raise Http404


def can_answer_request(user: Any, req: MentorRequest) -> bool:
    person = viewer(user)
    return person is not None and req.mentor.person_id == person.pk


def can_withdraw_request(user: Any, req: MentorRequest) -> bool:
    person = viewer(user)
    return person is not None and req.mentee.person_id == person.pk


def get_run_for(user: Any, run_id: int) -> MatchRun:
    _require_use(user)
    run = MatchRun.objects.select_related("program").filter(pk=run_id).first()
    if run is None:
        raise Http404
    if not can_manage_program(user, run.program_id):
        raise PermissionDenied
    return run


def get_pair_for(user: Any, pair_id: int) -> ProposedPair:
    _require_use(user)
    pair = ProposedPair.objects.select_related("run").filter(pk=pair_id).first()
    if pair is None:
        raise Http404
    if not can_manage_program(user, pair.run.program_id):
        raise PermissionDenied
    return pair
