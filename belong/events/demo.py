"""The demo company's events, as a `seed_demo` step after the groups (registered on import).

Three years of local events: each group marks a yearly global initiative (a heritage
month, Diwali, Lunar New Year…) with events at its site chapters, plus a steady stream of
roundtables, workshops and panels in between. Registrations come from the chapter's
members at the time; past seats mostly turn into attendance. Each group's current
initiative runs now, with upcoming local events to RSVP to. Rows go in with
`insert_rows` (COPY on PostgreSQL), so 3,000 people seed in seconds.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections import defaultdict
from typing import Any

from django.utils import timezone

from belong.common.bulk import allocate_ids, insert_rows, reset_sequence
from belong.events.models import Event, GlobalInitiative, Registration, Speaker, new_checkin_code
from belong.groups.models import Chapter, Group, Membership
from belong.people.demo.loader import SeedContext, register_step
from belong.people.demo.personas import persona
from belong.people.models import Person

YEARS = 3
# The initiative each group marks; the month it usually falls in.
MOMENTS = {
    "womens-network": ("Women's History Month", 3),
    "black-employee-network": ("Black History Month", 2),
    "somos": ("Hispanic Heritage Month", 9),
    "pride": ("Pride Month", 6),
    "asian-pacific-network": ("Lunar New Year", 1),
    "south-asian-network": ("Diwali", 11),
}
KINDS = [k for k, _ in Event.Kind.choices]
TITLES = {
    "celebration": "{moment} celebration",
    "panel": "{moment} panel: stories from our leaders",
    "roundtable": "Roundtable: belonging at work",
    "workshop": "Workshop: sponsorship and careers",
    "volunteering": "Volunteering morning",
    "fundraiser": "Fundraiser for our partner charity",
    "safe_space": "Safe-space circle",
}
SPEAKERS = [
    ("Amara Okafor", "Author", "Open Doors Foundation"),
    ("Luis Ortega", "Founder", "Puentes Tech"),
    ("Priya Nair", "Professor", "City University"),
    ("Kenji Watanabe", "Director", "Inclusive Futures"),
    ("Sam Rivera", "Advocate", "Equal Ground"),
]

EVENT_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "uid",
    "group_id",
    "chapter_id",
    "initiative_id",
    "title",
    "description",
    "kind",
    "pillar",
    "starts_at",
    "ends_at",
    "timezone",
    "mode",
    "site_id",
    "location",
    "link",
    "capacity",
    "status",
    "sequence",
    "checkin_code",
    "created_by_id",
)
REG_COLUMNS = (
    "event_id",
    "person_id",
    "status",
    "waitlist_position",
    "listed",
    "registered_at",
    "promoted_at",
    "cancelled_at",
    "checked_in_at",
    "checked_in_by",
)


def _moment(group: Group) -> tuple[str, int]:
    return MOMENTS.get(group.slug, (f"{group.name} heritage month", 1 + group.pk % 12))


def step_events(ctx: SeedContext) -> None:
    rng = ctx.rng("events")
    today = ctx.today
    # "Now" as the seed sees it, so a seed as of another day is consistent with itself.
    now = dt.datetime.combine(today, dt.time(12), tzinfo=dt.UTC)
    groups = list(Group.objects.order_by("id"))
    GlobalInitiative.objects.filter(group__in=groups).delete()
    Event.objects.filter(group__in=groups).delete()
    chapters = defaultdict(list)
    # Every draw below follows these orders, so they are fixed by id: the same seed must
    # give the same company whatever order the rows lie in on disk.
    chapter_rows = Chapter.objects.filter(group__in=groups, site__isnull=False)
    for c in chapter_rows.select_related("site").order_by("pk"):
        chapters[c.group_id].append(c)
    # The employee persona RSVPs in the journeys; keep their calendar empty.
    keep_out = set(
        Person.objects.filter(email=persona("employee").email).values_list("id", flat=True)
    )
    members: dict[int, list[tuple[int, dt.datetime, dt.datetime | None, bool]]] = defaultdict(list)
    for chapter_id, pid, joined, ended, on_roster in (
        Membership.objects.filter(group__in=groups, chapter__isnull=False)
        .order_by("pk")
        .values_list("chapter_id", "person_id", "joined_at", "ended_at", "show_on_roster")
    ):
        if pid not in keep_out:
            members[chapter_id].append((pid, joined, ended, on_roster))

    plans: list[dict[str, Any]] = []
    for group in groups:
        name, month = _moment(group)
        for year_back in range(YEARS, 0, -1):
            start = dt.date(today.year - year_back + 1, month, 1)
            if start > today:
                start = dt.date(start.year - 1, month, 1)
            if (today - start).days > 365 * YEARS:
                continue
            initiative = GlobalInitiative.objects.create(
                group=group,
                name=f"{name} {start.year}",
                description=f"{group.name} marks {name} in every chapter.",
                starts_on=start,
                ends_on=start + dt.timedelta(days=27),
            )
            for chapter in chapters[group.pk]:
                if rng.random() < 0.8:
                    day = start + dt.timedelta(days=rng.randrange(25))
                    plans.append(_plan(rng, group, chapter, day, initiative, name))
        # The current one: running now, with upcoming local events everywhere.
        current = GlobalInitiative.objects.create(
            group=group,
            name=f"{name} (this month)",
            description=f"{group.name} marks {name}: find the event near you.",
            starts_on=today - dt.timedelta(days=5),
            ends_on=today + dt.timedelta(days=25),
        )
        for chapter in chapters[group.pk]:
            day = today + dt.timedelta(days=rng.randrange(3, 24))
            plans.append(_plan(rng, group, chapter, day, current, name, kind="celebration"))
        # Between initiatives: a chapter event every four months or so.
        span = 365 * YEARS
        for chapter in chapters[group.pk]:
            for _ in range(YEARS * 3):
                day = today - dt.timedelta(days=span) + dt.timedelta(days=rng.randrange(span + 60))
                plans.append(_plan(rng, group, chapter, day, None, name))
    _write(ctx, rng, plans, members, now)


def _plan(
    rng: random.Random,
    group: Group,
    chapter: Chapter,
    day: dt.date,
    initiative: GlobalInitiative | None,
    moment: str,
    kind: str | None = None,
) -> dict[str, Any]:
    kind = kind or rng.choice(KINDS)
    assert chapter.site is not None
    zone = chapter.site.zone
    virtual = rng.random() < 0.2
    local = dt.datetime.combine(day, dt.time(rng.choice([12, 13, 17, 18])), tzinfo=zone)
    return {
        "group": group,
        "chapter": chapter,
        "initiative": initiative,
        "kind": kind,
        "title": TITLES[kind].format(moment=moment) + f" · {chapter.name}",
        "starts_at": local.astimezone(dt.UTC),
        "ends_at": (local + dt.timedelta(hours=rng.choice([1, 2, 3]))).astimezone(dt.UTC),
        "timezone": chapter.site.timezone,
        "virtual": virtual,
        "capacity": rng.choice([None, 15, 20, 30, 40, 60]),
        "pillar": rng.choice(group.pillars or ["engage"]),
    }


def _write(
    ctx: SeedContext,
    rng: random.Random,
    plans: list[dict[str, Any]],
    members: dict[int, list[tuple[int, dt.datetime, dt.datetime | None, bool]]],
    now: dt.datetime,
) -> None:
    ids = allocate_ids(Event, len(plans))
    stamp = timezone.now()
    events: list[tuple[Any, ...]] = []
    speakers: list[tuple[Any, ...]] = []
    regs: list[tuple[Any, ...]] = []
    for eid, p in zip(ids, plans, strict=True):
        chapter: Chapter = p["chapter"]
        starts: dt.datetime = p["starts_at"]
        past = p["ends_at"] < now
        cancelled = rng.random() < 0.03
        events.append(
            (
                eid,
                stamp,
                stamp,
                uuid.UUID(int=rng.getrandbits(128), version=4).hex,
                p["group"].pk,
                chapter.pk,
                p["initiative"].pk if p["initiative"] else None,
                p["title"],
                "",
                p["kind"],
                p["pillar"],
                starts,
                p["ends_at"],
                p["timezone"],
                "virtual" if p["virtual"] else "in_person",
                None if p["virtual"] else chapter.site_id,
                "" if p["virtual"] else rng.choice(["Atrium", "Room 4.01", "Cafeteria"]),
                f"https://meet.example.com/{eid}" if p["virtual"] else "",
                p["capacity"],
                "cancelled" if cancelled else "scheduled",
                1 if cancelled else 0,
                new_checkin_code(),
                None,
            )
        )
        if p["kind"] == "panel":
            for n, (name, title, org) in enumerate(rng.sample(SPEAKERS, 2)):
                speakers.append((eid, name, title, org, n))
        if cancelled:
            continue
        pool = [
            m
            for m in members.get(chapter.pk, [])
            if m[1] < starts and (m[2] is None or m[2] > starts)
        ]
        want = int(len(pool) * rng.uniform(0.3, 0.9))
        chosen = rng.sample(pool, min(len(pool), want))
        capacity = p["capacity"]
        for n, (pid, _joined, _ended, on_roster) in enumerate(chosen):
            registered = starts - dt.timedelta(days=rng.randrange(1, 20), minutes=n)
            seated = capacity is None or n < capacity
            if not seated:
                regs.append(
                    (eid, pid, "waitlisted", n, on_roster, registered, None, None, None, "")
                )
            elif rng.random() < 0.08:
                gone = registered + dt.timedelta(hours=6)
                regs.append(
                    (eid, pid, "cancelled", None, on_roster, registered, None, gone, None, "")
                )
            elif past and rng.random() < 0.72:
                how = "code" if rng.random() < 0.6 else "roster"
                at = starts + dt.timedelta(minutes=rng.randrange(20))
                regs.append(
                    (eid, pid, "attended", None, on_roster, registered, None, None, at, how)
                )
            else:
                regs.append((eid, pid, "going", None, on_roster, registered, None, None, None, ""))
    insert_rows(Event, EVENT_COLUMNS, events)
    reset_sequence(Event)
    insert_rows(Speaker, ("event_id", "name", "title", "organisation", "position"), speakers)
    insert_rows(Registration, REG_COLUMNS, regs)
    ctx.summary["events"] = len(events)
    ctx.summary["event initiatives"] = GlobalInitiative.objects.count()
    ctx.summary["event registrations"] = len(regs)
    ctx.summary["event check-ins"] = sum(1 for r in regs if r[2] == "attended")


register_step("events", step_events, after="groups")
