"""allauth hooks: no self sign-up; SSO sign-ins are linked to the Person in HR data or refused."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.stagekit import clear_login
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from belong.accounts import services, sso
from belong.accounts.access import person_of, still_employed
from belong.audit.models import Action, Category
from belong.audit.services import audit_record


class BelongAccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]
    """People come from HR (CSV or SCIM), so nobody signs themselves up."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def pre_login(self, request: HttpRequest, user: Any, **kwargs: Any) -> HttpResponse | None:
        """A right password is not enough once HR records the person as gone.

        The backends already refuse them; allauth still brings a user whose password was
        right this far so it can say why, and this says it."""
        if still_employed(user):
            return super().pre_login(request, user, **kwargs)  # type: ignore[no-any-return]
        clear_login(request)
        return _refused(
            request, sso.Refusal.EXITED, actor=None, target=person_of(user), method="password"
        )


class BelongSocialAccountAdapter(DefaultSocialAccountAdapter):  # type: ignore[misc]
    """Just-in-time linking: an SSO sign-in becomes the matching Person's account."""

    def is_open_for_signup(self, request: HttpRequest, sociallogin: Any) -> bool:
        # Never an account without a person: pre_social_login links or refuses first.
        return False

    def pre_social_login(self, request: HttpRequest, sociallogin: Any) -> None:
        match = sso.match_person(sociallogin)
        provider = sociallogin.account.provider
        connecting = sociallogin.state.get("process") == "connect"
        if (
            connecting
            and not match.refusal
            and match.person is not None
            and match.person.user_id != request.user.pk
        ):
            # Connecting adds a sign-in to the account in use; it must be that person's own.
            match = sso.Match(match.person, match.matched_by, sso.Refusal.SOMEONE_ELSE)
        if match.refusal:
            existing = sociallogin.user if sociallogin.is_existing else None
            actor = request.user if connecting else existing
            raise ImmediateHttpResponse(
                _refused(
                    request,
                    match.refusal,
                    actor=actor,
                    target=match.person,
                    method="sso",
                    provider=provider,
                )
            )
        if sociallogin.is_existing:
            return
        assert match.person is not None  # a match without a refusal always has a person
        user = services.sso_user_link(person=match.person)
        sociallogin.connect(request, user)
        audit_record(
            actor=user,
            category=Category.SIGN_IN,
            action=Action.CREATE,
            target=match.person,
            detail={"method": "sso", "provider": provider, "linked_by": match.matched_by},
            request=request,
        )


def _refused(
    request: HttpRequest, refusal: str, *, actor: Any, target: Any, **detail: str
) -> HttpResponse:
    """Record a refused sign-in, then tell the person why on a page of its own."""
    audit_record(
        actor=actor,
        category=Category.SIGN_IN,
        action=Action.DENIED,
        target=target,
        detail={**detail, "reason": refusal},
        request=request,
    )
    message = sso.Refusal.MESSAGES[refusal]
    return render(request, "account/sso_refused.html", {"message": message}, status=403)
