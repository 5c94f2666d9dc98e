"""allauth's provider settings built from environment variables, so SSO needs no database setup.

Read by `config/settings.py`; kept free of Django imports so settings can load it early.
Every variable is described in `.env.example` and `docs/sso.md`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from belong.common.env import EnvError, env_bool, env_list, env_str

# Where identity providers usually put the email and the employee number in a SAML assertion
# (Entra ID / ADFS claim URIs, Okta and Keycloak friendly names, the LDAP OIDs).
SAML_EMAIL_ATTRIBUTES = [
    "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
    "email",
    "mail",
    "urn:oid:0.9.2342.19200300.100.1.3",
]
SAML_FIRST_NAME_ATTRIBUTES = [
    "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname",
    "firstName",
    "givenName",
    "urn:oid:2.5.4.42",
]
SAML_LAST_NAME_ATTRIBUTES = [
    "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname",
    "lastName",
    "sn",
    "urn:oid:2.5.4.4",
]


def _verified(raw: list[str]) -> bool | list[str]:
    """`1`/`true` trusts every email the provider sends; a list of domains trusts only those."""
    if len(raw) == 1 and raw[0].lower() in {"1", "true", "yes", "on"}:
        return True
    if not raw or (len(raw) == 1 and raw[0].lower() in {"0", "false", "no", "off"}):
        return False
    return [domain.lower() for domain in raw]


def oidc_app(environ: Mapping[str, str]) -> dict[str, Any] | None:
    issuer = env_str("BELONG_OIDC_ISSUER", environ=environ).strip()
    if not issuer:
        return None
    for name in ("BELONG_OIDC_CLIENT_ID", "BELONG_OIDC_CLIENT_SECRET"):
        if not env_str(name, environ=environ).strip():
            raise EnvError(f"{name} must be set when BELONG_OIDC_ISSUER is (see docs/sso.md)")
    settings: dict[str, Any] = {
        "server_url": issuer,
        "verified_email": _verified(env_list("BELONG_OIDC_EMAIL_VERIFIED", [], environ=environ)),
    }
    auth_method = env_str("BELONG_OIDC_TOKEN_AUTH_METHOD", environ=environ).strip()
    if auth_method:
        settings["token_auth_method"] = auth_method
    return {
        "provider_id": env_str("BELONG_OIDC_PROVIDER_ID", "company", environ=environ),
        "name": env_str("BELONG_OIDC_NAME", "Company SSO", environ=environ),
        "client_id": env_str("BELONG_OIDC_CLIENT_ID", environ=environ),
        "secret": env_str("BELONG_OIDC_CLIENT_SECRET", environ=environ),
        "settings": settings,
    }


def saml_app(environ: Mapping[str, str]) -> dict[str, Any] | None:
    metadata_url = env_str("BELONG_SAML_IDP_METADATA_URL", environ=environ).strip()
    entity_id = env_str("BELONG_SAML_IDP_ENTITY_ID", environ=environ).strip()
    if not metadata_url and not entity_id:
        return None
    idp: dict[str, Any]
    if metadata_url:
        idp = {"entity_id": entity_id, "metadata_url": metadata_url}
    else:
        for name in (
            "BELONG_SAML_IDP_ENTITY_ID",
            "BELONG_SAML_IDP_SSO_URL",
            "BELONG_SAML_IDP_X509CERT",
        ):
            if not env_str(name, environ=environ).strip():
                raise EnvError(
                    f"{name} must be set, or BELONG_SAML_IDP_METADATA_URL (see docs/sso.md)"
                )
        idp = {
            "entity_id": entity_id,
            "sso_url": env_str("BELONG_SAML_IDP_SSO_URL", environ=environ),
            "x509cert": env_str("BELONG_SAML_IDP_X509CERT", environ=environ),
        }
        slo_url = env_str("BELONG_SAML_IDP_SLO_URL", environ=environ)
        if slo_url:
            idp["slo_url"] = slo_url
    settings: dict[str, Any] = {
        "idp": idp,
        "attribute_mapping": {
            "uid": ["http://schemas.microsoft.com/identity/claims/objectidentifier", "uid"],
            "email": SAML_EMAIL_ATTRIBUTES,
            "email_verified": ["email_verified"],
            "first_name": SAML_FIRST_NAME_ATTRIBUTES,
            "last_name": SAML_LAST_NAME_ATTRIBUTES,
        },
        "verified_email": _verified(env_list("BELONG_SAML_EMAIL_VERIFIED", [], environ=environ)),
        "advanced": {
            # Accept only answers to requests we sent, signed by the IdP.
            "reject_idp_initiated_sso": True,
            "want_assertion_signed": env_bool(
                "BELONG_SAML_WANT_ASSERTION_SIGNED", True, environ=environ
            ),
        },
    }
    sp_entity_id = env_str("BELONG_SAML_SP_ENTITY_ID", environ=environ).strip()
    if sp_entity_id:
        settings["sp"] = {"entity_id": sp_entity_id}
    return {
        "name": env_str("BELONG_SAML_NAME", "Company SSO (SAML)", environ=environ),
        # allauth calls the SAML app's client id the organisation slug; it is in every URL.
        "client_id": env_str("BELONG_SAML_ORGANIZATION", "company", environ=environ),
        "settings": settings,
    }


def socialaccount_providers(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    env = environ if environ is not None else os.environ
    providers: dict[str, Any] = {
        "openid_connect": {"APPS": []},
        "saml": {"APPS": []},
    }
    oidc = oidc_app(env)
    if oidc is not None:
        providers["openid_connect"]["APPS"].append(oidc)
    saml = saml_app(env)
    if saml is not None:
        providers["saml"]["APPS"].append(saml)
    return providers


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def sso_form_action_origins(providers: Mapping[str, Any]) -> list[str]:
    """The identity providers' origins: the sign-in form redirects there, so CSP must allow it."""
    origins: list[str] = []
    for app in providers.get("openid_connect", {}).get("APPS", []):
        origins.append(_origin(app["settings"]["server_url"]))
    for app in providers.get("saml", {}).get("APPS", []):
        idp = app["settings"]["idp"]
        origins.append(_origin(idp.get("sso_url") or idp.get("metadata_url") or ""))
    return sorted({origin for origin in origins if origin})
