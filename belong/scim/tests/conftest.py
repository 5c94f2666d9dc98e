from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from belong.common.testing import *  # noqa: F403
from belong.scim.services import scim_token_create

SCIM = "application/scim+json"


class ScimClient:
    """A test client that speaks SCIM with a bearer token, as an identity provider does."""

    def __init__(self, secret: str) -> None:
        self.client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")

    def _send(self, method: str, path: str, body: Any = None) -> Any:
        call = getattr(self.client, method)
        if body is None:
            response = call(f"/scim/v2{path}")
        else:
            response = call(f"/scim/v2{path}", json.dumps(body), content_type=SCIM)
        response.json_body = json.loads(response.content) if response.content else None
        return response

    def get(self, path: str, **params: Any) -> Any:
        response = self.client.get(f"/scim/v2{path}", params)
        response.json_body = json.loads(response.content) if response.content else None
        return response

    def post(self, path: str, body: Any) -> Any:
        return self._send("post", path, body)

    def put(self, path: str, body: Any) -> Any:
        return self._send("put", path, body)

    def patch(self, path: str, *operations: dict[str, Any]) -> Any:
        return self._send(
            "patch",
            path,
            {
                "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                "Operations": list(operations),
            },
        )

    def delete(self, path: str) -> Any:
        return self._send("delete", path)


@pytest.fixture
def scim(db: None) -> ScimClient:
    _token, secret = scim_token_create(name="Okta")
    return ScimClient(secret)
