"""Events: global initiatives executed locally, events, speakers, registrations, feeds.

An RSVP or a check-in links a person to a group as surely as a membership does, so it is
special-category data: who may see a registration is decided in `access.py` only.
Times are stored in UTC with the event's IANA zone beside them, so an invite can carry a
VTIMEZONE and a page can show the event's local time next to the viewer's.
"""

from __future__ import annotations

import secrets
import uuid
import zoneinfo

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from belong.common.models import TimeStamped
from belong.groups.choices import Pillar


def new_checkin_code() -> str:
    """Six characters people can read aloud: no 0/O or 1/I to confuse."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(6))


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class GlobalInitiative(TimeStamped):
    """A group-wide moment (a heritage month, Diwali, Lunar New Year) chapters run locally."""

    group = models.ForeignKey(
        "groups.Group", on_delete=models.CASCADE, related_name="event_initiatives"
    )
    name = models.CharField(_("name"), max_length=160)
    description = models.TextField(_("description"), blank=True)
    pillar = models.CharField(
        _("pillar"), max_length=8, choices=Pillar.choices, default=Pillar.ENGAGE
    )
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))

    class Meta:
        ordering = ["-starts_on", "name"]
        indexes = [models.Index(fields=["group", "starts_on"], name="initiative_group_start")]

    def __str__(self) -> str:
        return self.name


class Event(TimeStamped):
    class Kind(models.TextChoices):
        CELEBRATION = "celebration", _("Celebration")
        PANEL = "panel", _("Panel with external speakers")
        ROUNDTABLE = "roundtable", _("Roundtable")
        WORKSHOP = "workshop", _("Workshop")
        VOLUNTEERING = "volunteering", _("Volunteering")
        FUNDRAISER = "fundraiser", _("Fundraiser")
        SAFE_SPACE = "safe_space", _("Safe-space discussion")

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        VIRTUAL = "virtual", _("Virtual")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    # The iCalendar UID: never changes, so calendars update the entry instead of adding one.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    group = models.ForeignKey("groups.Group", on_delete=models.CASCADE, related_name="events")
    chapter = models.ForeignKey(
        "groups.Chapter",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        verbose_name=_("chapter"),
    )
    initiative = models.ForeignKey(
        GlobalInitiative,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        verbose_name=_("global initiative"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    pillar = models.CharField(
        _("pillar"), max_length=8, choices=Pillar.choices, default=Pillar.ENGAGE
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    timezone = models.CharField(_("time zone"), max_length=64, help_text=_("IANA name"))
    mode = models.CharField(_("where"), max_length=9, choices=Mode.choices)
    site = models.ForeignKey(
        "people.Site",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("site"),
    )
    location = models.CharField(_("room or address"), max_length=200, blank=True)
    link = models.URLField(_("video link"), blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    status = models.CharField(max_length=9, choices=Status.choices, default=Status.SCHEDULED)
    # RFC 5545 SEQUENCE: raised on every change so calendar clients take the new version.
    sequence = models.PositiveIntegerField(default=0)
    checkin_code = models.CharField(max_length=8, default=new_checkin_code)
    created_by = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["starts_at"], name="event_starts"),
            models.Index(fields=["group", "starts_at"], name="event_group_starts"),
            models.Index(fields=["chapter", "starts_at"], name="event_chapter_starts"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("events:event", args=[self.pk])

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()


class Speaker(models.Model):
    """An external speaker: named on the event page and in the invite, not a Person."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField(_("name"), max_length=160)
    title = models.CharField(_("title"), max_length=160, blank=True)
    organisation = models.CharField(_("organisation"), max_length=160, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["event", "position", "id"]

    def __str__(self) -> str:
        return self.name


class Registration(models.Model):
    """One person's RSVP to one event; cancelling keeps the row (with its timestamps).

    `waitlist_position` orders the waitlist (first come, first promoted). `listed` is the
    person's consent to appear on the hosts' attendee list; a private membership of the
    event's group hides them from it whatever `listed` says.
    """

    class Status(models.TextChoices):
        GOING = "going", _("Going")
        WAITLISTED = "waitlisted", _("On the waitlist")
        CANCELLED = "cancelled", _("Cancelled")
        ATTENDED = "attended", _("Attended")

    class CheckIn(models.TextChoices):
        ROSTER = "roster", _("Ticked by a host")
        CODE = "code", _("Entered the code")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="event_registrations"
    )
    status = models.CharField(max_length=10, choices=Status.choices)
    waitlist_position = models.PositiveIntegerField(null=True, blank=True)
    listed = models.BooleanField(_("show me on the attendee list for hosts"), default=True)
    registered_at = models.DateTimeField(default=timezone.now)
    promoted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    checked_in_by = models.CharField(max_length=6, choices=CheckIn.choices, blank=True)

    class Meta:
        ordering = ["event", "registered_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "person"], name="registration_unique"),
        ]
        indexes = [
            models.Index(fields=["event", "status"], name="registration_event_status"),
            models.Index(fields=["person", "status"], name="registration_person_status"),
        ]

    def __str__(self) -> str:
        return f"registration #{self.pk}"  # never names the person

    @property
    def holds_seat(self) -> bool:
        return self.status in SEATED


SEATED = (Registration.Status.GOING, Registration.Status.ATTENDED)


class CalendarToken(models.Model):
    """The secret in someone's feed URLs; resetting replaces it, so old URLs stop working."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_token",
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"calendar token #{self.pk}"
