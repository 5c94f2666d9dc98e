"""The discovery documents: ServiceProviderConfig, Schemas and ResourceTypes.

The User, Group and enterprise schemas are the RFC 7643 definitions (taken from
scim2-models) cut down to the attributes Belong stores, so a client learns exactly what
round-trips. Only features that work are advertised: PATCH, filtering and ETags yes; bulk,
sort and password changes no.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from scim2_models import (
    Context,
    EnterpriseUser,
    Group,
    ResourceType,
    Schema,
    ServiceProviderConfig,
    User,
)

USER_URN = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP_URN = "urn:ietf:params:scim:schemas:core:2.0:Group"
ENTERPRISE_URN = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
LIST_URN = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
PATCH_URN = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
SEARCH_URN = "urn:ietf:params:scim:api:messages:2.0:SearchRequest"
ERROR_URN = "urn:ietf:params:scim:api:messages:2.0:Error"
SPC_URN = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"
RESOURCE_TYPE_URN = "urn:ietf:params:scim:schemas:core:2.0:ResourceType"
SCHEMA_URN = "urn:ietf:params:scim:schemas:core:2.0:Schema"

MAX_RESULTS = 200
DOCS_URL = "https://github.com/belong-project/belong/blob/main/docs/scim.md"

# attribute -> kept sub-attributes (None: a simple attribute)
_KEEP: dict[str, dict[str, set[str] | None]] = {
    USER_URN: {
        "userName": None,
        "name": {"formatted", "givenName", "familyName"},
        "displayName": None,
        "title": None,
        "preferredLanguage": None,
        "locale": None,
        "timezone": None,
        "active": None,
        "emails": {"value", "type", "primary"},
    },
    ENTERPRISE_URN: {
        "employeeNumber": None,
        "department": None,
        "manager": {"value", "$ref"},
    },
    GROUP_URN: {"displayName": None, "members": {"value", "$ref"}},
}


def _trimmed(model: Any) -> dict[str, Any]:
    doc: dict[str, Any] = model.to_schema().model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE)
    keep = _KEEP[doc["id"]]
    attributes = []
    for attribute in doc["attributes"]:
        if attribute["name"] not in keep:
            continue
        subs = keep[attribute["name"]]
        if subs is not None:
            attribute["subAttributes"] = [
                sub for sub in attribute["subAttributes"] if sub["name"] in subs
            ]
            for sub in attribute["subAttributes"]:
                # Identity providers send a manager or member as a bare id.
                sub["required"] = False
                if sub["name"] == "$ref":
                    sub["referenceTypes"] = ["User"]
        attributes.append(attribute)
    doc["attributes"] = attributes
    return doc


def _core(model: Any) -> dict[str, Any]:
    return dict(model.to_schema().model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE))


@cache
def _all_schemas() -> tuple[dict[str, Any], ...]:
    return (
        _trimmed(User),
        _trimmed(Group),
        _trimmed(EnterpriseUser),
        _core(ServiceProviderConfig),
        _core(ResourceType),
        _core(Schema),
    )


def schemas(base_url: str) -> list[dict[str, Any]]:
    return [_with_meta(doc, "Schema", f"{base_url}/Schemas/{doc['id']}") for doc in _all_schemas()]


def _with_meta(doc: dict[str, Any], resource_type: str, location: str) -> dict[str, Any]:
    return {
        "schemas": [SCHEMA_URN if resource_type == "Schema" else RESOURCE_TYPE_URN],
        **doc,
        "meta": {"resourceType": resource_type, "location": location},
    }


def resource_types(base_url: str) -> list[dict[str, Any]]:
    return [
        {
            "schemas": [RESOURCE_TYPE_URN],
            "id": "User",
            "name": "User",
            "description": "A person in Belong",
            "endpoint": "/Users",
            "schema": USER_URN,
            "schemaExtensions": [{"schema": ENTERPRISE_URN, "required": False}],
            "meta": {"resourceType": "ResourceType", "location": f"{base_url}/ResourceTypes/User"},
        },
        {
            "schemas": [RESOURCE_TYPE_URN],
            "id": "Group",
            "name": "Group",
            "description": "A group whose members receive a Belong role",
            "endpoint": "/Groups",
            "schema": GROUP_URN,
            "schemaExtensions": [],
            "meta": {
                "resourceType": "ResourceType",
                "location": f"{base_url}/ResourceTypes/Group",
            },
        },
    ]


def service_provider_config(base_url: str) -> dict[str, Any]:
    return {
        "schemas": [SPC_URN],
        "documentationUri": DOCS_URL,
        "patch": {"supported": True},
        "bulk": {"supported": False, "maxOperations": 0, "maxPayloadSize": 0},
        "filter": {"supported": True, "maxResults": MAX_RESULTS},
        "changePassword": {"supported": False},
        "sort": {"supported": False},
        "etag": {"supported": True},
        "authenticationSchemes": [
            {
                "type": "oauthbearertoken",
                "name": "Bearer token",
                "description": "A SCIM token created by a Belong administrator.",
                "specUri": "https://www.rfc-editor.org/rfc/rfc6750",
                "documentationUri": DOCS_URL,
                "primary": True,
            }
        ],
        "meta": {
            "resourceType": "ServiceProviderConfig",
            "location": f"{base_url}/ServiceProviderConfig",
        },
    }
