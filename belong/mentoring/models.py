"""One-to-one mentoring: programs, cycles, topics, enrollments, match runs and mentor requests.

Relationships and everything inside them (agreement, goals, sessions, surveys) live in
`models_relationship.py`, re-exported below. Rules that the database can hold (capacity,
one open relationship per pair, one pending request per pair) are constraints here.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from belong.common.models import TimeStamped

DEFAULT_TOPICS = (
    "Product design",
    "Project management",
    "Task prioritisation",
    "Data-driven decision making",
    "Career growth",
    "Leadership principles",
)


class Program(TimeStamped):
    class Schedule(models.TextChoices):
        CYCLES = "cycles", _("in cycles")
        EVERGREEN = "evergreen", _("evergreen")

    class Style(models.TextChoices):
        MANAGED = "managed", _("matched by the program manager")
        CHOICE = "choice", _("mentees choose from a shortlist")

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    owner_group = models.ForeignKey(
        "groups.Group",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mentoring_programs",
        verbose_name=_("owned by group"),
        help_text=_("Empty for a company-wide program."),
    )
    schedule = models.CharField(
        _("schedule"), max_length=10, choices=Schedule.choices, default=Schedule.CYCLES
    )
    style = models.CharField(
        _("matching style"), max_length=10, choices=Style.choices, default=Style.MANAGED
    )
    is_open = models.BooleanField(_("open for enrollment"), default=True)
    relationship_weeks = models.PositiveSmallIntegerField(
        _("relationship length (weeks)"), default=16
    )
    target_sessions = models.PositiveSmallIntegerField(
        _("target number of discussions"), default=10
    )
    # Engine settings, passed through to belong.matching (see docs/matching.md).
    mode = models.CharField(_("matching mode"), max_length=12, default="optimal")
    objective = models.CharField(_("matching objective"), max_length=12, default="score")
    weights = models.JSONField(_("weights"), default=dict, blank=True)
    rules = models.JSONField(_("hard rules"), default=dict, blank=True)
    mentor_capacity_default = models.PositiveSmallIntegerField(default=2)
    mentor_capacity_max = models.PositiveSmallIntegerField(default=4)
    request_cap = models.PositiveSmallIntegerField(_("open requests per mentee"), default=3)
    request_expiry_days = models.PositiveSmallIntegerField(default=7)
    # Eligibility: empty means everyone. {"levels": ["L3", ...], "min_tenure_months": 3,
    # "countries": ["ES", ...]}
    eligibility = models.JSONField(_("eligibility"), default=dict, blank=True)
    checkin_first_day = models.PositiveSmallIntegerField(default=30)
    checkin_every_days = models.PositiveSmallIntegerField(default=60)
    at_risk_weeks = models.PositiveSmallIntegerField(default=4)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(relationship_weeks__gte=4, relationship_weeks__lte=24),
                name="program_length_4_to_24_weeks",
            ),
            models.CheckConstraint(
                condition=Q(mentor_capacity_default__lte=F("mentor_capacity_max")),
                name="program_capacity_default_within_max",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Cycle(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="cycles")
    name = models.CharField(_("name"), max_length=120)
    enrollment_opens = models.DateField(_("enrollment opens"))
    enrollment_closes = models.DateField(_("enrollment closes"))
    matching_date = models.DateField(_("matching date"))
    ends = models.DateField(_("relationships end"))

    class Meta:
        ordering = ["program", "-enrollment_opens"]
        constraints = [
            models.UniqueConstraint(fields=["program", "name"], name="cycle_unique_name"),
            models.CheckConstraint(
                condition=Q(enrollment_closes__gte=F("enrollment_opens")),
                name="cycle_window_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program} · {self.name}"


class Topic(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="topics")
    name = models.CharField(_("name"), max_length=120)
    guide = models.TextField(_("conversation guide"), blank=True)
    resources = models.JSONField(_("resources"), default=list, blank=True)  # [{title, url}]
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["program", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["program", "name"], name="topic_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Enrollment(TimeStamped):
    class Role(models.TextChoices):
        MENTEE = "mentee", _("mentee")
        MENTOR = "mentor", _("mentor")
        BOTH = "both", _("mentee and mentor")

    class Status(models.TextChoices):
        ACTIVE = "active", _("waiting for a match")
        WAITLISTED = "waitlisted", _("waitlisted")
        MATCHED = "matched", _("matched")
        COMPLETED = "completed", _("finished")  # a past cycle's enrollment, kept for history
        WITHDRAWN = "withdrawn", _("withdrawn")

    ENDED = (Status.COMPLETED, Status.WITHDRAWN)

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="enrollments")
    cycle = models.ForeignKey(
        Cycle, null=True, blank=True, on_delete=models.SET_NULL, related_name="enrollments"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="mentoring_enrollments"
    )
    role = models.CharField(_("role"), max_length=6, choices=Role.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    waitlist_reason = models.CharField(_("why waitlisted"), max_length=300, blank=True)
    goals = models.TextField(_("goals"), blank=True)
    expertise = models.TextField(_("what you can help with"), blank=True)
    topics_sought = models.JSONField(default=list, blank=True)  # topic ids
    topics_offered = models.JSONField(default=list, blank=True)  # topic ids
    preferred_traits = models.TextField(_("preferred mentor traits"), blank=True)
    availability = models.JSONField(default=list, blank=True)  # e.g. ["mon-am", "thu-pm"]
    languages = models.JSONField(default=list, blank=True)  # ISO 639-1 codes
    capacity = models.PositiveSmallIntegerField(_("mentees at a time"), default=0)
    # Open mentoring relationships as mentor; kept in step by the services so the capacity
    # check below holds in the database even under concurrent accepts.
    load = models.PositiveSmallIntegerField(default=0)
    rematch_priority = models.BooleanField(default=False)
    matched_at = models.DateTimeField(null=True, blank=True)  # for "time to match"

    class Meta:
        ordering = ["program", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "person"],
                condition=~Q(status__in=["withdrawn", "completed"]),
                name="enrollment_one_live_per_program",
            ),
            models.CheckConstraint(
                condition=Q(load__lte=F("capacity")), name="enrollment_load_within_capacity"
            ),
        ]
        indexes = [models.Index(fields=["program", "status", "role"], name="enrollment_pool")]

    def __str__(self) -> str:
        return f"{self.person_id} in {self.program_id} as {self.role}"

    @property
    def is_mentee(self) -> bool:
        return self.role in {self.Role.MENTEE, self.Role.BOTH}

    @property
    def is_mentor(self) -> bool:
        return self.role in {self.Role.MENTOR, self.Role.BOTH}

    @property
    def free_capacity(self) -> int:
        return max(0, self.capacity - self.load)


class MatchRun(TimeStamped):
    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DRAFT = "draft", _("draft, ready for review")
        PUBLISHED = "published", _("published")
        FAILED = "failed", _("failed")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="runs")
    cycle = models.ForeignKey(Cycle, null=True, blank=True, on_delete=models.SET_NULL)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    mode = models.CharField(max_length=12, default="optimal")
    objective = models.CharField(max_length=12, default="score")
    seed = models.IntegerField(default=0)
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    stage = models.CharField(max_length=120, blank=True)
    quality = models.JSONField(default=dict, blank=True)
    fairness = models.JSONField(default=dict, blank=True)
    unmatched = models.JSONField(default=list, blank=True)  # mentee enrollment ids
    # Adjustments carried into a re-run: {"must": [[mentee, mentor], ...], "never": [...]}
    # as enrollment ids.
    adjustments = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"run {self.pk} of {self.program_id} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.DRAFT, self.Status.PUBLISHED, self.Status.FAILED}


class ProposedPair(models.Model):
    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="pairs")
    mentee = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(default=0.0)
    explanation = models.JSONField(default=dict, blank=True)  # reasons, contributions
    pinned = models.BooleanField(default=False)
    removed = models.BooleanField(default=False)

    class Meta:
        ordering = ["run", "-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "mentee", "mentor"], name="pair_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.mentee_id} → {self.mentor_id} ({self.score:.2f})"


class MentorRequest(TimeStamped):
    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        INFO_REQUESTED = "info_requested", _("more information requested")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        EXPIRED = "expired", _("expired")
        CANCELLED = "cancelled", _("cancelled")

    OPEN = (Status.PENDING, Status.INFO_REQUESTED)

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="requests")
    mentee = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="sent_requests")
    mentor = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="received_requests"
    )
    message = models.TextField(_("message"))
    reply = models.TextField(_("reply"), blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    expires_at = models.DateTimeField()
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentee", "mentor"],
                condition=Q(status__in=["pending", "info_requested"]),
                name="request_one_open_per_pair",
            ),
            models.CheckConstraint(condition=~Q(mentee=F("mentor")), name="request_not_self"),
        ]

    def __str__(self) -> str:
        return f"request {self.mentee_id} → {self.mentor_id} ({self.status})"


from belong.mentoring.models_relationship import (  # noqa: E402 - re-export after the base models
    Goal,
    Milestone,
    PrivateNote,
    Relationship,
    Session,
    SessionTopic,
    Survey,
    SurveyResponse,
)

__all__ = [
    "Cycle",
    "Enrollment",
    "Goal",
    "MatchRun",
    "MentorRequest",
    "Milestone",
    "PrivateNote",
    "Program",
    "ProposedPair",
    "Relationship",
    "Session",
    "SessionTopic",
    "Survey",
    "SurveyResponse",
    "Topic",
]
