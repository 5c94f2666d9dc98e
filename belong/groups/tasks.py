"""Background work for groups: announcement emails (one message per person)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from belong.groups import services
from belong.groups.models import Announcement


@task()
def announcement_send(announcement_id: int) -> int:
    """Email an announcement to each recipient on their own: no one sees who else got it."""
    announcement = Announcement.objects.select_related("group", "chapter").get(pk=announcement_id)
    if announcement.status == Announcement.Status.SENT:
        return announcement.recipients
    recipients = services.announcement_recipients(announcement)
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        for membership in recipients:
            unsubscribe = settings.SITE_URL.rstrip("/") + reverse(
                "groups:unsubscribe", args=[services.unsubscribe_token(membership)]
            )
            body = render_to_string(
                "groups/email/announcement.txt",
                {
                    "announcement": announcement,
                    "person": membership.person,
                    "unsubscribe": unsubscribe,
                },
            )
            message = EmailMessage(
                subject=announcement.subject,
                body=body,
                to=[membership.person.email],
                headers={
                    "List-Unsubscribe": f"<{unsubscribe}>",
                    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                },
            )
            messages.append(message)
    with get_connection() as connection:
        for start in range(0, len(messages), 100):
            connection.send_messages(messages[start : start + 100])
    services.announcement_mark_sent(announcement=announcement, recipients=len(messages))
    return len(messages)
