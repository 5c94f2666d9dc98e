from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from belong.audit.services import current_ip


class AuditRequestMiddleware:
    """Remember the caller's address for the request, so that services which never see the
    request (joining a group, granting a role) still record where the change came from."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current_ip.set(request.META.get("REMOTE_ADDR") or None)
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(token)
