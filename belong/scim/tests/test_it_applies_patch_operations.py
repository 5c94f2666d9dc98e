"""PATCH operations on a SCIM document, in every form identity providers send them."""

from __future__ import annotations

from typing import Any

import pytest

from belong.scim.patch import apply_patch
from belong.scim.protocol import ScimError
from belong.scim.schemas import ENTERPRISE_URN, GROUP_URN, USER_URN

USER: dict[str, Any] = {
    "userName": "ada@acme.test",
    "name": {"givenName": "Ada", "familyName": "Lovelace"},
    "emails": [
        {"value": "ada@acme.test", "type": "work", "primary": True},
        {"value": "ada@home.test", "type": "home"},
    ],
    ENTERPRISE_URN: {"employeeNumber": "1", "manager": {"value": "7"}},
}


def patch(doc: dict[str, Any], *operations: dict[str, Any], urn: str = USER_URN) -> dict[str, Any]:
    return apply_patch(doc, {"Operations": list(operations)}, urn)


def test_no_path_merges_attributes_including_urn_keys():
    result = patch(
        USER,
        {
            "op": "replace",
            "value": {
                "DisplayName": "Ada",
                f"{ENTERPRISE_URN}:department": "R&D",
                "name.givenName": "Augusta",
            },
        },
    )
    assert result["displayName"] == "Ada"
    assert result[ENTERPRISE_URN]["department"] == "R&D"
    assert result["name"] == {"givenName": "Augusta", "familyName": "Lovelace"}
    assert USER["name"]["givenName"] == "Ada"  # the input is left untouched


def test_paths_with_filters_update_remove_or_seed_items():
    result = patch(
        USER,
        {"op": "replace", "path": 'emails[type eq "home"].value', "value": "a@b.test"},
        {"op": "remove", "path": 'emails[type eq "work"]'},
        {"op": "add", "path": 'emails[type eq "other"].value', "value": "c@d.test"},
    )
    assert result["emails"] == [
        {"value": "a@b.test", "type": "home"},
        {"type": "other", "value": "c@d.test"},
    ]


def test_urn_paths_reach_the_extension_and_its_sub_attributes():
    result = patch(
        USER,
        {"op": "replace", "path": f"{ENTERPRISE_URN}:manager.value", "value": "9"},
        {"op": "remove", "path": f"{ENTERPRISE_URN}:employeeNumber"},
        {"op": "replace", "path": f"{USER_URN}:userName", "value": "x@acme.test"},
    )
    assert result[ENTERPRISE_URN] == {"manager": {"value": "9"}}
    assert result["userName"] == "x@acme.test"
    assert patch(USER, {"op": "remove", "path": ENTERPRISE_URN}).get(ENTERPRISE_URN) is None


def test_members_add_without_duplicates_and_remove_in_both_forms():
    group = {"displayName": "G", "members": [{"value": "1"}, {"value": "2"}]}
    added = patch(
        group,
        {"op": "add", "path": "members", "value": [{"value": "2"}, {"value": "3"}]},
        urn=GROUP_URN,
    )
    assert [m["value"] for m in added["members"]] == ["1", "2", "3"]
    rfc = patch(added, {"op": "remove", "path": 'members[value eq "2"]'}, urn=GROUP_URN)
    assert [m["value"] for m in rfc["members"]] == ["1", "3"]
    entra = patch(
        added, {"op": "remove", "path": "members", "value": [{"value": "1"}]}, urn=GROUP_URN
    )
    assert [m["value"] for m in entra["members"]] == ["2", "3"]
    everyone = patch(added, {"op": "remove", "path": "members"}, urn=GROUP_URN)
    assert "members" not in everyone
    either = patch(
        added, {"op": "remove", "path": 'members[value eq "1" or value eq "3"]'}, urn=GROUP_URN
    )
    assert [m["value"] for m in either["members"]] == ["2"]


@pytest.mark.parametrize(
    ("body", "scim_type"),
    [
        ({}, "invalidSyntax"),
        ({"Operations": [{"op": "move", "path": "title"}]}, "invalidSyntax"),
        ({"Operations": [{"op": "remove"}]}, "noTarget"),
        ({"Operations": [{"op": "add", "value": "x"}]}, "invalidValue"),
        ({"Operations": [{"op": "add", "path": "urn:acme:title", "value": "x"}]}, "invalidPath"),
        ({"Operations": [{"op": "add", "path": "emails[", "value": "x"}]}, "invalidPath"),
        (
            {"Operations": [{"op": "replace", "path": 'emails[type gt "x"].value', "value": "y"}]},
            "invalidFilter",
        ),
    ],
)
def test_it_refuses_operations_it_cannot_apply(body, scim_type):
    with pytest.raises(ScimError) as refused:
        apply_patch(USER, body, USER_URN)
    assert refused.value.status == 400 and refused.value.scim_type == scim_type
