"""What SCIM provisioning keeps beside the Person: tokens, the IdP's own attributes, groups.

A SCIM User *is* a `belong.people.Person` (its SCIM id is the person's id); `ScimUser`
only holds what the Person table has no column for. A SCIM Group is a `ProvisionedGroup`:
an administrator maps it to a Belong role (and scope), and its members get that role.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from belong.accounts.models import RoleGrant, ScopeKind
from belong.common.models import TimeStamped
from belong.people.models import Person


class ScimToken(models.Model):
    """A bearer token an identity provider uses; only a SHA-256 of the secret is stored."""

    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, unique=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("SCIM token")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class ScimUser(TimeStamped):
    """The identity provider's view of a person, for the attributes Person has no column for.

    `attributes` keeps what the IdP last set (name parts, emails, locale, time zone,
    preferred language, which attributes it manages) so SCIM returns what it was sent.
    `removed_at` is set by DELETE: the person stays in Belong (marked exited) but SCIM
    answers 404 for them, as RFC 7644 §3.6 requires.
    """

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="scim")
    external_id = models.CharField(_("external id"), max_length=255, blank=True, db_index=True)
    attributes: models.JSONField[Any] = models.JSONField(default=dict, blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("SCIM user")

    def __str__(self) -> str:
        return f"SCIM {self.person_id}"


class ProvisionedGroup(TimeStamped):
    """A group pushed by the identity provider; `role` empty until an administrator maps it."""

    display_name = models.CharField(_("display name"), max_length=255, unique=True)
    external_id = models.CharField(_("external id"), max_length=255, blank=True, db_index=True)
    role = models.CharField(_("role"), max_length=20, blank=True)
    scope_kind = models.CharField(
        _("scope"), max_length=10, choices=ScopeKind.choices, default=ScopeKind.COMPANY
    )
    scope_id = models.PositiveBigIntegerField(_("scope id"), null=True, blank=True)
    members = models.ManyToManyField(Person, through="ProvisionedMember", related_name="+")

    class Meta:
        ordering = ["display_name"]
        verbose_name = _("provisioned group")

    def __str__(self) -> str:
        return self.display_name


class ProvisionedMember(models.Model):
    """A person in a provisioned group; `grant` is the role grant this membership created."""

    group = models.ForeignKey(
        ProvisionedGroup, on_delete=models.CASCADE, related_name="memberships"
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    # Empty when the person has no sign-in account or already held the role by other means;
    # then removing them from the group leaves that other grant alone.
    grant = models.ForeignKey(
        RoleGrant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["group", "person"]
        constraints = [
            models.UniqueConstraint(fields=["group", "person"], name="provisioned_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.group_id}:{self.person_id}"
