"""SCIM filter expressions (RFC 7644 §3.4.2.2) to Django Q objects.

scim2-filter-parser does the parsing (eq, ne, co, sw, ew, pr, gt/ge/lt/le, and, or, not,
parentheses, value paths like `emails[type eq "work"]`). Its transpiler silently drops an
attribute it does not know, which would turn `nickName eq "x"` into "everyone"; here an
unknown attribute is a 400 `invalidFilter` naming it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Q
from scim2_filter_parser import ast as scim_ast
from scim2_filter_parser.lexer import SCIMLexer
from scim2_filter_parser.parser import SCIMParser, SCIMParserError
from scim2_filter_parser.transpilers.django_q_object import Transpiler

from belong.scim.protocol import ScimError
from belong.scim.schemas import ENTERPRISE_URN, GROUP_URN, USER_URN

AttrMap = dict[tuple[str, str | None, str | None], str]


def _with_urns(fields: AttrMap, urn: str) -> AttrMap:
    """Every attribute may also be written with its schema URN in front."""
    mapped = dict(fields)
    for (name, sub, uri), target in fields.items():
        if uri is None:
            mapped[(name, sub, urn)] = target
    return mapped


# Names on the left are SCIM attributes; on the right, the annotated queryset's lookups
# (see queries.py for the annotations).
USER_FILTERS: AttrMap = _with_urns(
    {
        ("id", None, None): "id",
        ("userName", None, None): "scim_user_name",
        ("externalId", None, None): "scim__external_id",
        ("displayName", None, None): "preferred_name",
        ("title", None, None): "title",
        ("active", None, None): "scim_active",
        ("emails", None, None): "email",
        ("emails", "value", None): "email",
        ("name", "formatted", None): "legal_name",
        ("name", "givenName", None): "scim__attributes__name__givenName",
        ("name", "familyName", None): "scim__attributes__name__familyName",
        ("meta", "created", None): "created_at",
        ("meta", "lastModified", None): "updated_at",
    },
    USER_URN,
) | {
    ("employeeNumber", None, ENTERPRISE_URN): "employee_id",
    ("department", None, ENTERPRISE_URN): "org_unit__name",
    ("manager", "value", ENTERPRISE_URN): "manager_id",
    ("manager", None, ENTERPRISE_URN): "manager_id",
}

GROUP_FILTERS: AttrMap = _with_urns(
    {
        ("id", None, None): "id",
        ("displayName", None, None): "display_name",
        ("externalId", None, None): "external_id",
        ("members", None, None): "memberships__person_id",
        ("members", "value", None): "memberships__person_id",
        ("meta", "created", None): "created_at",
        ("meta", "lastModified", None): "updated_at",
    },
    GROUP_URN,
)


class _StrictTranspiler(Transpiler):  # type: ignore[misc]
    def visit_AttrPath(self, node: Any) -> Any:
        target = super().visit_AttrPath(node)
        if target is None:
            name = node.attr_name if isinstance(node.attr_name, str) else "value path"
            if node.sub_attr is not None:
                name = f"{name}.{node.sub_attr.value}"
            if node.uri:
                name = f"{node.uri}:{name}"
            raise ScimError(400, f"Filtering on '{name}' is not supported.", "invalidFilter")
        return target

    def visit_AttrExpr(self, node: Any) -> Any:
        query = super().visit_AttrExpr(node)
        if node.value.lower() == "pr" and not isinstance(node.attr_path.attr_name, scim_ast.Filter):
            # "present" means a non-empty value, and our text columns store "" for none.
            field = self.visit(node.attr_path).replace(".", "__")
            return Q(**{f"{field}__isnull": False}) & ~Q(**{field: ""})
        return query


def filter_to_q(expression: str, attr_map: AttrMap) -> Q:
    try:
        tree = SCIMParser().parse(SCIMLexer().tokenize(expression))
        query = _StrictTranspiler(attr_map).transpile(tree)
    except ScimError:
        raise
    except (SCIMParserError, ValueError, AttributeError, TypeError) as error:
        raise ScimError(
            400, f"The filter could not be read: {error or 'syntax error'}.", "invalidFilter"
        ) from None
    if query is None:
        raise ScimError(400, "The filter selects nothing that can be searched.", "invalidFilter")
    return _exact_ids(query)


_ID_FIELDS = {"id", "manager_id", "memberships__person_id"}


Leaf = tuple[str, Any]  # a Q's leaves are (lookup, value)


def rewrite_leaves(query: Q, rewrite: Callable[[str, Any], Leaf]) -> Q:
    """`query` with every (lookup, value) leaf replaced by `rewrite(lookup, value)`,
    keeping its and/or/not structure."""
    children: list[Any] = []
    for child in query.children:
        if isinstance(child, Q):
            children.append(rewrite_leaves(child, rewrite))
        else:
            key, value = child  # type: ignore[misc]
            children.append(rewrite(key, value))
    query.children = children
    return query


def _exact_ids(query: Q) -> Q:
    """Ids are numbers: `id eq "42"` compares exactly (a case-insensitive lookup on a key
    is not allowed), and a value that is not a number matches nobody."""

    def exact(key: str, value: Any) -> Leaf:
        field, _, lookup = key.rpartition("__")
        if field in _ID_FIELDS and lookup in {"iexact", "exact"}:
            number = str(value).strip()
            return f"{field}__exact", int(number) if number.isdigit() else -1
        return key, value

    return rewrite_leaves(query, exact)
