"""Demo community work: volunteering hours, drives with gifts, partners with referrals,
initiatives, and the badge campaigns."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal
from typing import Any

from belong.common.bulk import insert_rows
from belong.groups.demo_data import NONPROFITS, PARTNERS
from belong.groups.models import (
    BadgeAdoption,
    Campaign,
    Donation,
    FundraisingDrive,
    Group,
    Initiative,
    Nonprofit,
    Partner,
    PartnerContact,
    Referral,
    VolunteerHours,
    VolunteerOpportunity,
)

Member = tuple[int, int, int | None, dt.datetime, dt.datetime | None, bool]


def write_community(
    rng: random.Random,
    groups: list[Group],
    members: dict[int, list[Member]],
    site_chapter: dict[tuple[int, int], int],
    start: dt.date,
    today: dt.date,
    now: dt.datetime,
) -> None:
    """Opportunities with hours, drives with gifts, partners with referrals, initiatives."""
    nonprofits = [Nonprofit.objects.get_or_create(name=name)[0] for name in NONPROFITS]
    chapters_of: dict[int, list[int]] = defaultdict(list)
    for (group_id, _site), chapter_id in site_chapter.items():
        chapters_of[group_id].append(chapter_id)
    span = (today - start).days
    hours: list[tuple[Any, ...]] = []
    gifts: list[tuple[Any, ...]] = []
    contacts: list[PartnerContact] = []
    referrals: list[Referral] = []
    for group in groups:
        active = [m for m in members[group.pk] if m[4] is None]
        chapters = chapters_of[group.pk]
        for n in range(4):
            day = start + dt.timedelta(days=rng.randrange(span))
            opportunity = VolunteerOpportunity.objects.create(
                group=group,
                chapter_id=rng.choice(chapters) if chapters and n else None,
                nonprofit=rng.choice(nonprofits),
                title=rng.choice(["Mentoring day", "Food drive", "Park clean-up", "Code club"]),
                starts_on=day,
            )
            for m in rng.sample(active, min(len(active), rng.randint(3, 12))):
                worked = min(today, day + dt.timedelta(days=rng.randrange(60)))
                approved = rng.random() < 0.85
                status = "approved" if approved else "pending"
                amount = Decimal(rng.choice([1, 2, 2, 3, 4, 6, 8]))
                hours.append((now, now, opportunity.pk, m[1], amount, worked, "", status))
        for n in range(2):
            day = start + dt.timedelta(days=rng.randrange(span))
            drive = FundraisingDrive.objects.create(
                group=group,
                chapter_id=rng.choice(chapters) if chapters and n else None,
                nonprofit=rng.choice(nonprofits),
                title=f"{group.name} giving drive {day.year}",
                goal=Decimal(rng.choice([2000, 5000, 10000])),
                match_ratio=Decimal(rng.choice([0, 1, 1])),
                match_cap=Decimal(2500),
                starts_on=day,
                ends_on=day + dt.timedelta(days=45),
            )
            for m in rng.sample(active, min(len(active), rng.randint(5, 25))):
                kind = "donation" if rng.random() < 0.7 else "pledge"
                amount = Decimal(rng.choice([10, 20, 25, 50, 100, 250]))
                given = min(today, day + dt.timedelta(days=rng.randrange(45)))
                gifts.append((drive.pk, m[1], kind, amount, given, now))
        for name, kind in rng.sample(PARTNERS, 3):
            partner = Partner.objects.create(
                group=group,
                name=name,
                kind=kind,
                since=start + dt.timedelta(days=rng.randrange(span)),
            )
            contacts.append(
                PartnerContact(partner=partner, name="Alex Rivera", role="Partnerships")
            )
            if kind == "recruiting":
                for _ in range(rng.randint(2, 8)):
                    referrals.append(
                        Referral(
                            partner=partner,
                            reference=f"REQ-{rng.randrange(10000, 99999)}",
                            role_title=rng.choice(["Software engineer", "Data analyst", "PM"]),
                            referred_on=start + dt.timedelta(days=rng.randrange(span)),
                            status=rng.choice(["referred", "interviewing", "hired", "closed"]),
                        )
                    )
        Initiative.objects.bulk_create(
            [
                Initiative(
                    group=group,
                    title="Inclusive hiring panels",
                    kind="advocacy",
                    status="done",
                    outcomes="Diverse panels for every senior role.",
                    started_on=start,
                    finished_on=start + dt.timedelta(days=300),
                ),
                Initiative(
                    group=group,
                    title="Health and wellness series",
                    kind="program",
                    pillar="engage",
                    status="active",
                    started_on=today - dt.timedelta(days=120),
                ),
                Initiative(
                    group=group, title="Leadership circle", kind="program", pillar="develop"
                ),
            ]
        )
    insert_rows(
        VolunteerHours,
        (
            "created_at",
            "updated_at",
            "opportunity_id",
            "person_id",
            "hours",
            "worked_on",
            "note",
            "status",
        ),
        hours,
    )
    insert_rows(
        Donation, ("drive_id", "person_id", "kind", "amount", "given_on", "recorded_at"), gifts
    )
    PartnerContact.objects.bulk_create(contacts)
    Referral.objects.bulk_create(referrals)


def write_campaign(
    rng: random.Random,
    groups: list[Group],
    members: dict[int, list[Member]],
    today: dt.date,
    now: dt.datetime,
) -> None:
    """A badge campaign running now in the Women's Network and Pride; some members show it."""
    rows: list[tuple[Any, ...]] = []
    for group, badge in ((groups[0], "Sponsor"), (groups[4], "Proud ally")):
        campaign = Campaign.objects.create(
            group=group,
            name=f"{badge} {today.year}",
            description="Show your support on your profile.",
            badge_name=badge,
            starts_on=today - dt.timedelta(days=20),
            ends_on=today + dt.timedelta(days=40),
        )
        for m in members[group.pk]:
            if m[4] is None and rng.random() < 0.3:
                rows.append((campaign.pk, m[1], True, now, None))
    insert_rows(
        BadgeAdoption, ("campaign_id", "person_id", "shown", "adopted_at", "withdrawn_at"), rows
    )
