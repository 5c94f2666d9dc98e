"""Inside a relationship: the agreement and its state, goals, sessions, notes and surveys."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from belong.common.models import TimeStamped


class Relationship(TimeStamped):
    """proposed → agreed (both confirmed the agreement) → active → completed, or closed early.

    Transitions live in `services_relationships.TRANSITIONS`; nothing else changes `state`.
    """

    class State(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        AGREED = "agreed", _("agreed")
        ACTIVE = "active", _("active")
        COMPLETED = "completed", _("completed")
        CLOSED = "closed", _("closed early")

    OPEN = (State.PROPOSED, State.AGREED, State.ACTIVE)

    program = models.ForeignKey(
        "mentoring.Program", on_delete=models.CASCADE, related_name="relationships"
    )
    mentee = models.ForeignKey(
        "mentoring.Enrollment", on_delete=models.CASCADE, related_name="as_mentee"
    )
    mentor = models.ForeignKey(
        "mentoring.Enrollment", on_delete=models.CASCADE, related_name="as_mentor"
    )
    # The people, denormalised so "one open relationship per pair" is a database constraint
    # and "my relationships" is one indexed lookup.
    mentee_person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    mentor_person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    run = models.ForeignKey(
        "mentoring.MatchRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.PROPOSED)
    cadence = models.CharField(_("cadence"), max_length=120, blank=True)
    duration_weeks = models.PositiveSmallIntegerField(_("duration (weeks)"), default=16)
    confidentiality = models.TextField(_("confidentiality"), blank=True)
    expectations = models.TextField(_("expectations"), blank=True)
    mentee_confirmed_at = models.DateTimeField(null=True, blank=True)
    mentor_confirmed_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    close_reason = models.CharField(_("reason"), max_length=300, blank=True)
    at_risk_since = models.DateTimeField(null=True, blank=True)
    last_session_at = models.DateTimeField(null=True, blank=True)
    sessions_logged = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentee_person", "mentor_person"],
                condition=Q(state__in=["proposed", "agreed", "active"]),
                name="relationship_one_open_per_pair",
            ),
            models.CheckConstraint(
                condition=~Q(mentee_person=F("mentor_person")), name="relationship_not_self"
            ),
            models.CheckConstraint(
                condition=~Q(state="closed") | ~Q(close_reason=""),
                name="relationship_closed_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["program", "state"], name="relationship_by_state"),
            models.Index(fields=["mentee_person", "state"], name="relationship_by_mentee"),
            models.Index(fields=["mentor_person", "state"], name="relationship_by_mentor"),
        ]

    def __str__(self) -> str:
        return f"relationship {self.pk} ({self.state})"

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN

    def side_of(self, person_id: int | None) -> str | None:
        if person_id is not None and person_id == self.mentee_person_id:
            return "mentee"
        if person_id is not None and person_id == self.mentor_person_id:
            return "mentor"
        return None


class Goal(TimeStamped):
    class Status(models.TextChoices):
        OPEN = "open", _("not started")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        DROPPED = "dropped", _("dropped")

    relationship = models.ForeignKey(Relationship, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(_("goal"), max_length=200)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    due = models.DateField(_("due"), null=True, blank=True)

    class Meta:
        ordering = ["relationship", "created_at"]

    def __str__(self) -> str:
        return self.title


class Milestone(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=200)
    due = models.DateField(_("due"), null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["goal", "due", "id"]

    def __str__(self) -> str:
        return self.title


class Session(TimeStamped):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("scheduled")
        HELD = "held", _("held")
        CANCELLED = "cancelled", _("cancelled")

    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="sessions"
    )
    starts_at = models.DateTimeField(_("starts at"))  # aware, stored in UTC
    minutes = models.PositiveSmallIntegerField(_("length (minutes)"), default=45)
    video_link = models.URLField(_("video link"), blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    shared_notes = models.TextField(_("shared notes"), blank=True)
    logged_at = models.DateTimeField(null=True, blank=True)
    topics = models.ManyToManyField("mentoring.Topic", through="SessionTopic", blank=True)

    class Meta:
        ordering = ["relationship", "starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=5, minutes__lte=480), name="session_sane_length"
            )
        ]

    def __str__(self) -> str:
        return f"session {self.pk} at {self.starts_at:%Y-%m-%d %H:%M}"


class SessionTopic(models.Model):  # noqa: DJ008 - a link row, never shown on its own
    session = models.ForeignKey(Session, on_delete=models.CASCADE)
    topic = models.ForeignKey("mentoring.Topic", on_delete=models.CASCADE)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "topic"], name="session_topic_unique")
        ]


class PrivateNote(TimeStamped):
    """A note on a session that only its author can ever read (not managers, not admins)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="private_notes")
    author = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    text = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "author"], name="private_note_unique")
        ]

    def __str__(self) -> str:
        return f"private note {self.pk}"


class Survey(models.Model):
    """One survey round of a relationship; each side answers once, blind to the other."""

    class Kind(models.TextChoices):
        CHECKIN = "checkin", _("check-in")
        CLOSEOUT = "closeout", _("close-out")

    relationship = models.ForeignKey(Relationship, on_delete=models.CASCADE, related_name="surveys")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    number = models.PositiveSmallIntegerField(default=1)
    due_on = models.DateField()

    class Meta:
        ordering = ["relationship", "due_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["relationship", "kind", "number"], name="survey_unique_round"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.number} of {self.relationship_id}"


class SurveyResponse(TimeStamped):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    # Copied from the survey so the dashboard reads one table at 160,000 participants.
    program = models.ForeignKey("mentoring.Program", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8)
    respondent = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    side = models.CharField(max_length=6)  # mentee | mentor
    rating = models.PositiveSmallIntegerField(_("how is it going (1 to 5)"))
    nps = models.PositiveSmallIntegerField(_("would you recommend the program (0 to 10)"))
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "side"], name="survey_one_answer_per_side"),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5, nps__lte=10),
                name="survey_answer_in_range",
            ),
        ]
        indexes = [
            models.Index(fields=["program", "kind", "nps"], name="survey_answers_by_program")
        ]

    def __str__(self) -> str:
        return f"{self.side} answer to {self.survey_id}"
