"""RFC 5545 invitations for sessions, built with the `icalendar` library."""

from __future__ import annotations

from django.conf import settings

from belong.common.ics import session_invite
from belong.mentoring.models import Session


def session_ics(session: Session) -> bytes:
    rel = session.relationship
    return session_invite(
        product="Mentoring",
        uid=f"mentoring-session-{session.pk}",
        starts_at=session.starts_at,
        minutes=session.minutes,
        summary=f"Mentoring: {rel.mentee_person.display_name} & {rel.mentor_person.display_name}",
        description=f"{settings.SITE_URL}/mentoring/relationships/{rel.pk}/",
        attendees=(rel.mentee_person, rel.mentor_person),
        cancelled=session.status == Session.Status.CANCELLED,
        link=session.video_link,
    )
