"""Background email for events: one message per person, never a shared recipient list."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from belong.events import ics
from belong.events.models import Event, Registration


def _message(registration: Registration, template: str, subject: str) -> EmailMessage:
    event = registration.event
    person = registration.person
    body = render_to_string(
        template,
        {
            "event": event,
            "person": person,
            "url": settings.SITE_URL.rstrip("/") + event.get_absolute_url(),
        },
    )
    message = EmailMessage(subject=subject, body=body, to=[person.email])
    method = "CANCEL" if event.is_cancelled else "REQUEST"
    message.attach("invite.ics", ics.event_invite(event, person), f"text/calendar; method={method}")
    return message


@task()
def registration_promoted_send(registration_id: int) -> bool:
    """Tell someone they moved off the waitlist, with the invite attached."""
    from django.utils.translation import gettext as _

    registration = (
        Registration.objects.select_related("event", "event__group", "event__site", "person")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None or registration.status != Registration.Status.GOING:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        # A neutral subject: the group's name in an inbox preview can say too much.
        message = _message(
            registration, "events/email/promoted.txt", _("A seat is yours at an event")
        )
    message.send()
    return True


@task()
def event_change_send(event_id: int) -> int:
    """Send everyone still registered the new version (or the cancellation), one by one."""
    from django.utils.translation import gettext as _

    event = Event.objects.select_related("group", "site").get(pk=event_id)
    registrations = (
        Registration.objects.filter(event=event)
        .exclude(status=Registration.Status.CANCELLED)
        .select_related("person")
        .order_by("id")
    )
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        subject = (
            _("An event you registered for was cancelled")
            if event.is_cancelled
            else _("An event you registered for has changed")
        )
        for registration in registrations:
            registration.event = event
            messages.append(_message(registration, "events/email/changed.txt", subject))
    with get_connection() as connection:
        for start in range(0, len(messages), 100):
            connection.send_messages(messages[start : start + 100])
    return len(messages)
