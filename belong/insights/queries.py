"""Aggregate reads behind the dashboards: Recruit, Engage and Advocate figures.

Each function returns an unthresholded figure (see `privacy.Figure`); `services` passes
every one through `privacy.threshold_figure` before anything is shown or stored. Develop
and fairness figures are in `queries_develop.py`. Reads are GROUP BY queries, never loops
over people.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from belong.common.privacy import min_group_size
from belong.groups.models import (
    BadgeAdoption,
    Chapter,
    Donation,
    Initiative,
    Membership,
    Partner,
    Referral,
    VolunteerHours,
)
from belong.insights.access import Scope
from belong.insights.privacy import Figure
from belong.people.models import Person

# Level bands keep representation cells large: a cell per rung would often be under k.
LEVEL_BANDS = ((1, 3, "L1-L3"), (4, 6, "L4-L6"), (7, 9, "L7-L9"), (10, 99, "L10+"))


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    def months(self) -> list[dt.date]:
        out, day = [], self.start.replace(day=1)
        while day <= self.end:
            out.append(day)
            day = (day + dt.timedelta(days=32)).replace(day=1)
        return out


def month_end(day: dt.date) -> dt.date:
    """The last day of `day`'s month: ranges are whole months, so two cannot differ by a day."""
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


@dataclass(frozen=True)
class Filters:
    """A drill-down on the population: a level band and/or a country."""

    level_band: str = ""
    country: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.level_band or self.country)

    def as_dict(self) -> dict[str, str]:
        return {k: v for k, v in (("level", self.level_band), ("country", self.country)) if v}

    def person_q(self, prefix: str = "person__") -> Q:
        q = Q()
        for low, high, label in LEVEL_BANDS:
            if label == self.level_band:
                q &= Q(**{f"{prefix}level__rank__gte": low, f"{prefix}level__rank__lte": high})
        if self.country:
            q &= Q(**{f"{prefix}site__country_code": self.country})
        return q


def memberships(scope: Scope) -> QuerySet[Membership]:
    qs = Membership.objects.all()
    if scope.kind == "group":
        return qs.filter(group_id=scope.id)
    if scope.kind == "chapter":
        return qs.filter(chapter_id=scope.id)
    return qs


def _scope_q(scope: Scope, prefix: str = "", *, has_chapter: bool = True) -> Q:
    """Rows of the scope: `prefix` leads to a row with `group` (and `chapter`) fields."""
    if scope.kind == "group":
        return Q(**{f"{prefix}group_id": scope.id})
    if scope.kind == "chapter":
        if has_chapter:
            return Q(**{f"{prefix}chapter_id": scope.id})
        return Q(**{f"{prefix}group_id": scope.group_id})
    return Q()


def population_count(scope: Scope, filters: Filters, on: dt.date) -> int:
    """Active memberships (or employees, for the company) on `on`, with the drill-down."""
    if scope.kind == "company":
        return Person.objects.active(on).filter(filters.person_q("")).count()
    return (
        memberships(scope)
        .filter(filters.person_q(), joined_at__date__lte=on)
        .filter(Q(ended_at__isnull=True) | Q(ended_at__date__gt=on))
        .count()
    )


# --- Engage ---------------------------------------------------------------------------------


def members_over_time(scope: Scope, period: Period, filters: Filters) -> Figure:
    """Members and allies at each month's start: two GROUP BY queries, summed in Python."""
    qs = memberships(scope).filter(filters.person_q())
    joined = qs.annotate(m=TruncMonth("joined_at")).values("m", "kind").annotate(n=Count("id"))
    ended = (
        qs.filter(ended_at__isnull=False)
        .annotate(m=TruncMonth("ended_at"))
        .values("m", "kind")
        .annotate(n=Count("id"))
    )
    deltas: dict[tuple[dt.date, str], int] = {}
    kinds = [str(Membership.Kind.MEMBER), str(Membership.Kind.ALLY)]
    for row in joined:
        key = (_month(row["m"]), row["kind"])
        deltas[key] = deltas.get(key, 0) + row["n"]
    for row in ended:
        key = (_month(row["m"]), row["kind"])
        deltas[key] = deltas.get(key, 0) - row["n"]
    rows: list[list[Any]] = []
    totals: list[int] = []
    for month in period.months():
        counts: dict[str, int] = {
            kind: sum(n for (m, k), n in deltas.items() if k == kind and m < month)
            for kind in kinds
        }
        rows.append([month.isoformat()[:7], counts["member"], counts["ally"]])
        totals.append(counts["member"] + counts["ally"])
    return {
        "key": "members_over_time",
        "pillar": "engage",
        "title": _("Members and allies over time"),
        "chart": "line",
        "columns": [_("Month"), _("Members"), _("Allies")],
        "rows": rows,
        "people": [1, 2],
        "summary": growth_sentence(totals, len(rows)),
    }


def growth_sentence(series: list[int], months: int) -> str:
    """ "Grew 2.1x in 3 years." - only when both ends describe at least k people."""
    if len(series) < 2 or min(series[0], series[-1]) < min_group_size():
        return ""
    ratio = series[-1] / series[0]
    span = _("%(n)s months") % {"n": months - 1}
    if months - 1 >= 12 and (months - 1) % 12 == 0:
        span = _("%(n)s years") % {"n": (months - 1) // 12}
    if ratio >= 1.9:
        return _("Grew %(r).1fx in %(span)s.") % {"r": ratio, "span": span}
    return _("Changed by %(p)+.0f%% in %(span)s.") % {"p": 100 * (ratio - 1), "span": span}


def chapters_and_community(scope: Scope, period: Period) -> Figure:
    """Per group (company) or for the scope: chapters, volunteering hours, funds raised."""
    from belong.groups.models import Group

    groups = Group.objects.all()
    if scope.kind == "group":
        groups = groups.filter(pk=scope.id)
    if scope.kind == "chapter" and scope.group_id is not None:
        groups = groups.filter(pk=scope.group_id)
    chapters = dict(
        Chapter.objects.filter(group__in=groups)
        .values_list("group_id")
        .annotate(n=Count("id"))
        .values_list("group_id", "n")
    )
    in_period = {"worked_on__gte": period.start, "worked_on__lte": period.end}
    hours = dict(
        VolunteerHours.objects.filter(status=VolunteerHours.Status.APPROVED, **in_period)
        .filter(_scope_q(scope, "opportunity__"))
        .values_list("opportunity__group_id")
        .annotate(h=Sum("hours"))
        .values_list("opportunity__group_id", "h")
    )
    volunteers = dict(
        VolunteerHours.objects.filter(status=VolunteerHours.Status.APPROVED, **in_period)
        .filter(_scope_q(scope, "opportunity__"))
        .values_list("opportunity__group_id")
        .annotate(n=Count("person_id", distinct=True))
        .values_list("opportunity__group_id", "n")
    )
    funds = dict(
        Donation.objects.filter(
            kind=Donation.Kind.DONATION, given_on__gte=period.start, given_on__lte=period.end
        )
        .filter(_scope_q(scope, "drive__"))
        .values_list("drive__group_id")
        .annotate(s=Sum("amount"))
        .values_list("drive__group_id", "s")
    )
    rows = [
        [
            g.name,
            chapters.get(g.pk, 0),
            volunteers.get(g.pk, 0),
            float(hours.get(g.pk) or 0),
            float(funds.get(g.pk) or 0),
        ]
        for g in groups.order_by("name")
    ]
    return {
        "key": "community",
        "pillar": "engage",
        "title": _("Chapters, volunteering and funds raised"),
        "chart": "bar",
        "columns": [_("Group"), _("Chapters"), _("Volunteers"), _("Volunteer hours"), _("Funds")],
        "rows": rows,
        "people": [2],
        # Hours are a sum over the volunteers: hidden whenever their count is.
        "rates": {3: 2},
    }


def events_installed() -> bool:
    return apps.is_installed("belong.events")


def event_attendance(scope: Scope, period: Period, filters: Filters) -> Figure | None:
    """Check-ins per month and people active in the last 90 days (needs the events app)."""
    if not events_installed():
        return None
    registration = apps.get_model("events", "Registration")
    qs = registration.objects.filter(
        checked_in_at__isnull=False,
        event__starts_at__date__gte=period.start,
        event__starts_at__date__lte=period.end,
    ).filter(filters.person_q(), _scope_q(scope, "event__"))
    by_month = {
        _month(m): n
        for m, n in qs.annotate(m=TruncMonth("event__starts_at"))
        .values_list("m")
        .annotate(p=Count("person_id", distinct=True))
        .values_list("m", "p")
    }
    rows = [[m.isoformat()[:7], by_month.get(m, 0)] for m in period.months()]
    since = period.end - dt.timedelta(days=90)
    active = qs.filter(event__starts_at__date__gt=since).values("person_id").distinct().count()
    return {
        "key": "event_attendance",
        "pillar": "engage",
        "title": _("People attending events"),
        "chart": "bar",
        "columns": [_("Month"), _("People who attended")],
        "rows": rows,
        "people": [1],
        "summary": _("%(n)s people attended an event in the last 90 days (active members).")
        % {
            "n": active
            if active >= min_group_size()
            else _("Fewer than %(k)s") % {"k": min_group_size()}
        },
    }


# --- Recruit --------------------------------------------------------------------------------


def representation(scope: Scope, period: Period, filters: Filters) -> Figure | None:
    """Share of the scope's members in each level band against the whole company."""
    if scope.kind == "company":
        return None
    on = period.end
    people = Person.objects.active(on).filter(filters.person_q(""))
    company = {band: people.filter(_band_q(band, "")).count() for band in _band_labels()}
    members = (
        memberships(scope)
        .filter(filters.person_q(), joined_at__date__lte=on)
        .filter(Q(ended_at__isnull=True) | Q(ended_at__date__gt=on))
    )
    counts = {band: members.filter(_band_q(band)).count() for band in _band_labels()}
    total_c, total_m = sum(company.values()) or 1, sum(counts.values()) or 1
    rows = [
        [
            band,
            counts[band],
            round(100 * counts[band] / total_m, 1),
            round(100 * company[band] / total_c, 1),
        ]
        for band in _band_labels()
    ]
    return {
        "key": "representation",
        "pillar": "recruit",
        "title": _("Representation by level against the company"),
        "chart": "bar",
        "columns": [_("Level"), _("Members"), _("% of members"), _("% of company")],
        "rows": rows,
        "people": [1],
        "rates": {2: 1},
    }


def referrals(scope: Scope, period: Period) -> Figure:
    qs = Referral.objects.filter(referred_on__gte=period.start, referred_on__lte=period.end)
    qs = qs.filter(_scope_q(scope, "partner__"))
    counts = dict(qs.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    partners = Partner.objects.filter(kind=Partner.Kind.RECRUITING).filter(_scope_q(scope))
    return {
        "key": "referrals",
        "pillar": "recruit",
        "title": _("Referrals through recruiting partners"),
        "chart": "bar",
        "columns": [_("Status"), _("Candidates")],
        "rows": [[label, counts.get(value, 0)] for value, label in Referral.Status.choices],
        "people": [1],
        "summary": _("%(n)s recruiting partners.") % {"n": partners.count()},
    }


# --- Advocate -------------------------------------------------------------------------------


def initiatives(scope: Scope, period: Period) -> Figure:
    qs = Initiative.objects.filter(_scope_q(scope)).select_related("group")
    qs = qs.filter(Q(finished_on__isnull=True) | Q(finished_on__gte=period.start))
    rows = [
        [i.title, i.group.name, i.get_status_display(), i.outcomes[:200]]
        for i in qs.order_by("group__name", "title")[:50]
    ]
    return {
        "key": "initiatives",
        "pillar": "advocate",
        "title": _("Initiatives and their outcomes"),
        "chart": None,
        "columns": [_("Initiative"), _("Group"), _("Status"), _("Outcomes")],
        "rows": rows,
        "people": [],
    }


def badge_adoption(scope: Scope, period: Period) -> Figure:
    qs = BadgeAdoption.objects.filter(shown=True, adopted_at__date__lte=period.end)
    qs = qs.filter(_scope_q(scope, "campaign__", has_chapter=False))
    rows = [
        [row["campaign__name"], row["n"]]
        for row in qs.values("campaign__name").annotate(n=Count("id")).order_by("campaign__name")
    ]
    return {
        "key": "badges",
        "pillar": "advocate",
        "title": _("Campaigns and badge adoption"),
        "chart": "bar",
        "columns": [_("Campaign"), _("People showing the badge")],
        "rows": rows,
        "people": [1],
    }


def _band_labels() -> list[str]:
    return [label for _low, _high, label in LEVEL_BANDS]


def _band_q(label: str, prefix: str = "person__") -> Q:
    for low, high, name in LEVEL_BANDS:
        if name == label:
            return Q(**{f"{prefix}level__rank__gte": low, f"{prefix}level__rank__lte": high})
    return Q(pk__in=[])


def _month(value: Any) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def level_band_choices() -> list[str]:
    return _band_labels()


def countries() -> list[str]:
    from belong.people.models import Site

    return sorted(set(Site.objects.values_list("country_code", flat=True)))
