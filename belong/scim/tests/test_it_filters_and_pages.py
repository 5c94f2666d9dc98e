"""Filtering, paging, attribute selection and the discovery documents."""

from __future__ import annotations

import pytest

from belong.common.testing import PersonFactory
from belong.scim.schemas import ENTERPRISE_URN


@pytest.fixture
def people(scim, personas):
    made = [
        scim.post(
            "/Users",
            {
                "userName": f"user{i}@acme.test",
                "externalId": f"ext-{i}",
                "displayName": f"Person {i}",
                "emails": [{"value": f"user{i}@acme.test", "primary": True}],
                ENTERPRISE_URN: {"employeeNumber": f"N{i}", "department": "Sales"},
            },
        ).json_body
        for i in range(5)
    ]
    return made


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ('userName eq "USER1@acme.test"', ["user1@acme.test"]),  # case-insensitive
        ('externalId eq "ext-2"', ["user2@acme.test"]),
        ('externalId eq "EXT-2"', []),  # case-exact (RFC 7643 §3.1)
        ('userName eq "Employee@Example.test"', ["employee@example.test"]),  # has a sign-in
        (
            'not (userName eq "user1@acme.test") and displayName sw "Person"',
            ["user0@acme.test", "user2@acme.test", "user3@acme.test", "user4@acme.test"],
        ),
        ('emails.value eq "user3@acme.test"', ["user3@acme.test"]),
        ('emails[value eq "user3@acme.test"]', ["user3@acme.test"]),
        ('displayName eq "Person 4"', ["user4@acme.test"]),
        (
            'userName eq "user1@acme.test" or externalId eq "ext-2"',
            ["user1@acme.test", "user2@acme.test"],
        ),
        ('userName sw "user" and displayName eq "Person 0"', ["user0@acme.test"]),
        (f'{ENTERPRISE_URN}:employeeNumber eq "N3"', ["user3@acme.test"]),
        ('not (userName sw "user") and externalId pr', []),
    ],
)
def test_it_filters_users(scim, people, expression, expected):
    response = scim.get("/Users", filter=expression)
    assert response.status_code == 200, response.json_body
    assert sorted(r["userName"] for r in response.json_body["Resources"]) == expected


@pytest.mark.parametrize(
    ("expression", "detail"),
    [
        ('nickName eq "x"', "'nickName'"),
        ('userName eq "x" and', "could not be read"),
        ("userName zz 3", "could not be read"),
    ],
)
def test_it_refuses_a_filter_it_cannot_honour(scim, people, expression, detail):
    response = scim.get("/Users", filter=expression)
    assert response.status_code == 400
    assert response.json_body["scimType"] == "invalidFilter"
    assert detail in response.json_body["detail"]


def test_it_pages_with_start_index_and_count(scim, people, personas):
    everyone = scim.get("/Users").json_body
    total = everyone["totalResults"]
    assert total == 5 + 6  # five provisioned, six personas with a person record
    page = scim.get("/Users", startIndex=3, count=4).json_body
    assert page["totalResults"] == total
    assert page["startIndex"] == 3 and page["itemsPerPage"] == 4
    assert [r["id"] for r in page["Resources"]] == [r["id"] for r in everyone["Resources"][2:6]]
    assert scim.get("/Users", count=0).json_body["Resources"] == []
    assert scim.get("/Users", startIndex=0, count=1).json_body["startIndex"] == 1
    bad = scim.get("/Users", count="many")
    assert bad.status_code == 400 and "'count'" in bad.json_body["detail"]


def test_search_by_post_reads_the_same_parameters(scim, people):
    response = scim.post(
        "/Users/.search",
        {
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
            "filter": 'externalId eq "ext-1"',
            "attributes": ["userName"],
        },
    )
    assert response.status_code == 200
    assert response.json_body["Resources"] == [
        {
            "schemas": response.json_body["Resources"][0]["schemas"],
            "id": people[1]["id"],
            "userName": "user1@acme.test",
        }
    ]


def test_it_returns_only_the_attributes_asked_for(scim, people):
    one = scim.get(f"/Users/{people[0]['id']}", attributes=f"userName,{ENTERPRISE_URN}:department")
    assert set(one.json_body) == {"schemas", "id", "userName", ENTERPRISE_URN}
    assert one.json_body[ENTERPRISE_URN] == {"department": "Sales"}
    less = scim.get(f"/Users/{people[0]['id']}", excludedAttributes="emails,meta")
    assert "emails" not in less.json_body and "meta" not in less.json_body
    assert less.json_body["userName"] == "user0@acme.test"


def test_listing_users_takes_a_fixed_number_of_queries(scim, people, count_queries):
    with count_queries() as few:
        scim.get("/Users")
    for _ in range(20):
        PersonFactory()
    with count_queries() as many:
        response = scim.get("/Users")
    assert response.json_body["totalResults"] == 31
    assert len(many.captured_queries) == len(few.captured_queries) <= 5


def test_listing_groups_takes_a_fixed_number_of_queries(scim, people, count_queries):
    members = [{"value": p["id"]} for p in people]
    scim.post("/Groups", {"displayName": "G0", "members": members})
    with count_queries() as few:
        scim.get("/Groups")
    for i in range(1, 6):
        scim.post("/Groups", {"displayName": f"G{i}", "members": members})
    with count_queries() as many:
        response = scim.get("/Groups")
    assert response.json_body["totalResults"] == 6
    assert len(many.captured_queries) == len(few.captured_queries) <= 5


def test_discovery_documents_advertise_only_what_works(scim):
    config = scim.get("/ServiceProviderConfig").json_body
    assert config["patch"]["supported"] is True
    assert config["filter"] == {"supported": True, "maxResults": 200}
    assert config["etag"]["supported"] is True
    for feature in ("bulk", "sort", "changePassword"):
        assert config[feature]["supported"] is False
    assert config["authenticationSchemes"][0]["type"] == "oauthbearertoken"
    types = scim.get("/ResourceTypes").json_body
    assert [t["id"] for t in types["Resources"]] == ["User", "Group"]
    assert scim.get("/ResourceTypes/User").json_body["schemaExtensions"] == [
        {"schema": ENTERPRISE_URN, "required": False}
    ]
    schemas = scim.get("/Schemas").json_body["Resources"]
    user = next(s for s in schemas if s["name"] == "User")
    assert {a["name"] for a in user["attributes"]} == {
        "userName",
        "name",
        "displayName",
        "title",
        "preferredLanguage",
        "locale",
        "timezone",
        "active",
        "emails",
    }
    assert scim.get(f"/Schemas/{ENTERPRISE_URN}").status_code == 200
    assert scim.get("/Schemas/urn:nope").status_code == 404
    assert scim.get("/Nope").status_code == 404
    refused = scim._send("post", "/ServiceProviderConfig", {})
    assert refused.status_code == 405 and refused.json_body["status"] == "405"
