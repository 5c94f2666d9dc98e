"""Every write to role grants and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from belong.accounts.access import still_employed
from belong.accounts.models import ROLE_SCOPES, ApiToken, RoleGrant, ScopeKind, TokenScope
from belong.audit.models import Action, Category
from belong.audit.services import audit_record

TOKEN_PREFIX = "blg_"  # noqa: S105 - a public marker, not a secret


def role_grant_create(
    *, user: Any, role: str, scope_kind: str, scope_id: int | None, granted_by: Any
) -> RoleGrant:
    if scope_kind not in ROLE_SCOPES.get(role, set()):
        raise ValidationError({"scope_kind": _("This role cannot have that scope.")})
    if scope_kind == ScopeKind.COMPANY:
        scope_id = None
    elif scope_id is None:
        raise ValidationError({"scope_id": _("Give the id of the group, chapter or program.")})
    duplicate = _("This person already holds this role for this scope.")
    # SQLite treats NULL scope ids as distinct, so the unique constraint alone is not enough.
    if RoleGrant.objects.filter(
        user=user, role=role, scope_kind=scope_kind, scope_id=scope_id
    ).exists():
        raise ValidationError(duplicate)
    try:
        with transaction.atomic():
            grant = RoleGrant.objects.create(
                user=user,
                role=role,
                scope_kind=scope_kind,
                scope_id=scope_id,
                granted_by=granted_by,
            )
            _audit_grant(grant, actor=granted_by, action=Action.CREATE)
            return grant
    except IntegrityError:
        raise ValidationError(duplicate) from None


def role_grant_revoke(*, grant: RoleGrant, revoked_by: Any = None) -> None:
    """`revoked_by` is the administrator; None when provisioning or the system revokes."""
    with transaction.atomic():
        _audit_grant(grant, actor=revoked_by, action=Action.DELETE)
        grant.delete()


def _audit_grant(grant: RoleGrant, *, actor: Any, action: str) -> None:
    audit_record(
        actor=actor,
        category=Category.ROLE_GRANT,
        action=action,
        target=grant,
        detail={
            "user_id": grant.user_id,
            "role": grant.role,
            "scope_kind": grant.scope_kind,
            "scope_id": grant.scope_id,
        },
    )


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def api_token_create(*, user: Any, name: str, scopes: list[str]) -> tuple[ApiToken, str]:
    """Returns the token and its secret; the secret is shown once and never stored."""
    unknown = set(scopes) - set(TokenScope.values)
    if unknown or not scopes:
        raise ValidationError({"scopes": _("Choose at least one of read, write, admin.")})
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=secret[len(TOKEN_PREFIX) : len(TOKEN_PREFIX) + 8],
        key_hash=_hash(secret),
        scopes=sorted(set(scopes)),
    )
    return token, secret


def api_token_revoke(*, token: ApiToken) -> None:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])


def api_token_authenticate(secret: str) -> ApiToken | None:
    if not secret.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_hash(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None or not still_employed(token.user):
        return None
    now = timezone.now()
    # Record use at most once a minute so a busy script doesn't write on every call.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def sso_user_link(*, person: Any) -> Any:
    """The Django user `person` signs in as, created and linked on their first SSO sign-in.

    An existing account with the person's email and no person of its own is reused (someone
    who had a local password before SSO was switched on); otherwise a new account is made,
    with no usable password, since the identity provider vouches for it.
    """
    from django.contrib.auth import get_user_model

    from belong.people.models import Person
    from belong.people.services import person_link_user

    User = get_user_model()
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        if person.user_id is not None:
            return person.user
        user = (
            User.objects.filter(email__iexact=person.email, person__isnull=True)
            .order_by("pk")
            .first()
        )
        if user is None:
            username = person.email
            if User.objects.filter(username__iexact=username).exists():
                username = f"{person.employee_id}.{person.email}"[:150]
            user = User(username=username, email=person.email)
            user.set_unusable_password()
            user.save()
        person_link_user(person=person, user_id=user.pk)
        return user
