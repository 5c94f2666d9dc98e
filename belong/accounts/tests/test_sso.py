"""SSO against a real OpenID Connect provider (oidc-provider-mock, Authlib) on loopback.

The full authorization-code flow runs over HTTP: a requests session posts the sign-in button
on the live server, is redirected to the provider, picks the user there, comes back through
allauth's callback (which fetches the token and userinfo from the provider server to server)
and ends on Belong's home page, signed in as the matching Person — or refused.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from oidc_provider_mock import run_server_in_thread

from belong.accounts.sso_config import socialaccount_providers, sso_form_action_origins
from belong.audit.models import AuditEvent
from belong.common.testing import PersonFactory
from belong.people.models import Person


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    with run_server_in_thread(port=0) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture
def sso(provider: str, settings: Any, reference_data: None) -> str:
    """Point allauth's OpenID Connect app at the loopback provider, as the env variables would."""
    settings.SOCIALACCOUNT_PROVIDERS = socialaccount_providers(
        {
            "BELONG_OIDC_ISSUER": provider,
            "BELONG_OIDC_CLIENT_ID": "belong-test",
            "BELONG_OIDC_CLIENT_SECRET": "belong-test-secret",
            "BELONG_OIDC_NAME": "Acme SSO",
        }
    )
    settings.BELONG_SSO_EMPLOYEE_ID_CLAIM = "employee_number"
    return provider


def set_claims(provider: str, sub: str, claims: dict[str, Any]) -> None:
    response = requests.put(f"{provider}/users/{sub}", json=claims, timeout=60)
    assert response.status_code == 204, response.text


def sign_in_through_provider(live_server: Any, sub: str) -> tuple[requests.Session, Any]:
    session = requests.Session()
    login_page = session.get(f"{live_server.url}/accounts/login/", timeout=60)
    assert "Sign in with Acme SSO" in login_page.text
    action = re.search(r'<form method="post" action="(/accounts/oidc/[^"]+)"', login_page.text)
    assert action is not None, "the sign-in page has no SSO button"
    at_provider = session.post(
        live_server.url + action.group(1).replace("&amp;", "&"),
        data={"csrfmiddlewaretoken": session.cookies["csrftoken"]},
        timeout=60,
    )
    assert "/oauth2/authorize" in at_provider.url, at_provider.url
    # The provider's own consent form: choose the subject, as a person would.
    back = session.post(at_provider.url, data={"sub": sub}, timeout=60)
    return session, back


def test_it_signs_in_by_verified_email_and_links_the_person(sso: str, live_server: Any) -> None:
    person = PersonFactory(email="ada.lovelace@acme.test", preferred_name="Ada")
    set_claims(sso, "ada-sub", {"email": "Ada.Lovelace@acme.test", "email_verified": True})

    _session, home = sign_in_through_provider(live_server, "ada-sub")

    assert home.status_code == 200
    assert home.url == f"{live_server.url}/"
    assert "Sign out" in home.text and "Ada" in home.text
    person.refresh_from_db()
    assert person.user is not None
    assert person.user.email == "ada.lovelace@acme.test"
    assert not person.user.has_usable_password()
    events = AuditEvent.objects.filter(category="sign_in", actor_id=person.user_id)
    assert {e.detail.get("linked_by") for e in events} >= {"email"}
    assert events.filter(action="create", target_type="session").exists()

    # A second sign-in reuses the same account instead of creating another.
    _again_session, again = sign_in_through_provider(live_server, "ada-sub")
    assert again.url == f"{live_server.url}/"
    assert Person.objects.get(pk=person.pk).user_id == person.user_id


def test_it_links_by_the_employee_id_claim(sso: str, live_server: Any) -> None:
    person = PersonFactory(employee_id="E424242", email="grace@acme.test", preferred_name="Grace")
    # The provider's email differs from HR's and is not verified: the employee id decides.
    set_claims(sso, "grace-sub", {"email": "g.hopper@old.acme.test", "employee_number": "E424242"})

    _session, home = sign_in_through_provider(live_server, "grace-sub")

    assert home.url == f"{live_server.url}/"
    person.refresh_from_db()
    assert person.user is not None
    assert AuditEvent.objects.filter(
        category="sign_in", actor_id=person.user_id, detail__linked_by="employee_id"
    ).exists()


def test_it_refuses_an_unknown_email(sso: str, live_server: Any) -> None:
    PersonFactory(email="someone@acme.test")
    set_claims(sso, "stranger", {"email": "stranger@elsewhere.test", "email_verified": True})

    session, page = sign_in_through_provider(live_server, "stranger")

    assert page.status_code == 403
    assert "not in Belong&#x27;s HR records" in page.text
    assert "Sign out" not in page.text
    assert session.get(f"{live_server.url}/people/", timeout=60).url.startswith(
        f"{live_server.url}/accounts/login/"
    )
    assert not Person.objects.filter(user__isnull=False).exists()
    refusal = AuditEvent.objects.get(category="sign_in", action="denied")
    assert refusal.detail == {"method": "sso", "provider": "company", "reason": "no_person"}


def test_it_refuses_an_unverified_email(sso: str, live_server: Any) -> None:
    person = PersonFactory(email="eve@acme.test")
    set_claims(sso, "eve-sub", {"email": "eve@acme.test", "email_verified": False})

    _session, page = sign_in_through_provider(live_server, "eve-sub")

    assert page.status_code == 403
    person.refresh_from_db()
    assert person.user_id is None


def test_it_refuses_a_person_who_has_left(sso: str, live_server: Any) -> None:
    person = PersonFactory(
        employee_id="E900001", email="left@acme.test", exit_date=dt.date(2024, 1, 31)
    )
    set_claims(sso, "left-sub", {"employee_number": "E900001"})

    _session, page = sign_in_through_provider(live_server, "left-sub")

    assert page.status_code == 403
    assert "left the company" in page.text
    person.refresh_from_db()
    assert person.user_id is None
    assert AuditEvent.objects.filter(action="denied", detail__reason="exited").exists()


def test_it_refuses_a_linked_person_once_they_have_left(sso: str, live_server: Any) -> None:
    person = PersonFactory(email="bo@acme.test")
    set_claims(sso, "bo-sub", {"email": "bo@acme.test", "email_verified": True})
    _session, home = sign_in_through_provider(live_server, "bo-sub")
    assert home.url == f"{live_server.url}/"

    Person.objects.filter(pk=person.pk).update(exit_date=dt.date(2025, 6, 30))
    _session, page = sign_in_through_provider(live_server, "bo-sub")

    assert page.status_code == 403
    assert "left the company" in page.text
    person.refresh_from_db()
    assert AuditEvent.objects.filter(
        action="denied", actor_id=person.user_id, detail__reason="exited"
    ).exists()


def test_it_refuses_to_connect_someone_elses_company_account(sso: str, live_server: Any) -> None:
    from belong.common.testing import PASSWORD, employee_user

    employee = employee_user("employee")
    other = PersonFactory(email="other@acme.test")
    set_claims(sso, "other-sub", {"email": "other@acme.test", "email_verified": True})
    session = requests.Session()
    session.get(f"{live_server.url}/accounts/login/", timeout=60)
    signed_in = session.post(
        f"{live_server.url}/accounts/login/",
        data={
            "login": employee.email,
            "password": PASSWORD,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        timeout=60,
    )
    assert signed_in.url == f"{live_server.url}/"

    at_provider = session.post(
        f"{live_server.url}/accounts/oidc/company/login/?process=connect",
        data={"csrfmiddlewaretoken": session.cookies["csrftoken"]},
        timeout=60,
    )
    page = session.post(at_provider.url, data={"sub": "other-sub"}, timeout=60)

    assert page.status_code == 403
    assert "belongs to another person" in page.text
    other.refresh_from_db()
    assert other.user_id is None
    assert not employee.socialaccount_set.exists()
    assert AuditEvent.objects.filter(
        action="denied", actor_id=employee.pk, detail__reason="someone_else"
    ).exists()


def test_it_configures_no_provider_without_environment_variables() -> None:
    providers = socialaccount_providers({})
    assert providers["openid_connect"]["APPS"] == []
    assert providers["saml"]["APPS"] == []


def test_it_reads_the_oidc_provider_from_the_environment() -> None:
    providers = socialaccount_providers(
        {
            "BELONG_OIDC_ISSUER": "https://login.microsoftonline.com/tenant-id/v2.0",
            "BELONG_OIDC_CLIENT_ID": "client",
            "BELONG_OIDC_CLIENT_SECRET": "secret",
            "BELONG_OIDC_PROVIDER_ID": "entra",
            "BELONG_OIDC_NAME": "Microsoft",
            "BELONG_OIDC_EMAIL_VERIFIED": "acme.com, acme.co.uk",
        }
    )
    (app,) = providers["openid_connect"]["APPS"]
    assert app["provider_id"] == "entra"
    assert app["name"] == "Microsoft"
    assert app["client_id"] == "client" and app["secret"] == "secret"
    assert app["settings"]["server_url"] == "https://login.microsoftonline.com/tenant-id/v2.0"
    assert app["settings"]["verified_email"] == ["acme.com", "acme.co.uk"]
    assert sso_form_action_origins(providers) == ["https://login.microsoftonline.com"]


@pytest.mark.parametrize(
    ("environ", "missing"),
    [
        ({"BELONG_OIDC_ISSUER": "https://idp.test", "BELONG_OIDC_CLIENT_ID": "c"}, "SECRET"),
        ({"BELONG_OIDC_ISSUER": "https://idp.test", "BELONG_OIDC_CLIENT_SECRET": "s"}, "CLIENT_ID"),
        ({"BELONG_SAML_IDP_ENTITY_ID": "https://idp.test"}, "BELONG_SAML_IDP_SSO_URL"),
        (
            {"BELONG_SAML_IDP_ENTITY_ID": "e", "BELONG_SAML_IDP_SSO_URL": "https://idp.test/sso"},
            "BELONG_SAML_IDP_X509CERT",
        ),
    ],
)
def test_it_fails_loudly_on_a_half_configured_provider(
    environ: dict[str, str], missing: str
) -> None:
    from belong.common.env import EnvError

    with pytest.raises(EnvError, match=missing):
        socialaccount_providers(environ)


def test_it_reads_the_saml_idp_from_its_metadata_url() -> None:
    providers = socialaccount_providers(
        {
            "BELONG_SAML_IDP_ENTITY_ID": "http://www.okta.com/exk1",
            "BELONG_SAML_IDP_METADATA_URL": "https://acme.okta.com/app/exk1/sso/saml/metadata",
            "BELONG_SAML_ORGANIZATION": "acme",
            "BELONG_SAML_EMAIL_VERIFIED": "1",
        }
    )
    (app,) = providers["saml"]["APPS"]
    assert app["client_id"] == "acme"
    assert app["settings"]["idp"]["metadata_url"].endswith("/sso/saml/metadata")
    assert app["settings"]["verified_email"] is True
    assert app["settings"]["advanced"]["reject_idp_initiated_sso"] is True
    assert sso_form_action_origins(providers) == ["https://acme.okta.com"]


def test_it_shows_no_sso_button_when_none_is_configured(
    client: Any, settings: Any, db: None
) -> None:
    settings.SOCIALACCOUNT_PROVIDERS = socialaccount_providers({})
    page = client.get("/accounts/login/").content.decode()
    assert "Sign in with" not in page
    assert 'name="password"' in page


def test_it_links_an_existing_password_account_with_the_same_email(db: None) -> None:
    from belong.accounts.services import sso_user_link
    from belong.common.testing import UserFactory

    legacy = UserFactory(username="old-login", email="Ann@acme.test")
    person = PersonFactory(email="ann@acme.test")
    assert sso_user_link(person=person) == legacy
    person.refresh_from_db()
    assert person.user_id == legacy.pk
    # Linking again returns the same account and creates nothing.
    assert sso_user_link(person=person) == legacy
