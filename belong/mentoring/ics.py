"""RFC 5545 invitations for sessions, built with the `icalendar` library."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from icalendar import Calendar, Event, vCalAddress, vText

from belong.mentoring.models import Session


def session_ics(session: Session) -> bytes:
    rel = session.relationship
    cal = Calendar()
    cal.add("prodid", "-//Belong//Mentoring//EN")
    cal.add("version", "2.0")
    cal.add("method", "REQUEST")
    event = Event()
    host = settings.SITE_URL.split("//")[-1].split("/")[0] or "belong"
    event.add("uid", f"mentoring-session-{session.pk}@{host}")
    event.add("dtstamp", dt.datetime.now(dt.UTC))
    event.add("dtstart", session.starts_at.astimezone(dt.UTC))
    event.add("dtend", session.starts_at.astimezone(dt.UTC) + dt.timedelta(minutes=session.minutes))
    event.add(
        "summary", f"Mentoring: {rel.mentee_person.display_name} & {rel.mentor_person.display_name}"
    )
    if session.video_link:
        event.add("location", vText(session.video_link))
        event.add("url", session.video_link)
    event.add("description", f"{settings.SITE_URL}/mentoring/relationships/{rel.pk}/")
    for person in (rel.mentee_person, rel.mentor_person):
        attendee = vCalAddress(f"mailto:{person.email}")
        attendee.params["cn"] = vText(person.display_name)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        event.add("attendee", attendee, encode=False)
    event.add("status", "CANCELLED" if session.status == Session.Status.CANCELLED else "CONFIRMED")
    cal.add_component(event)
    return cal.to_ical()
