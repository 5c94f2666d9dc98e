"""The demo company's affinity groups, as a `seed_demo` step (registered on import).

Thirteen groups with chapters (global → region → the biggest sites), members and allies
joining over three years (more each year), a share of private memberships, boards and
chapter leaders, volunteering hours, drives, partnerships, initiatives and a badge
campaign. Rows are written with `insert_rows` (COPY on PostgreSQL), so big seeds stay fast.
The leader persona sits on the board of group 1, matching its seeded grant.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone

from belong.common.bulk import allocate_ids, insert_rows, reset_sequence
from belong.groups.models import (
    CONSENT_TEXT_VERSION,
    BadgeAdoption,
    Campaign,
    Chapter,
    Consent,
    Donation,
    FundraisingDrive,
    Group,
    Initiative,
    LeaderRole,
    Membership,
    Nonprofit,
    Partner,
    PartnerContact,
    Referral,
    VolunteerHours,
    VolunteerOpportunity,
)
from belong.groups.models import Visibility as V
from belong.people.demo.loader import SeedContext, register_step
from belong.people.demo.personas import persona
from belong.people.models import Person, Site


@dataclass(frozen=True)
class GroupSpec:
    name: str
    slug: str
    mission: str
    pillars: tuple[str, ...]
    share: float  # of current employees who join
    allies: float  # of those, the share joining as allies
    roster: str = V.MEMBERS
    private: bool = False
    official: bool = True


GROUPS: tuple[GroupSpec, ...] = (
    GroupSpec(
        "Women's Network",
        "womens-network",
        "Advance women's careers through sponsorship, mentoring and fair practices.",
        ("recruit", "engage", "develop", "advocate"),
        0.16,
        0.3,
        V.EVERYONE,
    ),
    GroupSpec(
        "Black Employee Network",
        "black-employee-network",
        "Build community, grow Black talent and leaders, and partner with HBCUs.",
        ("recruit", "engage", "develop", "advocate"),
        0.07,
        0.35,
    ),
    GroupSpec(
        "Somos: Latinx Network",
        "somos",
        "Celebrate Latinx cultures and open doors for Latinx talent.",
        ("recruit", "engage", "develop"),
        0.07,
        0.3,
    ),
    GroupSpec(
        "Asian & Pacific Islander Network",
        "api-network",
        "Connect Asian and Pacific Islander colleagues and grow leaders.",
        ("engage", "develop", "advocate"),
        0.08,
        0.25,
    ),
    GroupSpec(
        "Pride",
        "pride",
        "A safe, visible community for LGBTQ+ people and their allies.",
        ("engage", "advocate"),
        0.08,
        0.45,
        V.MEMBERS,
        private=True,
    ),
    GroupSpec(
        "Disability & Neurodiversity Network",
        "disability-neurodiversity",
        "Make work accessible and support disabled and neurodivergent colleagues.",
        ("engage", "advocate"),
        0.05,
        0.4,
        V.LEADERS,
        private=True,
    ),
    GroupSpec(
        "Veterans Network",
        "veterans",
        "Help veterans and military families thrive, and hire from the service.",
        ("recruit", "engage"),
        0.03,
        0.3,
        V.LEADERS,
        private=True,
    ),
    GroupSpec(
        "Parents & Caregivers",
        "parents-caregivers",
        "Support working parents and caregivers, and improve family policies.",
        ("engage", "advocate"),
        0.1,
        0.15,
        V.EVERYONE,
    ),
    GroupSpec(
        "Interfaith Network",
        "interfaith",
        "Foster understanding between faiths and worldviews at work.",
        ("engage",),
        0.04,
        0.3,
    ),
    GroupSpec(
        "Indigenous Peoples Network",
        "indigenous-peoples",
        "Honour Indigenous cultures and grow Indigenous talent.",
        ("recruit", "engage", "advocate"),
        0.02,
        0.5,
    ),
    GroupSpec(
        "MENA Network",
        "mena",
        "Connect colleagues with roots in the Middle East and North Africa.",
        ("engage", "develop"),
        0.03,
        0.3,
    ),
    GroupSpec(
        "Early Careers Network",
        "early-careers",
        "Help people in their first years find mentors, skills and friends.",
        ("develop", "engage"),
        0.09,
        0.1,
        V.EVERYONE,
        official=False,
    ),
    GroupSpec(
        "Mental Health Allies",
        "mental-health-allies",
        "Break the stigma around mental health and point people to help.",
        ("engage", "advocate"),
        0.06,
        0.6,
        V.MEMBERS,
        official=False,
    ),
)

REGIONS = {
    "Americas": {"US", "CA", "MX", "BR", "AR"},
    "Europe": {"GB", "IE", "FR", "DE", "NL", "ES", "PT", "PL", "SE"},
    "Middle East & Africa": {"IL", "KE", "ZA"},
    "Asia Pacific": {"IN", "SG", "JP", "AU", "PH"},
}
NONPROFITS = (
    "Code for Good",
    "Open Shelter",
    "Food Bank Alliance",
    "Girls Who Build",
    "Trevor Helpline",
    "Access Works",
    "Veterans Bridge",
    "Literacy Now",
    "Green Streets",
    "First Gen Scholars",
)
PARTNERS = (
    ("Society of Engineers", "recruiting"),
    ("Tech Talent Collective", "recruiting"),
    ("City Youth League", "community"),
    ("Campus Connect", "recruiting"),
    ("Neighbourhood Arts", "community"),
    ("Hope Foundation", "nonprofit"),
)
CHAPTER_TITLES = ("Chapter lead", "Strategy director", "Chief of communications")
YEARS = 3


def step_groups(ctx: SeedContext) -> None:
    rng = ctx.rng("groups")
    today = ctx.today
    now = timezone.now()
    start = today - dt.timedelta(days=365 * YEARS)
    Group.objects.filter(slug__in=[g.slug for g in GROUPS]).delete()  # reseeding after a wipe

    people = list(
        Person.objects.filter(Q(exit_date__isnull=True) | Q(exit_date__gt=today))
        .order_by("id")
        .values_list("id", "site_id", "hire_date", "level__rank", "user_id")
    )
    site_count: dict[int, int] = defaultdict(int)
    for _pid, site_id, *_rest in people:
        site_count[site_id] += 1
    sites = {s.pk: s for s in Site.objects.all()}
    busiest = sorted(site_count, key=lambda s: (-site_count[s], s))

    groups = _write_groups(rng, people, now)
    chapters = _write_chapters(rng, groups, sites, busiest, now)
    site_chapter, _regions = chapters
    members = _write_memberships(ctx, rng, groups, people, site_chapter, start)
    _write_leaders(ctx, rng, groups, members, site_chapter, now)
    _write_community(rng, groups, members, site_chapter, start, today, now)
    _write_campaign(rng, groups, members, today, now)
    ctx.summary["affinity groups"] = len(groups)
    ctx.summary["group chapters"] = Chapter.objects.filter(group__in=groups).count()
    ctx.summary["group memberships (active)"] = sum(
        1 for rows in members.values() for m in rows if m[4] is None
    )


def _write_groups(rng: random.Random, people: list[Any], now: dt.datetime) -> list[Group]:
    senior = [p[0] for p in people if (p[3] or 0) >= 9] or [p[0] for p in people]
    sponsors = rng.sample(senior, min(len(senior), len(GROUPS)))
    ids = allocate_ids(Group, len(GROUPS))
    if 1 not in ids and not Group.objects.filter(pk=1).exists():
        ids[0] = 1  # the leader persona's seeded grant names group 1
    rows = []
    for gid, spec, sponsor in zip(ids, GROUPS, sponsors * 2, strict=False):
        rows.append(
            (
                gid,
                now,
                now,
                spec.name,
                spec.slug,
                spec.mission,
                _json(list(spec.pillars)),
                spec.official,
                True,
                spec.roster,
                spec.private,
                sponsor,
            )
        )
    insert_rows(
        Group,
        (
            "id",
            "created_at",
            "updated_at",
            "name",
            "slug",
            "mission",
            "pillars",
            "official",
            "listed",
            "roster_visibility",
            "private",
            "sponsor_id",
        ),
        rows,
    )
    reset_sequence(Group)
    return list(Group.objects.filter(pk__in=ids).order_by("id"))


def _json(value: Any) -> str:
    """JSON columns take text, through COPY as through INSERT."""
    return json.dumps(value)


def _write_chapters(
    rng: random.Random,
    groups: list[Group],
    sites: dict[int, Site],
    busiest: list[int],
    now: dt.datetime,
) -> tuple[dict[tuple[int, int], int], dict[tuple[int, str], int]]:
    """Global, the regions with people, and site chapters at each group's biggest sites."""
    site_chapter: dict[tuple[int, int], int] = {}
    region_chapter: dict[tuple[int, str], int] = {}
    region_of = {code: region for region, codes in REGIONS.items() for code in codes}
    for n, group in enumerate(groups):
        top = Chapter.objects.create(
            group=group, name="Global", slug="global", kind=Chapter.Kind.GLOBAL
        )
        count = max(3, min(len(busiest), 14 - n // 2))
        chosen = busiest[:count]
        regions = sorted({region_of.get(sites[s].country_code, "Americas") for s in chosen})
        for region in regions:
            slug = region.lower().replace(" & ", "-").replace(" ", "-")
            region_chapter[(group.pk, region)] = Chapter.objects.create(
                group=group, name=region, slug=slug, kind=Chapter.Kind.REGION, parent=top
            ).pk
        rows = []
        for site_id in chosen:
            site = sites[site_id]
            parent = region_chapter[(group.pk, region_of.get(site.country_code, "Americas"))]
            slug = _slug(site.city)
            rows.append(
                Chapter(group=group, name=site.city, slug=slug, parent_id=parent, site=site)
            )
        for chapter in Chapter.objects.bulk_create(rows):
            site_chapter[(group.pk, chapter.site_id)] = chapter.pk  # type: ignore[index]
    return site_chapter, region_chapter


def _slug(text: str) -> str:
    import unicodedata

    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(plain.lower().split())


Member = tuple[int, int, int | None, dt.datetime, dt.datetime | None, bool]
# membership id, person id, chapter id, joined, ended, on the roster


def _write_memberships(
    ctx: SeedContext,
    rng: random.Random,
    groups: list[Group],
    people: list[Any],
    site_chapter: dict[tuple[int, int], int],
    start: dt.date,
) -> dict[int, list[Member]]:
    """Joins spread over three years, more each year (a square-root draw)."""
    employee = Person.objects.filter(email=persona("employee").email).values_list("id", flat=True)
    leader = Person.objects.filter(email=persona("leader").email).values_list("id", flat=True)
    keep_out = set(employee)  # the employee persona joins on their own in the demo
    must = set(leader)
    rows: list[tuple[Any, ...]] = []
    consents: list[tuple[Any, ...]] = []
    members: dict[int, list[Member]] = {}
    picks = [
        [
            p
            for p in people
            if p[0] not in keep_out and (rng.random() < spec.share or (n == 0 and p[0] in must))
        ]
        for n, spec in enumerate(GROUPS)
    ]
    all_ids = iter(allocate_ids(Membership, sum(len(chosen) for chosen in picks)))
    for group, spec, chosen in zip(groups, GROUPS, picks, strict=True):
        ids = [next(all_ids) for _ in chosen]
        group_members: list[Member] = []
        for mid, (pid, site_id, hire, *_r) in zip(ids, chosen, strict=True):
            earliest = max(start, hire)
            offset = int(((ctx.today - earliest).days) * math.sqrt(rng.random()))
            joined_day = earliest + dt.timedelta(days=offset)
            joined = dt.datetime.combine(joined_day, dt.time(9, rng.randrange(60)), tzinfo=dt.UTC)
            ended = None
            if rng.random() < 0.08 and pid not in must and (ctx.today - joined_day).days > 30:
                gone = joined_day + dt.timedelta(
                    days=rng.randrange(1, (ctx.today - joined_day).days)
                )
                ended = dt.datetime.combine(gone, dt.time(17), tzinfo=dt.UTC)
            chapter = site_chapter.get((group.pk, site_id))
            on_roster = ended is None and (
                pid in must or rng.random() < (0.25 if spec.private else 0.7)
            )
            badges = ended is None and rng.random() < (0.2 if spec.private else 0.6)
            kind = "ally" if rng.random() < spec.allies and pid not in must else "member"
            consent_level = spec.roster if on_roster else V.NOBODY
            rows.append(
                (
                    mid,
                    group.pk,
                    pid,
                    chapter,
                    kind,
                    on_roster,
                    consent_level,
                    badges,
                    True,
                    joined,
                    ended,
                )
            )
            consents.append((mid, "membership", CONSENT_TEXT_VERSION, "", joined, ended))
            if on_roster:
                consents.append((mid, "roster", CONSENT_TEXT_VERSION, spec.roster, joined, None))
            if badges:
                consents.append((mid, "badges", CONSENT_TEXT_VERSION, "", joined, None))
            group_members.append((mid, pid, chapter, joined, ended, on_roster))
        members[group.pk] = group_members
    insert_rows(
        Membership,
        (
            "id",
            "group_id",
            "person_id",
            "chapter_id",
            "kind",
            "show_on_roster",
            "roster_consent",
            "show_badges",
            "announcements",
            "joined_at",
            "ended_at",
        ),
        rows,
    )
    reset_sequence(Membership)
    insert_rows(
        Consent,
        ("membership_id", "purpose", "text_version", "visibility", "given_at", "withdrawn_at"),
        consents,
    )
    return members


def _write_leaders(
    ctx: SeedContext,
    rng: random.Random,
    groups: list[Group],
    members: dict[int, list[Member]],
    site_chapter: dict[tuple[int, int], int],
    now: dt.datetime,
) -> None:
    """Two co-presidents per board and one to three leaders per site chapter, from the
    chapter's visible members. The leader persona co-chairs group 1 (its grant exists)."""
    from belong.groups import services

    leader = Person.objects.filter(email=persona("leader").email).first()
    rows: list[tuple[Any, ...]] = []
    by_chapter: dict[int, list[int]] = defaultdict(list)
    for group in groups:
        active = [m for m in members[group.pk] if m[4] is None and m[5]]
        for m in active:
            if m[2] is not None:
                by_chapter[m[2]].append(m[1])
        board = [m[1] for m in rng.sample(active, min(2, len(active)))]
        if group.pk == groups[0].pk and leader is not None:
            board = [p for p in board if p != leader.pk][:1]
        for pid in board:
            term = ctx.today - dt.timedelta(days=rng.randrange(30, 700))
            rows.append((now, now, group.pk, None, pid, "Co-president", term, None, None))
    for (group_id, _site), chapter_id in site_chapter.items():
        candidates = by_chapter.get(chapter_id, [])
        for title, pid in zip(
            CHAPTER_TITLES[: rng.randint(1, 3)],
            rng.sample(candidates, min(3, len(candidates))),
            strict=False,
        ):
            term = ctx.today - dt.timedelta(days=rng.randrange(30, 700))
            ends = term + dt.timedelta(days=730)
            rows.append((now, now, group_id, chapter_id, pid, title, term, ends, None))
    insert_rows(
        LeaderRole,
        (
            "created_at",
            "updated_at",
            "group_id",
            "chapter_id",
            "person_id",
            "title",
            "starts_on",
            "ends_on",
            "ended_at",
        ),
        rows,
    )
    if leader is not None:
        # The persona's seeded grant names group 1; keep it pointing at the first group.
        from belong.accounts.models import RoleGrant

        RoleGrant.objects.filter(
            user_id=leader.user_id, role="group_leader", scope_kind="group"
        ).exclude(scope_id=groups[0].pk).update(scope_id=groups[0].pk)
        services.leader_role_assign(
            group=groups[0],
            person=leader,
            title="Co-president",
            starts_on=ctx.today - dt.timedelta(days=200),
        )
    ctx.summary["group leader roles"] = len(rows) + (1 if leader else 0)


def _write_community(
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


def _write_campaign(
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


register_step("groups", step_groups, after="accounts")
