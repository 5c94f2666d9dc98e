"""Someone HR records as gone cannot sign in: not by password, session or API token."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from belong.accounts.services import api_token_create
from belong.audit.models import AuditEvent
from belong.common.testing import PASSWORD


def _leaves(user: Any, days_from_today: int) -> None:
    person = user.person
    person.exit_date = timezone.localdate() + dt.timedelta(days=days_from_today)
    person.save(update_fields=["exit_date"])


def _sign_in(password: str = PASSWORD) -> tuple[Client, Any]:
    client = Client()
    response = client.post(
        reverse("account_login"), {"login": "employee@example.test", "password": password}
    )
    return client, response


def test_the_right_password_is_refused_with_the_reason_once_they_have_left(
    personas: Any,
) -> None:
    _leaves(personas["employee"], -1)
    client, response = _sign_in()
    assert response.status_code == 403
    assert "you have left the company" in response.content.decode()
    assert "_auth_user_id" not in client.session
    refusal = AuditEvent.objects.filter(action="denied", category="sign_in").latest("id")
    assert refusal.detail == {"method": "password", "reason": "exited"}
    assert refusal.target_id == str(personas["employee"].person.pk)


def test_a_wrong_password_says_nothing_about_their_employment(personas: Any) -> None:
    _leaves(personas["employee"], -1)
    _client, response = _sign_in("not-the-password-1")
    assert response.status_code == 200
    assert "left the company" not in response.content.decode()


def test_a_leaving_date_still_ahead_does_not_stop_them(personas: Any) -> None:
    _leaves(personas["employee"], 14)
    client, response = _sign_in()
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(personas["employee"].pk)


def test_an_open_session_ends_when_their_exit_date_arrives(client_as: Any, personas: Any) -> None:
    client = client_as("employee")
    assert client.get(reverse("home")).status_code == 200
    _leaves(personas["employee"], 0)  # leaving today: gone from today
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_their_api_tokens_stop_working(personas: Any) -> None:
    _token, secret = api_token_create(user=personas["employee"], name="script", scopes=["read"])
    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api.get("/api/me").status_code == 200
    _leaves(personas["employee"], -1)
    assert api.get("/api/me").status_code == 401


def test_accounts_without_a_person_are_unaffected(client_as: Any) -> None:
    client = client_as("outsider")  # no person in HR data: nothing says they have left
    assert client.get(reverse("home")).status_code == 200
    assert "_auth_user_id" in client.session
