"""SAML through allauth, configured from BELONG_SAML_* alone: metadata, the redirect to the IdP,
and a full round trip with an assertion signed by a test IdP key (python3-saml checks it)."""

from __future__ import annotations

import base64
import datetime as dt
import uuid
import zlib
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.test import Client
from onelogin.saml2.utils import OneLogin_Saml2_Utils

from belong.accounts.sso_config import socialaccount_providers
from belong.audit.models import AuditEvent
from belong.common.testing import PersonFactory

IDP_ENTITY = "https://idp.acme.test/saml/metadata"
IDP_SSO = "https://idp.acme.test/saml/sso"
ACS = "http://belong.acme.test/accounts/saml/company/acs/"
SP_ENTITY = "http://belong.acme.test/accounts/saml/company/metadata/"


@pytest.fixture(scope="module")
def idp_key() -> tuple[str, str]:
    """A throwaway IdP key pair and self-signed certificate (PEM)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "idp.acme.test")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    return key_pem, cert.public_bytes(serialization.Encoding.PEM).decode()


@pytest.fixture
def saml(settings: Any, idp_key: tuple[str, str]) -> None:
    settings.SOCIALACCOUNT_PROVIDERS = socialaccount_providers(
        {
            "BELONG_SAML_IDP_ENTITY_ID": IDP_ENTITY,
            "BELONG_SAML_IDP_SSO_URL": IDP_SSO,
            "BELONG_SAML_IDP_X509CERT": idp_key[1],
            "BELONG_SAML_NAME": "Acme SAML",
            "BELONG_SAML_EMAIL_VERIFIED": "acme.test",
        }
    )
    settings.BELONG_SSO_EMPLOYEE_ID_CLAIM = "employeeNumber"
    settings.ALLOWED_HOSTS = ["belong.acme.test"]


def browser() -> Client:
    # python3-saml reads the Host header (the test client sends none) and wants a dotted name.
    return Client(HTTP_HOST="belong.acme.test")


def start_login(client: Client) -> str:
    """Press the SAML button; returns the AuthnRequest's ID after checking the redirect."""
    response = client.post("/accounts/saml/company/login/")
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == IDP_SSO
    query = parse_qs(location.query)
    request_xml = zlib.decompress(base64.b64decode(query["SAMLRequest"][0]), -15).decode()
    assert f'AssertionConsumerServiceURL="{ACS}"' in request_xml
    assert f'Destination="{IDP_SSO}"' in request_xml
    return request_xml.split(' ID="', 1)[1].split('"', 1)[0]


def signed_response(idp_key: tuple[str, str], request_id: str, attributes: dict[str, str]) -> str:
    now = dt.datetime.now(dt.UTC)
    stamp = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    later = (now + dt.timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:%SZ")
    before = (now - dt.timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    values = "".join(
        f'<saml:Attribute Name="{name}"><saml:AttributeValue>{value}</saml:AttributeValue>'
        "</saml:Attribute>"
        for name, value in attributes.items()
    )
    assertion = (
        '<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" '
        f'ID="_a{uuid.uuid4().hex}" Version="2.0" IssueInstant="{stamp}">'
        f"<saml:Issuer>{IDP_ENTITY}</saml:Issuer>"
        "<saml:Subject><saml:NameID "
        'Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">subject-1</saml:NameID>'
        '<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">'
        f'<saml:SubjectConfirmationData NotOnOrAfter="{later}" Recipient="{ACS}" '
        f'InResponseTo="{request_id}"/></saml:SubjectConfirmation></saml:Subject>'
        f'<saml:Conditions NotBefore="{before}" NotOnOrAfter="{later}">'
        f"<saml:AudienceRestriction><saml:Audience>{SP_ENTITY}</saml:Audience>"
        "</saml:AudienceRestriction></saml:Conditions>"
        f'<saml:AuthnStatement AuthnInstant="{stamp}" SessionIndex="_s1"><saml:AuthnContext>'
        "<saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:"
        "PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext>"
        "</saml:AuthnStatement>"
        f"<saml:AttributeStatement>{values}</saml:AttributeStatement></saml:Assertion>"
    )
    signed = OneLogin_Saml2_Utils.add_sign(assertion, idp_key[0], idp_key[1])
    signed_text = signed.decode() if isinstance(signed, bytes) else signed
    signed_text = signed_text.split("?>", 1)[-1].strip()
    response = (
        '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" '
        'xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" '
        f'ID="_r{uuid.uuid4().hex}" Version="2.0" IssueInstant="{stamp}" '
        f'Destination="{ACS}" InResponseTo="{request_id}">'
        f"<saml:Issuer>{IDP_ENTITY}</saml:Issuer>"
        '<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/>'
        f"</samlp:Status>{signed_text}</samlp:Response>"
    )
    return base64.b64encode(response.encode()).decode()


def post_to_acs(client: Client, saml_response: str) -> Any:
    arrived = client.post("/accounts/saml/company/acs/", {"SAMLResponse": saml_response})
    assert arrived.status_code == 302
    return client.get(arrived["Location"])


def test_it_serves_the_service_provider_metadata(saml: None, db: None) -> None:
    response = browser().get("/accounts/saml/company/metadata/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/xml")
    xml = response.content.decode()
    assert f'entityID="{SP_ENTITY}"' in xml
    assert f'Location="{ACS}"' in xml


def test_it_shows_the_saml_button_and_redirects_to_the_idp(saml: None, db: None) -> None:
    page = browser().get("/accounts/login/")
    assert "Sign in with Acme SAML" in page.content.decode()
    start_login(browser())


def test_it_signs_in_with_a_signed_assertion(saml: None, db: None, idp_key: Any) -> None:
    person = PersonFactory(employee_id="E777", email="lin@acme.test", preferred_name="Lin")
    client = browser()
    request_id = start_login(client)

    home = post_to_acs(
        client,
        signed_response(idp_key, request_id, {"uid": "subject-1", "email": "lin@acme.test"}),
    )

    assert home.status_code == 302 and home["Location"] == "/"
    assert client.get("/").status_code == 200
    person.refresh_from_db()
    assert person.user is not None
    assert client.session["_auth_user_id"] == str(person.user_id)
    assert AuditEvent.objects.filter(actor_id=person.user_id, detail__linked_by="email").exists()


def test_it_links_by_the_employee_number_attribute(saml: None, db: None, idp_key: Any) -> None:
    person = PersonFactory(employee_id="E778", email="kim@acme.test")
    client = browser()
    request_id = start_login(client)
    post_to_acs(
        client,
        signed_response(idp_key, request_id, {"uid": "subject-2", "employeeNumber": "E778"}),
    )
    person.refresh_from_db()
    assert client.session["_auth_user_id"] == str(person.user_id)


def test_it_refuses_an_assertion_for_nobody_in_hr(saml: None, db: None, idp_key: Any) -> None:
    client = browser()
    request_id = start_login(client)
    page = post_to_acs(
        client,
        signed_response(idp_key, request_id, {"uid": "subject-3", "email": "x@acme.test"}),
    )
    assert page.status_code == 403
    assert "_auth_user_id" not in client.session


def test_it_rejects_an_assertion_signed_by_another_key(saml: None, db: None) -> None:
    PersonFactory(email="mallory@acme.test")
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "evil.test")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(other_key.public_key())
        .serial_number(1)
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .sign(other_key, hashes.SHA256())
    )
    forged_key = (
        other_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode(),
        cert.public_bytes(serialization.Encoding.PEM).decode(),
    )
    client = browser()
    request_id = start_login(client)
    page = post_to_acs(
        client,
        signed_response(forged_key, request_id, {"uid": "m", "email": "mallory@acme.test"}),
    )
    assert page.status_code != 302
    assert "_auth_user_id" not in client.session
