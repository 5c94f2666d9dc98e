"""Circle programs: enrollment, formation runs, circles, and the content inside a circle.

A circle program is owned by a group or is company-wide and is run by the program
managers of its linked mentoring program. A *care* program's circles are safe spaces:
what is inside them (roster, posts, session notes, feedback text) is readable by their
members only — `access.py` is the one place that decides this.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from belong.common.models import TimeStamped

DEFAULT_BANDS = [6, 12, 24, 36, 48]  # tenure band edges in months (LIFT: 6 months-4 years)


class CircleProgram(TimeStamped):
    class Kind(models.TextChoices):
        MENTORING = "mentoring", _("mentoring circles")
        CARE = "care", _("care circles (safe space)")

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.MENTORING)
    owner_group = models.ForeignKey(
        "groups.Group",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="circle_programs",
        verbose_name=_("owned by group"),
        help_text=_("Empty for a company-wide program."),
    )
    # Program managers of this mentoring program run the circles (their grants are scoped
    # to mentoring programs); administrators always may.
    mentoring_program = models.ForeignKey(
        "mentoring.Program",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="circle_programs",
        verbose_name=_("run with mentoring program"),
    )
    is_open = models.BooleanField(_("open for enrollment"), default=True)
    min_size = models.PositiveSmallIntegerField(_("fewest participants per circle"), default=8)
    max_size = models.PositiveSmallIntegerField(_("most participants per circle"), default=14)
    leads_per_circle = models.PositiveSmallIntegerField(_("leads per circle"), default=1)
    tenure_bands = models.JSONField(_("tenure bands (months)"), default=list, blank=True)
    tz_window_hours = models.FloatField(_("time-zone window (hours)"), null=True, blank=True)
    starts_on = models.DateField(_("first session"))
    cadence_days = models.PositiveSmallIntegerField(_("days between sessions"), default=14)
    session_minutes = models.PositiveSmallIntegerField(_("session length (minutes)"), default=60)
    session_hour_utc = models.PositiveSmallIntegerField(_("session hour (UTC)"), default=15)
    code_of_conduct = models.TextField(_("code of conduct"), blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_size__gte=1, min_size__lte=F("max_size")),
                name="circle_program_sizes_ordered",
            ),
            models.CheckConstraint(
                condition=Q(leads_per_circle__gte=1, leads_per_circle__lte=3),
                name="circle_program_one_to_three_leads",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_care(self) -> bool:
        return self.kind == self.Kind.CARE

    @property
    def bands(self) -> list[float]:
        return list(self.tenure_bands or DEFAULT_BANDS)


class SeriesSession(models.Model):
    """One themed session of the program's series, in order."""

    program = models.ForeignKey(CircleProgram, on_delete=models.CASCADE, related_name="series")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(_("title"), max_length=200)
    prompts = models.TextField(_("prompts"), blank=True)
    reading = models.URLField(_("optional reading"), blank=True)

    class Meta:
        ordering = ["program", "position"]
        constraints = [
            models.UniqueConstraint(fields=["program", "position"], name="series_unique_position")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class CircleEnrollment(TimeStamped):
    class Role(models.TextChoices):
        LEAD = "lead", _("lead")
        PARTICIPANT = "participant", _("participant")

    class Status(models.TextChoices):
        ACTIVE = "active", _("waiting for circles to form")
        PLACED = "placed", _("in a circle")
        WAITING = "waiting", _("waiting for the next round")
        WITHDRAWN = "withdrawn", _("withdrawn")

    program = models.ForeignKey(CircleProgram, on_delete=models.CASCADE, related_name="enrollments")
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="circle_enrollments"
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    waiting_reason = models.CharField(_("why waiting"), max_length=300, blank=True)
    themes = models.JSONField(_("themes of interest"), default=list, blank=True)
    availability = models.JSONField(_("availability"), default=list, blank=True)
    conduct_acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["program", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "person"],
                condition=~Q(status="withdrawn"),
                name="circle_enrollment_one_live",
            )
        ]
        indexes = [models.Index(fields=["program", "status"], name="circle_enrollment_pool")]

    def __str__(self) -> str:
        return f"{self.person_id} in {self.program_id} as {self.role}"


class FormationRun(TimeStamped):
    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("forming circles")
        DRAFT = "draft", _("draft, ready for review")
        PUBLISHED = "published", _("published")
        FAILED = "failed", _("failed")

    program = models.ForeignKey(CircleProgram, on_delete=models.CASCADE, related_name="runs")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    seed = models.IntegerField(default=0)
    figures = models.JSONField(default=dict, blank=True)  # the engine's quality report
    unplaced = models.JSONField(default=list, blank=True)  # [{"enrollment": id, "reason": ...}]
    error = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"formation {self.pk} of {self.program_id} ({self.status})"


class Circle(TimeStamped):
    program = models.ForeignKey(CircleProgram, on_delete=models.CASCADE, related_name="circles")
    run = models.ForeignKey(
        FormationRun, null=True, on_delete=models.SET_NULL, related_name="circles"
    )
    name = models.CharField(_("name"), max_length=120)
    locked = models.BooleanField(_("locked"), default=False)
    published = models.BooleanField(default=False)
    figures = models.JSONField(default=dict, blank=True)
    reasons = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["program", "name", "id"]

    def __str__(self) -> str:
        return self.name


class CircleMember(models.Model):
    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="members")
    enrollment = models.ForeignKey(
        CircleEnrollment, on_delete=models.CASCADE, related_name="memberships"
    )
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=12, choices=CircleEnrollment.Role.choices)
    # Care circles: the name the member shows inside the circle instead of their own.
    display_name = models.CharField(_("name shown in the circle"), max_length=60, blank=True)
    joined_late = models.BooleanField(default=False)

    class Meta:
        ordering = ["circle", "-role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["circle", "enrollment"], name="circle_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} in circle {self.circle_id}"

    @property
    def is_lead(self) -> bool:
        return self.role == CircleEnrollment.Role.LEAD


class CircleSession(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("scheduled")
        HELD = "held", _("held")
        CANCELLED = "cancelled", _("cancelled")

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="sessions")
    theme = models.ForeignKey(SeriesSession, null=True, on_delete=models.SET_NULL)
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField()
    minutes = models.PositiveSmallIntegerField(default=60)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    notes = models.TextField(_("lead's notes"), blank=True)

    class Meta:
        ordering = ["circle", "position"]
        constraints = [
            models.UniqueConstraint(fields=["circle", "position"], name="circle_session_once")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%Y-%m-%d})"


class Attendance(models.Model):
    session = models.ForeignKey(CircleSession, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(CircleMember, on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "member"], name="attendance_once")
        ]

    def __str__(self) -> str:
        return f"{self.member_id} at {self.session_id}: {'present' if self.present else 'absent'}"


class Post(TimeStamped):
    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(CircleMember, on_delete=models.CASCADE, related_name="posts")
    body = models.TextField(_("message"))

    class Meta:
        ordering = ["circle", "created_at", "id"]


class SessionFeedback(TimeStamped):
    session = models.ForeignKey(CircleSession, on_delete=models.CASCADE, related_name="feedback")
    member = models.ForeignKey(CircleMember, on_delete=models.CASCADE, related_name="+")
    rating = models.PositiveSmallIntegerField(_("how useful was it (1-5)"))
    text = models.TextField(_("what worked, what to change"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "member"], name="session_feedback_once"),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="session_feedback_rating_1_5"
            ),
        ]


class SeriesFeedback(TimeStamped):
    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="series_feedback")
    member = models.ForeignKey(CircleMember, on_delete=models.CASCADE, related_name="+")
    rating = models.PositiveSmallIntegerField(_("the series overall (1-5)"))
    text = models.TextField(_("anything else"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["circle", "member"], name="series_feedback_once"),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="series_feedback_rating_1_5"
            ),
        ]


class HelpRequest(TimeStamped):
    """A lead asks the program manager for help; the lead writes it for the manager to read."""

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="help_requests")
    asked_by = models.ForeignKey(CircleMember, on_delete=models.CASCADE, related_name="+")
    message = models.TextField(_("what do you need?"))
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]


class ConcernReport(TimeStamped):
    """A care-circle member's concern, addressed to the program manager. It names the program
    (not the circle's content); the reporter is named only if they choose to be."""

    program = models.ForeignKey(CircleProgram, on_delete=models.CASCADE, related_name="concerns")
    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="+")
    reporter = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    message = models.TextField(_("your concern"))
    share_identity = models.BooleanField(_("the program manager may contact me"), default=False)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
