"""Sign-in and MFA events written to the audit log (never the codes or secrets themselves)."""

from __future__ import annotations

from typing import Any

from allauth.account.signals import user_logged_in
from allauth.mfa.signals import authenticator_added, authenticator_removed
from django.dispatch import receiver

from belong.audit.models import Action, Category
from belong.audit.services import audit_record


@receiver(user_logged_in)
def audit_sso_sign_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    sociallogin = kwargs.get("sociallogin")
    if sociallogin is None:
        return
    audit_record(
        actor=user,
        category=Category.SIGN_IN,
        action=Action.CREATE,
        target_type="session",
        detail={"method": "sso", "provider": sociallogin.account.provider},
        request=request,
    )


@receiver(authenticator_added)
def audit_mfa_added(sender: Any, request: Any, user: Any, authenticator: Any, **kw: Any) -> None:
    audit_record(
        actor=user,
        category=Category.SIGN_IN,
        action=Action.CREATE,
        target=authenticator,
        detail={"mfa": authenticator.type},
        request=request,
    )


@receiver(authenticator_removed)
def audit_mfa_removed(sender: Any, request: Any, user: Any, authenticator: Any, **kw: Any) -> None:
    audit_record(
        actor=user,
        category=Category.SIGN_IN,
        action=Action.DELETE,
        target_type="mfa.authenticator",
        target_id=authenticator.pk or "",
        detail={"mfa": authenticator.type},
        request=request,
    )
