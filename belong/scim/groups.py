"""A ProvisionedGroup as a SCIM Group and back.

A SCIM Group is a set of people who receive one Belong role: the identity provider
manages the name and the members; an administrator maps the group to a role (and a scope)
on the provisioning page. Until mapped, the members are recorded but get no role.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from belong.scim.models import ProvisionedGroup
from belong.scim.patch import canonical
from belong.scim.protocol import ScimError, version_of
from belong.scim.schemas import GROUP_URN
from belong.scim.users import user_location


def group_resource(group: ProvisionedGroup, base_url: str) -> dict[str, Any]:
    doc: dict[str, Any] = {"schemas": [GROUP_URN], "id": str(group.pk)}
    if group.external_id:
        doc["externalId"] = group.external_id
    doc["displayName"] = group.display_name
    members = [
        {"value": str(m.person_id), "$ref": user_location(base_url, m.person_id)}
        for m in group.memberships.all()
    ]
    if members:
        doc["members"] = members
    doc["meta"] = {
        "resourceType": "Group",
        "created": group.created_at.isoformat(),
        "lastModified": group.updated_at.isoformat(),
        "location": f"{base_url}/Groups/{group.pk}",
    }
    doc["meta"]["version"] = version_of(doc)
    return doc


@dataclass
class GroupInput:
    display_name: str
    external_id: str = ""
    member_ids: list[int] = field(default_factory=list)


def parse_group(body: dict[str, Any]) -> GroupInput:
    prefix = GROUP_URN.lower() + ":"
    data = {
        canonical(k[len(prefix) :] if k.lower().startswith(prefix) else k): v
        for k, v in body.items()
    }
    name = data.get("displayName")
    if not isinstance(name, str) or not name.strip():
        raise ScimError(400, "'displayName' is required and must not be empty.", "invalidValue")
    if len(name.strip()) > 255:
        raise ScimError(400, "'displayName' is longer than 255 characters.", "invalidValue")
    external_id = data.get("externalId") or ""
    if not isinstance(external_id, str) or len(external_id) > 255:
        raise ScimError(
            400, "'externalId' must be a string of at most 255 characters.", "invalidValue"
        )
    members = data.get("members") or []
    if not isinstance(members, list):
        raise ScimError(400, "'members' must be a list.", "invalidValue")
    ids: list[int] = []
    for member in members:
        if isinstance(member, dict) and str(member.get("type") or "User").lower() == "group":
            raise ScimError(400, "Groups inside groups are not supported.", "invalidValue")
        value = member.get("value") if isinstance(member, dict) else member
        raw = str(value if value is not None else "").strip()
        if not raw.isdigit():
            raise ScimError(
                400,
                f"'members.value' must be the id of a SCIM User, not '{raw}'.",
                "invalidValue",
            )
        if int(raw) not in ids:
            ids.append(int(raw))
    return GroupInput(display_name=name.strip(), external_id=external_id.strip(), member_ids=ids)
