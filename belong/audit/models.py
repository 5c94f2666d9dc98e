"""The append-only audit log: who read or changed sensitive data, and when.

Rows are never updated or deleted by the application (`save` refuses an existing row,
`delete` and the queryset's bulk `update`/`delete` refuse always); migration 0002 adds
database triggers that refuse UPDATE and DELETE too, whoever sends them.
The actor is kept as an id and a label, not a foreign key, so that erasing a person
never rewrites the history of what was done with their data.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    SELF_ID = "self_id", _("Self-identification")
    PRIVATE_MEMBERSHIP = "private_membership", _("Private membership")
    CARE_CIRCLE = "care_circle", _("Care circle")
    INSIGHTS = "insights", _("Insights query")
    ROLE_GRANT = "role_grant", _("Role grant")
    EXPORT = "export", _("Export")
    PERSONAL_DATA = "personal_data", _("Personal data")
    PROVISIONING = "provisioning", _("Provisioning (SCIM)")
    SIGN_IN = "sign_in", _("Sign-in and security")
    WEBHOOK = "webhook", _("Webhook")


class Action(models.TextChoices):
    READ = "read", _("Read")
    CREATE = "create", _("Create")
    UPDATE = "update", _("Update")
    DELETE = "delete", _("Delete")
    EXPORT = "export", _("Export")
    DENIED = "denied", _("Denied")
    ERASE = "erase", _("Erase")
    PURGE = "purge", _("Purge")


class AuditLogIsAppendOnly(Exception):
    """Raised when code tries to change or remove an audit row."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    """Reads and inserts only: bulk changes would rewrite history without calling `save`."""

    def update(self, **kwargs: Any) -> int:
        raise AuditLogIsAppendOnly("audit rows are never changed")

    def bulk_update(self, objs: Any, fields: Any, batch_size: int | None = None) -> int:
        raise AuditLogIsAppendOnly("audit rows are never changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditLogIsAppendOnly("audit rows are never deleted")

    delete.queryset_only = True  # type: ignore[attr-defined]


class AuditEvent(models.Model):
    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    actor_label = models.CharField(max_length=200, blank=True)
    category = models.CharField(max_length=32, choices=Category.choices, db_index=True)
    action = models.CharField(max_length=16, choices=Action.choices)
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=100, blank=True)
    detail: models.JSONField[Any] = models.JSONField(default=dict, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["target_type", "target_id"]),
            # The administrators' page filters by category, newest first.
            models.Index(fields=["category", "-at"], name="audit_category_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.category}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AuditLogIsAppendOnly("audit rows are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AuditLogIsAppendOnly("audit rows are never deleted")
