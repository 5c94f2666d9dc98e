"""Request and response shapes of the events API. Attendee lists carry only listed people."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema

from belong.events import queries
from belong.events.models import Event, GlobalInitiative, Registration


class SpeakerIO(Schema):
    name: str
    title: str = ""
    organisation: str = ""


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
    chapter_id: int | None = None
    initiative_id: int | None = None
    title: str
    kind: str
    pillar: str = "engage"
    description: str = ""
    starts_at: dt.datetime
    ends_at: dt.datetime
    timezone: str
    mode: str
    site_id: int | None = None
    location: str = ""
    link: str = ""
    capacity: int | None = None
    speakers: list[SpeakerIO] = []


class EventPatch(Schema):
    title: str | None = None
    kind: str | None = None
    pillar: str | None = None
    description: str | None = None
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    timezone: str | None = None
    mode: str | None = None
    site_id: int | None = None
    location: str | None = None
    link: str | None = None
    capacity: int | None = None
    speakers: list[SpeakerIO] | None = None


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
    code: str


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


class InitiativeOut(Schema):
    id: int
    group_id: int
    name: str
    description: str
    pillar: str
    starts_on: dt.date
    ends_on: dt.date


class InitiativeIn(Schema):
    name: str
    description: str = ""
    pillar: str = "engage"
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
