"""The sign-in account, role grants and API tokens (metadata only: never a secret or hash)."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount

from belong.accounts.models import ApiToken, RoleGrant
from belong.people.models import Person
from belong.privacy.export import rows


def sections(person: Person, user: Any) -> dict[str, Any]:
    if user is None:
        return {"sign_in": None, "role_grants": [], "api_tokens": []}
    return {
        "sign_in": {
            "username": user.get_username(),
            "email": user.email,
            "is_active": user.is_active,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "email_addresses": rows(
                EmailAddress.objects.filter(user=user), "email", "verified", "primary"
            ),
            "social_accounts": rows(
                SocialAccount.objects.filter(user=user),
                "provider",
                "uid",
                "date_joined",
                "last_login",
            ),
            "mfa_authenticators": rows(
                Authenticator.objects.filter(user=user), "type", "created_at", "last_used_at"
            ),
        },
        "role_grants": rows(
            RoleGrant.objects.filter(user=user), "role", "scope_kind", "scope_id", "granted_at"
        ),
        "api_tokens": rows(
            ApiToken.objects.filter(user=user),
            "name",
            "prefix",
            "scopes",
            "created_at",
            "last_used_at",
            "revoked_at",
        ),
    }
