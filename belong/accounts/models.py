"""Role grants and personal API tokens. Who may do what is decided in access.py, not here."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    GROUP_LEADER = "group_leader", _("Group leader")
    PROGRAM_MANAGER = "program_manager", _("Program manager")
    HR_ANALYST = "hr_analyst", _("HR analyst")
    ADMINISTRATOR = "administrator", _("Administrator")


class ScopeKind(models.TextChoices):
    COMPANY = "company", _("Whole company")
    GROUP = "group", _("Affinity group")
    CHAPTER = "chapter", _("Chapter")
    PROGRAM = "program", _("Mentoring program")


# Which scopes each role may carry: leaders lead a group or chapter, managers run a program.
ROLE_SCOPES: dict[str, set[str]] = {
    Role.GROUP_LEADER: {ScopeKind.GROUP, ScopeKind.CHAPTER},
    Role.PROGRAM_MANAGER: {ScopeKind.PROGRAM},
    Role.HR_ANALYST: {ScopeKind.COMPANY},
    Role.ADMINISTRATOR: {ScopeKind.COMPANY},
}


class RoleGrant(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_grants"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    scope_kind = models.CharField(
        _("scope"), max_length=10, choices=ScopeKind.choices, default=ScopeKind.COMPANY
    )
    # The group, chapter or program id; empty for company-wide roles. Kept generic so the
    # later apps' tables do not have to exist for a grant to be recorded.
    scope_id = models.PositiveBigIntegerField(_("scope id"), null=True, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["role", "scope_kind", "scope_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "scope_kind", "scope_id"],
                name="role_grant_unique",
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                condition=models.Q(scope_kind="company", scope_id__isnull=True)
                | (~models.Q(scope_kind="company") & models.Q(scope_id__isnull=False)),
                name="role_grant_scope_consistent",
            ),
        ]

    def __str__(self) -> str:
        scope = "" if self.scope_id is None else f" {self.scope_kind}#{self.scope_id}"
        return f"{self.user} · {self.get_role_display()}{scope}"


class TokenScope(models.TextChoices):
    READ = "read", _("Read")
    WRITE = "write", _("Write")
    ADMIN = "admin", _("Admin")


class ApiToken(models.Model):
    """A personal token for scripts. Only a SHA-256 of the secret is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, unique=True)
    key_hash = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(_("scopes"), default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
