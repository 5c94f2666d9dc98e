"""Request and response shapes of the events API. Attendee lists carry only listed people."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema

from belong.common.api_fields import Body, Capacity, Id, text
from belong.events import queries
from belong.events.models import Event, GlobalInitiative, Registration
from belong.groups.choices import Pillar


class SpeakerIO(Schema):
    name: text(160)
    title: text(160, required=False) = ""
    organisation: text(160, required=False) = ""


class EventOut(Schema):
    id: int
    uid: str
    group_id: int
    chapter_id: int | None
    initiative_id: int | None
    title: str
    description: str
    kind: str
    pillar: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    timezone: str
    local_start: str
    mode: str
    site: str | None
    location: str
    link: str | None
    capacity: int | None
    seats_left: int | None
    status: str
    sequence: int
    speakers: list[SpeakerIO]


class EventPage(Schema):
    page: int
    has_next: bool
    results: list[EventOut]


class EventIn(Schema):
    chapter_id: Id | None = None
    initiative_id: Id | None = None
    title: text(200)
    kind: Event.Kind
    pillar: Pillar = Pillar.ENGAGE
    description: Body = ""
    starts_at: dt.datetime
    ends_at: dt.datetime
    timezone: text(64)
    mode: Event.Mode
    site_id: Id | None = None
    location: text(200, required=False) = ""
    link: text(200, required=False) = ""
    capacity: Capacity | None = None
    speakers: list[SpeakerIO] = []


class EventPatch(Schema):
    """Only the fields sent change. `site_id` and `capacity` may be null (no site, no
    limit); the other fields, when sent, must have a value."""

    title: text(200) | None = None
    kind: Event.Kind | None = None
    pillar: Pillar | None = None
    description: Body | None = None
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    timezone: text(64) | None = None
    mode: Event.Mode | None = None
    site_id: Id | None = None
    location: text(200, required=False) | None = None
    link: text(200, required=False) | None = None
    capacity: Capacity | None = None
    speakers: list[SpeakerIO] | None = None


NULLABLE_IN_PATCH = {"site_id", "capacity", "speakers"}


class RegistrationOut(Schema):
    event_id: int
    status: str
    waitlist_position: int | None
    listed: bool
    registered_at: dt.datetime
    checked_in_at: dt.datetime | None
    message: str


class RsvpIn(Schema):
    # Whether to appear on the hosts' attendee list; by default on, off in private groups.
    listed: bool | None = None


class CodeIn(Schema):
    code: text(20)


class AttendeeOut(Schema):
    id: int
    employee_id: str
    name: str
    status: str
    checked_in_at: dt.datetime | None


class RosterOut(Schema):
    attendees: list[AttendeeOut]
    not_listed: int | None
    report: dict[str, int | None]


class TickIn(Schema):
    attended: bool


class GlobalInitiativeOut(Schema):
    id: int
    group_id: int
    name: str
    description: str
    pillar: str
    starts_on: dt.date
    ends_on: dt.date


class InitiativeDetailOut(GlobalInitiativeOut):
    events: list[EventOut]


class CheckinCodeOut(Schema):
    code: str


class GlobalInitiativeIn(Schema):
    name: text(160)
    description: Body = ""
    pillar: Pillar = Pillar.ENGAGE
    starts_on: dt.date
    ends_on: dt.date


class ChapterReportOut(Schema):
    chapter_id: int | None
    chapter: str
    events: int
    seated: int | None
    attended: int | None
    rate: int | None


def event_out(event: Event, *, show_link: bool) -> dict[str, Any]:
    return {
        "id": event.pk,
        "uid": str(event.uid),
        "group_id": event.group_id,
        "chapter_id": event.chapter_id,
        "initiative_id": event.initiative_id,
        "title": event.title,
        "description": event.description,
        "kind": event.kind,
        "pillar": event.pillar,
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "timezone": event.timezone,
        "local_start": event.starts_at.astimezone(event.zone).isoformat(),
        "mode": event.mode,
        "site": str(event.site) if event.site else None,
        "location": event.location,
        # The video link is for people with a seat and the hosts, as on the page.
        "link": event.link if show_link else None,
        "capacity": event.capacity,
        "seats_left": queries.seats_left(event),
        "status": event.status,
        "sequence": event.sequence,
        "speakers": [
            {"name": s.name, "title": s.title, "organisation": s.organisation}
            for s in event.speakers.all()
        ],
    }


def registration_out(r: Registration) -> dict[str, Any]:
    waiting = r.status == Registration.Status.WAITLISTED
    position = queries.waitlist_position(r) if waiting else None
    message = {
        Registration.Status.GOING: "You are going.",
        Registration.Status.ATTENDED: "You are checked in.",
        Registration.Status.CANCELLED: "You are no longer registered.",
    }.get(r.status, f"The event is full: you are number {position} on the waitlist.")
    return {
        "event_id": r.event_id,
        "status": r.status,
        "waitlist_position": position,
        "listed": r.listed,
        "registered_at": r.registered_at,
        "checked_in_at": r.checked_in_at,
        "message": message,
    }


def initiative_out(i: GlobalInitiative) -> dict[str, Any]:
    return {
        "id": i.pk,
        "group_id": i.group_id,
        "name": i.name,
        "description": i.description,
        "pillar": i.pillar,
        "starts_on": i.starts_on,
        "ends_on": i.ends_on,
    }
