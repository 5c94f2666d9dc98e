"""PATCH (RFC 7644 §3.5.2) applied to a resource's SCIM document, a plain dict.

The endpoint renders the stored resource, applies the operations here, and saves the
result through the same service as PUT, so both paths share one set of rules. Accepted
forms include what Okta and Entra ID actually send:

- no path, `value` an object (`{"active": false}`, or keys carrying a schema URN);
- `attr`, `attr.sub`, `urn:…:attr`, `urn:…:attr.sub`;
- value filters: `members[value eq "42"]`, `emails[type eq "work"].value`;
- removing members either by filter or as Entra does (`path: members`, `value: [{value}]`);
- booleans sent as the strings "True"/"False" (Entra; read in users.py).
"""

from __future__ import annotations

import copy
import re
from typing import Any

from belong.scim.protocol import ScimError
from belong.scim.schemas import ENTERPRISE_URN, GROUP_URN, USER_URN

MULTI_VALUED = {"emails", "members"}
KNOWN_URNS = (ENTERPRISE_URN, USER_URN, GROUP_URN)
_NAMES = (
    "userName name formatted givenName familyName displayName title preferredLanguage locale "
    "timezone active emails value type primary display externalId members employeeNumber "
    "department manager $ref schemas"
)
_CANONICAL = {name.lower(): name for name in _NAMES.split()}

_PATH = re.compile(
    r"^(?P<attr>[A-Za-z$][\w$-]*)(?:\[(?P<filter>[^\]]*)\])?(?:\.(?P<sub>[A-Za-z$][\w$-]*))?$"
)
_COMPARISON = re.compile(
    r"^\s*(?P<attr>[A-Za-z$][\w$.-]*)\s+(?P<op>eq|ne|co|sw|ew|pr)"
    r'(?:\s+(?P<value>"(?:[^"\\]|\\.)*"|true|false|null|[\w.+-]+))?\s*$',
    re.IGNORECASE,
)


def canonical(name: str) -> str:
    return _CANONICAL.get(name.lower(), name)


def split_urn(path: str, core_urn: str) -> tuple[str | None, str]:
    """('enterprise URN' or None for the core schema, the rest of the path)."""
    lowered = path.lower()
    for urn in KNOWN_URNS:
        if lowered == urn.lower():
            return (None if urn == core_urn else urn), ""
        if lowered.startswith(urn.lower() + ":"):
            return (None if urn == core_urn else urn), path[len(urn) + 1 :]
    if lowered.startswith("urn:"):
        raise ScimError(400, f"The path '{path}' names an unknown schema.", "invalidPath")
    return None, path


def _literal(raw: str | None) -> Any:
    if raw is None:
        return None
    if raw.startswith('"'):
        return raw[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    lowered = raw.lower()
    if lowered in {"true", "false"}:
        return lowered == "true"
    if lowered == "null":
        return None
    return raw


def _matches(item: Any, expression: str) -> bool:
    """A value filter on one item: comparisons joined by `and`/`or` (no parentheses)."""
    if not isinstance(item, dict):
        return False
    for alternative in re.split(r"\s+or\s+", expression, flags=re.IGNORECASE):
        terms = re.split(r"\s+and\s+", alternative, flags=re.IGNORECASE)
        if all(_compare(item, term) for term in terms):
            return True
    return False


def _compare(item: dict[str, Any], term: str) -> bool:
    match = _COMPARISON.match(term)
    if match is None:
        raise ScimError(400, f"The value filter '{term}' could not be read.", "invalidFilter")
    attr, op, expected = canonical(match["attr"]), match["op"].lower(), _literal(match["value"])
    actual = item.get(attr)
    if op == "pr":
        return actual not in (None, "", [])
    actual_cmp, expected_cmp = actual, expected
    # Strings compare case-insensitively, except ids (value, $ref), which are case-exact.
    if isinstance(actual, str) and isinstance(expected, str) and attr not in {"value", "$ref"}:
        actual_cmp, expected_cmp = actual.lower(), expected.lower()
    if op == "eq":
        return bool(actual_cmp == expected_cmp)
    if op == "ne":
        return bool(actual_cmp != expected_cmp)
    if not isinstance(actual_cmp, str) or not isinstance(expected_cmp, str):
        return False
    if op == "co":
        return expected_cmp in actual_cmp
    if op == "sw":
        return actual_cmp.startswith(expected_cmp)
    return actual_cmp.endswith(expected_cmp)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, dict) and isinstance(b, dict) and "value" in a and "value" in b:
        return str(a["value"]) == str(b["value"])
    return bool(a == b)


def _normalise(value: Any) -> Any:
    """Canonical attribute names inside objects (SCIM names are case-insensitive)."""
    if isinstance(value, dict):
        return {
            k if k.lower().startswith("urn:") else canonical(k): _normalise(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_normalise(v) for v in value]
    return value


def apply_patch(document: dict[str, Any], body: dict[str, Any], core_urn: str) -> dict[str, Any]:
    operations = body.get("Operations", body.get("operations"))
    if not isinstance(operations, list) or not operations:
        raise ScimError(400, "A PATCH needs a non-empty 'Operations' list.", "invalidSyntax")
    result = copy.deepcopy(document)
    for operation in operations:
        if not isinstance(operation, dict):
            raise ScimError(400, "Each operation must be an object.", "invalidSyntax")
        op = str(operation.get("op", "")).lower()
        if op not in {"add", "replace", "remove"}:
            raise ScimError(
                400,
                f"Unknown PATCH op '{operation.get('op')}'; use add, replace or remove.",
                "invalidSyntax",
            )
        path = operation.get("path")
        value = _normalise(operation.get("value"))
        if path in (None, ""):
            if op == "remove":
                raise ScimError(400, "A remove operation needs a path.", "noTarget")
            if not isinstance(value, dict):
                raise ScimError(
                    400,
                    "Without a path, the value must be an object of attributes.",
                    "invalidValue",
                )
            for key, sub_value in value.items():
                if key.lower() in {u.lower() for u in KNOWN_URNS} and isinstance(sub_value, dict):
                    for ext_key, ext_value in sub_value.items():
                        _apply(result, op, f"{key}:{ext_key}", ext_value, core_urn)
                else:
                    _apply(result, op, key, sub_value, core_urn)
        else:
            _apply(result, op, str(path), value, core_urn)
    return result


def _apply(document: dict[str, Any], op: str, path: str, value: Any, core_urn: str) -> None:
    urn, rest = split_urn(path, core_urn)
    container = document
    if urn is not None:
        container = document.setdefault(urn, {})
        if not rest:  # the whole extension
            if op == "remove":
                document.pop(urn, None)
            elif isinstance(value, dict):
                for key, sub_value in value.items():
                    _apply(document, op, f"{urn}:{key}", sub_value, core_urn)
            return
    match = _PATH.match(rest)
    if match is None:
        raise ScimError(400, f"The path '{path}' could not be read.", "invalidPath")
    attr, expression, sub = canonical(match["attr"]), match["filter"], match["sub"]
    sub = canonical(sub) if sub else None
    if expression is not None:
        _apply_filtered(container, op, attr, expression, sub, value, path)
    elif sub is not None:
        current = container.get(attr)
        if attr in MULTI_VALUED:
            items = current if isinstance(current, list) else []
            for item in items:
                if isinstance(item, dict):
                    _set_or_remove(item, op, sub, value)
        else:
            target = current if isinstance(current, dict) else {}
            _set_or_remove(target, op, sub, value)
            if target:
                container[attr] = target
            else:
                container.pop(attr, None)
    elif op == "remove":
        if attr in MULTI_VALUED and value not in (None, [], {}):
            # Entra: {"op": "remove", "path": "members", "value": [{"value": "42"}]}
            unwanted = value if isinstance(value, list) else [value]
            kept = [i for i in container.get(attr) or [] if not any(_same(i, u) for u in unwanted)]
            container[attr] = kept
        else:
            container.pop(attr, None)
    elif attr in MULTI_VALUED:
        values = value if isinstance(value, list) else [value]
        if op == "replace":
            container[attr] = values
        else:
            existing = list(container.get(attr) or [])
            existing.extend(v for v in values if not any(_same(v, e) for e in existing))
            container[attr] = existing
    elif isinstance(value, dict) and isinstance(container.get(attr), dict):
        container[attr] = {**container[attr], **value}  # sub-attributes not sent are kept
    else:
        container[attr] = value


def _set_or_remove(target: dict[str, Any], op: str, sub: str, value: Any) -> None:
    if op == "remove":
        target.pop(sub, None)
    else:
        target[sub] = value


def _apply_filtered(
    container: dict[str, Any],
    op: str,
    attr: str,
    expression: str,
    sub: str | None,
    value: Any,
    path: str,
) -> None:
    items = container.get(attr)
    if not isinstance(items, list):
        items = []
    selected = [i for i in items if _matches(i, expression)]
    if op == "remove":
        if sub is None:
            container[attr] = [i for i in items if i not in selected]
        else:
            for item in selected:
                item.pop(sub, None)
        return
    if not selected:
        # Entra replaces `emails[type eq "work"].value` on a user that has none yet: add it.
        seed = _seed_from(expression)
        if seed is None:
            raise ScimError(400, f"No value matches the filter in '{path}'.", "noTarget")
        items.append(seed)
        selected = [seed]
    for item in selected:
        if sub is not None:
            item[sub] = value
        elif isinstance(value, dict):
            item.update(value)
        else:
            raise ScimError(400, f"The value for '{path}' must be an object.", "invalidValue")
    container[attr] = items


def _seed_from(expression: str) -> dict[str, Any] | None:
    """The item an `attr eq "x"` filter describes, or None if the filter is anything else."""
    match = _COMPARISON.match(expression)
    if match is None or match["op"].lower() != "eq":
        return None
    return {canonical(match["attr"]): _literal(match["value"])}
