"""REST endpoints for groups, chapters, memberships, leaders, announcements and campaigns.

The same `access` rules as the pages: rosters list only people who chose to appear, to the
audience they agreed to; member-versus-ally is returned only to the person themselves.
Community work is in `api_community.py`, mounted on the same router.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from belong.accounts import access as accounts_access
from belong.accounts.api_auth import require, require_scope
from belong.groups import access, queries, services
from belong.groups.api_schemas import (
    AnnouncementIn,
    AnnouncementOut,
    CampaignIn,
    CampaignOut,
    ChapterDetailOut,
    ChapterIn,
    ChapterOut,
    GroupDetailOut,
    GroupIn,
    GroupOut,
    GroupSettingsIn,
    JoinIn,
    LeaderIn,
    LeaderOut,
    MembershipIn,
    MyMembershipOut,
    RosterPage,
    campaign_out,
    chapter_out,
    employee_by_id,
    group_out,
    leader_out,
    my_membership_out,
    person_ref,
)
from belong.groups.models import (
    Announcement,
    Campaign,
    Chapter,
    Group,
    LeaderRole,
)
from belong.people.models import Person

router = Router(tags=["groups"])


def fail(error: ValidationError) -> ValidationError:
    """Re-raised as is: the API's handler answers 400 naming each refused field."""
    return error


def load_group(request: HttpRequest, group_id: int, *, scope: str = "read") -> Group:
    require_scope(request, scope)
    require(access.can_browse_groups(request.user))
    try:
        return access.get_group_by_id_for(request.user, group_id)
    except Http404:
        raise HttpError(404, "No such group.") from None


def load_chapter(group: Group, chapter_id: int | None) -> Chapter | None:
    try:
        return access.get_chapter_by_id_for(None, group, chapter_id)
    except Http404:
        raise HttpError(404, "No such chapter in this group.") from None


def require_scope_manager(request: HttpRequest, group: Group, chapter: Chapter | None) -> None:
    require(access.can_manage_scope(request.user, group, chapter))


def me(request: HttpRequest) -> Person:
    person = accounts_access.person_of(request.user)
    require(person is not None and access.can_join(request.user))
    assert person is not None
    return person


# --- groups and chapters ------------------------------------------------------------------


class GroupFilters(Schema):
    q: Annotated[str, Field(max_length=100)] = ""  # in the name or mission
    mine: bool | None = None  # only groups you belong to (true) or not (false)


@router.get("", response=list[GroupOut], summary="Groups you may find")
def list_groups(request: HttpRequest, filters: Query[GroupFilters]) -> list[dict[str, Any]]:
    require_scope(request, "read")
    require(access.can_browse_groups(request.user))
    mine = access.my_group_ids(request.user)
    groups = access.groups_for(request.user)
    if filters.q.strip():
        text = filters.q.strip()
        groups = groups.filter(Q(name__icontains=text) | Q(mission__icontains=text))
    cards = queries.group_cards(groups, mine)
    if filters.mine is not None:
        cards = [c for c in cards if c.mine == filters.mine]
    return [group_out(c.group, c.members, c.mine) for c in cards]


@router.post("", response={201: GroupOut}, summary="Create a group (administrators)")
def create_group(request: HttpRequest, data: GroupIn) -> Status:
    require_scope(request, "write")
    require(access.can_create_group(request.user))
    try:
        fields = data.dict()
        fields["sponsor"] = employee_by_id(fields.pop("sponsor_id"))
        group = services.group_create(**fields)
    except ValidationError as error:
        raise fail(error) from None
    return Status(201, group_out(group, None, False))


@router.get("/{group_id}", response=GroupDetailOut, summary="A group's page")
def get_group(request: HttpRequest, group_id: int) -> dict[str, Any]:
    group = load_group(request, group_id)
    roles = list(queries.current_leader_roles(group))
    return {
        **group_out(group, access.member_count(group), access.is_member(request.user, group)),
        "sponsor": person_ref(group.sponsor),
        "board": [leader_out(r) for r in roles if r.chapter_id is None],
        "chapters": [chapter_out(c) for c, _depth in queries.chapter_tree(group)],
    }


@router.patch("/{group_id}", response=GroupOut, summary="Change a group's settings")
def update_group(request: HttpRequest, group_id: int, data: GroupSettingsIn) -> dict[str, Any]:
    group = load_group(request, group_id, scope="write")
    require(access.can_manage_group(request.user, group))
    fields = data.dict()
    fields["sponsor"] = employee_by_id(fields.pop("sponsor_id"))
    try:
        services.group_update(group=group, actor=request.user, **fields)
    except ValueError as error:
        raise HttpError(400, str(error)) from None
    return group_out(group, access.member_count(group), access.is_member(request.user, group))


@router.post("/{group_id}/chapters", response={201: ChapterOut}, summary="Add a chapter (board)")
def create_chapter(request: HttpRequest, group_id: int, data: ChapterIn) -> Status:
    group = load_group(request, group_id, scope="write")
    require(access.can_manage_group(request.user, group))
    from belong.people.models import Site

    site = Site.objects.filter(pk=data.site_id).first() if data.site_id else None
    try:
        chapter = services.chapter_create(
            group=group,
            name=data.name,
            slug=data.slug,
            kind=data.kind,
            parent=load_chapter(group, data.parent_id),
            site=site,
            description=data.description,
        )
    except ValueError as error:
        raise HttpError(400, str(error)) from None
    return Status(201, chapter_out(chapter))


@router.get("/{group_id}/chapters/{chapter_id}", response=ChapterDetailOut, summary="A chapter")
def get_chapter(request: HttpRequest, group_id: int, chapter_id: int) -> dict[str, Any]:
    group = load_group(request, group_id)
    chapter = load_chapter(group, chapter_id)
    assert chapter is not None
    roles = queries.current_leader_roles(group).filter(chapter=chapter)
    return {
        **chapter_out(chapter),
        "leaders": [leader_out(r) for r in roles],
        "member_count": access.member_count(group, chapter),
    }


def _roster(request: HttpRequest, group: Group, chapter: Chapter | None, page: int) -> Any:
    require(access.can_see_roster(request.user, group))
    result = queries.roster_page(access.roster_for(request.user, group, chapter), page=page)
    services.roster_read_record(actor=request.user, group=group, chapter=chapter, request=request)
    return {
        "page": result["number"],
        "has_next": result["has_next"],
        "results": [
            {
                "employee_id": m.person.employee_id,
                "name": m.person.display_name,
                "title": m.person.title,
                "site": str(m.person.site),
                "chapter_id": m.chapter_id,
            }
            for m in result["members"]
        ],
    }


@router.get("/{group_id}/members", response=RosterPage, summary="The roster you may see")
def list_members(request: HttpRequest, group_id: int, page: Query[int] = 1) -> Any:
    return _roster(request, load_group(request, group_id), None, min(max(page, 1), 10_000))


@router.get(
    "/{group_id}/chapters/{chapter_id}/members",
    response=RosterPage,
    summary="A chapter's roster you may see",
)
def list_chapter_members(
    request: HttpRequest, group_id: int, chapter_id: int, page: Query[int] = 1
) -> Any:
    group = load_group(request, group_id)
    return _roster(request, group, load_chapter(group, chapter_id), min(max(page, 1), 10_000))


# --- one's own membership -----------------------------------------------------------------


@router.get(
    "/{group_id}/membership",
    response={200: MyMembershipOut, 404: dict},
    summary="Your membership (only you see member or ally)",
)
def my_membership(request: HttpRequest, group_id: int) -> Any:
    group = load_group(request, group_id)
    mine = access.membership_of(request.user, group)
    if mine is None:
        return Status(404, {"detail": "You do not belong to this group."})
    mine.group = group
    return my_membership_out(mine)


@router.post(
    "/{group_id}/membership",
    response={201: MyMembershipOut},
    summary="Join as member or ally (consent required)",
)
def join_group(request: HttpRequest, group_id: int, data: JoinIn) -> Status:
    group = load_group(request, group_id, scope="write")
    person = me(request)
    try:
        mine = services.membership_join(
            group=group,
            person=person,
            kind=data.kind,
            consent=data.consent,
            chapter=load_chapter(group, data.chapter_id),
            show_on_roster=data.show_on_roster,
            show_badges=data.show_badges,
            actor=request.user,
        )
    except ValidationError as error:
        raise fail(error) from None
    mine.group = group
    return Status(201, my_membership_out(mine))


@router.patch("/{group_id}/membership", response=MyMembershipOut, summary="Change your settings")
def update_membership(request: HttpRequest, group_id: int, data: MembershipIn) -> Any:
    group = load_group(request, group_id, scope="write")
    me(request)
    mine = access.membership_of(request.user, group)
    if mine is None:
        raise HttpError(404, "You do not belong to this group.")
    mine.group = group
    try:
        services.membership_update(
            membership=mine,
            kind=data.kind,
            chapter=load_chapter(group, data.chapter_id),
            show_on_roster=data.show_on_roster,
            show_badges=data.show_badges,
            announcements=data.announcements,
            actor=request.user,
        )
    except ValidationError as error:
        raise fail(error) from None
    return my_membership_out(mine)


@router.delete("/{group_id}/membership", response={204: None}, summary="Leave")
def leave_group(request: HttpRequest, group_id: int) -> Status:
    group = load_group(request, group_id, scope="write")
    me(request)
    mine = access.membership_of(request.user, group)
    if mine is not None:
        services.membership_leave(membership=mine, actor=request.user)
    return Status(204, None)


# --- leaders, announcements, campaigns ----------------------------------------------------


@router.get("/{group_id}/leaders", response=list[LeaderOut], summary="Current leaders")
def list_leaders(request: HttpRequest, group_id: int) -> list[dict[str, Any]]:
    group = load_group(request, group_id)
    return [leader_out(r) for r in queries.current_leader_roles(group)]


@router.post("/{group_id}/leaders", response={201: LeaderOut}, summary="Add a leader or co-leader")
def add_leader(request: HttpRequest, group_id: int, data: LeaderIn) -> Status:
    group = load_group(request, group_id, scope="write")
    chapter = load_chapter(group, data.chapter_id)
    require_scope_manager(request, group, chapter)
    person = employee_by_id(data.employee_id, "employee_id")
    assert person is not None  # the schema requires a non-blank id
    try:
        role = services.leader_role_assign(
            group=group,
            chapter=chapter,
            person=person,
            title=data.title,
            starts_on=data.starts_on,
            ends_on=data.ends_on,
            assigned_by=request.user,
        )
    except ValidationError as error:
        raise fail(error) from None
    return Status(201, leader_out(role))


@router.delete("/{group_id}/leaders/{role_id}", response={204: None}, summary="End a leader role")
def end_leader(request: HttpRequest, group_id: int, role_id: int) -> Status:
    group = load_group(request, group_id, scope="write")
    role = LeaderRole.objects.select_related("person", "chapter").filter(group=group, pk=role_id)
    found = role.first()
    if found is None:
        raise HttpError(404, "No such leader role.")
    require_scope_manager(request, group, found.chapter)
    services.leader_role_end(role=found, ended_by=request.user)
    return Status(204, None)


@router.get(
    "/{group_id}/announcements",
    response=list[AnnouncementOut],
    summary="Announcements sent (leaders)",
)
def list_announcements(request: HttpRequest, group_id: int) -> Any:
    group = load_group(request, group_id)
    led = access.led_chapter_ids(request.user, group)
    require(led is None or bool(led))
    sent = Announcement.objects.filter(group=group)
    if led is not None:
        sent = sent.filter(chapter_id__in=led)
    return list(sent[:100])


@router.post(
    "/{group_id}/announcements",
    response={202: AnnouncementOut},
    summary="Email members (each alone, with an unsubscribe link)",
)
def send_announcement(request: HttpRequest, group_id: int, data: AnnouncementIn) -> Status:
    group = load_group(request, group_id, scope="write")
    chapter = load_chapter(group, data.chapter_id)
    require_scope_manager(request, group, chapter)
    announcement = services.announcement_create(
        group=group,
        chapter=chapter,
        author=accounts_access.person_of(request.user),
        subject=data.subject,
        body=data.body,
    )
    return Status(202, announcement)


@router.get("/{group_id}/campaigns", response=list[CampaignOut], summary="Campaigns")
def list_campaigns(request: HttpRequest, group_id: int) -> list[dict[str, Any]]:
    group = load_group(request, group_id)
    leader = access.leads_in_group(request.user, group)
    rows = queries.campaign_adoption(Campaign.objects.filter(group=group))
    return [campaign_out(c, n if leader else None) for c, n in rows]


@router.post("/{group_id}/campaigns", response={201: CampaignOut}, summary="Create a campaign")
def create_campaign(request: HttpRequest, group_id: int, data: CampaignIn) -> Status:
    group = load_group(request, group_id, scope="write")
    require(access.can_manage_group(request.user, group))
    try:
        c = services.campaign_create(
            group=group, created_by=accounts_access.person_of(request.user), **data.dict()
        )
    except ValueError as error:
        raise HttpError(400, str(error)) from None
    return Status(201, campaign_out(c, None))


@router.post(
    "/{group_id}/campaigns/{campaign_id}/badge",
    response={204: None},
    summary="Show the campaign's badge on your profile",
)
def adopt_badge(request: HttpRequest, group_id: int, campaign_id: int) -> Status:
    group = load_group(request, group_id, scope="write")
    campaign = Campaign.objects.filter(group=group, pk=campaign_id).first()
    if campaign is None:
        raise HttpError(404, "No such campaign.")
    try:
        services.badge_adopt(campaign=campaign, person=me(request))
    except ValidationError as error:
        raise fail(error) from None
    return Status(204, None)


@router.delete(
    "/{group_id}/campaigns/{campaign_id}/badge",
    response={204: None},
    summary="Stop showing the badge",
)
def withdraw_badge(request: HttpRequest, group_id: int, campaign_id: int) -> Status:
    group = load_group(request, group_id, scope="write")
    campaign = Campaign.objects.filter(group=group, pk=campaign_id).first()
    if campaign is None:
        raise HttpError(404, "No such campaign.")
    services.badge_withdraw(campaign=campaign, person=me(request))
    return Status(204, None)


class BadgeOut(Schema):
    campaign_id: int
    group: str
    badge_name: str


@router.get("/badges/{employee_id}", response=list[BadgeOut], summary="Badges a person shows")
def person_badges(request: HttpRequest, employee_id: str) -> list[dict[str, Any]]:
    require_scope(request, "read")
    require(access.can_browse_groups(request.user))
    person = Person.objects.active().filter(employee_id=employee_id).first()
    if person is None:
        raise HttpError(404, "No such person.")
    badges = access.visible_badges(request.user, [person.pk]).get(person.pk, [])
    return [
        {"campaign_id": c.pk, "group": c.group.name, "badge_name": c.badge_name} for c in badges
    ]


from belong.groups.api_community import router as community_router  # noqa: E402 - needs the above

router.add_router("", community_router)
