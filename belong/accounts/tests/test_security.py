"""Security hardening: CSP, CSRF, sign-in throttling, password rules, production settings."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from belong.common.testing import PASSWORD

ROOT = Path(settings.BASE_DIR)
TEMPLATES = sorted((ROOT / "belong").glob("**/templates/**/*.html"))

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.I)
HANDLER_ATTRIBUTE = re.compile(r"\son[a-z]+\s*=", re.I)
STYLE_ELEMENT = re.compile(r"<style[\s>]", re.I)
DJANGO_COMMENT = re.compile(r"{#.*?#}|{% comment %}.*?{% endcomment %}", re.S)


def csp_directives(response: Any) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.parametrize("persona", ["anonymous", "employee", "administrator"])
def test_it_sends_a_strict_content_security_policy(client_as: Any, persona: str) -> None:
    client = client_as(persona)
    url = reverse("account_login") if persona == "anonymous" else reverse("home")
    response = client.get(url)
    assert response.status_code == 200
    csp = csp_directives(response)
    assert csp["default-src"] == ["'self'"]
    for directive in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in csp[directive]
        assert "'unsafe-eval'" not in csp[directive]
        assert "'self'" in csp[directive]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"][0] == "'self'"


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_it_keeps_code_out_of_the_templates(template: Path) -> None:
    """The CSP refuses inline scripts, style attributes and on* handlers, so none may exist."""
    html = DJANGO_COMMENT.sub("", template.read_text())
    assert not INLINE_SCRIPT.search(html), "inline <script>: move it to a static file"
    assert not STYLE_ATTRIBUTE.search(html), "style= attribute: use a class in the CSS"
    assert not HANDLER_ATTRIBUTE.search(html), "on*= handler: listen from a static script"
    assert not STYLE_ELEMENT.search(html), "<style> element: move it to the CSS"


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_it_puts_a_csrf_token_in_every_posting_form(template: Path) -> None:
    html = template.read_text()
    for form in re.finditer(r"<form\b[^>]*>(.*?)</form>", html, re.S | re.I):
        if re.search(r"method=\"post\"", form.group(0)[:300], re.I):
            assert "{% csrf_token %}" in form.group(1), form.group(0)[:200]


def test_it_refuses_a_form_posted_without_its_csrf_token(personas: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["employee"])
    refused = client.post(reverse("accounts:tokens"), {"name": "script", "scopes": ["read"]})
    assert refused.status_code == 403
    assert not personas["employee"].api_tokens.exists()

    client.get(reverse("accounts:tokens"))
    token = client.cookies["csrftoken"].value
    accepted = client.post(
        reverse("accounts:tokens"),
        {"name": "script", "scopes": ["read"], "csrfmiddlewaretoken": token},
    )
    assert accepted.status_code == 200
    assert personas["employee"].api_tokens.count() == 1


def test_it_refuses_a_sign_in_posted_without_its_csrf_token(personas: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("account_login"), {"login": "employee@example.test", "password": PASSWORD}
    )
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_it_throttles_failed_sign_ins_for_an_account(personas: Any, settings: Any) -> None:
    import config.settings as production

    settings.ACCOUNT_RATE_LIMITS = production.ACCOUNT_RATE_LIMITS  # the suite turns it off
    client = Client()
    for _attempt in range(5):
        wrong = client.post(
            reverse("account_login"), {"login": "employee@example.test", "password": "wrong-one"}
        )
        assert wrong.status_code == 200
        assert "Too many failed" not in wrong.content.decode()
    # The sixth try is refused even with the right password, with a message saying why.
    blocked = client.post(
        reverse("account_login"), {"login": "employee@example.test", "password": PASSWORD}
    )
    assert blocked.status_code == 200
    assert "Too many failed login attempts. Try again later." in blocked.content.decode()
    assert "_auth_user_id" not in client.session
    # Another account from elsewhere is not affected.
    other = Client(REMOTE_ADDR="10.1.2.3").post(
        reverse("account_login"), {"login": "mentor@example.test", "password": PASSWORD}
    )
    assert other.status_code == 302


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("Tr0ub4dor&3", "too short"),  # 11 characters
        ("password1234", "too common"),
        ("839204718263", "entirely numeric"),
        ("employee-example", "too similar"),
    ],
)
def test_it_refuses_weak_passwords(personas: Any, password: str, problem: str) -> None:
    with pytest.raises(ValidationError) as error:
        validate_password(password, user=personas["employee"])
    assert problem in " ".join(error.value.messages)


def test_it_accepts_a_long_uncommon_password(personas: Any) -> None:
    validate_password("lantern-ochre-quietly-47", user=personas["employee"])


def test_it_names_the_length_rule_when_changing_a_password(personas: Any) -> None:
    client = Client()
    client.force_login(personas["employee"])
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": "Sh0rt&sweet", "password2": "Sh0rt&sweet"},
    )
    assert response.status_code == 200
    assert "at least 12 characters" in response.content.decode()
    personas["employee"].refresh_from_db()
    assert personas["employee"].check_password(PASSWORD)


def _production(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "p" * 20 + "-a-long-random-production-secret-" + "q" * 20,
        "ALLOWED_HOSTS": "belong.example.com",
    }
    # The suite's settings and the browser tests put these in the environment; production
    # has none of them.
    for name in (
        "DJANGO_SETTINGS_MODULE",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    ):
        env.pop(name, None)
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, *(["-c", code] if code else []), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_it_passes_check_deploy_in_production() -> None:
    result = _production("", "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


def test_it_secures_cookies_and_transport_in_production() -> None:
    result = _production(
        "import os, django; os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings';"
        "django.setup(); from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY,"
        " s.SESSION_COOKIE_SAMESITE, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS,"
        " s.SECURE_SSL_REDIRECT, s.X_FRAME_OPTIONS)"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True",
        "True",
        "True",
        "Lax",
        "31536000",
        "True",
        "True",
        "DENY",
    ]


def test_it_audits_a_wrong_password_without_recording_it(personas: Any) -> None:
    from belong.audit.models import AuditEvent

    Client().post(
        reverse("account_login"), {"login": "employee@example.test", "password": "not-it-123"}
    )
    Client().post(reverse("account_login"), {"login": "nobody@example.test", "password": "x"})
    events = AuditEvent.objects.filter(category="sign_in", action="denied").order_by("id")
    assert [(e.target_type, e.target_id) for e in events] == [
        ("auth.user", str(personas["employee"].pk)),
        ("", ""),
    ]
    assert all(e.detail == {"method": "password"} for e in events)
    assert "not-it-123" not in str([e.detail for e in events])
