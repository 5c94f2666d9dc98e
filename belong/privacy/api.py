"""`GET /api/me/export`: the same JSON as the "Download my data" page (read scope)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from belong.accounts.access import person_of
from belong.accounts.api_auth import require, require_scope
from belong.privacy import access, services

router = Router(tags=["personal data"])


@router.get(
    "/me/export",
    response=dict[str, Any],
    summary="Everything Belong holds about the caller (JSON)",
    description="The same document as the “Download my data” page. Needs the read scope; "
    "every call is recorded in the audit log.",
)
def me_export(request: HttpRequest) -> dict[str, Any]:
    require_scope(request, "read")
    require(access.can_manage_own_data(request.user))
    person = person_of(request.user)
    assert person is not None
    return services.personal_data_export(
        person=person, user=request.user, channel="api", request=request
    )
