"""`seed_demo`: a believable company, the same for the same seed, with the persona logins."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from io import StringIO
from itertools import pairwise
from zoneinfo import ZoneInfo, available_timezones

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import F, Prefetch, QuerySet

from belong.accounts.models import RoleGrant
from belong.people.demo import loader
from belong.people.demo.generator import generate_people
from belong.people.demo.orgplan import plan_company
from belong.people.demo.personas import DEMO_PASSWORD, PERSONAS, persona
from belong.people.models import (
    JobEvent,
    OrgUnit,
    Person,
    PersonSkill,
    Site,
    build_search_text,
)

AS_OF = dt.date(2026, 6, 30)


def seed(people: int = 400, seed: int = 7, **options: object) -> str:
    out = StringIO()
    call_command("seed_demo", people=people, seed=seed, as_of=AS_OF, stdout=out, **options)
    return out.getvalue()


def snapshot() -> list[tuple[str, str, str | None, str, dt.date]]:
    return list(
        Person.objects.order_by("id").values_list(
            "employee_id", "email", "manager__email", "level__code", "hire_date"
        )
    )


def wipe() -> None:
    JobEvent.objects.all().delete()
    Person.objects.all().delete()
    for depth in sorted(set(OrgUnit.objects.values_list("depth", flat=True)), reverse=True):
        OrgUnit.objects.filter(depth=depth).delete()


def test_it_generates_the_same_company_for_the_same_seed_without_a_database() -> None:
    def people(seed: int) -> list[tuple[str, int | None, int, dt.date]]:
        company = plan_company(500, seed)
        return [
            (p.email, p.manager_id, p.level, p.hire_date) for p in generate_people(company, AS_OF)
        ]

    assert people(3) == people(3)
    assert people(3) != people(4)


@pytest.mark.django_db
def test_it_writes_the_same_people_for_the_same_seed_and_others_for_another() -> None:
    seed(seed=7)
    first = snapshot()
    wipe()
    seed(seed=7)
    assert snapshot() == first
    wipe()
    seed(seed=8)
    other = snapshot()
    assert len(other) == len(first)
    assert [row[1] for row in other] != [row[1] for row in first]


@pytest.mark.django_db
def test_it_creates_exactly_n_people_leavers_included() -> None:
    seed(people=432)
    assert Person.objects.count() == 432
    left = Person.objects.filter(exit_date__isnull=False)
    assert 0.1 * 432 < left.count() < 0.45 * 432
    assert JobEvent.objects.filter(kind="exit").count() == left.count()
    assert JobEvent.objects.filter(kind="hire").count() == 432


@pytest.mark.django_db
def test_it_fills_everyones_search_text() -> None:
    seed()
    assert not Person.objects.filter(search_text="").exists()
    for p in Person.objects.all()[:50]:
        assert p.search_text == build_search_text(
            p.legal_name, p.preferred_name, p.email, p.employee_id
        )


@pytest.mark.django_db
def test_it_builds_manager_chains_that_reach_the_ceo_and_climb_the_ladder() -> None:
    seed()
    rows = {
        pid: (manager, rank)
        for pid, manager, rank in Person.objects.values_list("id", "manager_id", "level__rank")
    }
    tops = [pid for pid, (manager, _) in rows.items() if manager is None]
    assert len(tops) == 1
    ceo = Person.objects.get(pk=tops[0])
    assert ceo.title == "Chief Executive Officer" and ceo.level.code == "L12"
    assert ceo.org_unit.depth == 0
    for pid, (manager, rank) in rows.items():
        if manager is not None:
            assert rows[manager][1] > rank, "a manager sits at least one level above a report"
        seen = {pid}
        while manager is not None:
            assert manager not in seen, "manager chain has a cycle"
            seen.add(manager)
            manager = rows[manager][0]
        assert tops[0] in seen


@pytest.mark.django_db
def test_it_builds_an_org_tree_five_to_seven_levels_deep_with_a_head_for_each_unit() -> None:
    seed()
    units = {u.id: u for u in OrgUnit.objects.all()}
    assert 5 <= max(u.depth for u in units.values()) + 1 <= 7
    for unit in units.values():
        if unit.parent_id is None:
            assert unit.depth == 0 and unit.path == str(unit.id)
        else:
            parent = units[unit.parent_id]
            assert unit.path == f"{parent.path}/{unit.id}"
            assert unit.full_name == f"{parent.full_name} / {unit.name}"
            assert unit.depth == parent.depth + 1
    assert OrgUnit.objects.filter(
        full_name__startswith="Acme / Engineering / Platform / Data"
    ).exists()
    # Every unit's head is the one person in it whose manager sits outside it.
    heads = Counter(
        Person.objects.exclude(manager__org_unit=F("org_unit")).values_list(
            "org_unit_id", flat=True
        )
    )
    assert set(heads) == set(units)
    assert all(count == 1 for count in heads.values())


@pytest.mark.django_db
def test_it_spreads_people_over_about_sixty_sites_in_about_twenty_countries() -> None:
    seed()
    sites = list(Site.objects.all())
    assert 50 <= len(sites) <= 70
    assert 18 <= len({s.country_code for s in sites}) <= 25
    zones = available_timezones()
    for site in sites:
        assert site.timezone in zones
        ZoneInfo(site.timezone)
    assert Site.objects.get(city="Bengaluru").timezone == "Asia/Kolkata"
    assert Person.objects.values("site").distinct().count() > 30


@pytest.mark.django_db
def test_it_gives_data_people_sql_far_more_often_than_others() -> None:
    seed(people=1000)
    data = Person.objects.filter(job_family__name__in=["Data Engineering", "Data Analytics"])
    others = Person.objects.exclude(
        job_family__name__in=[
            "Data Engineering",
            "Data Analytics",
            "Data Science",
            "People Analytics",
            "Machine Learning",
        ]
    )

    def sql_share(people: QuerySet[Person]) -> float:
        ids = list(people.values_list("id", flat=True))
        with_sql = (
            PersonSkill.objects.filter(person_id__in=ids, skill__name="SQL")
            .values("person_id")
            .distinct()
            .count()
        )
        return with_sql / len(ids)

    assert data.count() > 20
    assert sql_share(data) > 3 * sql_share(others)
    watercolour = PersonSkill.objects.filter(skill__name="Watercolour", person__in=data).count()
    assert watercolour < PersonSkill.objects.filter(skill__name="SQL", person__in=data).count()


@pytest.mark.django_db
def test_it_keeps_a_level_pyramid_titles_languages_and_plausible_history() -> None:
    out = seed(people=800)
    ranks = Counter(Person.objects.values_list("level__rank", flat=True))
    assert sum(ranks[r] for r in range(1, 5)) > 10 * sum(ranks[r] for r in range(10, 13))
    engineer = Person.objects.filter(
        job_family__name="Data Engineering", level__code="L4", reports__isnull=True
    ).first()
    assert engineer is None or engineer.title == "Senior Data Engineer"
    with_english = Person.objects.filter(languages__code="en").count()
    assert with_english > 0.7 * Person.objects.count()
    assert not Person.objects.filter(languages__isnull=True).exists()
    in_japan = Person.objects.filter(site__country_code="JP")
    if in_japan.exists():
        assert in_japan.filter(languages__code="ja").count() == in_japan.count()
    in_order = Prefetch("job_events", queryset=JobEvent.objects.order_by("id"))
    for p in Person.objects.prefetch_related(in_order)[:200]:
        events = list(p.job_events.all())  # as written: the history must be in date order
        assert events[0].kind == "hire" and events[0].effective_date == p.hire_date
        assert all(a.effective_date <= b.effective_date for a, b in pairwise(events))
        if p.exit_date:
            assert events[-1].kind == "exit" and events[-1].effective_date == p.exit_date
    promotion_rate = float(out.split("promotions per person-year")[1].split()[0])
    assert 0.06 <= promotion_rate <= 0.14
    assert JobEvent.objects.filter(kind="transfer").exists()
    assert Person.objects.exclude(pronouns="").exists() and Person.objects.exclude(bio="").exists()


@pytest.mark.django_db
def test_it_creates_the_persona_logins_with_their_roles() -> None:
    seed()
    user_model = get_user_model()
    for p in PERSONAS:
        user = user_model.objects.get(username=p.email)
        assert user.email == p.email and user.check_password(DEMO_PASSWORD)
        assert EmailAddress.objects.filter(user=user, email=p.email, verified=True, primary=True)
        assert Person.objects.filter(user=user).exists() == p.has_person
    grants = set(RoleGrant.objects.values_list("user__username", "role", "scope_kind", "scope_id"))
    assert grants == {
        ("leader@demo.belong.test", "group_leader", "group", 1),
        ("manager@demo.belong.test", "program_manager", "program", 1),
        ("analyst@demo.belong.test", "hr_analyst", "company", None),
        ("admin@demo.belong.test", "administrator", "company", None),
    }
    admin = user_model.objects.get(username=persona("admin").email)
    assert admin.is_staff and admin.is_superuser
    assert not user_model.objects.get(username=persona("employee").email).is_staff
    outsider = user_model.objects.get(username=persona("outsider").email)
    assert not Person.objects.filter(user=outsider).exists()
    assert not RoleGrant.objects.filter(user=outsider).exists()

    employee = Person.objects.get(email=persona("employee").email)
    assert employee.is_active and employee.job_family.name == "Data Engineering"
    assert employee.person_skills.filter(skill__name="SQL", kind="teach").exists()
    found = Person.objects.filter(person_skills__skill__name="SQL", email=employee.email)
    assert found.exists()
    mentor = Person.objects.get(email=persona("mentor").email)
    assert mentor.level.rank >= 7 and mentor.is_active
    assert mentor.person_skills.filter(kind="teach").count() >= 6


@pytest.mark.django_db
def test_it_prints_a_summary_and_the_logins() -> None:
    out = seed()
    assert "people" in out and "400" in out
    for p in PERSONAS:
        assert p.email in out
    assert DEMO_PASSWORD in out


@pytest.mark.django_db
def test_it_does_nothing_with_if_empty_on_a_seeded_database() -> None:
    seed()
    before = (Person.objects.count(), OrgUnit.objects.count(), JobEvent.objects.count())
    out = seed(people=900, seed=99, if_empty=True)
    assert "skipped" in out
    assert (Person.objects.count(), OrgUnit.objects.count(), JobEvent.objects.count()) == before


@pytest.mark.django_db
def test_it_refuses_to_seed_over_existing_people_without_if_empty() -> None:
    seed()
    with pytest.raises(CommandError):
        seed(seed=8)
    assert Person.objects.count() == 400


def index_names() -> set[str]:
    tables = [Person, Person.languages.through, PersonSkill, JobEvent]
    with connection.cursor() as cursor:
        return {
            name
            for model in tables
            for name in connection.introspection.get_constraints(cursor, model._meta.db_table)
        }


@pytest.mark.django_db
def test_it_writes_the_same_company_in_bulk_load_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    seed(people=300)
    normal, indexes = snapshot(), index_names()
    wipe()
    monkeypatch.setattr(loader, "BULK_LOAD_FROM", 0)  # what 1.5M people would get
    seed(people=300)
    assert snapshot() == normal
    assert index_names() == indexes


@pytest.mark.django_db
def test_it_runs_only_the_named_steps_and_names_an_unknown_one() -> None:
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="unknown step"):
        call_command("seed_demo", "--people", "150", "--only", "people,nonsense", verbosity=0)
    call_command(
        "seed_demo", "--people", "150", "--only", "reference,org,people,accounts", verbosity=0
    )
    assert Person.objects.count() == 150
