"""Reads for group pages and the API. Anything naming people comes through `access`."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from belong.common.privacy import suppress_small
from belong.groups.models import (
    BadgeAdoption,
    Campaign,
    Chapter,
    Donation,
    FundraisingDrive,
    Group,
    LeaderRole,
    Membership,
    VolunteerHours,
)


def current_leader_roles(group: Group) -> QuerySet[LeaderRole]:
    today = timezone.localdate()
    return (
        LeaderRole.objects.filter(group=group, ended_at__isnull=True, starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .select_related("person", "chapter")
        .order_by("chapter_id", "starts_on", "title")
    )


@dataclass(frozen=True)
class GroupCard:
    group: Group
    members: int | None  # None: fewer than the privacy threshold
    mine: bool


def group_cards(groups: QuerySet[Group], mine: set[int]) -> list[GroupCard]:
    """The list page: one query, member counts already thresholded."""
    rows = groups.annotate(
        active_members=Count("memberships", filter=Q(memberships__ended_at__isnull=True))
    ).order_by("-official", "name")
    return [GroupCard(g, suppress_small(g.active_members), g.pk in mine) for g in rows]


def chapter_tree(group: Group) -> list[tuple[Chapter, int]]:
    """Chapters in hierarchy order with their depth (global first, then regions, sites)."""
    chapters = list(Chapter.objects.filter(group=group).select_related("site"))
    children: dict[int | None, list[Chapter]] = {}
    for c in chapters:
        children.setdefault(c.parent_id, []).append(c)
    for siblings in children.values():
        siblings.sort(key=lambda c: (c.kind != Chapter.Kind.GLOBAL, c.name))
    ordered: list[tuple[Chapter, int]] = []
    known = {c.pk for c in chapters}

    def walk(parent: int | None, depth: int) -> None:
        for c in children.get(parent, []):
            ordered.append((c, depth))
            walk(c.pk, depth + 1)

    walk(None, 0)
    # Chapters whose parent vanished still show, at the top level.
    for parent in set(children) - known - {None}:
        walk(parent, 0)
    return ordered


def roster_page(members: QuerySet[Membership], *, page: int, size: int = 50) -> dict[str, Any]:
    """A page of a roster, with only what a roster may show: name, title, site, chapter."""
    page = max(1, page)
    start = (page - 1) * size
    rows = list(
        members.select_related("person", "person__site", "chapter").order_by(
            "person__preferred_name", "id"
        )[start : start + size + 1]
    )
    return {"members": rows[:size], "number": page, "has_next": len(rows) > size}


def counts_by_chapter(members: QuerySet[Membership]) -> dict[int | None, int]:
    """Memberships per chapter id, in one query (callers sum subtrees and threshold)."""
    rows = members.order_by().values_list("chapter_id").annotate(n=Count("id"))
    return dict(rows)


ROSTER_COLUMNS = ["employee_id", "name", "email", "title", "site", "chapter"]


def roster_csv(members: QuerySet[Membership]) -> str:
    """The export leaders may download: the same people as the roster, never member-vs-ally."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(ROSTER_COLUMNS)
    rows = members.select_related("person", "person__site", "chapter").order_by(
        "person__preferred_name", "id"
    )
    for m in rows.iterator(chunk_size=2000):
        p = m.person
        writer.writerow(
            [
                p.employee_id,
                _safe(p.display_name),
                p.email,
                _safe(p.title),
                str(p.site),
                _safe(m.chapter.name if m.chapter else ""),
            ]
        )
    return out.getvalue()


def _safe(value: str) -> str:
    """Keep spreadsheet programs from running a cell as a formula."""
    return "'" + value if value[:1] in {"=", "+", "-", "@", "\t", "\r"} else value


# --- community totals ----------------------------------------------------------------------


def volunteer_totals(group: Group, chapter_ids: set[int] | None = None) -> dict[str, Any]:
    """Approved hours, per chapter and in total; people counted only above the threshold."""
    hours = VolunteerHours.objects.filter(
        opportunity__group=group, status=VolunteerHours.Status.APPROVED
    )
    if chapter_ids is not None:
        hours = hours.filter(opportunity__chapter_id__in=chapter_ids)
    total = hours.aggregate(h=Sum("hours"), people=Count("person_id", distinct=True))
    by_chapter = list(
        hours.values("opportunity__chapter__name")
        .annotate(h=Sum("hours"), people=Count("person_id", distinct=True))
        .order_by("opportunity__chapter__name")
    )
    return {
        "hours": total["h"] or Decimal(0),
        "volunteers": suppress_small(total["people"] or 0),
        "by_chapter": [
            {
                "chapter": row["opportunity__chapter__name"] or "",
                "hours": row["h"],
                "volunteers": suppress_small(row["people"]),
            }
            for row in by_chapter
        ],
    }


@dataclass(frozen=True)
class DriveProgress:
    drive: FundraisingDrive
    donated: Decimal
    pledged: Decimal
    match: Decimal
    donors: int | None

    @property
    def total(self) -> Decimal:
        return self.donated + self.pledged + self.match

    @property
    def percent(self) -> int:
        if not self.drive.goal:
            return 0
        return min(100, int(self.total * 100 / self.drive.goal))


def drive_progress(drives: QuerySet[FundraisingDrive]) -> list[DriveProgress]:
    """Every drive with its totals in one query; the company match follows ratio and cap."""
    rows = drives.annotate(
        donated=Sum("donations__amount", filter=Q(donations__kind=Donation.Kind.DONATION)),
        pledged=Sum("donations__amount", filter=Q(donations__kind=Donation.Kind.PLEDGE)),
        donors=Count("donations__person_id", distinct=True),
    ).select_related("chapter", "nonprofit")
    result = []
    for d in rows:
        given = (d.donated or Decimal(0)) + (d.pledged or Decimal(0))
        match = given * d.match_ratio
        if d.match_cap is not None:
            match = min(match, d.match_cap)
        result.append(
            DriveProgress(
                drive=d,
                donated=d.donated or Decimal(0),
                pledged=d.pledged or Decimal(0),
                match=match.quantize(Decimal("0.01")),
                donors=suppress_small(d.donors),
            )
        )
    return result


def campaign_adoption(campaigns: QuerySet[Campaign]) -> list[tuple[Campaign, int | None]]:
    """Adoption counts for leaders, thresholded (one query)."""
    rows = campaigns.annotate(
        shown_by=Count("adoptions", filter=Q(adoptions__shown=True))
    ).order_by("-starts_on")
    return [(c, suppress_small(c.shown_by)) for c in rows]


def my_badges(person_id: int) -> dict[int, BadgeAdoption]:
    return {a.campaign_id: a for a in BadgeAdoption.objects.filter(person_id=person_id)}


def membership_growth(group: Group, *, years: int = 3) -> list[tuple[dt.date, int | None]]:
    """Active members at the start of each quarter, thresholded."""
    today = timezone.localdate()
    points = []
    for q in range(years * 4, -1, -1):
        month_index = today.year * 12 + today.month - 1 - 3 * q
        day = dt.date(month_index // 12, month_index % 12 + 1, 1)
        points.append(day)
    aggregates = {}
    for n, day in enumerate(points):
        moment = dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)
        aggregates[f"p{n}"] = Count(
            "id",
            filter=Q(joined_at__lte=moment) & (Q(ended_at__isnull=True) | Q(ended_at__gt=moment)),
        )
    counts = Membership.objects.filter(group=group).aggregate(**aggregates)
    return [(day, suppress_small(counts[f"p{n}"])) for n, day in enumerate(points)]
