"""Self-identification, its analytics consent, and erasure requests.

Self-identification is special-category data: only the person reads their answers; numbers
about it leave only as aggregates of at least k people (`belong.common.privacy`). It is
never provisioned by SCIM or the HR import — only the person writes it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from belong.common.models import TimeStamped

# The version of the words shown with the analytics consent; bump it when the text changes.
SELF_ID_CONSENT_TEXT_VERSION = "2026-11-self-id-analytics-v1"


class SelfIdentification(TimeStamped):
    """One person's answers: {question key: choice key}; a missing key is no answer."""

    person = models.OneToOneField(
        "people.Person", on_delete=models.CASCADE, related_name="self_identification"
    )
    answers: models.JSONField[Any] = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("self-identification")

    def __str__(self) -> str:
        return f"self-identification #{self.pk}"  # never the person or the answers


class SelfIdConsent(models.Model):
    """Consent to count the answers in impact analytics; withdrawing stamps, never deletes."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="self_id_consents"
    )
    text_version = models.CharField(max_length=40)
    given_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["person", "given_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(withdrawn_at__isnull=True),
                name="self_id_consent_one_active",
            )
        ]

    def __str__(self) -> str:
        return f"self-id consent #{self.pk}"


class ErasureRequest(TimeStamped):
    """A person's request to be erased, or the retention rule's; carrying it out anonymises."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting to be carried out")
        DONE = "done", _("carried out")
        CANCELLED = "cancelled", _("cancelled")

    class Origin(models.TextChoices):
        PERSON = "person", _("asked by the person")
        RETENTION = "retention", _("retention period ended")

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="erasure_requests"
    )
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.PERSON)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    reason = models.TextField(_("reason (optional)"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    carried_out_at = models.DateTimeField(null=True, blank=True)
    carried_out_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    pseudonym = models.CharField(max_length=80, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status="pending"),
                name="erasure_request_one_pending",
            ),
            models.UniqueConstraint(
                fields=["person"], condition=Q(status="done"), name="erasure_request_one_done"
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="erasure_by_status")]

    def __str__(self) -> str:
        return f"erasure request #{self.pk} ({self.status})"
