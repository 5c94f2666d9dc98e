"""People as HR knows them: org tree, sites, the level ladder, skills and job history."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from belong.common.models import TimeStamped


class OrgUnit(models.Model):
    """A node of the org tree. `path` holds the ancestor ids so a subtree is one prefix query."""

    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(max_length=400, db_index=True, editable=False)
    full_name = models.CharField(_("full name"), max_length=1000, unique=True)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("org unit")

    def __str__(self) -> str:
        return self.full_name


class Site(models.Model):
    city = models.CharField(_("city"), max_length=120)
    country = models.CharField(_("country"), max_length=120)
    country_code = models.CharField(_("country code"), max_length=2)
    timezone = models.CharField(_("time zone"), max_length=64, help_text=_("IANA name"))

    class Meta:
        ordering = ["country", "city"]
        constraints = [
            models.UniqueConstraint(fields=["city", "country_code"], name="site_unique_city")
        ]

    def __str__(self) -> str:
        return f"{self.city}, {self.country}"

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class Level(models.Model):
    """One rung of the ladder (default L1 to L12); `rank` orders it."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100, blank=True)
    rank = models.PositiveSmallIntegerField(_("rank"), unique=True)

    class Meta:
        ordering = ["rank"]

    def __str__(self) -> str:
        return self.code


class JobFamily(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = _("job families")

    def __str__(self) -> str:
        return self.name


class Language(models.Model):
    code = models.CharField(_("code"), max_length=12, unique=True, help_text=_("ISO 639-1"))
    name = models.CharField(_("name"), max_length=80)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Skill(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    category = models.CharField(_("category"), max_length=120, blank=True)
    synonyms = models.JSONField(_("synonyms"), default=list, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


DIRECTORY_COLUMNS = ["exit_date", "org_unit", "level"]


class PersonQuerySet(models.QuerySet["Person"]):
    def active(self, on: dt.date | None = None) -> PersonQuerySet:
        day = on or timezone.localdate()
        return self.filter(Q(exit_date__isnull=True) | Q(exit_date__gt=day))


class Person(TimeStamped):
    employee_id = models.CharField(_("employee id"), max_length=64, unique=True)
    legal_name = models.CharField(_("legal name"), max_length=200)
    preferred_name = models.CharField(_("preferred name"), max_length=200, blank=True)
    email = models.EmailField(_("email"), unique=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    level = models.ForeignKey(Level, on_delete=models.PROTECT, verbose_name=_("level"))
    job_family = models.ForeignKey(
        JobFamily, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("job family")
    )
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, verbose_name=_("org unit"))
    manager = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
        verbose_name=_("manager"),
    )
    site = models.ForeignKey(Site, on_delete=models.PROTECT, verbose_name=_("site"))
    hire_date = models.DateField(_("hire date"))
    exit_date = models.DateField(_("exit date"), null=True, blank=True)
    languages = models.ManyToManyField(Language, blank=True, verbose_name=_("languages"))
    pronouns = models.CharField(_("pronouns"), max_length=40, blank=True)
    bio = models.TextField(_("bio"), blank=True)
    photo = models.ImageField(_("photo"), upload_to="people/photos/", blank=True)
    skills = models.ManyToManyField(Skill, through="PersonSkill", blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    # Lower-cased names, email and id: what the directory's name search reads.
    search_text = models.CharField(max_length=700, editable=False, default="")

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["preferred_name", "legal_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [
            # The directory walks these in name order until a page is full. The included
            # columns answer the active, org and level filters (and a skill's, language's
            # existence check) without visiting the table: at 1.5M people a site + skill
            # page took 124 ms reading rows and 16 ms from the index alone.
            models.Index(
                fields=["preferred_name", "id"], include=DIRECTORY_COLUMNS, name="person_name_order"
            ),
            models.Index(
                fields=["site", "preferred_name", "id"],
                include=DIRECTORY_COLUMNS,
                name="person_site_name",
            ),
            models.Index(fields=["exit_date"], name="person_exit"),
            # Case-insensitive email lookups (SCIM's `userName eq`, `emails eq`, SSO linking).
            models.Index(Upper("email"), name="person_email_upper"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.preferred_name or self.legal_name

    @property
    def is_active(self) -> bool:
        return self.exit_date is None or self.exit_date > timezone.localdate()

    def make_search_text(self) -> str:
        return build_search_text(self.legal_name, self.preferred_name, self.email, self.employee_id)


def build_search_text(legal_name: str, preferred_name: str, email: str, employee_id: str) -> str:
    return " ".join([legal_name, preferred_name, email, employee_id]).lower()[:700]


class PersonSkill(models.Model):  # noqa: DJ008 - a link row, never shown on its own
    class Kind(models.TextChoices):
        TEACH = "teach", _("can teach")
        LEARN = "learn", _("wants to learn")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="person_skills")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="person_skills")
    kind = models.CharField(max_length=5, choices=Kind.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "skill", "kind"], name="person_skill_unique")
        ]
        indexes = [models.Index(fields=["skill", "kind"], name="person_skill_by_skill")]


class JobEvent(models.Model):
    """One dated change in someone's job: what retention and promotion are measured from."""

    class Kind(models.TextChoices):
        HIRE = "hire", _("hire")
        PROMOTION = "promotion", _("promotion")
        LEVEL_CHANGE = "level_change", _("level change")
        TRANSFER = "transfer", _("transfer")
        EXIT = "exit", _("exit")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="job_events")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    effective_date = models.DateField(_("effective date"))
    level = models.ForeignKey(Level, null=True, blank=True, on_delete=models.PROTECT)
    org_unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT)
    title = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["person", "effective_date", "id"]
        indexes = [models.Index(fields=["kind", "effective_date"], name="job_event_kind_date")]

    def __str__(self) -> str:
        return f"{self.person_id} {self.kind} {self.effective_date}"


class ImportJob(TimeStamped):
    """An HR CSV import started from the upload page; the worker runs it and reports progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        VALIDATING = "validating", _("validating")
        WRITING = "writing", _("writing")
        DONE = "done", _("done")
        REJECTED = "rejected", _("rejected")
        FAILED = "failed", _("failed")

    file = models.FileField(upload_to="imports/")
    original_name = models.CharField(max_length=255)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    full_export = models.BooleanField(default=False)
    skip_bad = models.BooleanField(default=False)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    summary = models.JSONField(default=dict, blank=True)
    errors = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.status})"

    @property
    def percent(self) -> int:
        if self.status in {self.Status.DONE, self.Status.REJECTED}:
            return 100
        return int(100 * self.rows_done / self.rows_total) if self.rows_total else 0

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.REJECTED, self.Status.FAILED}
