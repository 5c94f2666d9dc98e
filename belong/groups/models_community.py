"""Community work of a group: volunteering, fundraising, partnerships, initiatives.

Import these from `belong.groups.models`. Rows that name a person (hours logged, a
donation) are shown to that person and, where approval needs it, to the leaders.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from belong.common.models import TimeStamped
from belong.groups.choices import Pillar


class Nonprofit(TimeStamped):
    name = models.CharField(_("name"), max_length=160, unique=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class VolunteerOpportunity(TimeStamped):
    group = models.ForeignKey(
        "groups.Group", on_delete=models.CASCADE, related_name="volunteer_opportunities"
    )
    chapter = models.ForeignKey(
        "groups.Chapter",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="volunteer_opportunities",
    )
    nonprofit = models.ForeignKey(Nonprofit, on_delete=models.PROTECT, related_name="opportunities")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    pillar = models.CharField(
        _("pillar"), max_length=8, choices=Pillar.choices, default=Pillar.ENGAGE
    )
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"), null=True, blank=True)

    class Meta:
        ordering = ["-starts_on", "title"]
        verbose_name_plural = _("volunteer opportunities")

    def __str__(self) -> str:
        return self.title


class VolunteerHours(TimeStamped):
    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for approval")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")

    opportunity = models.ForeignKey(
        VolunteerOpportunity, on_delete=models.CASCADE, related_name="hours"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="volunteer_hours"
    )
    hours = models.DecimalField(
        _("hours"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25"))],
    )
    worked_on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-worked_on", "id"]
        verbose_name_plural = _("volunteer hours")
        indexes = [models.Index(fields=["opportunity", "status"], name="volunteer_hours_status")]

    def __str__(self) -> str:
        return f"{self.hours} h #{self.pk}"


class FundraisingDrive(TimeStamped):
    group = models.ForeignKey("groups.Group", on_delete=models.CASCADE, related_name="drives")
    chapter = models.ForeignKey(
        "groups.Chapter", null=True, blank=True, on_delete=models.CASCADE, related_name="drives"
    )
    nonprofit = models.ForeignKey(
        Nonprofit, null=True, blank=True, on_delete=models.PROTECT, related_name="drives"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    goal = models.DecimalField(
        _("goal"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal(1))]
    )
    match_ratio = models.DecimalField(
        _("company match per unit given"),
        max_digits=4,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("0 for no match, 1 to match every donation in full."),
    )
    match_cap = models.DecimalField(
        _("company match cap"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"), null=True, blank=True)

    class Meta:
        ordering = ["-starts_on", "title"]

    def __str__(self) -> str:
        return self.title


class Donation(models.Model):
    """A pledge or a donation, recorded (Belong processes no payments)."""

    class Kind(models.TextChoices):
        PLEDGE = "pledge", _("pledge")
        DONATION = "donation", _("donation")

    drive = models.ForeignKey(FundraisingDrive, on_delete=models.CASCADE, related_name="donations")
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="donations"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    amount = models.DecimalField(
        _("amount"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    given_on = models.DateField(_("date"))
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-given_on", "id"]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"


class Partner(TimeStamped):
    """An external organisation a group works with; recruiting partners feed referrals."""

    class Kind(models.TextChoices):
        RECRUITING = "recruiting", _("recruiting")
        COMMUNITY = "community", _("community")
        NONPROFIT = "nonprofit", _("nonprofit")

    group = models.ForeignKey("groups.Group", on_delete=models.CASCADE, related_name="partners")
    chapter = models.ForeignKey(
        "groups.Chapter", null=True, blank=True, on_delete=models.CASCADE, related_name="partners"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    website = models.URLField(_("website"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    since = models.DateField(_("partner since"), null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PartnerContact(models.Model):
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=160)
    role = models.CharField(_("role"), max_length=160, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Referral(TimeStamped):
    """A candidate referred through a partner (Recruit pillar); no personal data kept."""

    class Status(models.TextChoices):
        REFERRED = "referred", _("referred")
        INTERVIEWING = "interviewing", _("interviewing")
        HIRED = "hired", _("hired")
        CLOSED = "closed", _("closed")

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="referrals")
    reference = models.CharField(
        _("candidate or requisition reference"), max_length=120, blank=True
    )
    role_title = models.CharField(_("role"), max_length=160, blank=True)
    referred_on = models.DateField(_("referred on"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.REFERRED
    )

    class Meta:
        ordering = ["-referred_on", "id"]

    def __str__(self) -> str:
        return f"referral #{self.pk}"


class Initiative(TimeStamped):
    """A program or an advocacy effort (e.g. a change to a company practice)."""

    class Kind(models.TextChoices):
        PROGRAM = "program", _("program")
        ADVOCACY = "advocacy", _("advocacy")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        ACTIVE = "active", _("active")
        PAUSED = "paused", _("paused")
        DONE = "done", _("done")

    group = models.ForeignKey("groups.Group", on_delete=models.CASCADE, related_name="initiatives")
    chapter = models.ForeignKey(
        "groups.Chapter",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="initiatives",
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    pillar = models.CharField(
        _("pillar"), max_length=8, choices=Pillar.choices, default=Pillar.ADVOCATE
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PROPOSED
    )
    description = models.TextField(_("description"), blank=True)
    outcomes = models.TextField(_("outcomes"), blank=True)
    started_on = models.DateField(_("started"), null=True, blank=True)
    finished_on = models.DateField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title
