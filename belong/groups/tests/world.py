"""A small group world for the tests: Pride with chapters, leaders, visible and private members."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from belong.accounts.models import RoleGrant
from belong.common.testing import SiteFactory, employee_user
from belong.groups import services
from belong.groups import services_community as community
from belong.groups.models import Campaign, Chapter, FundraisingDrive, Group, Membership
from belong.groups.models import Visibility as V


@dataclass
class World:
    group: Group
    europe: Chapter
    madrid: Chapter
    visible: Membership  # the mentor, on the roster for members
    hidden: Membership  # "secret ally", a private membership
    hidden_user: Any
    drive: FundraisingDrive
    campaign: Campaign


def build_world(personas: dict[str, Any]) -> World:
    group = services.group_create(
        name="Pride",
        slug="pride",
        mission="Belonging for LGBTQ+ people and allies.",
        pillars=["engage", "advocate"],
        roster_visibility=V.MEMBERS,
    )
    # The persona's grant names group 1; point it at this group, wherever ids start.
    RoleGrant.objects.filter(user=personas["group_leader"], scope_kind="group").update(
        scope_id=group.pk
    )
    global_chapter = Chapter.objects.get(group=group, kind="global")
    europe = services.chapter_create(
        group=group, name="Europe", slug="europe", kind="region", parent=global_chapter
    )
    madrid = services.chapter_create(
        group=group, name="Madrid", slug="madrid", parent=europe, site=SiteFactory()
    )
    services.leader_role_assign(
        group=group,
        person=personas["group_leader"].person,
        title="Co-president",
        starts_on=dt.date(2025, 1, 1),
    )
    visible = services.membership_join(
        group=group,
        person=personas["mentor"].person,
        kind="member",
        chapter=madrid,
        consent=True,
        show_on_roster=True,
    )
    hidden_user = employee_user("secret-ally")
    hidden = services.membership_join(
        group=group,
        person=hidden_user.person,
        kind="ally",
        chapter=madrid,
        consent=True,
        show_on_roster=False,
        show_badges=False,
    )
    drive = community.drive_create(
        group=group,
        chapter=None,
        title="Shelter drive",
        goal=Decimal(1000),
        starts_on=dt.date(2026, 6, 1),
        match_ratio=Decimal(1),
    )
    campaign = services.campaign_create(
        group=group, name="Pride month", badge_name="Proud ally", starts_on=dt.date(2026, 1, 1)
    )
    for user in personas.values():
        if user is not None:
            user.__dict__.pop("_belong_memberships", None)
            user.__dict__.pop("_belong_grants", None)
    return World(group, europe, madrid, visible, hidden, hidden_user, drive, campaign)
