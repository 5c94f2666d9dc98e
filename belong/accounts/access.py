"""Who someone is in Belong and which roles they hold. The one place these are decided.

Results are cached on the user object for the length of a request.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from belong.accounts.models import Role, RoleGrant, ScopeKind

if TYPE_CHECKING:
    from belong.people.models import Person

_MISSING = object()


def person_of(user: Any) -> Person | None:
    """The Person signed in as `user`, with site loaded; None for accounts with no person."""
    if user is None or not user.is_authenticated:
        return None
    cached = getattr(user, "_belong_person", _MISSING)
    if cached is _MISSING:
        from belong.people.models import Person

        cached = Person.objects.select_related("site").filter(user_id=user.pk).first()
        user._belong_person = cached
    return cached  # type: ignore[return-value]


def still_employed(user: Any) -> bool:
    """False once HR records the account's person as gone; accounts with no person pass."""
    person = person_of(user)
    return person is None or person.is_active


def grants_of(user: Any) -> list[tuple[str, str, int | None]]:
    if user is None or not user.is_authenticated:
        return []
    cached = getattr(user, "_belong_grants", None)
    if cached is None:
        cached = list(
            RoleGrant.objects.filter(user_id=user.pk).values_list("role", "scope_kind", "scope_id")
        )
        user._belong_grants = cached
    return cached


def is_employee(user: Any) -> bool:
    """Signed in as a current employee (a Person who has not left)."""
    person = person_of(user)
    return person is not None and person.is_active


def is_administrator(user: Any) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return bool(user.is_superuser) or any(r == Role.ADMINISTRATOR for r, _, _ in grants_of(user))


def has_role(
    user: Any, role: str, *, scope_kind: str | None = None, scope_id: int | None = None
) -> bool:
    """Holds `role`; with a scope, only a grant for that exact scope counts."""
    for granted, kind, sid in grants_of(user):
        if granted != role:
            continue
        if scope_kind is None or (kind == scope_kind and sid == scope_id):
            return True
    return False


def is_hr_analyst(user: Any) -> bool:
    return has_role(user, Role.HR_ANALYST, scope_kind=ScopeKind.COMPANY)


def can_manage_roles(user: Any) -> bool:
    return is_administrator(user)


def can_use_product(user: Any) -> bool:
    """Employees, plus staff roles that work without an employee record (admins, analysts)."""
    return is_employee(user) or is_administrator(user) or is_hr_analyst(user)
