"""Only a live SCIM token opens the SCIM endpoints."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from belong.accounts.services import api_token_create
from belong.common.testing import PERSONAS
from belong.scim.models import ScimToken
from belong.scim.services import scim_token_create, scim_token_revoke

ENDPOINTS = [
    "/scim/v2/Users",
    "/scim/v2/Groups",
    "/scim/v2/ServiceProviderConfig",
    "/scim/v2/Schemas",
]


def assert_refused(response):
    assert response.status_code == 401
    assert response["Content-Type"] == "application/scim+json"
    assert response["WWW-Authenticate"].startswith("Bearer")
    body = json.loads(response.content)
    assert body["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]
    assert body["status"] == "401"


@pytest.mark.parametrize("path", ENDPOINTS)
@pytest.mark.parametrize("persona", PERSONAS)
def test_sessions_never_open_scim(client_as, persona, path):
    assert_refused(client_as(persona).get(path))


def test_api_tokens_do_not_open_scim(personas):
    _token, secret = api_token_create(user=personas["administrator"], name="x", scopes=["admin"])
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert_refused(client.get("/scim/v2/Users"))


def test_a_revoked_or_wrong_token_is_refused(db):
    token, secret = scim_token_create(name="Entra")
    assert Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get("/scim/v2/Users").status_code == 200
    assert ScimToken.objects.get(pk=token.pk).last_used_at is not None
    assert_refused(Client(HTTP_AUTHORIZATION=f"Bearer {secret}x").get("/scim/v2/Users"))
    assert_refused(Client(HTTP_AUTHORIZATION=f"Basic {secret}").get("/scim/v2/Users"))
    scim_token_revoke(token=token)
    assert_refused(Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get("/scim/v2/Users"))


def test_writes_need_no_csrf_token_but_a_bearer_token(db):
    _token, secret = scim_token_create(name="Okta")
    client = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {secret}")
    response = client.post(
        "/scim/v2/Users", json.dumps({"userName": "a@b.test"}), content_type="application/scim+json"
    )
    assert response.status_code == 201
    anonymous = Client(enforce_csrf_checks=True)
    assert_refused(
        anonymous.post(
            "/scim/v2/Users", json.dumps({"userName": "c@b.test"}), content_type="application/json"
        )
    )


def test_a_body_that_is_not_json_is_a_scim_error(db):
    _token, secret = scim_token_create(name="Okta")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    response = client.post("/scim/v2/Users", "{nope", content_type="application/scim+json")
    assert response.status_code == 400
    assert json.loads(response.content)["scimType"] == "invalidSyntax"
