"""ETags (RFC 7644 §3.14): meta.version, If-None-Match reads, If-Match writes."""

from __future__ import annotations

from belong.people.models import Person


def test_a_user_carries_a_version_that_changes_with_it(scim):
    created = scim.post("/Users", {"userName": "ada@acme.test", "title": "CTO"})
    version = created.json_body["meta"]["version"]
    assert version.startswith('W/"') and created["ETag"] == version
    read = scim.get(f"/Users/{created.json_body['id']}")
    assert read["ETag"] == version == read.json_body["meta"]["version"]

    unchanged = scim.client.get(
        f"/scim/v2/Users/{created.json_body['id']}", HTTP_IF_NONE_MATCH=version
    )
    assert unchanged.status_code == 304 and unchanged["ETag"] == version

    patched = scim.patch(
        f"/Users/{created.json_body['id']}", {"op": "replace", "path": "title", "value": "CEO"}
    )
    assert patched.json_body["meta"]["version"] != version


def test_a_write_with_a_stale_version_is_refused(scim):
    created = scim.post("/Users", {"userName": "ada@acme.test", "title": "CTO"}).json_body
    stale = created["meta"]["version"]
    scim.patch(f"/Users/{created['id']}", {"op": "replace", "path": "title", "value": "CEO"})
    response = scim.client.put(
        f"/scim/v2/Users/{created['id']}",
        '{"userName": "ada@acme.test", "title": "Intern"}',
        content_type="application/scim+json",
        HTTP_IF_MATCH=stale,
    )
    assert response.status_code == 412
    assert b"If-Match" in response.content
    assert Person.objects.get(pk=int(created["id"])).title == "CEO"  # nothing written
    fresh = scim.get(f"/Users/{created['id']}")["ETag"]
    ok = scim.client.delete(f"/scim/v2/Users/{created['id']}", HTTP_IF_MATCH=fresh)
    assert ok.status_code == 204


def test_a_group_version_follows_its_members(scim, personas):
    employee = personas["employee"].person
    created = scim.post("/Groups", {"displayName": "G"}).json_body
    version = created["meta"]["version"]
    scim.patch(
        f"/Groups/{created['id']}",
        {"op": "add", "path": "members", "value": [{"value": str(employee.pk)}]},
    )
    after = scim.get(f"/Groups/{created['id']}")["ETag"]
    assert after != version
    refused = scim.client.delete(f"/scim/v2/Groups/{created['id']}", HTTP_IF_MATCH=version)
    assert refused.status_code == 412
