"""The OpenAPI document is valid and complete: what clients and Schemathesis rely on."""

from __future__ import annotations

import collections
import json

import pytest
import schemathesis
from django.core.cache import cache
from django.test import Client
from ninja import Schema

from belong.accounts.services import api_token_create
from config.api import api

ERROR_REF = "#/components/schemas/ErrorOut"


@pytest.fixture(scope="module")
def document() -> dict:
    return api_document()


def operations(document: dict):
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def test_it_is_a_valid_openapi_document(document):
    schema = schemathesis.openapi.from_dict(document)
    schema.validate()  # the OpenAPI 3.1 meta-schema, as Schemathesis checks it
    assert document["openapi"].startswith("3.1")
    assert sum(1 for _ in operations(document)) >= 120


def test_every_operation_has_an_id_a_summary_and_a_tag(document):
    ids = collections.Counter()
    for path, method, operation in operations(document):
        assert operation.get("operationId"), (method, path)
        assert operation.get("summary"), (method, path)
        assert operation.get("tags"), (method, path)
        ids[operation["operationId"]] += 1
    assert [i for i, n in ids.items() if n > 1] == []


def test_every_operation_documents_its_errors_with_the_error_body(document):
    for path, method, operation in operations(document):
        responses = operation["responses"]
        expected = {"401", "403", "429"}
        if "{" in path:
            expected |= {"404", "409"}
        if method in {"post", "put", "patch", "delete"}:
            expected |= {"400", "409"}
        assert expected <= set(responses), (method, path, sorted(responses))
        assert any(code.startswith("2") for code in responses), (method, path)
        for code in expected:
            content = responses[code].get("content", {}).get("application/json", {})
            if code == "404" and content.get("schema", {}).get("$ref") != ERROR_REF:
                continue  # an operation's own 404 body (e.g. "not a member") is documented
            assert content["schema"]["$ref"] == ERROR_REF, (method, path, code)


def test_no_two_schemas_share_a_name():
    """Ninja keys components by class name: two `ProgramOut`s would silently become one."""
    import belong  # noqa: F401 - every api module is imported by config.api

    seen: dict[str, set[str]] = collections.defaultdict(set)

    def walk(cls: type) -> None:
        for sub in cls.__subclasses__():
            if sub.__module__.startswith(("belong.", "config.")) and ".tests" not in sub.__module__:
                seen[sub.__name__].add(sub.__module__)
            walk(sub)

    walk(Schema)
    assert {name: mods for name, mods in seen.items() if len(mods) > 1} == {}


def test_errors_name_the_field(client_as, personas):
    client = client_as("administrator")
    malformed = client.post("/api/groups", "{}", content_type="application/json")
    assert malformed.status_code == 422
    assert {tuple(p["loc"])[-1] for p in malformed.json()["detail"]} >= {"name", "slug"}
    body = {"name": "Parents", "slug": "parents", "sponsor_id": "NOBODY"}
    refused = client.post("/api/groups", json.dumps(body), content_type="application/json")
    assert refused.status_code == 400
    assert list(refused.json()["errors"]) == ["sponsor_id"]


def test_every_router_is_throttled(personas):
    """One read per app's router: the second call within the window is refused with 429."""
    throttle = api.throttle[0]
    _, secret = api_token_create(user=personas["administrator"], name="busy", scopes=["admin"])
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    mounted = {
        op["tags"][0]: path
        for path, method, op in operations(api_document())
        if method == "get" and "{" not in path
    }
    saved = (throttle.num_requests, throttle.duration)
    throttle.num_requests, throttle.duration = 1, 60
    try:
        for tag, path in sorted(mounted.items()):
            cache.clear()
            first, second = client.get(path).status_code, client.get(path).status_code
            assert first != 429 and second == 429, (tag, path, first, second)
    finally:
        throttle.num_requests, throttle.duration = saved
        cache.clear()
    assert len(mounted) >= 9


def api_document() -> dict:
    return json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/")))


def test_a_value_the_database_refuses_is_a_400_not_a_server_error(client_as, monkeypatch):
    """PostgreSQL refuses NUL characters in text (SQLite stores them): the API says so."""
    from django.db import DataError

    from belong.people import queries

    def refuse(*args, **kwargs):
        raise DataError("PostgreSQL text fields cannot contain NUL (0x00) bytes")

    monkeypatch.setattr(queries, "directory_search", refuse)
    answer = client_as("employee").get("/api/people?q=a%00b")
    assert answer.status_code == 400
    assert "NUL" in answer.json()["detail"]
