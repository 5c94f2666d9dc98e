from __future__ import annotations

import zoneinfo
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone


class ViewerTimezoneMiddleware:
    """Show every datetime in the viewer's zone: their site's, unless they chose another."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        zone = viewer_zone_name(request)
        if zone:
            try:
                timezone.activate(zoneinfo.ZoneInfo(zone))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            # The zone belongs to this request; a thread serving the next one (or a test
            # running after it) must not inherit it.
            timezone.deactivate()


def viewer_zone_name(request: HttpRequest) -> str | None:
    chosen = request.session.get("timezone") if hasattr(request, "session") else None
    if chosen:
        return str(chosen)
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    from belong.accounts.access import person_of

    person = person_of(user)
    return person.site.timezone if person is not None else None
