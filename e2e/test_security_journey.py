"""The Content-Security-Policy blocks nothing Belong itself needs: Chromium walks the pages
each demo persona can reach, and any CSP violation or script error fails the journey."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command

from e2e.conftest import ARTIFACTS, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Links that change state or leave the site are not followed.
SKIP = ("/accounts/logout", "/i18n/", "/admin/", "/api/", "/scim/", ".ics", "/export", "/download")
MAX_PAGES = 30


def watch_for_violations(page) -> list[str]:
    problems: list[str] = []

    def on_console(msg) -> None:
        source = msg.location.get("url", "")
        if source.endswith("/favicon.ico"):
            return  # the browser asks for it by itself; Belong has none
        if "Content Security Policy" in msg.text or msg.type == "error":
            problems.append(f"{page.url}: {msg.text} {source}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))
    # Also the DOM event, which reports violations the console sometimes folds together.
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error("
        "'Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI));"
    )
    return problems


def walk(page, base: str, start: str, server_errors: list[str]) -> list[str]:
    seen: set[str] = set()
    queue = [start]
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = page.goto(base + url)
        if response is None or response.status >= 500:
            server_errors.append(url)
            continue
        page.wait_for_load_state("networkidle")
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            parts = urlsplit(urljoin(page.url, href))
            if parts.netloc != urlsplit(base).netloc or any(s in parts.path for s in SKIP):
                continue
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if path not in seen and path not in queue:
                queue.append(path)
    return sorted(seen)


def test_no_page_breaks_the_content_security_policy(browser, live_server):
    call_command("seed_demo", "--people", "300", "--seed", "7", verbosity=0)
    visited: dict[str, list[str]] = {}
    problems: list[str] = []
    server_errors: list[str] = []
    for email in (
        "analyst@demo.belong.test",
        "leader@demo.belong.test",
        "employee@demo.belong.test",
    ):
        context = browser.new_context(locale="en-GB", timezone_id="Europe/Madrid")
        context.set_default_timeout(15_000)
        page = context.new_page()
        problems += watch_for_violations(page)
        try:
            page.goto(f"{live_server.url}/accounts/login/")
            sign_in(page, live_server, email, "belong-demo")
            visited[email] = walk(page, live_server.url, "/", server_errors)
            # The language switcher submits from a static script, not an inline handler.
            page.goto(f"{live_server.url}/people/")
            page.select_option("#lang-select", "es")
            page.wait_for_load_state("networkidle")
            assert page.locator("html").get_attribute("lang") == "es"
            page.select_option("#lang-select", "en")
            page.wait_for_load_state("networkidle")
        finally:
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"csp-{email.split('@')[0]}.png"), full_page=True)
            context.close()

    csp = [p for p in problems if "Content Security Policy" in p]
    assert not csp, "\n".join(csp)
    assert not server_errors, f"pages failing with a server error: {server_errors}"
    assert not problems, "\n".join(problems)
    # The walk reached the product, not just the home page.
    assert len(visited["analyst@demo.belong.test"]) >= 15
    assert any(p.startswith("/insights/") for p in visited["analyst@demo.belong.test"])
    assert any(p.startswith("/groups/") for p in visited["leader@demo.belong.test"])


def test_the_mfa_pages_work_under_the_content_security_policy(page, live_server, personas):
    problems = watch_for_violations(page)
    sign_in(page, live_server, "employee@example.test", "correct-horse-battery")
    page.get_by_role("link", name="Sign-in security").click()
    page.get_by_role("heading", name="Two-Factor Authentication").wait_for()
    page.goto(f"{live_server.url}/accounts/2fa/totp/activate/")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Confirm").click()
    page.locator("img[src^='data:image/svg+xml']").wait_for()
    page.screenshot(path=str(ARTIFACTS / "mfa-activate-totp.png"), full_page=True)
    assert not problems, "\n".join(problems)

    # The watcher itself works: an injected inline handler is refused and reported.
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<img src=x onerror=\"1\">')")
    page.wait_for_timeout(500)
    assert any("Content Security Policy" in p for p in problems), problems


def test_the_api_docs_work_under_the_content_security_policy(page, live_server, personas):
    problems = watch_for_violations(page)
    sign_in(page, live_server, "administrator@example.test", "correct-horse-battery")
    page.goto(f"{live_server.url}/api/docs")
    page.locator(".swagger-ui .info .title").wait_for()
    page.locator(".opblock").first.wait_for()
    assert not problems, "\n".join(problems)


def test_a_person_signs_in_through_sso_in_the_browser(page, live_server, settings):
    """The SSO button, the provider's own page and the way back, in Chromium under the CSP."""
    from oidc_provider_mock import run_server_in_thread

    from belong.accounts.sso_config import socialaccount_providers, sso_form_action_origins
    from belong.common.testing import PersonFactory

    PersonFactory(email="ada@acme.test", preferred_name="Ada Lovelace")
    with run_server_in_thread(port=0) as server:
        issuer = f"http://localhost:{server.server_port}"
        providers = socialaccount_providers(
            {
                "BELONG_OIDC_ISSUER": issuer,
                "BELONG_OIDC_CLIENT_ID": "belong",
                "BELONG_OIDC_CLIENT_SECRET": "belong-secret",
                "BELONG_OIDC_NAME": "Acme SSO",
            }
        )
        settings.SOCIALACCOUNT_PROVIDERS = providers
        # What settings.py computes from the environment at start-up: the provider may be posted to.
        directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
        settings.CONTENT_SECURITY_POLICY = {
            "DIRECTIVES": {
                **directives,
                "form-action": ["'self'", *sso_form_action_origins(providers)],
            }
        }
        import requests

        requests.put(
            f"{issuer}/users/ada",
            json={"email": "ada@acme.test", "email_verified": True},
            timeout=30,
        ).raise_for_status()
        problems = watch_for_violations(page)

        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_role("button", name="Sign in with Acme SSO").click()
        page.locator("input[name=sub]").fill("ada")
        page.get_by_role("button", name="Authorize").click()
        page.wait_for_url(f"{live_server.url}/")
        assert page.get_by_role("link", name="Ada Lovelace").is_visible()
        page.screenshot(path=str(ARTIFACTS / "sso-signed-in.png"), full_page=True)

    ours = [p for p in problems if p.split(": ", 1)[0].startswith(live_server.url)]
    assert not ours, "\n".join(ours)
