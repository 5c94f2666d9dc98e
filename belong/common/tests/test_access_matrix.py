"""Every route and API operation x every persona: exactly the allowed results, and no leaks.

The dataset (`access_matrix_data`) is built once for the module; each test runs inside a
savepoint that is rolled back, so a refused write that wrongly succeeded cannot disturb the
next test. Rules live in `access_matrix_rules`; how to declare one is in docs/security.md.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from belong.common.tests import access_matrix_data as data
from belong.common.tests.access_matrix_api_rules import API_RULES
from belong.common.tests.access_matrix_data import MATRIX_PERSONAS, Matrix, build_matrix
from belong.common.tests.access_matrix_rules import WEB_RULES, Rule
from config.api import api as ninja_api

RULES: list[Rule] = WEB_RULES + API_RULES

# Routes left out of the matrix, by prefix of the route pattern, and why.
# Routes left out of the matrix, by the URLconf that provides them, and why. A Belong view
# mounted under /accounts/ or anywhere else is *not* left out: only these libraries' own.
EXCLUDED_URLCONFS = {
    # allauth's sign-in, sign-up, password, e-mail, MFA and social/SAML/OIDC pages: they serve
    # the signed-out flow or the signed-in user's own account only, allauth tests them, and
    # none shows product data. (Belong's own MFA/SSO rules: belong/accounts/tests.)
    "allauth.urls": "allauth's own account pages",
    "django.conf.urls.i18n": "language switcher: sets a cookie, shows nothing",
}
EXCLUDED_NAMESPACES = {
    # Django's admin: staff only, guarded by the admin site itself; its index is in the
    # matrix (nobody in the dataset is staff, so everyone is sent to the admin sign-in).
    "admin": "Django admin internals",
}
EXCLUDED_PREFIXES = {
    "static/": "static files (DEBUG only)",
    "media/": "uploaded files (DEBUG only)",
}
# The REST API's operations are enumerated from its OpenAPI document instead.
API_PREFIX = "api/"
API_PAGES = {"api:openapi-json", "api:openapi-view"}


@dataclass(frozen=True)
class Canary:
    """A sensitive marker and who may ever read it in a response."""

    text: str
    may_see: Callable[[str, Rule], bool]
    why: str


DIRECTORY = {
    "people:directory",
    "people:profile",
    "GET /api/people",
    "GET /api/people/{employee_id}",
}


def _only(*personas: str) -> Callable[[str, Rule], bool]:
    return lambda persona, rule: persona in personas


CANARIES = [
    Canary(
        data.HIDDEN_MEMBER_NAME,
        lambda persona, rule: persona == "private_member" or rule.key in DIRECTORY,
        "a private membership appears in no list: only the directory names the person",
    ),
    Canary(
        data.PRIVATE_GROUP_NAME,
        lambda persona, rule: (
            persona in {"private_member", "administrator", "hr_analyst"} or rule.variant == "quiet"
        ),
        "an unlisted group is listed for its members and administrators only "
        "(analysts see every group's aggregates); anyone may open it by direct link",
    ),
    Canary(
        data.QUIET_EVENT,
        lambda persona, rule: (
            persona in {"private_member", "administrator"} or rule.variant == "quiet"
        ),
        "an unlisted group's events are listed for its members and administrators only",
    ),
    Canary(
        data.QUIET_BADGE,
        lambda persona, rule: (
            persona in {"private_member", "administrator", "hr_analyst"} or rule.variant == "quiet"
        ),
        "a badge its wearer switched off shows on no profile; the group's own pages list it",
    ),
    Canary(
        data.CARE_MEMBER_NAME,
        lambda persona, rule: persona in {"care_member", "care_lead"} or rule.key in DIRECTORY,
        "who sits in a care circle: its facilitator knows, nobody outside it",
    ),
    Canary(
        data.SELF_ID_CANARY,
        lambda persona, rule: (
            persona == "private_member" or rule.key == "privacy:self_identification"
        ),
        "self-identification: the person alone (every form lists every answer, unchosen)",
    ),
    Canary(data.CARE_POST, _only("care_lead", "care_member"), "care-circle posts: members"),
    Canary(data.CARE_CHOSEN_NAME, _only("care_lead", "care_member"), "care names: members"),
    Canary(
        data.CARE_HELP,
        _only("care_lead", "program_manager", "administrator"),
        "a lead's help request reaches the program's managers only",
    ),
    Canary(
        data.CARE_CONCERN,
        _only("care_member", "program_manager", "administrator"),
        "a member's concern reaches the program's managers only",
    ),
    Canary(data.CIRCLE_POST, _only("mentor", "employee"), "circle discussion: members only"),
    Canary(data.SHARED_NOTE, _only("mentor", "employee"), "shared notes: the pair only"),
    Canary(data.PRIVATE_NOTE, _only("employee"), "a private note: its author only"),
    Canary(data.SURVEY_COMMENT, _only("employee"), "blind feedback: the author until both answer"),
    Canary(
        data.ERASURE_REASON,
        _only("employee", "administrator"),
        "an erasure request: the person and the administrators who carry it out",
    ),
]


# --- the dataset, once per module --------------------------------------------------------


@dataclass
class World:
    matrix: Matrix
    clients: dict[str, Client]
    canaries: list[Canary]


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            matrix = build_matrix()
            clients = {}
            for persona in MATRIX_PERSONAS:
                client = Client()
                if matrix.users[persona] is not None:
                    client.force_login(matrix.users[persona])
                clients[persona] = client
            secrets = [
                Canary(s, lambda persona, rule: False, "a token's secret is shown once, at birth")
                for s in [
                    *matrix.tokens.values(),
                    *matrix.read_tokens.values(),
                    matrix.scim_secret,
                    matrix.webhook_secret,
                ]
            ]
            yield World(matrix, clients, CANARIES + secrets)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


# --- enumerating what exists ---------------------------------------------------------------


def _walk(
    patterns: list[Any], prefix: str = "", namespace: str = "", excluded: bool = False
) -> Iterator[tuple[str, str, bool]]:
    """(pattern, name, left out) for every URLPattern, descending into every include."""
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            conf = getattr(p.urlconf_name, "__name__", "")  # include() imported the module
            out = excluded or conf in EXCLUDED_URLCONFS or p.namespace in EXCLUDED_NAMESPACES
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns, out)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), f"{namespace}{p.name}" if p.name else "", excluded


def existing_web_routes() -> dict[str, str]:
    """URL name → pattern, for every route of config.urls except the listed exclusions."""
    found: dict[str, str] = {}
    for pattern, name, excluded in _walk(get_resolver().url_patterns):
        plain = pattern.lstrip("^")
        if excluded or any(plain.startswith(prefix) for prefix in EXCLUDED_PREFIXES):
            continue
        if plain.startswith(API_PREFIX) and name not in API_PAGES:
            continue
        found[name or pattern] = pattern
    return found


@functools.cache
def openapi() -> dict[str, Any]:
    return ninja_api.get_openapi_schema()


def existing_api_operations() -> set[str]:
    return {
        f"{method.upper()} {path}"
        for path, operations in openapi()["paths"].items()
        for method in operations
    }


def test_it_declares_every_route_and_operation() -> None:
    """A route or API operation without a rule fails here: declare who may use it."""
    declared = {rule.key for rule in RULES}
    web = set(existing_web_routes())
    undeclared = sorted((web | existing_api_operations()) - declared)
    assert not undeclared, f"routes with no access rule in access_matrix_rules: {undeclared}"
    stale = sorted(declared - web - existing_api_operations() - {"admin:index"})
    assert not stale, f"rules for routes that no longer exist: {stale}"


# --- running one rule for every persona -----------------------------------------------------


def _resolve(schema: dict[str, Any], doc: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = doc["components"]["schemas"][name]
    if "anyOf" in schema:
        options = [s for s in schema["anyOf"] if s.get("type") != "null"]
        return _resolve(options[0], doc) if options else {"type": "null"}
    if "allOf" in schema and len(schema["allOf"]) == 1:
        return _resolve(schema["allOf"][0], doc)
    return schema


def example(schema: dict[str, Any], doc: dict[str, Any]) -> Any:
    """A value that passes the schema's validation, so refusals come from access, not 422."""
    schema = _resolve(schema, doc)
    if "default" in schema:
        return schema["default"]
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        props = schema.get("properties", {})
        return {name: example(props[name], doc) for name in schema.get("required", [])}
    if kind == "array":
        return [example(schema.get("items", {}), doc)] * schema.get("minItems", 0)
    if kind == "integer":
        return max(1, schema.get("minimum", 1))
    if kind == "number":
        return 1
    if kind == "boolean":
        return True
    fmt = schema.get("format")
    if fmt == "date":
        return (dt.date.today() - dt.timedelta(days=1)).isoformat()
    if fmt == "date-time":
        return (dt.datetime.now(dt.UTC) + dt.timedelta(days=3)).isoformat()
    if fmt == "email":
        return "someone@example.test"
    if fmt == "uri":
        return "https://example.test/"
    return "x" * max(1, schema.get("minLength", 1))


def api_body(rule: Rule, doc: dict[str, Any]) -> dict[str, Any] | None:
    if rule.body is not None:
        return rule.body
    method, path = rule.key.split(" ", 1)
    operation = doc["paths"][path][method.lower()]
    content = operation.get("requestBody", {}).get("content", {})
    if "application/json" in content:
        body: dict[str, Any] = example(content["application/json"]["schema"], doc)
        return body
    return None


def expected_status(rule: Rule, persona: str) -> int:
    if persona in rule.special:
        return rule.special[persona]
    if persona in rule.allowed:
        return rule.ok
    if persona == "anonymous":
        return rule.anonymous or (401 if rule.is_api else 302)
    if persona == "outsider":
        return rule.outsider or 403
    return rule.refused


def send(client: Client, method: str, url: str, body: Any, rule: Rule) -> Any:
    is_api = rule.is_api
    if method == "GET":
        return client.get(url)
    if rule.multipart:
        upload = SimpleUploadedFile("people.csv", b"employee_id\n", content_type="text/csv")
        return client.post(url, {"file": upload})
    if is_api:
        payload = json.dumps(body) if body is not None else None
        return client.generic(method, url, payload or "", content_type="application/json")
    return client.generic(method, url, "", content_type="application/x-www-form-urlencoded")


def body_of(response: Any) -> str:
    if getattr(response, "streaming", False):
        raw = b"".join(response.streaming_content)
    else:
        raw = response.content
    return raw.decode("utf-8", errors="replace")


def check_rule(world: World, rule: Rule, doc: dict[str, Any]) -> tuple[list[str], int]:
    """Every persona and method of `rule`; the problems found and the requests made."""
    problems: list[str] = []
    count = 0
    url = rule.url(world.matrix)
    body = api_body(rule, doc) if rule.is_api and rule.methods[0] != "GET" else None
    for method in rule.methods:
        for persona in rule.only or MATRIX_PERSONAS:
            unsafe = method != "GET"
            if unsafe and persona in rule.allowed and persona not in rule.special:
                continue  # allowed writes are the apps' own tests; the matrix checks refusals
            response = send(world.clients[persona], method, url, body, rule)
            count += 1
            want = expected_status(rule, persona)
            got = response.status_code
            if got != want:
                problems.append(f"{method} {url} as {persona}: {got}, expected {want}")
            elif got == 302 and persona == "anonymous" and not rule.is_api:
                login = reverse("admin:login" if rule.key == "admin:index" else "account_login")
                if not response["Location"].startswith(login):
                    problems.append(f"{method} {url} anonymous: sent to {response['Location']}")
            _canaries(world, rule, persona, f"{method} {url}", response, problems)
            if method == "GET" and got == 200 and not rule.is_api and not rule.only:
                # htmx asks for fragments, which take their own queries: search them too.
                fragment = world.clients[persona].get(url, headers={"HX-Request": "true"})
                count += 1
                if fragment.status_code != got:
                    problems.append(f"GET {url} (htmx) as {persona}: {fragment.status_code}")
                _canaries(world, rule, persona, f"GET {url} (htmx)", fragment, problems)
    if rule.scim:
        count += _scim_tokens(world, rule, url, problems)
    return problems, count


def _canaries(
    world: World, rule: Rule, persona: str, what: str, response: Any, problems: list[str]
) -> None:
    text = body_of(response)
    for canary in world.canaries:
        if canary.text in text and not canary.may_see(persona, rule):
            problems.append(f"LEAK {what} as {persona}: {canary.text[:30]!r} ({canary.why})")


def _scim_tokens(world: World, rule: Rule, url: str, problems: list[str]) -> int:
    """Personal API tokens are not SCIM tokens: each persona's (admin-scope) one is refused."""
    count = 0
    client = world.clients["anonymous"]
    for persona, secret in world.matrix.tokens.items():
        method = rule.methods[0]
        response = client.generic(
            method,
            url,
            "{}",
            content_type="application/scim+json",
            headers={"Authorization": f"Bearer {secret}"},
        )
        count += 1
        if response.status_code != 401:
            problems.append(f"{method} {url} with {persona}'s API token: {response.status_code}")
    return count


@pytest.mark.parametrize("rule", RULES, ids=[rule.label for rule in RULES])
def test_it_gives_each_persona_exactly_its_access(world: World, rule: Rule, db: None) -> None:
    problems, count = check_rule(world, rule, openapi())
    print(f"matrix-requests {rule.label} {count}")  # summed for the report with -s
    assert not problems, "\n".join(problems)


# --- the canaries are real: each shows where it belongs, so its absence elsewhere means something


def _sightings(m: Matrix) -> list[tuple[str, str, str]]:
    """(canary, persona, url) where the canary must appear."""
    return [
        (
            data.HIDDEN_MEMBER_NAME,
            "administrator",
            reverse("people:profile", args=[m.users["private_member"].person.employee_id]),
        ),
        (data.PRIVATE_GROUP_NAME, "private_member", reverse("groups:list")),
        (data.QUIET_EVENT, "private_member", reverse("events:list")),
        (data.QUIET_BADGE, "administrator", reverse("groups:lead_campaigns", args=["quiet"])),
        (data.CARE_MEMBER_NAME, "care_lead", reverse("circles:roster", args=[m.care_circle.pk])),
        (data.SELF_ID_CANARY, "private_member", "/api/me/export"),
        (data.CARE_POST, "care_member", reverse("circles:posts", args=[m.care_circle.pk])),
        (data.CARE_CHOSEN_NAME, "care_lead", reverse("circles:posts", args=[m.care_circle.pk])),
        (data.CARE_HELP, "program_manager", reverse("circles:manage", args=[m.care_program.pk])),
        (data.CARE_CONCERN, "program_manager", reverse("circles:manage", args=[m.care_program.pk])),
        (data.CIRCLE_POST, "employee", reverse("circles:posts", args=[m.circle.pk])),
        (data.SHARED_NOTE, "mentor", reverse("mentoring:relationship", args=[m.relationship.pk])),
        (data.PRIVATE_NOTE, "employee", reverse("mentoring:session_log", args=[m.held_session.pk])),
        (data.SURVEY_COMMENT, "employee", reverse("mentoring:survey", args=[m.survey.pk])),
        (data.ERASURE_REASON, "administrator", reverse("privacy:erasure_requests")),
    ]


def test_each_canary_shows_where_it_belongs(world: World, db: None) -> None:
    missing = []
    for text, persona, url in _sightings(world.matrix):
        response = world.clients[persona].get(url)
        if response.status_code != 200 or text not in body_of(response):
            missing.append(f"{text!r} not shown to {persona} at {url} ({response.status_code})")
    assert not missing, "\n".join(missing)
    assert {c.text for c in CANARIES} == {text for text, _p, _u in _sightings(world.matrix)}


# --- credentials: tokens act as their owner, read tokens never write, SCIM is apart ----------

TOKEN_PERSONAS = ["employee", "outsider"]
API_READS = [rule for rule in RULES if rule.is_api and rule.methods == ("GET",)]
API_WRITES = [rule for rule in RULES if rule.is_api and rule.methods != ("GET",)]


def _bearer(world: World, secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def test_it_gives_a_personal_token_what_its_owner_has(world: World, db: None) -> None:
    problems = []
    client = world.clients["anonymous"]
    for rule in API_READS:
        url = rule.url(world.matrix)
        for persona in TOKEN_PERSONAS:
            response = client.get(url, headers=_bearer(world, world.matrix.tokens[persona]))
            if response.status_code != expected_status(rule, persona):
                problems.append(f"GET {url} with {persona}'s token: {response.status_code}")
    assert not problems, "\n".join(problems)


def test_it_never_lets_a_read_token_write(world: World, db: None) -> None:
    doc = openapi()
    problems = []
    client = world.clients["anonymous"]
    for rule in API_WRITES:
        url = rule.url(world.matrix)
        method = rule.methods[0]
        body = api_body(rule, doc)
        for persona in ("employee", "administrator"):
            headers = _bearer(world, world.matrix.read_tokens[persona])
            if rule.multipart:
                upload = SimpleUploadedFile("people.csv", b"employee_id\n")
                response = client.post(url, {"file": upload}, headers=headers)
            else:
                response = client.generic(
                    method,
                    url,
                    json.dumps(body or {}),
                    content_type="application/json",
                    headers=headers,
                )
            if response.status_code not in (403, 404):
                problems.append(
                    f"{method} {url} with {persona}'s read token: {response.status_code}"
                )
    assert not problems, "\n".join(problems)


def test_a_scim_token_is_what_scim_accepts(world: World, db: None) -> None:
    """The other side of the SCIM refusals: the identity provider's token gets in."""
    headers = _bearer(world, world.matrix.scim_secret)
    response = world.clients["anonymous"].get(reverse("scim:users"), headers=headers)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/scim+json")


# --- care circles: a refusal that does not confirm the circle exists --------------------------


@pytest.mark.parametrize("persona", ["employee", "program_manager", "hr_analyst", "administrator"])
def test_a_care_circle_answers_outsiders_as_if_it_did_not_exist(
    world: World, persona: str, db: None
) -> None:
    client = world.clients[persona]
    missing = world.matrix.care_circle.pk + 10_000
    for name in ("circles:circle", "circles:posts", "circles:roster"):
        real = client.get(reverse(name, args=[world.matrix.care_circle.pk]))
        fake = client.get(reverse(name, args=[missing]))
        assert (real.status_code, real.content) == (fake.status_code, fake.content), name
    for suffix in ("", "/roster", "/posts"):
        real = client.get(f"/api/circles/{world.matrix.care_circle.pk}{suffix}")
        fake = client.get(f"/api/circles/{missing}{suffix}")
        assert (real.status_code, real.json()) == (fake.status_code, fake.json()), suffix


# --- self-identification is the person's own business --------------------------------------


@pytest.mark.parametrize("persona", ["employee", "hr_analyst", "administrator"])
def test_nobody_else_finds_their_form_filled_in(world: World, persona: str, db: None) -> None:
    """The form is per person, with no id in its address: others see it unanswered."""
    chosen = re.compile(rf'value="{data.SELF_ID_CANARY}"[^>]*\b(checked|selected)\b')
    mine = body_of(world.clients["private_member"].get(reverse("privacy:self_identification")))
    theirs = body_of(world.clients[persona].get(reverse("privacy:self_identification")))
    assert chosen.search(mine), "the person sees their own answer chosen"
    assert not chosen.search(theirs), f"{persona} sees the private member's answer"


# --- member or ally is the person's own business --------------------------------------------


def test_no_roster_says_who_is_a_member_and_who_an_ally(world: World, db: None) -> None:
    m = world.matrix
    client = world.clients["group_leader"]
    rows = client.get(f"/api/groups/{m.pride.pk}/members").json()
    rows = rows.get("items", rows) if isinstance(rows, dict) else rows
    assert rows, "the leader sees the visible member"
    for row in rows:
        assert "kind" not in row and "ally" not in json.dumps(row).lower(), row
    export = body_of(client.get(reverse("groups:roster_export", args=[m.pride.slug])))
    header = export.splitlines()[0].lower()
    assert "kind" not in header and "ally" not in header and "joined as" not in header


def test_the_matrix_covers_every_route_for_every_persona() -> None:
    """The size of the matrix, for the record: routes and operations x personas."""
    keys = {rule.key for rule in RULES}
    assert keys >= set(existing_web_routes()) | existing_api_operations()
    print(
        f"\naccess matrix: {len(keys)} routes and operations in {len(RULES)} rules "
        f"x {len(MATRIX_PERSONAS)} personas"
    )


# --- webhooks: what the dataset's own changes sent to a receiver ---------------------------


def test_no_webhook_tells_a_receiver_about_a_private_membership(world: World, db: None) -> None:
    from belong.webhooks.models import WebhookDelivery

    m = world.matrix
    hidden = m.users["private_member"].person
    payloads = [json.dumps(d.payload) for d in WebhookDelivery.objects.all()]
    assert any('"membership.changed"' in p for p in payloads), "the visible member's join is sent"
    for payload in payloads:
        assert hidden.employee_id not in payload and hidden.email not in payload, payload
        assert data.HIDDEN_MEMBER_NAME not in payload and data.CARE_MEMBER_NAME not in payload
        assert '"ally"' not in payload and '"member"' not in payload, payload
        body = json.loads(payload)
        if body.get("type") == "membership.changed":
            assert body["data"]["group_id"] != m.quiet.pk, "a private group's changes send nothing"
