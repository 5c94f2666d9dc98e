"""Shared pieces of the RFC 5545 invitations the apps build with the `icalendar` library."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from icalendar import Calendar, Event, vCalAddress, vText


def site_host() -> str:
    """The host part of SITE_URL, which makes every UID unique to this deployment."""
    return settings.SITE_URL.split("//")[-1].split("/")[0].split(":")[0] or "belong"


def attendee(person: Any) -> vCalAddress:
    address = vCalAddress(f"mailto:{person.email}")
    address.params["cn"] = vText(person.display_name)
    address.params["role"] = vText("REQ-PARTICIPANT")
    return address


def session_invite(
    *,
    product: str,
    uid: str,
    starts_at: dt.datetime,
    minutes: int,
    summary: str,
    description: str,
    attendees: Iterable[Any],
    cancelled: bool,
    link: str = "",
) -> bytes:
    """A one-off meeting in UTC (no VTIMEZONE needed), for the listed people only."""
    cal = Calendar()
    cal.add("prodid", f"-//Belong//{product}//EN")
    cal.add("version", "2.0")
    cal.add("method", "REQUEST")
    event = Event()
    event.add("uid", f"{uid}@{site_host()}")
    event.add("dtstamp", dt.datetime.now(dt.UTC))
    start = starts_at.astimezone(dt.UTC)
    event.add("dtstart", start)
    event.add("dtend", start + dt.timedelta(minutes=minutes))
    event.add("summary", summary)
    if link:
        event.add("location", vText(link))
        event.add("url", link)
    event.add("description", description)
    for person in attendees:
        event.add("attendee", attendee(person), encode=False)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    cal.add_component(event)
    return bytes(cal.to_ical())
