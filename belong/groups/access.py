"""Who may see and change affinity-group data. Views, the API and other apps ask here.

Rules, in one place:

- Any employee (and staff who use the product) may browse groups and join any group.
  Unlisted groups are left out of the list except for their members and leaders.
- Leaders: a `RoleGrant(group_leader, group=<id>)` makes someone a board leader of the whole
  group; `RoleGrant(group_leader, chapter=<id>)` a leader of that chapter and the chapters
  below it. Administrators may manage every group.
- A membership appears to others only if the person is on the roster (`show_on_roster`) and
  only to the narrower of the group's roster audience and the audience they consented to.
  Private memberships (off the roster) appear in no list, export, API answer or email
  header; they count only in aggregates that pass the privacy threshold.
- Member-versus-ally is shown to the person themselves only: no roster carries it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from belong.accounts import access as accounts_access
from belong.accounts.models import Role, ScopeKind
from belong.common.privacy import suppress_small
from belong.groups.models import (
    BadgeAdoption,
    Campaign,
    Chapter,
    Group,
    Membership,
    MembershipQuerySet,
    Visibility,
)

_EVERYONE = Visibility.rank(Visibility.EVERYONE)
_MEMBERS = Visibility.rank(Visibility.MEMBERS)
_LEADERS = Visibility.rank(Visibility.LEADERS)


def _levels_from(rank: int) -> list[str]:
    return [v for v in Visibility.values if Visibility.rank(v) >= rank]


# --- who someone is to a group -------------------------------------------------------------


def can_browse_groups(user: Any) -> bool:
    return accounts_access.can_use_product(user)


def can_join(user: Any) -> bool:
    """Joining needs an employee record: memberships belong to people."""
    return accounts_access.is_employee(user)


def can_create_group(user: Any) -> bool:
    return accounts_access.is_administrator(user)


def _chapter_grant_ids(user: Any) -> set[int]:
    return {
        int(sid)
        for role, kind, sid in accounts_access.grants_of(user)
        if role == Role.GROUP_LEADER and kind == ScopeKind.CHAPTER and sid is not None
    }


def _group_grant_ids(user: Any) -> set[int]:
    return {
        int(sid)
        for role, kind, sid in accounts_access.grants_of(user)
        if role == Role.GROUP_LEADER and kind == ScopeKind.GROUP and sid is not None
    }


def can_manage_group(user: Any, group: Group) -> bool:
    """Board leaders of the group, and administrators: everything in the group."""
    if not can_browse_groups(user):
        return False
    return accounts_access.is_administrator(user) or group.pk in _group_grant_ids(user)


def _chapter_tree(group: Group) -> dict[int, int | None]:
    """chapter id → parent id for the group, cached on the group for the request."""
    cached: dict[int, int | None] | None = getattr(group, "_belong_chapter_tree", None)
    if cached is None:
        cached = dict(Chapter.objects.filter(group=group).values_list("id", "parent_id"))
        group._belong_chapter_tree = cached  # type: ignore[attr-defined]
    return cached


def subtree_ids(group: Group, chapter_ids: Iterable[int]) -> set[int]:
    """The given chapters of `group` and every chapter below them."""
    tree = _chapter_tree(group)
    found = {c for c in chapter_ids if c in tree}
    changed = True
    while changed:
        changed = False
        for cid, parent in tree.items():
            if parent in found and cid not in found:
                found.add(cid)
                changed = True
    return found


def led_chapter_ids(user: Any, group: Group) -> set[int] | None:
    """Chapters of `group` that `user` leads (with those below); None means all of them."""
    if can_manage_group(user, group):
        return None
    if not can_browse_groups(user):
        return set()
    return subtree_ids(group, _chapter_grant_ids(user))


def can_manage_chapter(user: Any, chapter: Chapter) -> bool:
    led = led_chapter_ids(user, chapter.group)
    return led is None or chapter.pk in led


def leads_in_group(user: Any, group: Group) -> bool:
    """Leads the group or any chapter of it: may open the group's leader pages."""
    led = led_chapter_ids(user, group)
    return led is None or bool(led)


def can_manage_scope(user: Any, group: Group, chapter: Chapter | None) -> bool:
    """Rows tagged with a chapter are managed by its leaders; group-wide rows by the board."""
    if chapter is None:
        return can_manage_group(user, group)
    return chapter.group_id == group.pk and can_manage_chapter(user, chapter)


def membership_of(user: Any, group: Group) -> Membership | None:
    """The viewer's own active membership of `group` (cached per request)."""
    person = accounts_access.person_of(user)
    if person is None:
        return None
    cache: dict[int, Membership | None] = getattr(user, "_belong_memberships", None) or {}
    if group.pk not in cache:
        cache[group.pk] = Membership.objects.active().filter(group=group, person=person).first()
        user._belong_memberships = cache
    return cache[group.pk]


def is_member(user: Any, group: Group) -> bool:
    """Member or ally, active: both count the same for what they may see."""
    return membership_of(user, group) is not None


def my_group_ids(user: Any) -> set[int]:
    person = accounts_access.person_of(user)
    if person is None:
        return set()
    return set(Membership.objects.active().filter(person=person).values_list("group_id", flat=True))


# --- finding groups and chapters -----------------------------------------------------------


def groups_for(user: Any) -> QuerySet[Group]:
    """Groups `user` may find in the list: listed ones, plus their own and those they lead."""
    if not can_browse_groups(user):
        raise PermissionDenied
    groups = Group.objects.all()
    if accounts_access.is_administrator(user):
        return groups
    chapter_groups = Chapter.objects.filter(id__in=_chapter_grant_ids(user)).values("group_id")
    return groups.filter(
        Q(listed=True)
        | Q(id__in=my_group_ids(user))
        | Q(id__in=_group_grant_ids(user))
        | Q(id__in=chapter_groups)
    )


def get_group_for(user: Any, slug: str, *, write: bool = False) -> Group:
    """A group by slug; unlisted groups open by direct link. `write` asks for the board."""
    if not can_browse_groups(user):
        raise PermissionDenied
    group = Group.objects.select_related("sponsor").filter(slug=slug).first()
    if group is None:
        raise Http404
    if write and not can_manage_group(user, group):
        raise PermissionDenied
    return group


def get_group_by_id_for(user: Any, group_id: int, *, write: bool = False) -> Group:
    if not can_browse_groups(user):
        raise PermissionDenied
    group = Group.objects.select_related("sponsor").filter(pk=group_id).first()
    if group is None:
        raise Http404
    if write and not can_manage_group(user, group):
        raise PermissionDenied
    return group


def get_chapter_for(user: Any, group: Group, slug: str, *, write: bool = False) -> Chapter:
    chapter = (
        Chapter.objects.select_related("site", "parent").filter(group=group, slug=slug).first()
    )
    if chapter is None:
        raise Http404
    chapter.group = group
    if write and not can_manage_chapter(user, chapter):
        raise PermissionDenied
    return chapter


def get_chapter_by_id_for(user: Any, group: Group, chapter_id: int | None) -> Chapter | None:
    if chapter_id is None:
        return None
    chapter = Chapter.objects.select_related("site").filter(group=group, pk=chapter_id).first()
    if chapter is None:
        raise Http404
    chapter.group = group
    return chapter


# --- rosters: the membership-visibility helpers -------------------------------------------


def _audience_filter(user: Any, group: Group) -> Q | None:
    """Which active, on-roster memberships of `group` the viewer may see; None: none at all."""
    if not can_browse_groups(user):
        return None
    group_rank = Visibility.rank(group.roster_visibility)
    conditions: list[Q] = []
    if group_rank >= _EVERYONE:
        conditions.append(Q(roster_consent=Visibility.EVERYONE))
    if group_rank >= _MEMBERS and is_member(user, group):
        conditions.append(Q(roster_consent__in=_levels_from(_MEMBERS)))
    if group_rank >= _LEADERS:
        led = led_chapter_ids(user, group)
        if led is None:
            conditions.append(Q(roster_consent__in=_levels_from(_LEADERS)))
        elif led:
            conditions.append(Q(chapter_id__in=led, roster_consent__in=_levels_from(_LEADERS)))
    if not conditions:
        return None
    combined = conditions[0]
    for condition in conditions[1:]:
        combined |= condition
    return combined


def can_see_roster(user: Any, group: Group) -> bool:
    return _audience_filter(user, group) is not None


def roster_for(user: Any, group: Group, chapter: Chapter | None = None) -> MembershipQuerySet:
    """The memberships of `group` (or of `chapter` and below) that `user` may see listed.

    Never includes private memberships, and never more than each person consented to.
    """
    if not can_browse_groups(user):
        raise PermissionDenied
    audience = _audience_filter(user, group)
    members = Membership.objects.active().filter(group=group, show_on_roster=True)
    if audience is None:
        return members.none()
    members = members.filter(audience).exclude(roster_consent=Visibility.NOBODY)
    if chapter is not None:
        members = members.filter(chapter_id__in=subtree_ids(group, [chapter.pk]))
    return members


def can_export_roster(user: Any, group: Group, chapter: Chapter | None = None) -> bool:
    """Leaders download the roster of what they lead: the board any, a chapter lead theirs."""
    if chapter is None:
        return can_manage_group(user, group)
    return can_manage_chapter(user, chapter)


def can_see_membership(user: Any, membership: Membership) -> bool:
    """May `user` see that this person belongs to the group? (Themselves always may.)"""
    person = accounts_access.person_of(user)
    if person is not None and person.pk == membership.person_id:
        return True
    if not membership.is_active or membership.is_private:
        return False
    return roster_for(user, membership.group).filter(pk=membership.pk).exists()


def shown_person_ids(user: Any, group: Group, person_ids: Iterable[int]) -> set[int]:
    """Of `person_ids`, those whose link to `group` the viewer may see (one query).

    For other apps' lists (event attendees, hours) that must not reveal hidden members.
    The viewer's own id is always kept.
    """
    ids = set(person_ids)
    if not ids:
        return set()
    shown = set(
        roster_for(user, group).filter(person_id__in=ids).values_list("person_id", flat=True)
    )
    person = accounts_access.person_of(user)
    if person is not None and person.pk in ids:
        shown.add(person.pk)
    return shown


# Counting a big group's 150,000 memberships takes 20 to 40 ms on every view of its page; a
# count up to a minute old reads the same to anyone. Small groups, where one person joining
# shows, are counted each time.
BIG_GROUP, BIG_GROUP_COUNT_SECONDS = 1_000, 60


def member_count(group: Group, chapter: Chapter | None = None) -> int | None:
    """Active members and allies together, private ones included, or None below k."""
    key = f"groups:member-count:{group.pk}:{chapter.pk if chapter is not None else ''}"
    count = cache.get(key)
    if count is None:
        members = Membership.objects.active().filter(group=group)
        if chapter is not None:
            members = members.filter(chapter_id__in=subtree_ids(group, [chapter.pk]))
        count = members.count()
        if count >= BIG_GROUP:
            cache.set(key, count, BIG_GROUP_COUNT_SECONDS)
    return suppress_small(count)


# --- badges ---------------------------------------------------------------------------------


def visible_badges(user: Any, person_ids: Iterable[int]) -> dict[int, list[Campaign]]:
    """Badges each person chose to show, in running campaigns of groups they still belong to
    with badges switched on. One query for any number of people."""
    ids = list(set(person_ids))
    if not ids or not accounts_access.can_use_product(user):
        return {}
    today = timezone.localdate()
    adoptions = (
        BadgeAdoption.objects.filter(
            person_id__in=ids,
            shown=True,
            campaign__starts_on__lte=today,
        )
        .filter(Q(campaign__ends_on__isnull=True) | Q(campaign__ends_on__gte=today))
        .filter(
            campaign__group__memberships__person_id=F("person_id"),
            campaign__group__memberships__ended_at__isnull=True,
            campaign__group__memberships__show_badges=True,
        )
        .select_related("campaign", "campaign__group")
        .order_by("campaign__starts_on", "campaign_id")
    )
    found: dict[int, list[Campaign]] = {}
    for adoption in adoptions:
        found.setdefault(adoption.person_id, []).append(adoption.campaign)
    return found
