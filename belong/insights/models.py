"""What insights store: the audit log of every query, and precomputed rollups."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class InsightsQueryLog(models.Model):
    """Who asked which insights question, and whether it was answered (append-only)."""

    class Outcome(models.TextChoices):
        SHOWN = "shown", _("shown")
        REFUSED = "refused", _("refused")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    asked_at = models.DateTimeField(auto_now_add=True, db_index=True)
    channel = models.CharField(max_length=8)  # page | csv | api
    scope_kind = models.CharField(max_length=10)  # company | group | chapter | program
    scope_id = models.PositiveBigIntegerField(null=True, blank=True)
    figure = models.CharField(max_length=60)
    filters = models.JSONField(default=dict, blank=True)
    outcome = models.CharField(max_length=8, choices=Outcome.choices, default=Outcome.SHOWN)
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-asked_at"]
        verbose_name = _("insights query")

    def __str__(self) -> str:
        return f"{self.figure} by {self.user_id} at {self.asked_at:%Y-%m-%d %H:%M}"


class Rollup(models.Model):
    """A dashboard's figures for one scope, computed by a background task.

    Stored already thresholded, so reading one can never show a small cell.
    """

    scope_kind = models.CharField(max_length=10)
    scope_id = models.PositiveBigIntegerField(default=0)  # 0 for the company
    payload = models.JSONField(default=dict)
    computed_at = models.DateTimeField()
    seconds = models.FloatField(default=0.0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope_kind", "scope_id"], name="rollup_one_per_scope")
        ]

    def __str__(self) -> str:
        return f"rollup {self.scope_kind}#{self.scope_id}"
