"""Sign-in backends: someone HR records as gone cannot sign in, whatever the method.

`user_can_authenticate` is asked both at sign-in and when a session is restored on each
request, so a person whose exit date has passed is also signed out of open sessions.
Accounts with no person (a platform administrator, a service account) are unaffected.
"""

from __future__ import annotations

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth.backends import ModelBackend

from belong.accounts.access import still_employed


class _OnlyWhileEmployed:
    def user_can_authenticate(self, user: Any) -> bool:
        return bool(super().user_can_authenticate(user)) and still_employed(user)  # type: ignore[misc]


class EmployeeModelBackend(_OnlyWhileEmployed, ModelBackend):
    pass


class EmployeeAllauthBackend(_OnlyWhileEmployed, AuthenticationBackend):  # type: ignore[misc]
    pass
