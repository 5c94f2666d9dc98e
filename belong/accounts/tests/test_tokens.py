from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from belong.accounts.models import ApiToken
from belong.accounts.services import api_token_create


def test_it_shows_a_new_token_once_and_stores_only_its_hash(client_as, personas):
    response = client_as("employee").post(
        reverse("accounts:tokens"), {"name": "laptop", "scopes": ["read"]}
    )
    secret = response.context["secret"]
    assert secret.startswith("blg_")
    token = ApiToken.objects.get()
    assert secret not in (token.key_hash, token.prefix)
    again = client_as("employee").get(reverse("accounts:tokens"))
    assert secret not in again.content.decode()


def test_a_token_authenticates_the_api_as_its_owner(personas):
    _, secret = api_token_create(user=personas["employee"], name="script", scopes=["read"])
    response = Client().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200
    assert response.json()["email"] == "employee@example.test"


def test_a_revoked_or_wrong_token_is_refused(client_as, personas):
    token, secret = api_token_create(user=personas["employee"], name="old", scopes=["read"])
    client_as("employee").post(reverse("accounts:token_revoke", args=[token.pk]))
    assert Client().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401
    assert Client().get("/api/me", HTTP_AUTHORIZATION="Bearer blg_nope").status_code == 401


def test_a_read_token_cannot_start_an_import(personas):
    from django.core.files.uploadedfile import SimpleUploadedFile

    _, secret = api_token_create(user=personas["administrator"], name="ro", scopes=["read"])
    upload = SimpleUploadedFile("hr.csv", b"employee_id\n")
    response = Client().post(
        "/api/imports", {"file": upload}, HTTP_AUTHORIZATION=f"Bearer {secret}"
    )
    assert response.status_code == 403
    assert "admin" in response.json()["detail"]


def test_nobody_can_revoke_someone_elses_token(client_as, personas):
    token, _ = api_token_create(user=personas["mentor"], name="theirs", scopes=["read"])
    response = client_as("employee").post(reverse("accounts:token_revoke", args=[token.pk]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.parametrize("persona", ["anonymous"])
def test_the_tokens_page_needs_a_sign_in(client_as, persona):
    assert client_as(persona).get(reverse("accounts:tokens")).status_code == 302
    assert client_as(persona).post(reverse("accounts:token_revoke", args=[1])).status_code == 302
