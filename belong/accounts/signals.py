"""Sign-in and MFA events written to the audit log (never the codes or secrets themselves)."""

from __future__ import annotations

from typing import Any

from allauth.account.signals import user_logged_in
from allauth.mfa.signals import authenticator_added, authenticator_removed
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_login_failed
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


@receiver(user_login_failed)
def audit_failed_password(sender: Any, credentials: Any, request: Any = None, **kw: Any) -> None:
    """A wrong password: which account was tried (if it exists), never what was typed."""
    login = str(credentials.get("email") or credentials.get("username") or "").strip()
    User = get_user_model()
    user_id = (
        User.objects.filter(email__iexact=login).values_list("pk", flat=True).first()
        or User.objects.filter(username__iexact=login).values_list("pk", flat=True).first()
        if login
        else None
    )
    audit_record(
        actor=None,
        category=Category.SIGN_IN,
        action=Action.DENIED,
        target_type="auth.user" if user_id else "",
        target_id=user_id or "",
        detail={"method": "password"},
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
