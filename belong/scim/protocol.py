"""HTTP plumbing for SCIM: JSON in and out, error bodies, and bearer-token authentication."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from belong.scim.schemas import ERROR_URN

CONTENT_TYPE = "application/scim+json"


class ScimError(Exception):
    """A failure the client should see as a SCIM error body (RFC 7644 §3.12)."""

    def __init__(self, status: int, detail: str, scim_type: str = "") -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.scim_type = scim_type


def scim_response(
    body: Any, status: int = 200, headers: dict[str, str] | None = None
) -> HttpResponse:
    response = HttpResponse(json.dumps(body, default=str), status=status, content_type=CONTENT_TYPE)
    for key, value in (headers or {}).items():
        response[key] = value
    return response


def version_of(doc: dict[str, Any]) -> str:
    """A weak ETag over what the resource says (meta aside): any visible change changes it."""
    content = {k: v for k, v in doc.items() if k != "meta"}
    digest = hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode())
    return f'W/"{digest.hexdigest()[:20]}"'


def check_if_match(request: HttpRequest, current_version: str) -> None:
    """RFC 7644 §3.14: a write with If-Match that names another version is refused (412)."""
    header = request.headers.get("If-Match")
    if not header or header.strip() == "*":
        return
    wanted = {tag.strip() for tag in header.split(",")}
    # A strong tag from a client that dropped the W/ prefix still names the same version.
    if current_version not in wanted and current_version[2:] not in wanted:
        raise ScimError(
            412,
            "The resource changed since you read it (If-Match does not match meta.version).",
        )


def error_response(error: ScimError) -> HttpResponse:
    body: dict[str, Any] = {
        "schemas": [ERROR_URN],
        "status": str(error.status),
        "detail": error.detail,
    }
    if error.scim_type:
        body["scimType"] = error.scim_type
    headers = {}
    if error.status == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="Belong SCIM"'
    return scim_response(body, error.status, headers)


def read_json(request: HttpRequest) -> dict[str, Any]:
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise ScimError(400, "The request body is not valid JSON.", "invalidSyntax") from None
    if not isinstance(body, dict):
        raise ScimError(400, "The request body must be a JSON object.", "invalidSyntax")
    return body


def bearer_secret(request: HttpRequest) -> str:
    header = request.headers.get("Authorization", "")
    scheme, _, secret = header.partition(" ")
    return secret.strip() if scheme.lower() == "bearer" else ""


def scim_endpoint(
    methods: set[str],
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Only a live SCIM token gets in (not a session, not an API token); errors become SCIM bodies.

    CSRF does not apply: these endpoints ignore cookies and read only the bearer token.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @csrf_exempt
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            from belong.scim.services import scim_token_authenticate

            token = scim_token_authenticate(bearer_secret(request))
            if token is None:
                return error_response(ScimError(401, "A valid SCIM bearer token is required."))
            if request.method not in methods:
                response = error_response(
                    ScimError(405, f"{request.method} is not supported on this endpoint.")
                )
                response["Allow"] = ", ".join(sorted(methods))
                return response
            request.scim_token = token  # type: ignore[attr-defined]
            try:
                return view(request, *args, **kwargs)
            except ScimError as error:
                return error_response(error)

        return wrapper

    return decorator
