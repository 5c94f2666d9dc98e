"""Factories and persona fixtures shared by every app's tests.

Each app's `tests/conftest.py` star-imports this module so the fixtures are available.
Personas follow the product's roles: employee, mentor, group leader, program manager,
HR analyst, administrator, outsider (signed in, no employee record, no role), anonymous.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import factory
import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from belong.accounts.models import Role, RoleGrant, ScopeKind
from belong.people.models import (
    JobFamily,
    Language,
    Level,
    OrgUnit,
    Person,
    PersonSkill,
    Site,
    Skill,
    build_search_text,
)

PASSWORD = "correct-horse-battery"  # noqa: S105 - test fixture
User = get_user_model()


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}@example.test")
    email = factory.SelfAttribute("username")
    password = factory.django.Password(PASSWORD)


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site
        django_get_or_create = ["city", "country_code"]

    city = "Madrid"
    country = "Spain"
    country_code = "ES"
    timezone = "Europe/Madrid"


def org_unit(*names: str) -> OrgUnit:
    """The unit at the end of `names`, creating the path from the top as needed."""
    parent = None
    for depth in range(len(names)):
        full = " / ".join(names[: depth + 1])
        unit = OrgUnit.objects.filter(full_name=full).first()
        if unit is None:
            unit = OrgUnit.objects.create(
                name=names[depth], parent=parent, full_name=full, depth=depth, path=""
            )
            unit.path = f"{parent.path}/{unit.id}" if parent else str(unit.id)
            unit.save(update_fields=["path"])
        parent = unit
    assert parent is not None
    return parent


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    employee_id = factory.Sequence(lambda n: f"E{n:06d}")
    legal_name = factory.Sequence(lambda n: f"Person Number{n}")
    preferred_name = factory.SelfAttribute("legal_name")
    email = factory.Sequence(lambda n: f"person{n}@example.test")
    title = "Engineer"
    level = factory.LazyFunction(lambda: Level.objects.get(code="L4"))
    org_unit = factory.LazyFunction(lambda: org_unit("Acme", "Engineering"))
    site = factory.SubFactory(SiteFactory)
    hire_date = dt.date(2020, 3, 1)
    search_text = factory.LazyAttribute(
        lambda p: build_search_text(p.legal_name, p.preferred_name, p.email, p.employee_id)
    )


def skill(name: str, category: str = "Engineering") -> Skill:
    return Skill.objects.get_or_create(name=name, defaults={"category": category})[0]


def give_skills(
    person: Person, *, teach: tuple[str, ...] = (), learn: tuple[str, ...] = ()
) -> None:
    for name in teach:
        PersonSkill.objects.create(person=person, skill=skill(name), kind=PersonSkill.Kind.TEACH)
    for name in learn:
        PersonSkill.objects.create(person=person, skill=skill(name), kind=PersonSkill.Kind.LEARN)


def employee_user(name: str, **person_fields: Any) -> Any:
    user = UserFactory(username=f"{name}@example.test")
    PersonFactory(
        user=user,
        legal_name=name.replace("-", " ").title(),
        email=f"{name}@example.test",
        **person_fields,
    )
    return user


def grant(
    user: Any, role: str, scope_kind: str = ScopeKind.COMPANY, scope_id: int | None = None
) -> None:
    RoleGrant.objects.create(user=user, role=role, scope_kind=scope_kind, scope_id=scope_id)


PERSONAS = [
    "employee",
    "mentor",
    "group_leader",
    "program_manager",
    "hr_analyst",
    "administrator",
    "outsider",
    "anonymous",
]


@pytest.fixture(autouse=True)
def _english_after_each_test() -> Any:
    """A request in Spanish leaves the thread in Spanish; put English back for the next test."""
    yield
    from django.core.cache import cache
    from django.utils import translation

    translation.activate("en")
    cache.clear()  # cached lists (e.g. directory filters) must not outlive the test's data


def restore_reference_data() -> None:
    """Put back the levels and languages the migrations load: a transactional test (live
    server, concurrency) flushes them, and suite order must not matter."""
    from django.conf import settings

    from belong.people.reference import ensure_reference_data

    ensure_reference_data(Level, Language, settings.BELONG_LEVELS)


@pytest.fixture
def reference_data(transactional_db: None) -> None:
    """For transactional tests: the reference data an earlier flush removed."""
    restore_reference_data()


@pytest.fixture
def personas(db: None) -> dict[str, Any]:
    """One user per persona (anonymous is None)."""
    if not Level.objects.filter(code="L4").exists():
        restore_reference_data()
    users: dict[str, Any] = {}
    users["employee"] = employee_user("employee")
    users["mentor"] = employee_user("mentor", level=Level.objects.get(code="L8"))
    give_skills(users["mentor"].person, teach=("SQL", "Leadership"))
    users["group_leader"] = employee_user("group-leader")
    grant(users["group_leader"], Role.GROUP_LEADER, ScopeKind.GROUP, 1)
    users["program_manager"] = employee_user("program-manager")
    grant(users["program_manager"], Role.PROGRAM_MANAGER, ScopeKind.PROGRAM, 1)
    users["hr_analyst"] = employee_user("hr-analyst")
    grant(users["hr_analyst"], Role.HR_ANALYST)
    users["administrator"] = employee_user("administrator")
    grant(users["administrator"], Role.ADMINISTRATOR)
    users["outsider"] = UserFactory(username="outsider@example.test")
    users["anonymous"] = None
    return users


@pytest.fixture
def client_as(personas: dict[str, Any]) -> Callable[[str], Client]:
    def make(persona: str) -> Client:
        client = Client()
        user = personas[persona]
        if user is not None:
            client.force_login(user)
        return client

    return make


def assert_page_access(response: Any, persona: str, allowed: set[str], name: str) -> None:
    """Anonymous visitors are sent to sign in; allowed personas get the page; others get 403."""
    from django.urls import reverse

    if persona == "anonymous":
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("account_login")), name
    elif persona in allowed:
        assert response.status_code == 200, (name, persona)
    else:
        assert response.status_code == 403, (name, persona)


@pytest.fixture
def count_queries() -> Callable[[], CaptureQueriesContext]:
    return lambda: CaptureQueriesContext(connection)


__all__ = [
    "PASSWORD",
    "PERSONAS",
    "JobFamily",
    "Language",
    "PersonFactory",
    "SiteFactory",
    "UserFactory",
    "_english_after_each_test",
    "assert_page_access",
    "client_as",
    "count_queries",
    "employee_user",
    "give_skills",
    "grant",
    "org_unit",
    "personas",
    "reference_data",
    "restore_reference_data",
    "skill",
]
