"""Datetimes show in the viewer's zone during their request, and only during it."""

from __future__ import annotations

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from belong.common.middleware import ViewerTimezoneMiddleware


def _request_choosing(zone: str) -> HttpRequest:
    request = RequestFactory().get("/")
    request.session = {"timezone": zone}  # type: ignore[assignment]
    return request


def test_the_chosen_zone_is_active_while_the_view_runs_and_not_after() -> None:
    seen: list[str] = []

    def view(request: HttpRequest) -> HttpResponse:
        seen.append(timezone.get_current_timezone_name())
        return HttpResponse()

    ViewerTimezoneMiddleware(view)(_request_choosing("Asia/Tokyo"))
    assert seen == ["Asia/Tokyo"]
    assert timezone.get_current_timezone_name() == "UTC"


def test_a_failing_view_does_not_leave_its_zone_behind() -> None:
    def view(request: HttpRequest) -> HttpResponse:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        ViewerTimezoneMiddleware(view)(_request_choosing("Pacific/Auckland"))
    assert timezone.get_current_timezone_name() == "UTC"


def test_an_unknown_zone_falls_back_to_the_default() -> None:
    seen: list[str] = []

    def view(request: HttpRequest) -> HttpResponse:
        seen.append(timezone.get_current_timezone_name())
        return HttpResponse()

    ViewerTimezoneMiddleware(view)(_request_choosing("Mars/Olympus"))
    assert seen == ["UTC"]
