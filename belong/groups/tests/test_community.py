"""Volunteering hours, drives with a company match, partners and referrals, initiatives."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from belong.common.privacy import suppress_small
from belong.groups import queries, services
from belong.groups import services_community as community
from belong.groups.models import FundraisingDrive, Partner, VolunteerHours
from belong.groups.tests.world import build_world

TODAY = timezone.localdate()


def _opportunity(w, chapter=None):
    nonprofit = community.nonprofit_get_or_create(name="Food Bank")
    return community.opportunity_create(
        group=w.group, chapter=chapter, nonprofit=nonprofit, title="Sort food", starts_on=TODAY
    )


def test_hours_wait_for_a_leader_and_then_count(client_as, personas):
    w = build_world(personas)
    opp = _opportunity(w, w.madrid)
    client = client_as("employee")
    url = reverse("groups:volunteering", args=[w.group.slug])
    data = {"opportunity": opp.pk, "hours": "3", "worked_on": TODAY.isoformat()}
    assert client.post(url, data).status_code == 302
    hours = VolunteerHours.objects.get()
    assert hours.status == "pending"
    assert queries.volunteer_totals(w.group)["hours"] == 0
    decide = reverse("groups:lead_hours_decide", args=[w.group.slug, hours.pk])
    assert client_as("mentor").post(decide, {"decision": "approve"}).status_code == 403
    assert client_as("group_leader").post(decide, {"decision": "approve"}).status_code == 302
    totals = queries.volunteer_totals(w.group)
    assert totals["hours"] == 3 and totals["volunteers"] is None  # one person: below k
    assert queries.volunteer_totals(w.group, {w.madrid.pk})["hours"] == 3


def test_future_or_huge_hours_are_refused(personas):
    w = build_world(personas)
    opp = _opportunity(w)
    person = personas["employee"].person
    import pytest
    from django.core.exceptions import ValidationError

    today = timezone.localdate()  # at call time: the suite may cross midnight
    with pytest.raises(ValidationError):
        community.hours_log(opportunity=opp, person=person, hours=Decimal(30), worked_on=today)
    with pytest.raises(ValidationError):
        community.hours_log(
            opportunity=opp, person=person, hours=Decimal(2), worked_on=today + dt.timedelta(1)
        )


def test_drive_progress_adds_the_company_match_up_to_its_cap(client_as, personas):
    w = build_world(personas)
    w.drive.match_cap = Decimal(150)
    w.drive.save()
    url = reverse("groups:drive", args=[w.group.slug, w.drive.pk])
    client_as("employee").post(url, {"kind": "donation", "amount": "100"})
    client_as("mentor").post(url, {"kind": "pledge", "amount": "100"})
    (progress,) = queries.drive_progress(FundraisingDrive.objects.filter(pk=w.drive.pk))
    assert (progress.donated, progress.pledged, progress.match) == (100, 100, 150)
    assert progress.total == 350 and progress.percent == 35
    assert progress.donors is None  # two donors: below the threshold
    page = client_as("hr_analyst").get(url).content.decode()
    assert personas["employee"].person.display_name not in page


def test_leaders_record_partners_contacts_and_referrals(client_as, personas):
    w = build_world(personas)
    client = client_as("group_leader")
    url = reverse("groups:lead_partners", args=[w.group.slug])
    client.post(url, {"form": "partner", "name": "Society of Engineers", "kind": "recruiting"})
    partner = Partner.objects.get()
    client.post(url, {"form": "contact", "partner": partner.pk, "name": "Sam"})
    client.post(
        url,
        {
            "form": "referral",
            "partner": partner.pk,
            "referred_on": TODAY.isoformat(),
            "status": "hired",
        },
    )
    assert partner.contacts.count() == 1 and partner.referrals.count() == 1
    assert "1 referrals, 1 hired" in client.get(url).content.decode()


def test_initiatives_move_through_their_status(client_as, personas):
    w = build_world(personas)
    client = client_as("group_leader")
    url = reverse("groups:lead_initiatives", args=[w.group.slug])
    client.post(
        url,
        {"title": "Fair promotions", "kind": "advocacy", "pillar": "advocate", "status": "active"},
    )
    initiative = w.group.initiatives.get()
    client.post(url, {"initiative": initiative.pk, "status": "done", "outcomes": "Policy changed"})
    initiative.refresh_from_db()
    assert initiative.status == "done" and initiative.outcomes == "Policy changed"


def test_announcements_reach_only_the_chapter_and_respect_unsubscribes(personas):
    from django.core import mail

    from belong.groups.tasks import announcement_send

    w = build_world(personas)
    services.membership_join(
        group=w.group,
        person=personas["employee"].person,
        kind="member",
        consent=True,
        chapter=w.europe,
    )
    w.hidden.announcements = False
    w.hidden.save()
    a = services.announcement_create(
        group=w.group, chapter=w.madrid, author=None, subject="Madrid picnic", body="Hi"
    )
    mail.outbox.clear()
    assert announcement_send.call(a.pk) == 1
    assert [m.to for m in mail.outbox] == [[w.visible.person.email]]


def test_adoption_counts_pass_the_threshold(personas, settings):
    settings.BELONG_PRIVACY_MIN_GROUP = 5
    w = build_world(personas)
    services.badge_adopt(campaign=w.campaign, person=w.visible.person)
    ((_campaign, count),) = queries.campaign_adoption(w.group.campaigns.all())
    assert count is None and suppress_small(5) == 5
