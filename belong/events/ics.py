"""RFC 5545/5546 invites and feeds for events, built with the `icalendar` library.

- UID is the event's stable `uid`, so clients update their entry rather than add one.
- SEQUENCE is the event's counter, raised on every change; METHOD:REQUEST for invites,
  METHOD:CANCEL (with STATUS:CANCELLED) once the event is cancelled.
- Times carry the event's TZID and the calendar a VTIMEZONE for every zone used
  (`add_missing_timezones`): Outlook shows wrong times without one.
- An invite names at most its recipient: never the attendee list. For events of private
  groups it names no attendee at all, so a forwarded invite reveals no one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from icalendar import Calendar, vCalAddress, vText
from icalendar import Event as VEvent

from belong.common.ics import attendee as ics_attendee
from belong.common.ics import site_host
from belong.events.models import Event
from belong.people.models import Person


def event_uid(event: Event) -> str:
    return f"event-{event.uid}@{site_host()}"


def _calendar(name: str | None = None) -> Calendar:
    cal = Calendar()
    cal.add("prodid", "-//Belong//Events//EN")
    cal.add("version", "2.0")
    if name:
        cal.add("x-wr-calname", name)
    return cal


def _vevent(event: Event, attendee: Person | None) -> VEvent:
    zone = event.zone
    item = VEvent()
    item.add("uid", event_uid(event))
    item.add("sequence", event.sequence)
    item.add("dtstamp", dt.datetime.now(dt.UTC))
    item.add("last-modified", event.updated_at.astimezone(dt.UTC))
    item.add("dtstart", event.starts_at.astimezone(zone))
    item.add("dtend", event.ends_at.astimezone(zone))
    item.add("summary", event.title)
    url = settings.SITE_URL.rstrip("/") + event.get_absolute_url()
    speakers = [s.name for s in event.speakers.all()]
    description = event.description
    if speakers:
        description += "\n\n" + ", ".join(speakers)
    item.add("description", f"{description}\n\n{url}".strip())
    item.add("url", url)
    if event.mode == Event.Mode.VIRTUAL:
        item.add("location", vText(event.link))
    elif event.site is not None:
        where = f"{event.location}, {event.site}" if event.location else str(event.site)
        item.add("location", vText(where))
    organizer = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL}")
    organizer.params["cn"] = vText(event.group.name)
    item.add("organizer", organizer, encode=False)
    if attendee is not None and not event.group.private:
        address = ics_attendee(attendee)
        address.params["partstat"] = vText("ACCEPTED")
        item.add("attendee", address, encode=False)
    item.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    return item


def event_invite(event: Event, person: Person | None = None) -> bytes:
    """One event's invite for one person: REQUEST, or CANCEL once cancelled."""
    cal = _calendar()
    cal.add("method", "CANCEL" if event.is_cancelled else "REQUEST")
    cal.add_component(_vevent(event, person))
    cal.add_missing_timezones()
    return bytes(cal.to_ical())


def feed(events: Iterable[Event], name: str) -> bytes:
    """A subscribable feed (no METHOD: it is published, not an invitation)."""
    cal = _calendar(name)
    for event in events:
        cal.add_component(_vevent(event, None))
    cal.add_missing_timezones()
    return bytes(cal.to_ical())
