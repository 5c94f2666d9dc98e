"""REST endpoints for a group's community work: volunteering, drives, partners, initiatives.

Totals are for everyone; names on logged hours go only to the person and the leaders who
approve them; donors are never named to anyone else.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from belong.accounts import access as accounts_access
from belong.accounts.api_auth import require
from belong.groups import access, queries
from belong.groups import services_community as community
from belong.groups.api import fail, load_chapter, load_group, me, require_scope_manager
from belong.groups.models import (
    FundraisingDrive,
    Initiative,
    Partner,
    VolunteerHours,
    VolunteerOpportunity,
)

router = Router(tags=["groups: community work"])


class OpportunityIn(Schema):
    nonprofit: str
    title: str
    starts_on: dt.date
    ends_on: dt.date | None = None
    description: str = ""
    pillar: str = "engage"
    chapter_id: int | None = None


class OpportunityOut(Schema):
    id: int
    title: str
    nonprofit: str
    chapter_id: int | None
    pillar: str
    starts_on: dt.date
    ends_on: dt.date | None


class ChapterTotal(Schema):
    chapter: str
    hours: Decimal
    volunteers: int | None


class VolunteeringOut(Schema):
    hours: Decimal
    volunteers: int | None
    by_chapter: list[ChapterTotal]
    opportunities: list[OpportunityOut]


class HoursIn(Schema):
    opportunity_id: int
    hours: Decimal
    worked_on: dt.date
    note: str = ""


class HoursOut(Schema):
    id: int
    opportunity_id: int
    hours: Decimal
    worked_on: dt.date
    status: str
    person: str | None = None  # shown to approving leaders only


class DecisionIn(Schema):
    approve: bool


class DriveIn(Schema):
    title: str
    goal: Decimal
    starts_on: dt.date
    ends_on: dt.date | None = None
    currency: str = "USD"
    match_ratio: Decimal = Decimal(0)
    match_cap: Decimal | None = None
    nonprofit: str = ""
    description: str = ""
    chapter_id: int | None = None


class DriveOut(Schema):
    id: int
    title: str
    chapter_id: int | None
    currency: str
    goal: Decimal
    donated: Decimal
    pledged: Decimal
    match: Decimal
    total: Decimal
    percent: int
    donors: int | None


class DonationIn(Schema):
    kind: str
    amount: Decimal
    given_on: dt.date | None = None


class PartnerIn(Schema):
    name: str
    kind: str
    website: str = ""
    notes: str = ""
    since: dt.date | None = None
    chapter_id: int | None = None


class ContactOut(Schema):
    name: str
    role: str
    email: str
    phone: str


class PartnerOut(Schema):
    id: int
    name: str
    kind: str
    chapter_id: int | None
    website: str
    contacts: list[ContactOut]
    referrals: int


class ContactIn(Schema):
    name: str
    role: str = ""
    email: str = ""
    phone: str = ""


class ReferralIn(Schema):
    referred_on: dt.date
    reference: str = ""
    role_title: str = ""
    status: str = "referred"


class InitiativeIn(Schema):
    title: str
    kind: str
    pillar: str = "advocate"
    status: str = "proposed"
    description: str = ""
    outcomes: str = ""
    started_on: dt.date | None = None
    chapter_id: int | None = None


class InitiativeUpdateIn(Schema):
    status: str
    outcomes: str = ""
    finished_on: dt.date | None = None


class InitiativeOut(Schema):
    id: int
    title: str
    kind: str
    pillar: str
    status: str
    chapter_id: int | None
    description: str
    outcomes: str
    started_on: dt.date | None
    finished_on: dt.date | None


def _led_scope(request: HttpRequest, group: Any) -> Q:
    led = access.led_chapter_ids(request.user, group)
    require(led is None or bool(led))
    return Q() if led is None else Q(chapter_id__in=led)


def _opportunity(o: VolunteerOpportunity) -> dict[str, Any]:
    return {
        "id": o.pk,
        "title": o.title,
        "nonprofit": o.nonprofit.name,
        "chapter_id": o.chapter_id,
        "pillar": o.pillar,
        "starts_on": o.starts_on,
        "ends_on": o.ends_on,
    }


def _drive(p: queries.DriveProgress) -> dict[str, Any]:
    d = p.drive
    return {
        "id": d.pk,
        "title": d.title,
        "chapter_id": d.chapter_id,
        "currency": d.currency,
        "goal": d.goal,
        "donated": p.donated,
        "pledged": p.pledged,
        "match": p.match,
        "total": p.total,
        "percent": p.percent,
        "donors": p.donors,
    }


@router.get("/{group_id}/volunteering", response=VolunteeringOut, summary="Volunteering")
def volunteering(request: HttpRequest, group_id: int) -> dict[str, Any]:
    group = load_group(request, group_id)
    opportunities = VolunteerOpportunity.objects.filter(group=group).select_related("nonprofit")
    return {
        **queries.volunteer_totals(group),
        "opportunities": [_opportunity(o) for o in opportunities[:200]],
    }


@router.post(
    "/{group_id}/opportunities", response={201: OpportunityOut}, summary="Add an opportunity"
)
def create_opportunity(request: HttpRequest, group_id: int, data: OpportunityIn) -> Status:
    group = load_group(request, group_id, scope="write")
    chapter = load_chapter(group, data.chapter_id)
    require_scope_manager(request, group, chapter)
    fields = data.dict(exclude={"chapter_id", "nonprofit"})
    try:
        nonprofit = community.nonprofit_get_or_create(name=data.nonprofit)
        o = community.opportunity_create(
            group=group, chapter=chapter, nonprofit=nonprofit, **fields
        )
    except ValueError as error:
        raise HttpError(400, str(error)) from None
    return Status(201, _opportunity(o))


@router.post("/{group_id}/hours", response={201: HoursOut}, summary="Log your own hours")
def log_hours(request: HttpRequest, group_id: int, data: HoursIn) -> Status:
    group = load_group(request, group_id, scope="write")
    opportunity = VolunteerOpportunity.objects.filter(group=group, pk=data.opportunity_id).first()
    if opportunity is None:
        raise HttpError(404, "No such opportunity in this group.")
    try:
        h = community.hours_log(
            opportunity=opportunity,
            person=me(request),
            hours=data.hours,
            worked_on=data.worked_on,
            note=data.note,
        )
    except ValidationError as error:
        raise fail(error) from None
    return Status(201, h)


@router.get(
    "/{group_id}/hours/pending", response=list[HoursOut], summary="Hours to approve (leaders)"
)
def pending_hours(request: HttpRequest, group_id: int) -> list[dict[str, Any]]:
    group = load_group(request, group_id)
    scope = _led_scope(request, group)
    rows = VolunteerHours.objects.filter(
        opportunity__in=VolunteerOpportunity.objects.filter(scope, group=group),
        status=VolunteerHours.Status.PENDING,
    ).select_related("person")
    return [
        {
            "id": h.pk,
            "opportunity_id": h.opportunity_id,
            "hours": h.hours,
            "worked_on": h.worked_on,
            "status": h.status,
            "person": h.person.display_name,
        }
        for h in rows[:500]
    ]


@router.post(
    "/{group_id}/hours/{hours_id}/decision", response={204: None}, summary="Approve or reject"
)
def decide_hours(request: HttpRequest, group_id: int, hours_id: int, data: DecisionIn) -> Status:
    group = load_group(request, group_id, scope="write")
    h = (
        VolunteerHours.objects.select_related("opportunity__chapter")
        .filter(opportunity__group=group, pk=hours_id)
        .first()
    )
    if h is None:
        raise HttpError(404, "No such hours.")
    require_scope_manager(request, group, h.opportunity.chapter)
    community.hours_decide(
        hours=h, approve=data.approve, decided_by=accounts_access.person_of(request.user)
    )
    return Status(204, None)


@router.get("/{group_id}/drives", response=list[DriveOut], summary="Drives and their progress")
def list_drives(request: HttpRequest, group_id: int) -> list[dict[str, Any]]:
    group = load_group(request, group_id)
    return [_drive(p) for p in queries.drive_progress(FundraisingDrive.objects.filter(group=group))]


@router.post("/{group_id}/drives", response={201: DriveOut}, summary="Start a drive")
def create_drive(request: HttpRequest, group_id: int, data: DriveIn) -> Status:
    group = load_group(request, group_id, scope="write")
    chapter = load_chapter(group, data.chapter_id)
    require_scope_manager(request, group, chapter)
    fields = data.dict(exclude={"chapter_id", "nonprofit"})
    try:
        nonprofit = (
            community.nonprofit_get_or_create(name=data.nonprofit) if data.nonprofit else None
        )
        drive = community.drive_create(group=group, chapter=chapter, nonprofit=nonprofit, **fields)
    except ValidationError as error:
        raise fail(error) from None
    return Status(
        201, _drive(queries.drive_progress(FundraisingDrive.objects.filter(pk=drive.pk))[0])
    )


@router.post(
    "/{group_id}/drives/{drive_id}/donations",
    response={201: DriveOut},
    summary="Record your pledge or donation",
)
def give(request: HttpRequest, group_id: int, drive_id: int, data: DonationIn) -> Status:
    group = load_group(request, group_id, scope="write")
    drives = FundraisingDrive.objects.filter(group=group, pk=drive_id)
    drive = drives.first()
    if drive is None:
        raise HttpError(404, "No such drive.")
    try:
        community.donation_record(drive=drive, person=me(request), **data.dict())
    except ValueError as error:
        raise HttpError(400, str(error)) from None
    return Status(201, _drive(queries.drive_progress(drives)[0]))


@router.get("/{group_id}/partners", response=list[PartnerOut], summary="Partners (leaders)")
def list_partners(request: HttpRequest, group_id: int) -> list[dict[str, Any]]:
    group = load_group(request, group_id)
    scope = _led_scope(request, group)
    from django.db.models import Count

    rows = (
        Partner.objects.filter(scope, group=group)
        .prefetch_related("contacts")
        .annotate(referral_count=Count("referrals"))
    )
    return [
        {
            "id": p.pk,
            "name": p.name,
            "kind": p.kind,
            "chapter_id": p.chapter_id,
            "website": p.website,
            "contacts": list(p.contacts.all()),
            "referrals": p.referral_count,
        }
        for p in rows
    ]


@router.post("/{group_id}/partners", response={201: dict}, summary="Add a partner")
def create_partner(request: HttpRequest, group_id: int, data: PartnerIn) -> Status:
    group = load_group(request, group_id, scope="write")
    chapter = load_chapter(group, data.chapter_id)
    require_scope_manager(request, group, chapter)
    try:
        p = community.partner_create(
            group=group, chapter=chapter, **data.dict(exclude={"chapter_id"})
        )
    except ValueError as error:
        raise HttpError(400, str(error)) from None
    return Status(201, {"id": p.pk})


def _partner_for(request: HttpRequest, group_id: int, partner_id: int) -> Partner:
    group = load_group(request, group_id, scope="write")
    partner = Partner.objects.select_related("chapter").filter(group=group, pk=partner_id).first()
    if partner is None:
        raise HttpError(404, "No such partner.")
    require_scope_manager(request, group, partner.chapter)
    return partner


@router.post(
    "/{group_id}/partners/{partner_id}/contacts", response={201: dict}, summary="Add a contact"
)
def add_contact(request: HttpRequest, group_id: int, partner_id: int, data: ContactIn) -> Status:
    contact = community.partner_contact_add(
        partner=_partner_for(request, group_id, partner_id), **data.dict()
    )
    return Status(201, {"id": contact.pk})


@router.post(
    "/{group_id}/partners/{partner_id}/referrals",
    response={201: dict},
    summary="Record a referral (Recruit pillar)",
)
def add_referral(request: HttpRequest, group_id: int, partner_id: int, data: ReferralIn) -> Status:
    try:
        referral = community.referral_record(
            partner=_partner_for(request, group_id, partner_id), **data.dict()
        )
    except ValueError as error:
        raise HttpError(400, str(error)) from None
    return Status(201, {"id": referral.pk})


@router.get("/{group_id}/initiatives", response=list[InitiativeOut], summary="Initiatives")
def list_initiatives(request: HttpRequest, group_id: int) -> Any:
    group = load_group(request, group_id)
    return list(Initiative.objects.filter(group=group)[:200])


@router.post("/{group_id}/initiatives", response={201: InitiativeOut}, summary="Add one")
def create_initiative(request: HttpRequest, group_id: int, data: InitiativeIn) -> Status:
    group = load_group(request, group_id, scope="write")
    chapter = load_chapter(group, data.chapter_id)
    require_scope_manager(request, group, chapter)
    try:
        i = community.initiative_create(
            group=group, chapter=chapter, **data.dict(exclude={"chapter_id"})
        )
    except ValueError as error:
        raise HttpError(400, str(error)) from None
    return Status(201, i)


@router.patch(
    "/{group_id}/initiatives/{initiative_id}", response=InitiativeOut, summary="Update status"
)
def update_initiative(
    request: HttpRequest, group_id: int, initiative_id: int, data: InitiativeUpdateIn
) -> Any:
    group = load_group(request, group_id, scope="write")
    found = Initiative.objects.select_related("chapter").filter(group=group, pk=initiative_id)
    initiative = found.first()
    if initiative is None:
        raise HttpError(404, "No such initiative.")
    require_scope_manager(request, group, initiative.chapter)
    try:
        return community.initiative_update(initiative=initiative, **data.dict())
    except ValueError as error:
        raise HttpError(400, str(error)) from None
