"""Who may see and change people data. Views and the API ask here, never decide themselves."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from belong.accounts import access as accounts_access
from belong.people.models import Person, PersonQuerySet


def can_browse_directory(user: Any) -> bool:
    return accounts_access.can_use_product(user)


def can_import_people(user: Any) -> bool:
    return accounts_access.is_administrator(user)


def directory_people_for(user: Any) -> PersonQuerySet:
    """The people `user` may find: current employees; administrators also see leavers."""
    if not can_browse_directory(user):
        raise PermissionDenied
    people = Person.objects.all()
    if not accounts_access.is_administrator(user):
        people = people.active()
    return people


def get_person_for(user: Any, employee_id: str) -> Person:
    people = directory_people_for(user).select_related(
        "level", "job_family", "org_unit", "site", "manager", "manager__site"
    )
    try:
        return people.get(employee_id=employee_id)
    except Person.DoesNotExist:
        raise Http404 from None


def can_edit_profile(user: Any, person: Person) -> bool:
    return person.user_id is not None and person.user_id == getattr(user, "pk", None)


def can_see_job_history(user: Any, person: Person) -> bool:
    """Promotions and exits are personal: the person themselves and administrators only."""
    return can_edit_profile(user, person) or accounts_access.is_administrator(user)
