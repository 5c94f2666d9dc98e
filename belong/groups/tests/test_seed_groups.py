"""The demo seed's groups step: thirteen groups, chapters, growing membership, leaders."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from belong.accounts.models import RoleGrant
from belong.groups.models import (
    BadgeAdoption,
    Chapter,
    Donation,
    Group,
    Initiative,
    LeaderRole,
    Membership,
    Referral,
    VolunteerHours,
)

AS_OF = dt.date(2026, 6, 30)


@pytest.fixture
def seeded(db):
    call_command("seed_demo", people=600, seed=7, as_of=AS_OF, stdout=StringIO())


def test_it_seeds_thirteen_groups_with_group_one_led_by_the_leader_persona(seeded):
    assert Group.objects.count() == 13
    first = Group.objects.get(pk=1)
    grant = RoleGrant.objects.get(user__username="leader@demo.belong.test")
    assert (grant.scope_kind, grant.scope_id) == ("group", first.pk)
    assert LeaderRole.objects.filter(
        group=first, chapter=None, person__email="leader@demo.belong.test"
    ).exists()
    assert Chapter.objects.filter(kind="site", site__isnull=False).count() >= 13 * 3


def test_membership_grows_over_three_years_with_private_members_and_allies(seeded):
    joined = list(Membership.objects.values_list("joined_at", flat=True))
    years = [
        sum(1 for j in joined if j.date() <= AS_OF - dt.timedelta(days=365 * k)) for k in (2, 1, 0)
    ]
    assert years[0] < years[1] < years[2]
    active = Membership.objects.active()
    assert active.filter(show_on_roster=False).exists()
    assert active.filter(kind="ally").exists() and active.filter(kind="member").exists()
    assert Membership.objects.filter(ended_at__isnull=False).exists()
    assert not Membership.objects.filter(person__email="employee@demo.belong.test").exists()


def test_it_seeds_community_work_and_a_badge_campaign(seeded):
    assert VolunteerHours.objects.filter(status="approved").exists()
    assert Donation.objects.exists() and Referral.objects.exists() and Initiative.objects.exists()
    assert BadgeAdoption.objects.exists()
    assert RoleGrant.objects.filter(role="group_leader").count() == 1  # only personas log in
