"""Demo seed step: plant known effects, with selection bias, so the insights can be checked.

Runs after the groups and mentoring steps, once participation is known:

- every person employed at the index date `t0` (one year before the seed's today) gets a
  latent *performance*: a part tied to where they sit (division, country, level — fields
  the matching sees) plus a personal part;
- higher performers are more likely to join a group before `t0` (extra memberships are
  added), so members differ from everyone else before anything happens to them;
- exits and promotions after `t0` are re-drawn: the exit hazard falls with the seen part of
  performance and is **x0.8 for members**; the chance of a promotion is higher at junior
  levels (where mentees come from) and **+5 points for mentees**.

The naive comparison therefore flatters both groups; the matched one should recover 0.8
and +5 points. Outcomes depend on performance only through the matched fields, which is
what makes matching able to undo the bias; `docs/insights.md` says so plainly.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import defaultdict
from typing import Any

from django.db.models import Max, Q
from django.utils import timezone

from belong.groups.models import CONSENT_TEXT_VERSION, Chapter, Consent, Group, Membership
from belong.insights import services_impact
from belong.mentoring.models import Enrollment, Relationship
from belong.people.demo import taxonomy
from belong.people.demo.loader import SeedContext, register_step
from belong.people.models import JobEvent, Level, Person

MEMBER_HR = 0.8
MENTEE_LIFT = 0.05
BASE_EXIT_PER_YEAR = 0.15
EXTRA_JOIN = 0.6  # most an extra join can add, for the very highest performers
CHUNK = 5000


def step_insights(ctx: SeedContext) -> None:
    rng = ctx.rng("insights")
    today = ctx.today
    t0 = services_impact.index_date(today)
    levels = services_impact._levels_on(t0)
    division = services_impact._division_of()
    top_rank = Level.objects.aggregate(m=Max("rank"))["m"] or 1
    level_ids = dict(Level.objects.values_list("rank", "id"))
    staff = set(Person.objects.filter(user__isnull=False).values_list("id", flat=True))
    # People who lead others keep the history the generator gave them: re-drawing their
    # level could put them level with a report. Their reports are capped below them.
    managers = dict(
        Person.objects.filter(pk__in=Person.objects.values("manager_id")).values_list(
            "id", "level__rank"
        )
    )
    floor = services_impact.MIN_TENURE_DAYS
    people = [
        row
        for row in Person.objects.filter(hire_date__lte=t0 - dt.timedelta(days=floor))
        .filter(Q(exit_date__isnull=True) | Q(exit_date__gt=t0))
        .order_by("id")
        .values_list("id", "hire_date", "org_unit_id", "site_id", "site__timezone", "manager_id")
        if row[0] in levels and row[0] not in staff and row[0] not in managers
    ]
    if not people:
        return
    ranks = [levels[p[0]] for p in people]
    mean = sum(ranks) / len(ranks)
    sd = math.sqrt(sum((r - mean) ** 2 for r in ranks) / len(ranks)) or 1.0
    effect: dict[str, float] = defaultdict(lambda: rng.gauss(0, 0.45))
    seen = {
        p[0]: effect[f"d{division.get(p[2], '')}"]
        + effect[f"r{services_impact.region(p[4])}"]
        + 0.3 * (levels[p[0]] - mean) / sd
        for p in people
    }
    performance = {pid: s + rng.gauss(0, 0.6) for pid, s in seen.items()}
    members = _join_by_performance(ctx, rng, people, performance, t0)
    mentees = set(
        Relationship.objects.exclude(state=Relationship.State.PROPOSED)
        .filter(created_at__date__lte=t0)
        .values_list("mentee_person_id", flat=True)
    )
    later = _participation_after(t0)
    exits: dict[int, dt.date | None] = {}
    promotions: dict[int, dt.date] = {}
    span = (today - t0).days
    for pid, *_rest, manager_id in people:
        hazard = BASE_EXIT_PER_YEAR * math.exp(-1.2 * seen[pid]) / 365.25
        if pid in members:
            hazard *= MEMBER_HR
        # Memoryless: drawing from the floor is drawing conditional on staying until then.
        start = later.get(pid, t0)
        day = start + dt.timedelta(days=1 + int(rng.expovariate(hazard)))
        exits[pid] = day if day <= today else None
        rank = levels[pid]
        chance = 0.06 + (0.25 if rank <= 4 else 0.0) + 0.04 * seen[pid]
        chance = min(0.6, max(0.01, chance)) + (MENTEE_LIFT if pid in mentees else 0.0)
        ceiling = managers.get(manager_id, top_rank + 1) - 1
        if rng.random() < chance and rank + 1 <= min(top_rank, ceiling):
            promotions[pid] = t0 + dt.timedelta(days=rng.randint(1, span))
    _rewrite_history(people, levels, level_ids, exits, promotions, t0)
    ctx.summary["insights: extra members (planted)"] = len(members)
    ctx.summary["insights: exits re-drawn"] = sum(1 for e in exits.values() if e)
    ctx.summary["insights: promotions re-drawn"] = len(promotions)


def _join_by_performance(
    ctx: SeedContext,
    rng: random.Random,
    people: list[tuple[Any, ...]],
    performance: dict[int, float],
    t0: dt.date,
) -> set[int]:
    """Members on `t0`: those already in a group, plus extra joins drawn by performance."""
    active_on_t0 = set(
        Membership.objects.filter(joined_at__date__lte=t0)
        .filter(Q(ended_at__isnull=True) | Q(ended_at__date__gt=t0))
        .values_list("person_id", flat=True)
    )
    ever = set(Membership.objects.values_list("person_id", flat=True))
    groups = list(Group.objects.order_by("pk").values_list("pk", flat=True))
    if not groups:
        return active_on_t0
    site_chapters = Chapter.objects.filter(kind=Chapter.Kind.SITE)
    chapters = {(g, s): c for c, g, s in site_chapters.values_list("pk", "group_id", "site_id")}
    new: list[Membership] = []
    earliest = t0 - dt.timedelta(days=730)
    for pid, hired, _unit, site_id, _zone, _manager in people:
        if pid in ever:
            continue
        if rng.random() < EXTRA_JOIN / (1 + math.exp(-3.5 * (performance[pid] - 0.5))):
            group = rng.choice(groups)
            first = max(earliest, hired)
            day = first + dt.timedelta(days=rng.randint(0, max(0, (t0 - first).days - 1)))
            new.append(
                Membership(
                    group_id=group,
                    person_id=pid,
                    chapter_id=chapters.get((group, site_id)),
                    kind=Membership.Kind.MEMBER,
                    joined_at=dt.datetime.combine(day, dt.time(9), tzinfo=dt.UTC),
                )
            )
    Membership.objects.bulk_create(new, batch_size=CHUNK)
    Consent.objects.bulk_create(
        [
            Consent(
                membership=m,
                purpose=Consent.Purpose.MEMBERSHIP,
                text_version=CONSENT_TEXT_VERSION,
                given_at=m.joined_at,
            )
            for m in new
        ],
        batch_size=CHUNK,
    )
    return active_on_t0 | {m.person_id for m in new}


def _participation_after(t0: dt.date) -> dict[int, dt.date]:
    """People matched in mentoring after `t0` (either side): employed at least until then."""
    out: dict[int, dt.date] = {}
    rels = Relationship.objects.filter(created_at__date__gt=t0)
    for mentee, mentor, created in rels.values_list(
        "mentee_person_id", "mentor_person_id", "created_at"
    ):
        for pid in (mentee, mentor):
            out[pid] = max(out.get(pid, t0), created.date())
    return out


def _rewrite_history(
    people: list[tuple[Any, ...]],
    levels: dict[int, int],
    level_ids: dict[int, int],
    exits: dict[int, dt.date | None],
    promotions: dict[int, dt.date],
    t0: dt.date,
) -> None:
    """Rewrite everyone's history after `t0` in date order: transfers kept, the re-drawn
    promotion, the exit last; level, title and exit date to match."""
    ids = [p[0] for p in people]
    transfers: dict[int, list[tuple[dt.date, int | None, str]]] = defaultdict(list)
    unit_at_t0: dict[int, int] = {}
    for start in range(0, len(ids), CHUNK):
        part = ids[start : start + CHUNK]
        for pid, kind, day, unit, title in (
            JobEvent.objects.filter(person_id__in=part)
            .order_by("person_id", "effective_date", "id")
            .values_list("person_id", "kind", "effective_date", "org_unit_id", "title")
        ):
            if day <= t0:
                if unit is not None:
                    unit_at_t0[pid] = unit
            elif kind == JobEvent.Kind.TRANSFER:
                transfers[pid].append((day, unit, title))
        JobEvent.objects.filter(person_id__in=part, effective_date__gt=t0).delete()
    family = dict(Person.objects.filter(pk__in=ids).values_list("pk", "job_family__name"))
    nouns = {f.name: f.noun for f in taxonomy.FAMILIES}
    events: list[JobEvent] = []
    changed: list[Person] = []
    for pid in ids:
        rank, unit, left = levels[pid], unit_at_t0.get(pid), exits[pid]
        title = _title(nouns.get(family.get(pid) or ""), rank)
        # Transfers stay (the person's unit is final, and each unit keeps one head); one
        # that fell after the re-drawn exit moves to the day before it.
        timeline: list[tuple[dt.date, str, int | None]] = [
            (day if left is None or day < left else max(t0 + dt.timedelta(days=1),
             left - dt.timedelta(days=1)), JobEvent.Kind.TRANSFER, u)
            for day, u, _t in transfers.get(pid, [])
        ]  # fmt: skip
        if pid in promotions:
            timeline.append((promotions[pid], JobEvent.Kind.PROMOTION, None))
        for day, kind, new_unit in sorted(timeline, key=lambda e: e[0]):
            if kind == JobEvent.Kind.PROMOTION and left is not None and day >= left:
                continue
            if kind == JobEvent.Kind.PROMOTION:
                rank += 1
                title = _title(nouns.get(family.get(pid) or ""), rank)
            else:
                unit = new_unit or unit
            events.append(
                JobEvent(
                    person_id=pid,
                    kind=kind,
                    effective_date=day,
                    level_id=level_ids[rank],
                    org_unit_id=unit,
                    title=title,
                )
            )
        if left is not None:
            events.append(JobEvent(person_id=pid, kind=JobEvent.Kind.EXIT, effective_date=left))
        changed.append(Person(pk=pid, exit_date=left, level_id=level_ids[rank], title=title))
    JobEvent.objects.bulk_create(events, batch_size=CHUNK)
    Person.objects.bulk_update(changed, ["exit_date", "level_id", "title"], batch_size=CHUNK)
    _leave_on_exit(exits)


def _title(noun: str | None, rank: int) -> str:
    """The generator's title for a level: "Senior " + "Data Engineer" + ""."""
    prefix, suffix = taxonomy.LADDER[rank]
    return f"{prefix}{noun or 'Executive'}{suffix}"


def _leave_on_exit(exits: dict[int, dt.date | None]) -> None:
    """Leavers never join after their last day, leave their groups on it and withdraw from
    open enrollments; one query per exit day, not per person."""
    by_day: dict[dt.date, list[int]] = defaultdict(list)
    for pid, day in exits.items():
        if day is not None:
            by_day[day].append(pid)
    for day, pids in by_day.items():
        end = dt.datetime.combine(day, dt.time(17), tzinfo=dt.UTC)
        Membership.objects.filter(person_id__in=pids, joined_at__gte=end).delete()
        Membership.objects.filter(person_id__in=pids, ended_at__isnull=True).update(ended_at=end)
        Membership.objects.filter(person_id__in=pids, ended_at__gt=end).update(ended_at=end)
    gone = [pid for pids in by_day.values() for pid in pids]
    for start in range(0, len(gone), CHUNK):
        Enrollment.objects.filter(
            person_id__in=gone[start : start + CHUNK],
            status__in=[Enrollment.Status.ACTIVE, Enrollment.Status.WAITLISTED],
        ).update(status=Enrollment.Status.WITHDRAWN, updated_at=timezone.now())


register_step("insights", step_insights, after="mentoring")
