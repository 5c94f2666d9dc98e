"""Reads for the directory and profiles."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import Prefetch, Q
from django.utils import timezone

from belong.people.models import Person, PersonQuerySet, PersonSkill


@dataclass(frozen=True)
class DirectoryFilters:
    q: str = ""
    skill: int | None = None
    org: int | None = None
    site: int | None = None
    language: int | None = None
    level: int | None = None

    @property
    def active(self) -> bool:
        return bool(self.q or self.skill or self.org or self.site or self.language or self.level)


@dataclass(frozen=True)
class Page:
    people: list[Person]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def directory_search(people: PersonQuerySet, filters: DirectoryFilters) -> PersonQuerySet:
    """Words match names, email or id anywhere; then skill, org subtree, site, language, level."""
    for word in filters.q.lower().split()[:5]:
        people = people.filter(search_text__contains=word)
    if filters.skill:
        people = people.filter(id__in=_skill_holders(filters.skill, filters))
    if filters.org:
        from belong.people.models import OrgUnit

        unit = OrgUnit.objects.filter(id=filters.org).only("path").first()
        if unit is None:
            return people.none()
        # The subtree's unit ids first, so the planner can use the person.org_unit index.
        units = OrgUnit.objects.filter(
            Q(path=unit.path) | Q(path__startswith=unit.path + "/")
        ).values("id")
        people = people.filter(org_unit_id__in=units)
    if filters.site:
        people = people.filter(site_id=filters.site)
    if filters.language:
        people = people.filter(languages__id=filters.language)
    if filters.level:
        people = people.filter(level_id=filters.level)
    return people


RARE_SKILL, RARE_WITH_ANOTHER_FILTER = 2_000, 20_000


def _skill_holders(skill_id: int, filters: DirectoryFilters) -> Any:
    """The people listing the skill: their ids themselves when they are few, else a subquery.

    With a subquery PostgreSQL walks the name index and checks the skill row by row, which
    is quick for a common skill but took 1 to 7 s at 1.5M people for a rare one, or for a skill
    with another filter on top (few matches, spread thinly over the name order). Given the
    ids, it fetches those people and sorts them instead (80 to 350 ms)."""
    holders = PersonSkill.objects.filter(skill_id=skill_id).values_list("person_id", flat=True)
    limit = _rare_skill_limit(filters)
    ids = list(holders.order_by()[: limit + 1])
    return ids if len(ids) <= limit else holders.values("person_id")


def _rare_skill_limit(filters: DirectoryFilters) -> int:
    if filters.site:
        # The (site, name) index walks one site's people in name order: 60 ms at 1.5M
        # people, against 250 ms for fetching and sorting 10,000 holders.
        return RARE_SKILL
    narrowed = bool(filters.q or filters.org or filters.language or filters.level)
    return RARE_WITH_ANOTHER_FILTER if narrowed else RARE_SKILL


def directory_page(
    people: PersonQuerySet, *, page: int, size: int, filters: DirectoryFilters | None = None
) -> Page:
    """One page, asking for one row more than shown instead of counting millions of rows."""
    page = max(1, page)
    start = (page - 1) * size
    if people.query.is_empty():  # e.g. an org that does not exist: there is no SQL to run
        return Page(people=[], number=page, has_next=False)
    if filters is not None and connection.vendor == "postgresql" and _few_matches(filters):
        ids = _ids_sorted_after_filtering(people, start, size + 1)
    else:
        # Ids first, then the page's rows: walking the name order for ids alone can stay
        # in the index (see Person.Meta.indexes) instead of reading every row it passes.
        in_order = people.order_by("preferred_name", "id").values_list("id", flat=True)
        ids = list(in_order[start : start + size + 1])
    by_id = {p.pk: p for p in _with_page_details(Person.objects.filter(pk__in=ids))}
    rows = [by_id[pk] for pk in ids if pk in by_id]
    return Page(people=rows[:size], number=page, has_next=len(rows) > size)


def _with_page_details(people: PersonQuerySet) -> PersonQuerySet:
    return people.select_related("level", "org_unit", "site").prefetch_related(
        Prefetch(
            "person_skills",
            queryset=PersonSkill.objects.filter(kind=PersonSkill.Kind.TEACH).select_related(
                "skill"
            ),
            to_attr="teach_skills",
        )
    )


FEW_WORD_MATCHES = 50_000
TRIGRAM = 3  # shorter words cannot use the trigram index: finding their matches reads the table


def _few_matches(filters: DirectoryFilters) -> bool:
    """Whether to fetch every match and sort them, rather than walk the name order.

    Walking costs in proportion to how far down the name order the page's matches lie.
    PostgreSQL's planner assumes matches are spread evenly, but a name fragment's are not:
    for "dani" (24,000 of 1.5M people, nearly all under D) it walked 272,000 rows, 351 ms,
    where fetching the matches through the trigram index and sorting them took 41 ms. So a
    word of three letters or more sorts when it matches at most 50,000 people (the planner's
    estimate decides, with a bounded count when it is near the line). A skill sorts only
    when rare (see _rare_skill_limit): walking the covering name index and checking each
    person's skills on its index costs about 5 ms for a skill 20,000 people list, against
    200 ms for fetching and sorting them.
    """
    words = [word for word in filters.q.lower().split()[:5] if len(word) >= TRIGRAM]
    if words:
        matching = Person.objects.order_by()
        for word in words:
            matching = matching.filter(search_text__contains=word)
        estimate = _estimated_rows(matching.values("id"))
        if estimate <= FEW_WORD_MATCHES:
            return True
        # Trigram estimates are coarse (30,303 for "mari", which matches 16,699): count
        # when the estimate is near the line; the scan stops at the limit either way.
        near = estimate <= 4 * FEW_WORD_MATCHES
        if near and matching[: FEW_WORD_MATCHES + 1].count() <= FEW_WORD_MATCHES:
            return True
    if filters.skill:
        limit = _rare_skill_limit(filters)
        holders = PersonSkill.objects.filter(skill_id=filters.skill).order_by()
        return holders[: limit + 1].count() <= limit
    return False


def _estimated_rows(query: Any) -> int:
    plan = json.loads(query.explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])


def _ids_sorted_after_filtering(people: PersonQuerySet, offset: int, limit: int) -> list[int]:
    """The page's ids, sorting all matches instead of walking the name index.

    MATERIALIZED stops PostgreSQL from folding the filter back into an index walk.
    """
    sql, params = people.order_by().values("id", "preferred_name").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH matches AS MATERIALIZED ({sql}) "
            "SELECT id FROM matches ORDER BY preferred_name, id LIMIT %s OFFSET %s",
            [*params, limit, offset],
        )
        return [row[0] for row in cursor.fetchall()]


def profile_details(person: Person) -> dict[str, Any]:
    skills = list(
        PersonSkill.objects.filter(person=person).select_related("skill").order_by("skill__name")
    )
    reports = list(
        Person.objects.active()
        .filter(manager=person)
        .select_related("level")
        .order_by("preferred_name")[:50]
    )
    chain = reporting_chain(person, limit=12)
    now = timezone.now()
    local = now.astimezone(person.site.zone)
    return {
        "teach": [s.skill for s in skills if s.kind == PersonSkill.Kind.TEACH],
        "learn": [s.skill for s in skills if s.kind == PersonSkill.Kind.LEARN],
        "languages": list(person.languages.all()),
        "reports": reports,
        "chain": chain,
        "local_time": local,
        "history": list(
            person.job_events.select_related("level", "org_unit").order_by("-effective_date")[:20]
        ),
        "tenure_years": _years_between(person.hire_date, person.exit_date or timezone.localdate()),
    }


def reporting_chain(person: Person, *, limit: int) -> list[Person]:
    """Managers upward, nearest first; one query per level, bounded, so deep chains stay cheap."""
    chain: list[Person] = []
    seen = {person.pk}
    current = person.manager
    while current is not None and len(chain) < limit and current.pk not in seen:
        chain.append(current)
        seen.add(current.pk)
        current = (
            Person.objects.select_related("manager").filter(pk=current.manager_id).first()
            if current.manager_id
            else None
        )
    return chain


def _years_between(start: dt.date, end: dt.date) -> float:
    return round((end - start).days / 365.25, 1)


FILTER_CHOICES_KEY = "people:directory-filter-choices"


def filter_choices() -> dict[str, list[tuple[int, str]]]:
    """The directory's filter options, cached for a minute: they change only with an import."""
    choices: dict[str, list[tuple[int, str]]] | None = cache.get(FILTER_CHOICES_KEY)
    if choices is None:
        from belong.people.models import Language, Level, OrgUnit, Site, Skill

        choices = {
            "skill": list(Skill.objects.order_by("name").values_list("id", "name")),
            "org": list(
                OrgUnit.objects.filter(depth__lte=3)
                .order_by("full_name")
                .values_list("id", "full_name")
            ),
            "site": [
                (pk, f"{city}, {country}")
                for pk, city, country in Site.objects.order_by("country", "city").values_list(
                    "id", "city", "country"
                )
            ],
            "language": [
                (pk, str(name))
                for pk, name in Language.objects.order_by("name").values_list("id", "name")
            ],
            "level": list(Level.objects.order_by("rank").values_list("id", "code")),
        }
        # Short-lived: an import in the worker process cannot clear the web processes' caches.
        cache.set(FILTER_CHOICES_KEY, choices, 60)
    return choices


def forget_filter_choices() -> None:
    cache.delete(FILTER_CHOICES_KEY)
