from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DataError
from django.http import HttpRequest
from ninja import Schema
from ninja.throttling import AuthRateThrottle

from belong.accounts import access
from belong.accounts.api import router as accounts_router
from belong.accounts.api_auth import BearerToken, Session
from belong.audit.api import router as audit_router
from belong.circles.api import router as circles_router
from belong.events.api import router as events_router
from belong.groups.api import router as groups_router
from belong.insights.api import router as insights_router
from belong.mentoring.api import router as mentoring_router
from belong.people.api import router as people_router
from belong.privacy.api import router as privacy_router
from belong.webhooks.api import router as webhooks_router
from config.api_contract import BelongNinjaAPI, data_error_response, validation_error_response

api = BelongNinjaAPI(
    title="Belong API",
    version="1",
    description="Mentoring programs, affinity groups and their impact. "
    "Authenticate with a session cookie (browser) or `Authorization: Bearer <personal token>`.",
    auth=[BearerToken(), Session()],
    throttle=[AuthRateThrottle(settings.BELONG_API_RATE)],
    urls_namespace="api",
)
api.add_exception_handler(ValidationError, validation_error_response(api))
api.add_exception_handler(DataError, data_error_response(api))


class MeOut(Schema):
    email: str
    employee_id: str | None
    name: str | None
    roles: list[str]


@api.get("/me", response=MeOut, tags=["accounts"], summary="Who the caller is")
def me(request: HttpRequest) -> dict[str, Any]:
    person = access.person_of(request.user)
    return {
        "email": request.user.email,
        "employee_id": person.employee_id if person else None,
        "name": person.display_name if person else None,
        "roles": sorted({role for role, _, _ in access.grants_of(request.user)}),
    }


api.add_router("/", accounts_router)
api.add_router("/", people_router)
api.add_router("/groups", groups_router)
api.add_router("/", mentoring_router)
api.add_router("/", events_router)
api.add_router("/", circles_router)
api.add_router("/insights", insights_router)
api.add_router("/", audit_router)
api.add_router("/", privacy_router)
api.add_router("/webhooks", webhooks_router)
