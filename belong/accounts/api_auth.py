"""How the API knows who is calling: the browser's session, or a personal bearer token."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth

from belong.accounts import access, services
from belong.accounts.models import TokenScope


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        api_token = services.api_token_authenticate(token)
        if api_token is None:
            return None
        request.user = api_token.user
        request.api_token_scopes = set(api_token.scopes)  # type: ignore[attr-defined]
        return api_token.user


class Session(SessionAuth):
    """Browser calls; CSRF is checked for unsafe methods."""


def require_scope(request: HttpRequest, scope: str) -> None:
    """Tokens carry scopes; a session acts with everything its person's roles allow."""
    scopes = getattr(request, "api_token_scopes", None)
    if scopes is None:
        return
    implied = {TokenScope.ADMIN: {"admin", "write", "read"}, TokenScope.WRITE: {"write", "read"}}
    granted = set(scopes).union(*(implied.get(s, set()) for s in scopes))  # type: ignore[call-overload]
    if scope not in granted:
        raise HttpError(403, f"This token lacks the '{scope}' scope.")


def require(allowed: bool) -> None:
    if not allowed:
        raise HttpError(403, "You are not allowed to do this.")


__all__ = ["BearerToken", "Session", "access", "require", "require_scope"]
