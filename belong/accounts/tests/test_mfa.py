"""Optional MFA through allauth.mfa: authenticator apps (TOTP), recovery codes, security keys."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.test import Client
from django.urls import reverse

from belong.audit.models import AuditEvent
from belong.common.testing import PASSWORD, PERSONAS, assert_page_access


def code_at(secret: str, step: int = 0) -> str:
    """The authenticator app's code, `step` periods after the current one."""
    counters = list(yield_hotp_counters_from_time())
    current = counters[len(counters) // 2]
    return format_hotp_value(hotp_value(secret, current + step))


def wrong_code(secret: str) -> str:
    valid = {code_at(secret, step) for step in (-1, 0, 1)}
    return next(f"{n:06d}" for n in range(1_000_000) if f"{n:06d}" not in valid)


def sign_in(client: Client, email: str) -> Any:
    return client.post(reverse("account_login"), {"login": email, "password": PASSWORD})


def activate_totp(client: Client) -> str:
    # Changing sign-in security asks for the password again first.
    page = client.get(reverse("mfa_activate_totp"))
    assert page["Location"].startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    done = client.post(reverse("mfa_activate_totp"), {"code": code_at(secret)})
    assert done.status_code == 302, done.content.decode()[:2000]
    return secret


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_offers_mfa_to_every_signed_in_person(client_as: Any, persona: str) -> None:
    response = client_as(persona).get(reverse("mfa_index"))
    # Outsiders have an account too, so they may protect it; only anonymous visitors are sent away.
    assert_page_access(response, persona, set(PERSONAS) - {"anonymous"}, "mfa index")
    if persona != "anonymous":
        assert "Authenticator App" in response.content.decode()


def test_it_links_to_sign_in_security_from_the_header(client_as: Any) -> None:
    page = client_as("employee").get(reverse("home"))
    assert reverse("mfa_index") in page.content.decode()


def test_it_requires_the_code_after_enabling_totp(
    personas: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # One period of tolerance, so the sign-in below can use the next code: a code once
    # accepted is never accepted again.
    settings.MFA_TOTP_TOLERANCE = 1
    user = personas["employee"]
    client = Client()
    assert sign_in(client, user.email).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        secret = activate_totp(client)
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    # Recovery codes are generated with the first authenticator.
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).exists()
    assert AuditEvent.objects.filter(
        category="sign_in", action="create", actor_id=user.pk, detail__mfa="totp"
    ).exists()

    fresh = Client()
    response = sign_in(fresh, user.email)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    # The password alone does not sign in.
    assert fresh.get(reverse("people:directory"))["Location"].startswith(reverse("account_login"))

    refused = fresh.post(reverse("mfa_authenticate"), {"code": wrong_code(secret)})
    assert refused.status_code == 200
    assert "Incorrect code." in refused.content.decode()
    assert fresh.get(reverse("people:directory")).status_code == 302

    accepted = fresh.post(reverse("mfa_authenticate"), {"code": code_at(secret, 1)})
    assert accepted.status_code == 302
    assert fresh.get(reverse("people:directory")).status_code == 200


def test_it_refuses_a_code_that_was_already_used(personas: Any, settings: Any) -> None:
    settings.MFA_TOTP_TOLERANCE = 1
    user = personas["mentor"]
    client = Client()
    sign_in(client, user.email)
    secret = activate_totp(client)

    first = Client()
    sign_in(first, user.email)
    assert first.post(reverse("mfa_authenticate"), {"code": code_at(secret, 1)}).status_code == 302
    replay = Client()
    sign_in(replay, user.email)
    again = replay.post(reverse("mfa_authenticate"), {"code": code_at(secret, 1)})
    assert again.status_code == 200
    assert replay.get(reverse("people:directory")).status_code == 302


def test_it_signs_in_with_a_recovery_code(personas: Any, settings: Any) -> None:
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    user = personas["hr_analyst"]
    client = Client()
    sign_in(client, user.email)
    activate_totp(client)
    codes = RecoveryCodes(
        Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    ).get_unused_codes()
    assert len(codes) >= 10

    fresh = Client()
    sign_in(fresh, user.email)
    assert fresh.post(reverse("mfa_authenticate"), {"code": codes[0]}).status_code == 302
    assert fresh.get(reverse("people:directory")).status_code == 200


def test_it_shows_the_security_key_page(personas: Any) -> None:
    client = Client()
    sign_in(client, personas["employee"].email)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(reverse("mfa_add_webauthn"))
    assert page.status_code == 200
    html = page.content.decode()
    # The browser half is allauth's static script, fed by a JSON data block (no inline code).
    assert "mfa/js/webauthn.js" in html
    assert 'type="application/json"' in html


def test_it_sends_administrators_without_mfa_to_set_it_up_when_required(
    client_as: Any, settings: Any
) -> None:
    settings.BELONG_MFA_REQUIRED_FOR_ADMINS = True
    admin = client_as("administrator")
    response = admin.get(reverse("people:directory"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_index")
    page = admin.get(reverse("mfa_index"))
    assert page.status_code == 200
    assert "Administrators must set up two-factor authentication" in page.content.decode()
    # Everyone else goes on as before.
    assert client_as("employee").get(reverse("people:directory")).status_code == 200


def test_it_lets_administrators_with_mfa_through_when_required(
    personas: Any, settings: Any
) -> None:
    settings.BELONG_MFA_REQUIRED_FOR_ADMINS = True
    user = personas["administrator"]
    client = Client()
    sign_in(client, user.email)
    activate_totp(client)
    assert client.get(reverse("people:directory")).status_code == 200


def test_it_leaves_administrators_alone_by_default(client_as: Any) -> None:
    assert client_as("administrator").get(reverse("people:directory")).status_code == 200
