"""The SCIM 2.0 HTTP endpoints under /scim/v2/ (RFC 7644)."""

from __future__ import annotations

import copy
from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from belong.people.models import Person
from belong.scim import queries, services
from belong.scim.groups import group_resource, parse_group
from belong.scim.models import ProvisionedGroup
from belong.scim.patch import apply_patch, canonical, split_urn
from belong.scim.protocol import (
    ScimError,
    check_if_match,
    read_json,
    scim_endpoint,
    scim_response,
)
from belong.scim.schemas import (
    GROUP_URN,
    LIST_URN,
    USER_URN,
    resource_types,
    schemas,
    service_provider_config,
)
from belong.scim.users import parse_user, user_resource

READ = {"GET"}


def base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("scim:service_provider_config")).rsplit("/", 1)[0]


# --- attribute selection (RFC 7644 §3.4.2.5) ----------------------------------------------


def _paths(raw: Any) -> list[str]:
    if isinstance(raw, list):
        raw = ",".join(str(p) for p in raw)
    return [p.strip() for p in str(raw or "").split(",") if p.strip()]


def _key(doc: dict[str, Any], name: str) -> str | None:
    lowered = name.lower()
    return next((k for k in doc if k.lower() == lowered), None)


def _locate(
    doc: dict[str, Any], path: str, core_urn: str
) -> tuple[dict[str, Any], str, str | None]:
    """(container, attribute key, sub-attribute) for a path, or raise KeyError."""
    urn, rest = split_urn(path, core_urn)
    container = doc
    if urn is not None:
        ext_key = _key(doc, urn)
        if ext_key is None:
            raise KeyError(path)
        if not rest:
            return doc, ext_key, None
        container = doc[ext_key]
    attr, _, sub = rest.partition(".")
    key = _key(container, canonical(attr))
    if key is None:
        raise KeyError(path)
    return container, key, canonical(sub) if sub else None


def project(doc: dict[str, Any], attributes: Any, excluded: Any, core_urn: str) -> dict[str, Any]:
    wanted, unwanted = _paths(attributes), _paths(excluded)
    if wanted:
        out: dict[str, Any] = {k: doc[k] for k in ("schemas", "id") if k in doc}
        for path in wanted:
            try:
                container, key, sub = _locate(doc, path, core_urn)
            except KeyError:
                continue
            target = out
            if container is not doc:
                urn = next(k for k, v in doc.items() if v is container)
                target = out.setdefault(urn, {})
            value = container[key]
            if sub is None:
                target[key] = copy.deepcopy(value)
            elif isinstance(value, dict) and sub in value:
                target.setdefault(key, {})[sub] = value[sub]
            elif isinstance(value, list):
                target[key] = [{sub: i[sub]} for i in value if isinstance(i, dict) and sub in i]
        return out
    if unwanted:
        out = copy.deepcopy(doc)
        for path in unwanted:
            try:
                container, key, sub = _locate(out, path, core_urn)
            except KeyError:
                continue
            if key in {"id", "schemas"}:
                continue  # returned always
            if sub is None:
                container.pop(key, None)
            elif isinstance(container[key], dict):
                container[key].pop(sub, None)
            elif isinstance(container[key], list):
                for item in container[key]:
                    if isinstance(item, dict):
                        item.pop(sub, None)
        return out
    return doc


# --- discovery ----------------------------------------------------------------------------


def _list(
    resources: list[dict[str, Any]], total: int | None = None, start: int = 1
) -> dict[str, Any]:
    return {
        "schemas": [LIST_URN],
        "totalResults": len(resources) if total is None else total,
        "startIndex": start,
        "itemsPerPage": len(resources),
        "Resources": resources,
    }


@scim_endpoint(READ)
def service_provider_config_view(request: HttpRequest) -> HttpResponse:
    return scim_response(service_provider_config(base_url(request)))


@scim_endpoint(READ)
def schemas_view(request: HttpRequest, schema_id: str | None = None) -> HttpResponse:
    found = schemas(base_url(request))
    if schema_id is None:
        return scim_response(_list(found))
    for doc in found:
        if doc["id"] == schema_id:
            return scim_response(doc)
    raise ScimError(404, f"Schema {schema_id} not found.")


@scim_endpoint(READ)
def resource_types_view(request: HttpRequest, type_id: str | None = None) -> HttpResponse:
    found = resource_types(base_url(request))
    if type_id is None:
        return scim_response(_list(found))
    for doc in found:
        if doc["id"] == type_id:
            return scim_response(doc)
    raise ScimError(404, f"Resource type {type_id} not found.")


@scim_endpoint({"POST"})
def root_search_view(request: HttpRequest) -> HttpResponse:
    raise ScimError(
        501, "Searching several resource types at once is not supported; use /Users/.search."
    )


@scim_endpoint({"GET", "POST", "PUT", "PATCH", "DELETE"})
def not_found_view(request: HttpRequest, rest: str = "") -> HttpResponse:
    raise ScimError(404, f"There is no SCIM endpoint at /{rest}.")


# --- users --------------------------------------------------------------------------------


def _query(request: HttpRequest, search: bool) -> dict[str, Any]:
    """Query parameters, or a SearchRequest body for POST /.search (RFC 7644 §3.4.3)."""
    return read_json(request) if search else dict(request.GET.items())


def _listing(request: HttpRequest, kind: str, search: bool = False) -> HttpResponse:
    params = _query(request, search)
    base = base_url(request)
    queryset = queries.people() if kind == "User" else queries.groups()
    page = queries.page_of(
        queryset,
        filter_expression=params.get("filter"),
        start_index=params.get("startIndex"),
        count=params.get("count"),
        kind=kind,
    )
    render = user_resource if kind == "User" else group_resource
    urn = USER_URN if kind == "User" else GROUP_URN
    resources = [
        project(render(item, base), params.get("attributes"), params.get("excludedAttributes"), urn)
        for item in page.items
    ]
    return scim_response(_list(resources, page.total, page.start_index))


def _one(request: HttpRequest, doc: dict[str, Any], urn: str, status: int = 200) -> HttpResponse:
    version = doc["meta"]["version"]
    headers = {"ETag": version}
    if status == 201:
        headers["Location"] = doc["meta"]["location"]
    if request.method == "GET" and version in _tags(request.headers.get("If-None-Match")):
        response = HttpResponse(status=304)
        response["ETag"] = version
        return response
    params = request.GET
    return scim_response(
        project(doc, params.get("attributes"), params.get("excludedAttributes"), urn),
        status,
        headers,
    )


def _tags(header: str | None) -> set[str]:
    return {tag.strip() for tag in (header or "").split(",") if tag.strip()}


@scim_endpoint({"GET", "POST"})
def users_view(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _listing(request, "User")
    data = parse_user(read_json(request))
    person, _created = services.scim_user_create(data=data, token=request.scim_token)  # type: ignore[attr-defined]
    return _one(
        request,
        user_resource(queries.person_by_scim_id(str(person.pk)), base_url(request)),
        USER_URN,
        201,
    )


@scim_endpoint({"POST"})
def users_search_view(request: HttpRequest) -> HttpResponse:
    return _listing(request, "User", search=True)


@scim_endpoint({"GET", "PUT", "PATCH", "DELETE"})
def user_view(request: HttpRequest, scim_id: str) -> HttpResponse:
    base = base_url(request)
    if request.method == "GET":
        return _one(request, user_resource(queries.person_by_scim_id(scim_id), base), USER_URN)
    token = request.scim_token  # type: ignore[attr-defined]
    with transaction.atomic():
        # Lock the row so If-Match compares with the version this write replaces.
        Person.objects.select_for_update().filter(pk=queries.person_by_scim_id(scim_id).pk).first()
        person = queries.person_by_scim_id(scim_id)
        current = user_resource(person, base)
        check_if_match(request, current["meta"]["version"])
        if request.method == "DELETE":
            services.scim_user_remove(person=person, token=token)
            return HttpResponse(status=204)
        if request.method == "PUT":
            data = parse_user(read_json(request))
        else:
            for key in ("meta", "id"):
                current.pop(key)
            data = parse_user(apply_patch(current, read_json(request), USER_URN))
        services.scim_user_replace(person=person, data=data, token=token)
    return _one(request, user_resource(queries.person_by_scim_id(scim_id), base), USER_URN)


# --- groups -------------------------------------------------------------------------------


@scim_endpoint({"GET", "POST"})
def groups_view(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _listing(request, "Group")
    data = parse_group(read_json(request))
    group = services.provisioned_group_create(
        display_name=data.display_name,
        external_id=data.external_id,
        member_ids=data.member_ids,
        token=request.scim_token,  # type: ignore[attr-defined]
    )
    fresh = queries.group_by_scim_id(str(group.pk))
    return _one(request, group_resource(fresh, base_url(request)), GROUP_URN, 201)


@scim_endpoint({"POST"})
def groups_search_view(request: HttpRequest) -> HttpResponse:
    return _listing(request, "Group", search=True)


@scim_endpoint({"GET", "PUT", "PATCH", "DELETE"})
def group_view(request: HttpRequest, scim_id: str) -> HttpResponse:
    base = base_url(request)
    if request.method == "GET":
        return _one(request, group_resource(queries.group_by_scim_id(scim_id), base), GROUP_URN)
    token = request.scim_token  # type: ignore[attr-defined]
    with transaction.atomic():
        ProvisionedGroup.objects.select_for_update().filter(
            pk=queries.group_by_scim_id(scim_id).pk
        ).first()
        group = queries.group_by_scim_id(scim_id)
        current = group_resource(group, base)
        check_if_match(request, current["meta"]["version"])
        if request.method == "DELETE":
            services.provisioned_group_delete(group=group, token=token)
            return HttpResponse(status=204)
        body = read_json(request)
        if request.method == "PATCH":
            for key in ("meta", "id"):
                current.pop(key)
            body = apply_patch(current, body, GROUP_URN)
        data = parse_group(body)
        services.provisioned_group_replace(
            group=group,
            display_name=data.display_name,
            external_id=data.external_id,
            member_ids=data.member_ids,
            token=token,
        )
    return _one(request, group_resource(queries.group_by_scim_id(scim_id), base), GROUP_URN)
