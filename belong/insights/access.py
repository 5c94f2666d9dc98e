"""Who may see which insights. The only place these rules live.

- HR analysts and administrators: the company dashboard and every group, chapter and program.
- Group leaders: the dashboards of the groups they lead on the board, and of the chapters they
  lead (with the chapters below) — never the company view or other groups.
- Program managers: the dashboards of the programs they manage.
- Everyone else: nothing. Every view is aggregate: nobody, HR included, gets rows about people.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from belong.accounts import access as accounts_access
from belong.accounts.models import Role, ScopeKind
from belong.groups import access as groups_access
from belong.groups.models import Chapter, Group
from belong.mentoring import access as mentoring_access
from belong.mentoring.models import Program


@dataclass(frozen=True)
class Scope:
    """What a dashboard describes: the company, a group, a chapter or a program."""

    kind: str  # company | group | chapter | program
    id: int = 0
    name: str = ""
    group_id: int | None = None  # for chapters


def sees_company(user: Any) -> bool:
    return accounts_access.is_administrator(user) or accounts_access.is_hr_analyst(user)


def _grant_ids(user: Any, role: str, kind: str) -> set[int]:
    return {
        int(sid)
        for granted, scope_kind, sid in accounts_access.grants_of(user)
        if granted == role and scope_kind == kind and sid is not None
    }


def can_use_insights(user: Any) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if sees_company(user):
        return True
    return bool(
        _grant_ids(user, Role.GROUP_LEADER, ScopeKind.GROUP)
        or _grant_ids(user, Role.GROUP_LEADER, ScopeKind.CHAPTER)
        or _grant_ids(user, Role.PROGRAM_MANAGER, ScopeKind.PROGRAM)
    )


def can_see_group(user: Any, group: Group) -> bool:
    return sees_company(user) or group.pk in _grant_ids(user, Role.GROUP_LEADER, ScopeKind.GROUP)


def can_see_chapter(user: Any, chapter: Chapter) -> bool:
    if can_see_group(user, chapter.group):
        return True
    led = groups_access.subtree_ids(
        chapter.group, _grant_ids(user, Role.GROUP_LEADER, ScopeKind.CHAPTER)
    )
    return chapter.pk in led


def can_see_program(user: Any, program: Program) -> bool:
    return sees_company(user) or mentoring_access.can_manage_program(user, program)


def _refuse(user: Any) -> None:
    if not can_use_insights(user):
        raise PermissionDenied


def company_scope_for(user: Any) -> Scope:
    _refuse(user)
    if not sees_company(user):
        raise PermissionDenied
    return Scope("company")


def group_scope_for(user: Any, slug: str) -> tuple[Group, Scope]:
    _refuse(user)
    group = Group.objects.filter(slug=slug).first()
    if group is None:
        raise Http404
    if not can_see_group(user, group):
        raise PermissionDenied
    return group, Scope("group", group.pk, group.name)


def chapter_scope_for(user: Any, slug: str, chapter_slug: str) -> tuple[Chapter, Scope]:
    _refuse(user)
    chapter = Chapter.objects.select_related("group").filter(group__slug=slug, slug=chapter_slug)
    found = chapter.first()
    if found is None:
        raise Http404
    if not can_see_chapter(user, found):
        raise PermissionDenied
    return found, Scope("chapter", found.pk, str(found), found.group_id)


def program_scope_for(user: Any, program_id: int) -> tuple[Program, Scope]:
    _refuse(user)
    program = Program.objects.filter(pk=program_id).first()
    if program is None:
        raise Http404
    if not can_see_program(user, program):
        raise PermissionDenied
    return program, Scope("program", program.pk, program.name)


def visible_groups(user: Any) -> list[Group]:
    """Groups whose dashboards `user` may open (for the menu of the insights home)."""
    groups = Group.objects.order_by("name")
    if sees_company(user):
        return list(groups)
    return list(groups.filter(pk__in=_grant_ids(user, Role.GROUP_LEADER, ScopeKind.GROUP)))


def visible_chapters(user: Any) -> list[Chapter]:
    chapters = Chapter.objects.select_related("group").order_by("group__name", "name")
    if sees_company(user):
        return []  # reached through the group page
    return list(chapters.filter(pk__in=_grant_ids(user, Role.GROUP_LEADER, ScopeKind.CHAPTER)))


def visible_programs(user: Any) -> list[Program]:
    programs = Program.objects.order_by("name")
    if sees_company(user):
        return list(programs)
    return list(programs.filter(pk__in=_grant_ids(user, Role.PROGRAM_MANAGER, ScopeKind.PROGRAM)))
