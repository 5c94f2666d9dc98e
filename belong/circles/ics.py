"""RFC 5545 invitations for circle sessions, built with the `icalendar` library.

An invitation is made for one member and lists only them: a care circle's roster must not
travel in calendar files.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import reverse
from icalendar import Calendar, Event, vCalAddress, vText

from belong.circles.models import CircleSession
from belong.people.models import Person


def session_ics(session: CircleSession, person: Person) -> bytes:
    circle = session.circle
    cal = Calendar()
    cal.add("prodid", "-//Belong//Circles//EN")
    cal.add("version", "2.0")
    cal.add("method", "REQUEST")
    event = Event()
    host = settings.SITE_URL.split("//")[-1].split("/")[0] or "belong"
    event.add("uid", f"circle-session-{session.pk}@{host}")
    event.add("dtstamp", dt.datetime.now(dt.UTC))
    event.add("dtstart", session.starts_at.astimezone(dt.UTC))
    event.add("dtend", session.starts_at.astimezone(dt.UTC) + dt.timedelta(minutes=session.minutes))
    event.add("summary", f"{circle.name}: {session.title}")
    event.add("description", f"{settings.SITE_URL}{reverse('circles:circle', args=[circle.pk])}")
    attendee = vCalAddress(f"mailto:{person.email}")
    attendee.params["cn"] = vText(person.display_name)
    attendee.params["role"] = vText("REQ-PARTICIPANT")
    event.add("attendee", attendee, encode=False)
    status = "CANCELLED" if session.status == CircleSession.Status.CANCELLED else "CONFIRMED"
    event.add("status", status)
    cal.add_component(event)
    return bytes(cal.to_ical())
