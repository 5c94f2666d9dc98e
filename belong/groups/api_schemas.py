"""Request and response shapes of the groups API, and the converters that fill them.

Nothing here carries member-versus-ally except `MyMembershipOut`, returned only to the
person themselves.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Schema

from belong.common.api_fields import Body, EmployeeId, Id, Slug, text
from belong.groups.choices import Pillar
from belong.groups.models import Campaign, Chapter, Group, LeaderRole, Membership, Visibility
from belong.people.models import Person


class GroupOut(Schema):
    id: int
    slug: str
    name: str
    mission: str
    pillars: list[str]
    official: bool
    listed: bool
    private: bool
    roster_visibility: str
    member_count: int | None
    mine: bool


class PersonRef(Schema):
    employee_id: str
    name: str


class LeaderOut(Schema):
    id: int
    person: PersonRef
    title: str
    chapter_id: int | None
    starts_on: dt.date
    ends_on: dt.date | None


class ChapterOut(Schema):
    id: int
    slug: str
    name: str
    kind: str
    parent_id: int | None
    site: str | None


class GroupDetailOut(GroupOut):
    sponsor: PersonRef | None
    board: list[LeaderOut]
    chapters: list[ChapterOut]


class ChapterDetailOut(ChapterOut):
    leaders: list[LeaderOut]
    member_count: int | None


class MemberOut(Schema):
    employee_id: str
    name: str
    title: str
    site: str
    chapter_id: int | None


class RosterPage(Schema):
    page: int
    has_next: bool
    results: list[MemberOut]


class MyMembershipOut(Schema):
    group_id: int
    kind: str
    chapter_id: int | None
    show_on_roster: bool
    roster_consent: str
    show_badges: bool
    announcements: bool
    joined_at: dt.datetime
    needs_renewal: bool


class JoinIn(Schema):
    kind: Membership.Kind
    consent: bool
    chapter_id: Id | None = None
    show_on_roster: bool | None = None
    show_badges: bool | None = None


class MembershipIn(Schema):
    kind: Membership.Kind
    chapter_id: Id | None = None
    show_on_roster: bool
    show_badges: bool
    announcements: bool = True


class GroupIn(Schema):
    name: text(120)
    slug: Slug
    mission: Body = ""
    pillars: list[Pillar] = []
    official: bool = True
    listed: bool = True
    roster_visibility: Visibility = Visibility.MEMBERS
    private: bool = False
    sponsor_id: EmployeeId | None = None


class GroupSettingsIn(Schema):
    mission: Body
    pillars: list[Pillar]
    listed: bool
    roster_visibility: Visibility
    private: bool
    sponsor_id: EmployeeId | None = None


class ChapterIn(Schema):
    name: text(120)
    slug: Slug
    kind: Chapter.Kind = Chapter.Kind.SITE
    parent_id: Id | None = None
    site_id: Id | None = None
    description: Body = ""


class LeaderIn(Schema):
    employee_id: EmployeeId
    title: text(120)
    starts_on: dt.date
    ends_on: dt.date | None = None
    chapter_id: Id | None = None


class AnnouncementIn(Schema):
    subject: text(200)
    body: Body
    chapter_id: Id | None = None


class AnnouncementOut(Schema):
    id: int
    subject: str
    chapter_id: int | None
    status: str
    created_at: dt.datetime


class CampaignIn(Schema):
    name: text(160)
    badge_name: text(80)
    starts_on: dt.date
    ends_on: dt.date | None = None
    description: Body = ""
    pillar: Pillar = Pillar.ENGAGE


class CampaignOut(Schema):
    id: int
    name: str
    description: str
    pillar: str
    badge_name: str
    starts_on: dt.date
    ends_on: dt.date | None
    adoption: int | None  # leaders only, and only above the privacy threshold


# --- converters ---------------------------------------------------------------------------


def person_ref(p: Person | None) -> dict[str, str] | None:
    return {"employee_id": p.employee_id, "name": p.display_name} if p else None


def group_out(g: Group, count: int | None, mine: bool) -> dict[str, Any]:
    return {
        "id": g.pk,
        "slug": g.slug,
        "name": g.name,
        "mission": g.mission,
        "pillars": g.pillars,
        "official": g.official,
        "listed": g.listed,
        "private": g.private,
        "roster_visibility": g.roster_visibility,
        "member_count": count,
        "mine": mine,
    }


def leader_out(r: LeaderRole) -> dict[str, Any]:
    return {
        "id": r.pk,
        "person": person_ref(r.person),
        "title": r.title,
        "chapter_id": r.chapter_id,
        "starts_on": r.starts_on,
        "ends_on": r.ends_on,
    }


def chapter_out(c: Chapter) -> dict[str, Any]:
    return {
        "id": c.pk,
        "slug": c.slug,
        "name": c.name,
        "kind": c.kind,
        "parent_id": c.parent_id,
        "site": str(c.site) if c.site else None,
    }


def my_membership_out(m: Membership) -> dict[str, Any]:
    return {
        "group_id": m.group_id,
        "kind": m.kind,
        "chapter_id": m.chapter_id,
        "show_on_roster": m.show_on_roster,
        "roster_consent": m.roster_consent,
        "show_badges": m.show_badges,
        "announcements": m.announcements,
        "joined_at": m.joined_at,
        "needs_renewal": m.show_on_roster
        and Visibility.rank(m.roster_consent) < Visibility.rank(m.group.roster_visibility),
    }


def campaign_out(c: Campaign, adoption: int | None) -> dict[str, Any]:
    return {
        "id": c.pk,
        "name": c.name,
        "description": c.description,
        "pillar": c.pillar,
        "badge_name": c.badge_name,
        "starts_on": c.starts_on,
        "ends_on": c.ends_on,
        "adoption": adoption,
    }


def employee_by_id(employee_id: str | None, field: str = "sponsor_id") -> Person | None:
    if not employee_id:
        return None
    person = Person.objects.active().filter(employee_id=employee_id).first()
    if person is None:
        raise ValidationError({field: _("No current employee has this id.")})
    return person
