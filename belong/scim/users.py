"""A Person as a SCIM User and back: the attribute mapping in one place.

| SCIM                                   | Belong                                         |
| -------------------------------------- | ---------------------------------------------- |
| id                                     | Person.id                                      |
| userName                               | the sign-in User's username (else Person.email)|
| externalId                             | ScimUser.external_id                           |
| name.givenName/familyName/formatted    | Person.legal_name (parts kept on ScimUser)     |
| displayName                            | Person.preferred_name                          |
| emails (primary, else first)           | Person.email (all kept on ScimUser)            |
| title                                  | Person.title                                   |
| active                                 | Person.exit_date (and User.is_active)          |
| preferredLanguage, locale, timezone    | ScimUser; timezone also picks the site at hire |
| enterprise employeeNumber              | Person.employee_id                             |
| enterprise department                  | Person.org_unit                                |
| enterprise manager.value               | Person.manager (a SCIM User id)                |

Self-identification is never provisioned: a payload carrying it is refused (see
SELF_ID_NAMES), so an IdP attribute mapping cannot leak it into Belong.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from belong.people.models import Person
from belong.scim.patch import canonical
from belong.scim.protocol import ScimError, version_of
from belong.scim.schemas import ENTERPRISE_URN, USER_URN

# Attribute names (lower case, anywhere in a payload) that carry self-identification.
SELF_ID_NAMES = {
    "gender",
    "genderidentity",
    "sex",
    "ethnicity",
    "race",
    "disability",
    "disabilitystatus",
    "sexualorientation",
    "veteranstatus",
    "pronouns",
    "religion",
    "selfidentification",
    "selfid",
}
_PASSTHROUGH = ("name", "emails", "preferredLanguage", "locale", "timezone")


def _scim_of(person: Person) -> Any:
    try:
        return person.scim
    except Person.scim.RelatedObjectDoesNotExist:
        return None


def user_name_of(person: Person) -> str:
    annotated = getattr(person, "scim_user_name", None)
    if annotated:
        return str(annotated)
    return person.user.username if person.user_id and person.user else person.email


def user_location(base_url: str, person_id: int | str) -> str:
    return f"{base_url}/Users/{person_id}"


def user_resource(person: Person, base_url: str) -> dict[str, Any]:
    """The SCIM User for a person. For people the IdP manages, an attribute appears only
    if the IdP set it (so a removed attribute reads back as unassigned); mapped ones are
    read live from the Person so HR's later changes show."""
    scim = _scim_of(person)
    managed: dict[str, Any] | None = scim.attributes if scim is not None else None
    doc: dict[str, Any] = {"schemas": [USER_URN], "id": str(person.pk)}
    if scim is not None and scim.external_id:
        doc["externalId"] = scim.external_id
    doc["userName"] = user_name_of(person)
    enterprise: dict[str, Any] = {}
    manager = (
        {"value": str(person.manager_id), "$ref": user_location(base_url, person.manager_id)}
        if person.manager_id
        else None
    )
    if managed is None:
        doc["name"] = {"formatted": person.legal_name}
        doc["displayName"] = person.display_name
        if person.title:
            doc["title"] = person.title
        doc["emails"] = [{"value": person.email, "type": "work", "primary": True}]
        doc["active"] = person.is_active
        enterprise["employeeNumber"] = person.employee_id
        enterprise["department"] = person.org_unit.name
        if manager:
            enterprise["manager"] = manager
    else:
        for key in _PASSTHROUGH:
            if key in managed:
                doc[key] = managed[key]
        if "displayName" in managed and person.preferred_name:
            doc["displayName"] = person.preferred_name
        if "title" in managed and person.title:
            doc["title"] = person.title
        if "active" in managed or not person.is_active:
            doc["active"] = person.is_active
        sent = managed.get("enterprise", {})
        if "employeeNumber" in sent:
            enterprise["employeeNumber"] = person.employee_id
        if "department" in sent:
            unit = person.org_unit
            enterprise["department"] = (
                unit.full_name if sent["department"] == unit.full_name else unit.name
            )
        if "manager" in sent and manager:
            enterprise["manager"] = manager
    if enterprise:
        doc["schemas"].append(ENTERPRISE_URN)
        doc[ENTERPRISE_URN] = enterprise
    created = scim.created_at if scim is not None else person.created_at
    doc["meta"] = {
        "resourceType": "User",
        "created": min(created, person.created_at).isoformat(),
        "lastModified": max(
            person.updated_at, scim.updated_at if scim is not None else person.updated_at
        ).isoformat(),
        "location": user_location(base_url, person.pk),
    }
    doc["meta"]["version"] = version_of(doc)
    return doc


@dataclass
class UserInput:
    """A validated SCIM User payload (POST, PUT, or the result of a PATCH)."""

    user_name: str
    external_id: str = ""
    given_name: str = ""
    family_name: str = ""
    formatted_name: str = ""
    display_name: str = ""
    title: str = ""
    email: str = ""
    active: bool | None = None
    employee_number: str = ""
    department: str = ""
    manager_id: int | None = None
    timezone: str = ""
    # What the IdP sent, kept on ScimUser (passthrough attributes and which mapped ones it set)
    attributes: dict[str, Any] = field(default_factory=dict)

    @property
    def legal_name(self) -> str:
        return (
            self.formatted_name
            or " ".join(p for p in (self.given_name, self.family_name) if p)
            or self.display_name
            or self.user_name
        )


def _refuse_self_id(value: Any, where: str = "") -> None:
    if isinstance(value, dict):
        for key, sub in value.items():
            bare = key.rsplit(":", 1)[-1].lower()
            if bare in SELF_ID_NAMES or "selfid" in key.lower().replace("-", ""):
                raise ScimError(
                    400,
                    f"'{where}{key}' is self-identification, which Belong never accepts "
                    "through SCIM; people share it themselves. Remove it from the "
                    "attribute mapping.",
                    "invalidValue",
                )
            _refuse_self_id(sub, f"{where}{key}.")
    elif isinstance(value, list):
        for item in value:
            _refuse_self_id(item, where)


def _text(value: Any, name: str, max_length: int, *, required: bool = False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ScimError(400, f"'{name}' must be a string.", "invalidValue")
    value = value.strip()
    if required and not value:
        raise ScimError(400, f"'{name}' is required and must not be empty.", "invalidValue")
    if len(value) > max_length:
        raise ScimError(400, f"'{name}' is longer than {max_length} characters.", "invalidValue")
    return str(value)


def _bool(value: Any, name: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in {"true", "false"}:
        return value.lower() == "true"  # Entra sends "False"
    raise ScimError(400, f"'{name}' must be true or false.", "invalidValue")


def _canonical_keys(body: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in body.items():
        if key.lower() == ENTERPRISE_URN.lower():
            out[ENTERPRISE_URN] = value
        elif key.lower().startswith(USER_URN.lower() + ":"):
            out[canonical(key[len(USER_URN) + 1 :])] = value
        elif key.lower().startswith(ENTERPRISE_URN.lower() + ":"):
            out.setdefault(ENTERPRISE_URN, {})[key[len(ENTERPRISE_URN) + 1 :]] = value
        else:
            out[canonical(key)] = value
    return out


def parse_user(body: dict[str, Any]) -> UserInput:
    _refuse_self_id(body)
    data = _canonical_keys(body)
    result = UserInput(user_name=_text(data.get("userName"), "userName", 150, required=True))
    result.external_id = _text(data.get("externalId"), "externalId", 255)
    kept: dict[str, Any] = {}

    name = data.get("name")
    if name is not None:
        if not isinstance(name, dict):
            raise ScimError(400, "'name' must be an object.", "invalidValue")
        name = {canonical(k): v for k, v in name.items()}
        result.given_name = _text(name.get("givenName"), "name.givenName", 100)
        result.family_name = _text(name.get("familyName"), "name.familyName", 100)
        result.formatted_name = _text(name.get("formatted"), "name.formatted", 200)
        parts = {
            k: getattr(result, attr)
            for k, attr in (
                ("formatted", "formatted_name"),
                ("givenName", "given_name"),
                ("familyName", "family_name"),
            )
            if getattr(result, attr)
        }
        if parts:
            kept["name"] = parts

    if "displayName" in data and data["displayName"] not in (None, ""):
        result.display_name = _text(data["displayName"], "displayName", 200)
        kept["displayName"] = True
    if "title" in data and data["title"] not in (None, ""):
        result.title = _text(data["title"], "title", 200)
        kept["title"] = True
    if data.get("active") is not None:
        result.active = _bool(data["active"], "active")
        kept["active"] = True

    emails = data.get("emails")
    if emails not in (None, []):
        kept["emails"], result.email = _emails(emails)

    for key, limit in (("preferredLanguage", 64), ("locale", 64), ("timezone", 64)):
        value = _text(data.get(key), key, limit)
        if value:
            kept[key] = value
    result.timezone = kept.get("timezone", "")

    enterprise = data.get(ENTERPRISE_URN)
    if enterprise is not None:
        if not isinstance(enterprise, dict):
            raise ScimError(400, f"'{ENTERPRISE_URN}' must be an object.", "invalidValue")
        kept["enterprise"] = _enterprise(enterprise, result)
    result.attributes = kept
    return result


def _emails(emails: Any) -> tuple[list[dict[str, Any]], str]:
    if not isinstance(emails, list):
        raise ScimError(400, "'emails' must be a list.", "invalidValue")
    kept = []
    for item in emails:
        if not isinstance(item, dict):
            raise ScimError(400, "Each entry of 'emails' must be an object.", "invalidValue")
        item = {canonical(k): v for k, v in item.items()}
        value = _text(item.get("value"), "emails.value", 254, required=True)
        try:
            validate_email(value)
        except ValidationError:
            raise ScimError(
                400, f"'emails.value' is not a valid email address: {value}", "invalidValue"
            ) from None
        entry: dict[str, Any] = {"value": value}
        if item.get("type") not in (None, ""):
            entry["type"] = _text(item["type"], "emails.type", 40)
        if item.get("primary") is not None:
            entry["primary"] = _bool(item["primary"], "emails.primary")
        kept.append(entry)
    if sum(1 for e in kept if e.get("primary")) > 1:
        raise ScimError(400, "Only one of 'emails' may be primary.", "invalidValue")
    primary = next((e for e in kept if e.get("primary")), kept[0])
    return kept, str(primary["value"])


def _enterprise(enterprise: dict[str, Any], result: UserInput) -> dict[str, Any]:
    data = {canonical(k): v for k, v in enterprise.items()}
    sent: dict[str, Any] = {}
    if data.get("employeeNumber") not in (None, ""):
        result.employee_number = _text(data["employeeNumber"], "employeeNumber", 64)
        sent["employeeNumber"] = True
    if data.get("department") not in (None, ""):
        result.department = _text(data["department"], "department", 200)
        sent["department"] = result.department
    manager = data.get("manager")
    if isinstance(manager, dict):
        manager = {canonical(k): v for k, v in manager.items()}.get("value")
    if manager not in (None, ""):
        raw = str(manager).strip()  # Entra sends the id as a bare string
        if not raw.isdigit():
            raise ScimError(
                400,
                f"'manager.value' must be the id of a SCIM User, not '{raw}'.",
                "invalidValue",
            )
        result.manager_id = int(raw)
        sent["manager"] = True
    return sent
