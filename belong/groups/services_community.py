"""Every write to a group's community work: volunteering, drives, partnerships, initiatives."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from belong.groups.models import (
    Chapter,
    Donation,
    FundraisingDrive,
    Group,
    Initiative,
    Nonprofit,
    Partner,
    PartnerContact,
    Pillar,
    Referral,
    VolunteerHours,
    VolunteerOpportunity,
)
from belong.people.models import Person


def _check_chapter(group: Group, chapter: Chapter | None) -> None:
    if chapter is not None and chapter.group_id != group.pk:
        raise ValidationError({"chapter": _("That chapter belongs to another group.")})


def _check_dates(starts: dt.date | None, ends: dt.date | None) -> None:
    if starts is not None and ends is not None and ends < starts:
        raise ValidationError({"ends_on": _("The end cannot come before the start.")})


@transaction.atomic
def nonprofit_get_or_create(*, name: str, website: str = "") -> Nonprofit:
    name = name.strip()
    if not name:
        raise ValidationError({"nonprofit": _("Name the nonprofit.")})
    found = Nonprofit.objects.filter(name__iexact=name).first()
    return found or Nonprofit.objects.create(name=name, website=website)


@transaction.atomic
def opportunity_create(
    *,
    group: Group,
    chapter: Chapter | None,
    nonprofit: Nonprofit,
    title: str,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    description: str = "",
    pillar: str = Pillar.ENGAGE,
) -> VolunteerOpportunity:
    _check_chapter(group, chapter)
    _check_dates(starts_on, ends_on)
    return VolunteerOpportunity.objects.create(
        group=group,
        chapter=chapter,
        nonprofit=nonprofit,
        title=title,
        description=description,
        pillar=Pillar(pillar),
        starts_on=starts_on,
        ends_on=ends_on,
    )


@transaction.atomic
def hours_log(
    *,
    opportunity: VolunteerOpportunity,
    person: Person,
    hours: Decimal,
    worked_on: dt.date,
    note: str = "",
) -> VolunteerHours:
    """Someone logs their own hours; they wait for a leader's approval."""
    if hours <= 0 or hours > 24:
        raise ValidationError({"hours": _("Log between a quarter of an hour and 24 hours.")})
    if worked_on > timezone.localdate():
        raise ValidationError({"worked_on": _("Hours cannot be logged for a future day.")})
    return VolunteerHours.objects.create(
        opportunity=opportunity, person=person, hours=hours, worked_on=worked_on, note=note
    )


@transaction.atomic
def hours_decide(*, hours: VolunteerHours, approve: bool, decided_by: Person | None) -> None:
    hours.status = VolunteerHours.Status.APPROVED if approve else VolunteerHours.Status.REJECTED
    hours.decided_by = decided_by
    hours.decided_at = timezone.now()
    hours.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])


@transaction.atomic
def drive_create(
    *,
    group: Group,
    chapter: Chapter | None,
    title: str,
    goal: Decimal,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    currency: str = "USD",
    match_ratio: Decimal = Decimal(0),
    match_cap: Decimal | None = None,
    nonprofit: Nonprofit | None = None,
    description: str = "",
) -> FundraisingDrive:
    _check_chapter(group, chapter)
    _check_dates(starts_on, ends_on)
    if goal <= 0:
        raise ValidationError({"goal": _("Set a goal above zero.")})
    if match_ratio < 0:
        raise ValidationError({"match_ratio": _("The match cannot be negative.")})
    return FundraisingDrive.objects.create(
        group=group,
        chapter=chapter,
        title=title,
        goal=goal,
        currency=currency.upper()[:3],
        match_ratio=match_ratio,
        match_cap=match_cap,
        starts_on=starts_on,
        ends_on=ends_on,
        nonprofit=nonprofit,
        description=description,
    )


@transaction.atomic
def donation_record(
    *,
    drive: FundraisingDrive,
    person: Person | None,
    kind: str,
    amount: Decimal,
    given_on: dt.date | None = None,
) -> Donation:
    """Record a pledge or a donation made elsewhere; Belong moves no money."""
    if amount <= 0:
        raise ValidationError({"amount": _("The amount must be above zero.")})
    return Donation.objects.create(
        drive=drive,
        person=person,
        kind=Donation.Kind(kind),
        amount=amount,
        given_on=given_on or timezone.localdate(),
    )


@transaction.atomic
def partner_create(
    *,
    group: Group,
    chapter: Chapter | None,
    name: str,
    kind: str,
    website: str = "",
    notes: str = "",
    since: dt.date | None = None,
) -> Partner:
    _check_chapter(group, chapter)
    return Partner.objects.create(
        group=group,
        chapter=chapter,
        name=name,
        kind=Partner.Kind(kind),
        website=website,
        notes=notes,
        since=since,
    )


@transaction.atomic
def partner_contact_add(
    *, partner: Partner, name: str, role: str = "", email: str = "", phone: str = ""
) -> PartnerContact:
    return PartnerContact.objects.create(
        partner=partner, name=name, role=role, email=email, phone=phone
    )


@transaction.atomic
def referral_record(
    *,
    partner: Partner,
    referred_on: dt.date,
    reference: str = "",
    role_title: str = "",
    status: str = Referral.Status.REFERRED,
) -> Referral:
    return Referral.objects.create(
        partner=partner,
        referred_on=referred_on,
        reference=reference,
        role_title=role_title,
        status=Referral.Status(status),
    )


@transaction.atomic
def initiative_create(
    *,
    group: Group,
    chapter: Chapter | None,
    title: str,
    kind: str,
    pillar: str = Pillar.ADVOCATE,
    status: str = Initiative.Status.PROPOSED,
    description: str = "",
    outcomes: str = "",
    started_on: dt.date | None = None,
    finished_on: dt.date | None = None,
) -> Initiative:
    _check_chapter(group, chapter)
    _check_dates(started_on, finished_on)
    return Initiative.objects.create(
        group=group,
        chapter=chapter,
        title=title,
        kind=Initiative.Kind(kind),
        pillar=Pillar(pillar),
        status=Initiative.Status(status),
        description=description,
        outcomes=outcomes,
        started_on=started_on,
        finished_on=finished_on,
    )


@transaction.atomic
def initiative_update(
    *, initiative: Initiative, status: str, outcomes: str, finished_on: dt.date | None = None
) -> Initiative:
    _check_dates(initiative.started_on, finished_on)
    initiative.status = Initiative.Status(status)
    initiative.outcomes = outcomes
    initiative.finished_on = finished_on
    initiative.save(update_fields=["status", "outcomes", "finished_on", "updated_at"])
    return initiative
