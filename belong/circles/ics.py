"""RFC 5545 invitations for circle sessions, built with the `icalendar` library.

An invitation is made for one member and lists only them: a care circle's roster must not
travel in calendar files.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from belong.circles.models import CircleSession
from belong.common.ics import session_invite
from belong.people.models import Person


def session_ics(session: CircleSession, person: Person) -> bytes:
    circle = session.circle
    return session_invite(
        product="Circles",
        uid=f"circle-session-{session.pk}",
        starts_at=session.starts_at,
        minutes=session.minutes,
        summary=f"{circle.name}: {session.title}",
        description=f"{settings.SITE_URL}{reverse('circles:circle', args=[circle.pk])}",
        attendees=(person,),
        cancelled=session.status == CircleSession.Status.CANCELLED,
    )
