"""Affinity groups: chapters, memberships with their consent history, leaders, campaigns.

Every person↔group link here is special-category data (membership, ally status, a role,
a badge, logged hours). Who may see a row is decided in `access.py` and nowhere else.
Community work (volunteering, drives, partnerships, initiatives) lives in
`models_community.py`, re-exported below.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from belong.common.models import TimeStamped
from belong.groups.choices import Pillar, Visibility

# The version of the words a person agrees to when joining; bump it when the text changes
# so each consent row says which words were shown.
CONSENT_TEXT_VERSION = "2026-11-membership-v1"


class Group(TimeStamped):
    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    mission = models.TextField(_("mission"), blank=True)
    pillars = models.JSONField(
        _("pillars"),
        default=list,
        blank=True,
        help_text=_("Any of recruit, engage, develop, advocate"),
    )
    official = models.BooleanField(_("official"), default=True)
    listed = models.BooleanField(
        _("listed"), default=True, help_text=_("Shown in the list of groups to everyone.")
    )
    roster_visibility = models.CharField(
        _("who may see the roster"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.MEMBERS,
    )
    private = models.BooleanField(
        _("private"),
        default=False,
        help_text=_("People are off the roster and show no badges unless they opt in."),
    )
    sponsor = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sponsored_groups",
        verbose_name=_("executive sponsor"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("affinity group")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("groups:group", args=[self.slug])


class Chapter(TimeStamped):
    """A local arm of a group: global → region → site."""

    class Kind(models.TextChoices):
        GLOBAL = "global", _("Global")
        REGION = "region", _("Region")
        SITE = "site", _("Site")

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="chapters")
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=80)
    kind = models.CharField(_("kind"), max_length=6, choices=Kind.choices, default=Kind.SITE)
    # Removing a region leaves its sites at the top rather than deleting them.
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    site = models.ForeignKey(
        "people.Site",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="chapters",
        verbose_name=_("site"),
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["group", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["group", "slug"], name="chapter_unique_slug"),
        ]

    def __str__(self) -> str:
        return f"{self.group.name} · {self.name}"


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self) -> MembershipQuerySet:
        return self.filter(ended_at__isnull=True)


class Membership(models.Model):
    """One stretch of someone's membership; leaving ends it (the row stays as history).

    `roster_consent` is the widest roster audience the person agreed to. Widening the
    group's roster later does not widen it: they are shown to the narrower of the two.
    """

    class Kind(models.TextChoices):
        MEMBER = "member", _("Member")
        ALLY = "ally", _("Ally")

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="group_memberships"
    )
    chapter = models.ForeignKey(
        Chapter, null=True, blank=True, on_delete=models.SET_NULL, related_name="memberships"
    )
    kind = models.CharField(_("joined as"), max_length=6, choices=Kind.choices)
    show_on_roster = models.BooleanField(_("show me on the roster"), default=False)
    roster_consent = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.NOBODY
    )
    show_badges = models.BooleanField(_("show this group's badges on my profile"), default=False)
    announcements = models.BooleanField(_("email me the group's announcements"), default=True)
    joined_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["group", "joined_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "person"],
                condition=Q(ended_at__isnull=True),
                name="membership_one_active",
            ),
        ]
        indexes = [
            models.Index(fields=["group", "ended_at"], name="membership_group_active"),
            models.Index(fields=["person", "ended_at"], name="membership_person_active"),
            models.Index(fields=["chapter", "ended_at"], name="membership_chapter_active"),
        ]

    def __str__(self) -> str:
        return f"membership #{self.pk}"  # never names the person or the kind

    @property
    def is_active(self) -> bool:
        return self.ended_at is None

    @property
    def is_private(self) -> bool:
        """Hidden from every list: not on the roster, or consented to nobody seeing it."""
        return not self.show_on_roster or self.roster_consent == Visibility.NOBODY


class Consent(models.Model):
    """What someone agreed to and when; withdrawing stamps `withdrawn_at`, never deletes."""

    class Purpose(models.TextChoices):
        MEMBERSHIP = "membership", _("Membership")
        ROSTER = "roster", _("Appearing on the roster")
        BADGES = "badges", _("Showing badges")

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(max_length=10, choices=Purpose.choices)
    text_version = models.CharField(max_length=40)
    visibility = models.CharField(max_length=10, choices=Visibility.choices, blank=True)
    given_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["membership", "given_at"]

    def __str__(self) -> str:
        return f"{self.purpose} consent #{self.pk}"


class LeaderRole(TimeStamped):
    """A titled role for a term, on the group's board (no chapter) or for one chapter.

    Access itself comes from the matching `RoleGrant(group_leader, group|chapter)`, which
    the services create and revoke alongside these rows.
    """

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="leader_roles")
    chapter = models.ForeignKey(
        Chapter, null=True, blank=True, on_delete=models.CASCADE, related_name="leader_roles"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="group_leader_roles"
    )
    title = models.CharField(_("title"), max_length=120)
    starts_on = models.DateField(_("term starts"))
    ends_on = models.DateField(_("term ends"), null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["group", "chapter", "starts_on", "title"]
        indexes = [models.Index(fields=["group", "ended_at"], name="leader_role_group_active")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return (
            self.ended_at is None
            and self.starts_on <= today
            and (self.ends_on is None or self.ends_on >= today)
        )


class Announcement(TimeStamped):
    """An email from leaders to a group's or chapter's members, each sent individually."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENT = "sent", _("sent")

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="announcements")
    chapter = models.ForeignKey(
        Chapter, null=True, blank=True, on_delete=models.CASCADE, related_name="announcements"
    )
    author = models.ForeignKey(
        "people.Person", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    status = models.CharField(max_length=6, choices=Status.choices, default=Status.QUEUED)
    recipients = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.subject


class Campaign(TimeStamped):
    """A campaign with a badge people may choose to show on their profile."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="campaigns")
    name = models.CharField(_("campaign"), max_length=160)
    description = models.TextField(_("description"), blank=True)
    pillar = models.CharField(
        _("pillar"), max_length=8, choices=Pillar.choices, default=Pillar.ENGAGE
    )
    badge_name = models.CharField(_("badge name"), max_length=80)
    badge_image = models.ImageField(_("badge image"), upload_to="groups/badges/", blank=True)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    created_by = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-starts_on", "name"]

    def __str__(self) -> str:
        return self.name


class BadgeAdoption(models.Model):
    """Someone chose to show a campaign's badge; withdrawing keeps the row, `shown` off."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="adoptions")
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="badge_adoptions"
    )
    shown = models.BooleanField(default=True)
    adopted_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "person"], name="badge_adoption_unique")
        ]
        indexes = [models.Index(fields=["person", "shown"], name="badge_adoption_person")]

    def __str__(self) -> str:
        return f"badge adoption #{self.pk}"


from belong.groups.models_community import (  # noqa: E402 - re-exported for one import path
    Donation,
    FundraisingDrive,
    Initiative,
    Nonprofit,
    Partner,
    PartnerContact,
    Referral,
    VolunteerHours,
    VolunteerOpportunity,
)

__all__ = [
    "CONSENT_TEXT_VERSION",
    "Announcement",
    "BadgeAdoption",
    "Campaign",
    "Chapter",
    "Consent",
    "Donation",
    "FundraisingDrive",
    "Group",
    "Initiative",
    "LeaderRole",
    "Membership",
    "Nonprofit",
    "Partner",
    "PartnerContact",
    "Pillar",
    "Referral",
    "Visibility",
    "VolunteerHours",
    "VolunteerOpportunity",
]
