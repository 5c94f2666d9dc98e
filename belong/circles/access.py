"""Who may see or change what in circles. Views, the API and exports ask here, never decide.

- Everyone who can use the product sees circle programs and their own enrollments.
- Program managers (a program_manager grant scoped to the circle program's mentoring
  program) and administrators run a program: formation, locks, publishing, help requests,
  concerns and aggregate reports.
- A circle's discussion (posts, the lead's notes, feedback text) is for its members only,
  in every kind of circle.
- A mentoring circle's roster and schedule are also visible to the program's managers.
- A **care circle** is a safe space: nobody outside it reads anything in it — not
  administrators, not program managers, not HR analysts; there is no exception and no
  role that grants one. Its roster (real names) is for the facilitator (the lead) only;
  other members see the names members chose for the circle. Managers see counts that
  pass the privacy threshold, nothing else.
- Outsiders (no employee record, no role) and anonymous visitors are refused everywhere.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from belong.accounts import access as accounts_access
from belong.accounts.models import Role, ScopeKind
from belong.audit.models import Action, Category
from belong.audit.services import audit_record
from belong.circles.models import (
    Circle,
    CircleEnrollment,
    CircleMember,
    CircleProgram,
    CircleSession,
    FormationRun,
)
from belong.people.models import Person


def can_use_circles(user: Any) -> bool:
    return accounts_access.can_use_product(user)


def viewer(user: Any) -> Person | None:
    return accounts_access.person_of(user)


def _require_use(user: Any) -> None:
    if not can_use_circles(user):
        raise PermissionDenied


def can_manage_program(user: Any, program: CircleProgram) -> bool:
    if accounts_access.is_administrator(user):
        return True
    return program.mentoring_program_id is not None and accounts_access.has_role(
        user,
        Role.PROGRAM_MANAGER,
        scope_kind=ScopeKind.PROGRAM,
        scope_id=program.mentoring_program_id,
    )


def get_program_for(user: Any, program_id: int, *, manage: bool = False) -> CircleProgram:
    _require_use(user)
    program = CircleProgram.objects.select_related("owner_group").filter(pk=program_id).first()
    if program is None:
        raise Http404
    if manage and not can_manage_program(user, program):
        raise PermissionDenied
    return program


def own_enrollment(user: Any, program: CircleProgram) -> CircleEnrollment | None:
    person = viewer(user)
    if person is None:
        return None
    return (
        CircleEnrollment.objects.filter(program=program, person=person)
        .exclude(status=CircleEnrollment.Status.WITHDRAWN)
        .first()
    )


def get_enrollment_for(user: Any, enrollment_id: int) -> CircleEnrollment:
    """Only the enrollee changes their enrollment."""
    _require_use(user)
    person = viewer(user)
    enrollment = CircleEnrollment.objects.select_related("program").filter(pk=enrollment_id).first()
    if enrollment is None or person is None or enrollment.person_id != person.pk:
        raise Http404
    return enrollment


def membership(user: Any, circle: Circle) -> CircleMember | None:
    """The viewer's seat in `circle` (published circles only), cached on the circle."""
    cache: dict[int, CircleMember | None] = circle.__dict__.setdefault("_viewer_seat", {})
    key = getattr(user, "pk", None) or 0
    if key not in cache:
        person = viewer(user)
        cache[key] = (
            None
            if person is None or not circle.published
            else CircleMember.objects.filter(circle=circle, person=person)
            # Leaving the program ends access: the seat stays only as history.
            .exclude(enrollment__status=CircleEnrollment.Status.WITHDRAWN)
            .first()
        )
    return cache[key]


def my_memberships(user: Any) -> QuerySet[CircleMember]:
    person = viewer(user)
    if person is None:
        return CircleMember.objects.none()
    return CircleMember.objects.filter(person=person, circle__published=True).exclude(
        enrollment__status=CircleEnrollment.Status.WITHDRAWN
    )


def get_circle_for(user: Any, circle_id: int, *, content: bool = False) -> Circle:
    """Members always; a mentoring circle's managers may look at roster and schedule but
    not its content; a care circle's only readers are its members. Others get a 404, so
    the existence of a care circle is not confirmed either."""
    _require_use(user)
    circle = Circle.objects.select_related("program").filter(pk=circle_id).first()
    if circle is None:
        raise Http404
    if membership(user, circle) is not None:
        return circle
    if circle.program.is_care:
        # Every attempt on a care circle by someone outside it is recorded (the visitor
        # still learns nothing: the same 404 as a circle that does not exist).
        audit_record(
            actor=user,
            category=Category.CARE_CIRCLE,
            action=Action.DENIED,
            target=circle,
            detail={"asked_for": "content" if content else "circle"},
        )
        raise Http404
    if content:
        raise Http404
    if can_manage_program(user, circle.program):
        return circle
    raise Http404


def can_read_content(user: Any, circle: Circle) -> bool:
    return membership(user, circle) is not None


def is_lead(user: Any, circle: Circle) -> bool:
    seat = membership(user, circle)
    return seat is not None and seat.is_lead


def can_see_roster(user: Any, circle: Circle) -> bool:
    """Real names: the facilitator of a care circle; members and managers of others."""
    if circle.program.is_care:
        return is_lead(user, circle)
    return can_read_content(user, circle) or can_manage_program(user, circle.program)


def shown_name(circle: Circle, member: CircleMember, *, number: int) -> str:
    """How a member appears to other members: a care circle shows the chosen name only."""
    if circle.program.is_care:
        return member.display_name or f"Member {number}"
    return member.person.display_name


def get_session_for(user: Any, session_id: int, *, lead: bool = False) -> CircleSession:
    """Members of the circle; `lead=True` for what only a lead does (attendance, notes)."""
    _require_use(user)
    session = CircleSession.objects.filter(pk=session_id).first()
    if session is None:
        raise Http404
    session.circle = get_circle_for(user, session.circle_id, content=True)
    if lead and not is_lead(user, session.circle):
        raise PermissionDenied
    return session


def get_run_for(user: Any, run_id: int) -> FormationRun:
    _require_use(user)
    run = FormationRun.objects.select_related("program").filter(pk=run_id).first()
    if run is None:
        raise Http404
    if not can_manage_program(user, run.program):
        raise PermissionDenied
    return run


def get_draft_circle_for(user: Any, circle_id: int) -> Circle:
    """A circle in a formation draft, for its program's managers (lock, move into)."""
    _require_use(user)
    circle = Circle.objects.select_related("program", "run").filter(pk=circle_id).first()
    if circle is None or circle.published:
        raise Http404
    if not can_manage_program(user, circle.program):
        raise PermissionDenied
    return circle


def get_draft_member_for(user: Any, member_id: int) -> CircleMember:
    """A seat in a mentoring-circle draft. Care drafts show no names, so nobody moves
    people between them by hand."""
    _require_use(user)
    member = (
        CircleMember.objects.select_related("circle__program", "circle__run")
        .filter(pk=member_id)
        .first()
    )
    if member is None or member.circle.published:
        raise Http404
    if not can_manage_program(user, member.circle.program):
        raise PermissionDenied
    if member.circle.program.is_care:
        raise PermissionDenied
    return member


def draft_names_visible(program: CircleProgram) -> bool:
    """A care draft is reviewed by its figures alone: who is in which circle stays sealed."""
    return not program.is_care
