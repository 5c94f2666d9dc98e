"""What every API operation promises besides its success: one error body, documented statuses.

Errors are always JSON `{"detail": ..., "errors": {field: [messages]}}`. `detail` is a sentence
(or, for 422, the list of request fields that failed to parse, each naming its `loc`);
`errors` names the fields a service refused. The OpenAPI document lists, for every operation,
the error statuses it can return so clients (and Schemathesis) can rely on them.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import DataError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.openapi.schema import OpenAPISchema


class FieldProblem(Schema):
    loc: list[str | int]
    msg: str
    type: str


class ErrorOut(Schema):
    detail: str | list[FieldProblem]
    errors: dict[str, list[str]] | None = None


ERROR_DESCRIPTIONS = {
    "400": "The request was understood but refused; `errors` names the fields.",
    "401": "No valid session or bearer token.",
    "403": "Signed in, but the token's scope or the person's role does not allow this.",
    "404": "No such object, or not one the caller may see.",
    "409": "The object's state does not allow this now (e.g. full, closed, already done).",
    "422": "A parameter or body field is missing or malformed; `detail[].loc` names it.",
    "429": "Too many requests; wait and retry.",
}
WRITE_METHODS = {"post", "put", "patch", "delete"}


def validation_error_response(api: NinjaAPI) -> Any:
    """A service's `ValidationError` becomes 400 naming each refused field."""

    def handle(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        if hasattr(exc, "error_dict"):
            errors = {
                field if field != "__all__" else "non_field_errors": [str(m) for m in msgs]
                for field, msgs in exc.message_dict.items()
            }
        else:
            errors = {"non_field_errors": [str(m) for m in exc.messages]}
        detail = " ".join(m for msgs in errors.values() for m in msgs)
        return api.create_response(request, {"detail": detail, "errors": errors}, status=400)

    return handle


def data_error_response(api: NinjaAPI) -> Any:
    """The database refused a value as sent (PostgreSQL: a NUL character in text, a number
    out of range). Nothing was stored; the client gets a 400, not a server error."""

    def handle(request: HttpRequest, exc: DataError) -> HttpResponse:
        detail = _("A value cannot be stored as sent (a NUL character, or a number out of range).")
        return api.create_response(request, {"detail": detail}, status=400)

    return handle


def error_statuses(path: str, method: str, operation: dict[str, Any]) -> set[str]:
    statuses = {"401", "403", "429"}
    if operation.get("parameters") or operation.get("requestBody"):
        statuses |= {"400", "422"}  # 422: malformed; 400: well-formed but refused
    if "{" in path:
        statuses |= {"404", "409"}  # an object's state can refuse a read too ("enrol first")
    if method in WRITE_METHODS:
        statuses |= {"400", "409"}
    return statuses


def add_error_responses(schema: OpenAPISchema) -> OpenAPISchema:
    """Document the shared error body under every status each operation can return."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["ErrorOut"] = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
    defs = components["ErrorOut"].pop("$defs", {})
    components.update(defs)
    ref = {"$ref": "#/components/schemas/ErrorOut"}
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for status in sorted(error_statuses(path, method, operation)):
                if status in responses or int(status) in responses:
                    continue
                responses[int(status)] = {
                    "description": ERROR_DESCRIPTIONS[status],
                    "content": {"application/json": {"schema": ref}},
                }
    return schema


class BelongNinjaAPI(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return add_error_responses(schema)
