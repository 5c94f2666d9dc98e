"""With BELONG_MFA_REQUIRED_FOR_ADMINS on, administrators set up MFA before anything else."""

from __future__ import annotations

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from belong.accounts import access

# Sign-in, MFA set-up and sign-out live under /accounts/; the API and SCIM have their own
# token authentication.
OPEN_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/healthz", "/api/", "/scim/")


class AdminMfaRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            getattr(settings, "BELONG_MFA_REQUIRED_FOR_ADMINS", False)
            and request.user.is_authenticated
            and not request.path.startswith(OPEN_PREFIXES)
            and access.is_administrator(request.user)
            and not is_mfa_enabled(
                request.user, [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
            )
        ):
            messages.warning(
                request,
                _(
                    "Administrators must set up two-factor authentication before using "
                    "Belong. Add an authenticator app or a security key below."
                ),
            )
            return redirect("mfa_index")
        return self.get_response(request)
