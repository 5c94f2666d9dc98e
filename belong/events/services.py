"""Every write to initiatives, events, registrations, check-ins and calendar tokens.

Seats are decided with the event row locked (`select_for_update`), so concurrent RSVPs on
PostgreSQL queue behind one another and an event is never overbooked; SQLite runs one
writer at a time anyway. Each change to an event raises its iCalendar SEQUENCE.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from belong.events.models import (
    SEATED,
    CalendarToken,
    Event,
    GlobalInitiative,
    Registration,
    Speaker,
    new_checkin_code,
    new_feed_token,
)
from belong.groups.models import Chapter, Group, Pillar
from belong.people.models import Person, Site


@dataclass(frozen=True)
class SpeakerData:
    name: str
    title: str = ""
    organisation: str = ""


# --- initiatives ----------------------------------------------------------------------------


@transaction.atomic
def initiative_create(
    *,
    group: Group,
    name: str,
    starts_on: dt.date,
    ends_on: dt.date,
    description: str = "",
    pillar: str = Pillar.ENGAGE,
) -> GlobalInitiative:
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The initiative cannot end before it starts.")})
    return GlobalInitiative.objects.create(
        group=group,
        name=name.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        description=description,
        pillar=Pillar(pillar),
    )


# --- events ---------------------------------------------------------------------------------


def _check_zone(zone: str) -> str:
    try:
        zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError({"zone": _("Unknown time zone: %s") % zone}) from None
    return zone


def _check(
    *,
    group: Group,
    chapter: Chapter | None,
    initiative: GlobalInitiative | None,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    mode: str,
    site: Site | None,
    link: str,
    kind: str,
) -> None:
    if chapter is not None and chapter.group_id != group.pk:
        raise ValidationError({"chapter": _("That chapter belongs to another group.")})
    if initiative is not None and initiative.group_id != group.pk:
        raise ValidationError({"initiative": _("That initiative belongs to another group.")})
    if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
        raise ValidationError(_("Times need a time zone."))
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The event must end after it starts.")})
    if kind not in Event.Kind.values:
        raise ValidationError({"kind": _("Unknown kind of event.")})
    if mode == Event.Mode.IN_PERSON and site is None:
        raise ValidationError({"site": _("Choose the site of an in-person event.")})
    if mode == Event.Mode.VIRTUAL and not link:
        raise ValidationError({"link": _("Give the video link of a virtual event.")})
    if mode not in Event.Mode.values:
        raise ValidationError({"mode": _("In person or virtual.")})


def _write_speakers(event: Event, speakers: Sequence[SpeakerData]) -> None:
    Speaker.objects.filter(event=event).delete()
    Speaker.objects.bulk_create(
        Speaker(
            event=event,
            name=s.name.strip(),
            title=s.title.strip(),
            organisation=s.organisation.strip(),
            position=n,
        )
        for n, s in enumerate(speakers)
        if s.name.strip()
    )


@transaction.atomic
def event_create(
    *,
    group: Group,
    chapter: Chapter | None,
    title: str,
    kind: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    zone: str,
    mode: str,
    site: Site | None = None,
    location: str = "",
    link: str = "",
    capacity: int | None = None,
    pillar: str = Pillar.ENGAGE,
    description: str = "",
    initiative: GlobalInitiative | None = None,
    speakers: Sequence[SpeakerData] = (),
    created_by: Person | None = None,
) -> Event:
    """A scheduled event; times are any aware datetimes, stored in UTC beside `zone`."""
    _check(
        group=group,
        chapter=chapter,
        initiative=initiative,
        starts_at=starts_at,
        ends_at=ends_at,
        mode=mode,
        site=site,
        link=link,
        kind=kind,
    )
    event = Event.objects.create(
        group=group,
        chapter=chapter,
        initiative=initiative,
        title=title.strip(),
        description=description,
        kind=kind,
        pillar=Pillar(pillar),
        starts_at=starts_at.astimezone(dt.UTC),
        ends_at=ends_at.astimezone(dt.UTC),
        timezone=_check_zone(zone),
        mode=mode,
        site=site if mode == Event.Mode.IN_PERSON else None,
        location=location,
        link=link,
        capacity=capacity,
        created_by=created_by,
    )
    _write_speakers(event, speakers)
    from belong.webhooks import payloads

    payloads.event_changed(event, "event.created")
    return event


EDITABLE = (
    "title",
    "description",
    "kind",
    "pillar",
    "starts_at",
    "ends_at",
    "zone",
    "mode",
    "site",
    "location",
    "link",
    "capacity",
    "initiative",
)
# Changes that make a calendar entry wrong: registrants get the updated invite.
_NOTIFY_ON = {"starts_at", "ends_at", "zone", "mode", "site", "location", "link", "title"}


@transaction.atomic
def event_update(
    *, event: Event, speakers: Sequence[SpeakerData] | None = None, **changes: Any
) -> Event:
    """Change an event (fields in `EDITABLE`); raises SEQUENCE, and fills any new seats
    from the waitlist. Registrants get the updated invite when time or place changed."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
    locked = Event.objects.select_for_update().get(pk=event.pk)
    if locked.is_cancelled:
        raise ValidationError(_("This event was cancelled."))
    before = {name: getattr(locked, "timezone" if name == "zone" else name) for name in changes}
    for name, value in changes.items():
        if name in {"starts_at", "ends_at"}:
            value = value.astimezone(dt.UTC)
        if name == "zone":
            locked.timezone = _check_zone(value)
        else:
            setattr(locked, name, value)
    if locked.mode == Event.Mode.VIRTUAL:
        locked.site = None
    _check(
        group=event.group,
        chapter=locked.chapter,
        initiative=locked.initiative,
        starts_at=locked.starts_at,
        ends_at=locked.ends_at,
        mode=locked.mode,
        site=locked.site,
        link=locked.link,
        kind=locked.kind,
    )
    changed = {
        name
        for name in changes
        if getattr(locked, "timezone" if name == "zone" else name) != before[name]
    }
    if speakers is not None:
        _write_speakers(locked, speakers)
        changed.add("speakers")
    if changed:
        locked.sequence += 1
        locked.save()
    _promote_waitlisted(locked)
    if changed & _NOTIFY_ON:
        _notify_change(locked)
    _copy_onto(locked, event)
    if changed:
        from belong.webhooks import payloads

        payloads.event_changed(event, "event.updated")
    return event


def _copy_onto(source: Event, target: Event) -> None:
    for field in Event._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))


@transaction.atomic
def event_cancel(*, event: Event) -> Event:
    """Cancel: SEQUENCE rises and everyone still registered gets a METHOD:CANCEL invite."""
    locked = Event.objects.select_for_update().get(pk=event.pk)
    if not locked.is_cancelled:
        locked.status = Event.Status.CANCELLED
        locked.sequence += 1
        locked.save(update_fields=["status", "sequence", "updated_at"])
        _notify_change(locked)
        from belong.webhooks import payloads

        payloads.event_changed(locked, "event.cancelled")
    _copy_onto(locked, event)
    return event


@transaction.atomic
def checkin_code_reset(*, event: Event) -> Event:
    event.checkin_code = new_checkin_code()
    event.save(update_fields=["checkin_code", "updated_at"])
    return event


def _notify_change(event: Event) -> None:
    from belong.events.tasks import event_change_send

    pk = event.pk
    transaction.on_commit(lambda: event_change_send.enqueue(pk))


# --- registrations --------------------------------------------------------------------------


def _seats_taken(event: Event) -> int:
    return Registration.objects.filter(event=event, status__in=SEATED).count()


def _next_position(event: Event) -> int:
    top = Registration.objects.filter(event=event).aggregate(m=Max("waitlist_position"))["m"]
    return int(top or 0) + 1


@transaction.atomic
def registration_create(*, event: Event, person: Person, listed: bool = True) -> Registration:
    """RSVP: a seat if one is free, else the end of the waitlist. Idempotent for someone
    already going or waiting; a cancelled registration comes back to life."""
    locked = Event.objects.select_for_update().get(pk=event.pk)
    if locked.is_cancelled:
        raise ValidationError(_("This event was cancelled."))
    if locked.ends_at <= timezone.now():
        raise ValidationError(_("This event is over."))
    existing = Registration.objects.filter(event=locked, person=person).first()
    if existing is not None and existing.status != Registration.Status.CANCELLED:
        return existing
    full = locked.capacity is not None and _seats_taken(locked) >= locked.capacity
    now = timezone.now()
    registration = existing or Registration(event=locked, person=person)
    registration.status = Registration.Status.WAITLISTED if full else Registration.Status.GOING
    registration.waitlist_position = _next_position(locked) if full else None
    registration.listed = listed
    registration.registered_at = now
    registration.promoted_at = None
    registration.cancelled_at = None
    registration.checked_in_at = None
    registration.checked_in_by = ""
    registration.save()
    return registration


@transaction.atomic
def registration_cancel(*, registration: Registration) -> Registration:
    """Give up a seat or a waitlist place; a freed seat goes to the first person waiting."""
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    current = Registration.objects.get(pk=registration.pk)
    if current.status == Registration.Status.CANCELLED:
        return current
    current.status = Registration.Status.CANCELLED
    current.waitlist_position = None
    current.cancelled_at = timezone.now()
    current.save(update_fields=["status", "waitlist_position", "cancelled_at"])
    if not event.is_cancelled:
        _promote_waitlisted(event)
    return current


def _promote_waitlisted(event: Event) -> list[Registration]:
    """Fill free seats from the waitlist in order (caller holds the event lock)."""
    from belong.events.tasks import registration_promoted_send

    if event.is_cancelled or event.ends_at <= timezone.now():
        return []
    waiting = Registration.objects.filter(
        event=event, status=Registration.Status.WAITLISTED
    ).order_by("waitlist_position", "id")
    if event.capacity is not None:
        free = event.capacity - _seats_taken(event)
        if free <= 0:
            return []
        waiting = waiting[:free]
    promoted = list(waiting)
    now = timezone.now()
    for r in promoted:
        r.status = Registration.Status.GOING
        r.waitlist_position = None
        r.promoted_at = now
        r.save(update_fields=["status", "waitlist_position", "promoted_at"])
        transaction.on_commit(partial(registration_promoted_send.enqueue, r.pk))
    return promoted


@transaction.atomic
def registration_set_listed(*, registration: Registration, listed: bool) -> Registration:
    registration.listed = listed
    registration.save(update_fields=["listed"])
    return registration


# --- check-in -------------------------------------------------------------------------------


@transaction.atomic
def checkin_tick(*, registration: Registration, attended: bool) -> Registration:
    """A host ticks (or unticks) someone on the roster."""
    if registration.status not in SEATED:
        raise ValidationError(_("Only people with a seat can be checked in."))
    if attended:
        registration.status = Registration.Status.ATTENDED
        registration.checked_in_at = registration.checked_in_at or timezone.now()
        registration.checked_in_by = registration.checked_in_by or Registration.CheckIn.ROSTER
    else:
        registration.status = Registration.Status.GOING
        registration.checked_in_at = None
        registration.checked_in_by = ""
    registration.save(update_fields=["status", "checked_in_at", "checked_in_by"])
    return registration


@transaction.atomic
def checkin_with_code(*, event: Event, person: Person, code: str) -> Registration:
    """An attendee enters the code shown in the room: needs a seat and the right code."""
    if event.is_cancelled:
        raise ValidationError(_("This event was cancelled."))
    if code.strip().upper() != event.checkin_code.upper():
        raise ValidationError({"code": _("That code is not right. Check it with the host.")})
    registration = Registration.objects.filter(event=event, person=person).first()
    if registration is None or registration.status not in SEATED:
        raise ValidationError(_("You need a seat at this event to check in."))
    if registration.status == Registration.Status.GOING:
        registration.status = Registration.Status.ATTENDED
        registration.checked_in_at = timezone.now()
        registration.checked_in_by = Registration.CheckIn.CODE
        registration.save(update_fields=["status", "checked_in_at", "checked_in_by"])
    return registration


# --- calendar feed tokens -------------------------------------------------------------------


@transaction.atomic
def calendar_token_get(*, user: Any) -> CalendarToken:
    token, _created = CalendarToken.objects.get_or_create(user=user)
    return token


@transaction.atomic
def calendar_token_reset(*, user: Any) -> CalendarToken:
    """A new secret: every feed URL given out before stops working."""
    token, _created = CalendarToken.objects.get_or_create(user=user)
    token.token = new_feed_token()
    token.created_at = timezone.now()
    token.save(update_fields=["token", "created_at"])
    return token
