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
from typing import Any

from django.db.models import Q
from django.utils import timezone

from belong.common.bulk import allocate_ids, insert_rows, reset_sequence
from belong.groups.demo_community import write_campaign, write_community
from belong.groups.demo_data import CHAPTER_TITLES, GROUPS, REGIONS, YEARS
from belong.groups.models import (
    CONSENT_TEXT_VERSION,
    Chapter,
    Consent,
    Group,
    LeaderRole,
    Membership,
)
from belong.groups.models import Visibility as V
from belong.people.demo.loader import SeedContext, register_step
from belong.people.demo.personas import persona
from belong.people.models import Person, Site


def step_groups(ctx: SeedContext) -> None:
    rng = ctx.rng("groups")
    today = ctx.today
    now = timezone.now()
    start = today - dt.timedelta(days=365 * YEARS)
    Group.objects.filter(slug__in=[g.slug for g in GROUPS]).delete()  # reseeding after a wipe

    people = list(
        Person.objects.filter(Q(exit_date__isnull=True) | Q(exit_date__gt=today))
        .order_by("id")
        .values_list("id", "site_id", "hire_date")
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
    write_community(rng, groups, members, site_chapter, start, today, now)
    write_campaign(rng, groups, members, today, now)
    ctx.summary["affinity groups"] = len(groups)
    ctx.summary["group chapters"] = Chapter.objects.filter(group__in=groups).count()
    ctx.summary["group memberships (active)"] = sum(
        1 for rows in members.values() for m in rows if m[4] is None
    )


def _write_groups(rng: random.Random, people: list[Any], now: dt.datetime) -> list[Group]:
    senior = list(
        Person.objects.filter(level__rank__gte=9, exit_date__isnull=True)
        .order_by("id")
        .values_list("id", flat=True)[:500]
    ) or [p[0] for p in people[:500]]
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


register_step("groups", step_groups, after="accounts")
