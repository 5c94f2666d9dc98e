"""Who an SSO sign-in is: the Person it matches in HR data, or the reason it is refused.

Matching rules (docs/sso.md): the employee-id claim (its name is
`BELONG_SSO_EMPLOYEE_ID_CLAIM`) first, then a verified email. Nobody outside HR data gets in,
and nobody who has left.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from belong.people.models import Person

if TYPE_CHECKING:
    from django.utils.functional import Promise


class Refusal:
    """Why an SSO sign-in is refused; the code goes to the audit log, the message to the person."""

    NO_PERSON = "no_person"
    EXITED = "exited"
    SOMEONE_ELSE = "someone_else"

    MESSAGES: dict[str, Promise] = {
        NO_PERSON: _(
            "Your company account is not in Belong's HR records, so you cannot sign in. "
            "Ask your HR or IT team to check that your work email and employee number are "
            "up to date."
        ),
        EXITED: _(
            "Your employee record shows that you have left the company, so you can no longer "
            "sign in to Belong."
        ),
        SOMEONE_ELSE: _(
            "That company account belongs to another person in the HR records, so it cannot "
            "be connected to the account you are signed in with."
        ),
    }


@dataclass(frozen=True)
class Match:
    person: Person | None
    matched_by: str  # "employee_id", "email", "account" or "" when nothing matched
    refusal: str = ""


def employee_id_claim_name() -> str:
    return str(getattr(settings, "BELONG_SSO_EMPLOYEE_ID_CLAIM", "employee_id"))


def claims_of(account_extra_data: Any) -> dict[str, Any]:
    """The provider's claims in one dict: OIDC userinfo over the ID token, or SAML attributes."""
    data = account_extra_data if isinstance(account_extra_data, dict) else {}
    if "userinfo" in data or "id_token" in data:
        merged: dict[str, Any] = {}
        for part in ("id_token", "userinfo"):
            if isinstance(data.get(part), dict):
                merged.update(data[part])
        return merged
    return data


def claim_value(claims: dict[str, Any], name: str) -> str:
    value = claims.get(name)
    # SAML attributes arrive as lists of strings.
    if isinstance(value, list | tuple):
        value = value[0] if value else None
    if value is None:
        return ""
    return str(value).strip()


def verified_emails(sociallogin: Any) -> list[str]:
    return [a.email.strip().lower() for a in sociallogin.email_addresses if a.verified and a.email]


def _checked(person: Person | None, matched_by: str) -> Match:
    if person is None:
        return Match(None, "", Refusal.NO_PERSON)
    if not person.is_active:
        return Match(person, matched_by, Refusal.EXITED)
    return Match(person, matched_by)


def match_person(sociallogin: Any) -> Match:
    """The Person this sign-in belongs to, found by the rules above."""
    if sociallogin.is_existing:
        # Linked on an earlier sign-in: the account's user is already someone's.
        person = Person.objects.filter(user_id=sociallogin.user.pk).first()
        return _checked(person, "account")
    claims = claims_of(sociallogin.account.extra_data)
    employee_id = claim_value(claims, employee_id_claim_name())
    if employee_id:
        person = Person.objects.filter(employee_id=employee_id).first()
        if person is not None:
            return _checked(person, "employee_id")
    emails = verified_emails(sociallogin)
    for email in emails:
        person = Person.objects.filter(email__iexact=email).first()
        if person is not None:
            return _checked(person, "email")
    return Match(None, "", Refusal.NO_PERSON)
