"""Write the demo company into the database, as a list of steps sharing one context.

Each step is `step(ctx)`; later apps add theirs (groups, events, programs) with
`register_step`, so `seed_demo` stays one command. A step that needs randomness takes
`ctx.rng("its name")`, so adding a step never changes what the earlier ones produce.
People are streamed from the generator in chunks and written with COPY on PostgreSQL
(`belong.common.bulk`), so 1.5 million of them fit in modest memory.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, Protocol

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import Max, Model
from django.utils import timezone

from belong.accounts.models import RoleGrant
from belong.common.bulk import bulk_load, insert_rows, reset_sequence
from belong.people.demo import data, taxonomy
from belong.people.demo.generator import EXTRA_LANGUAGES, HISTORY_START, generate_people
from belong.people.demo.orgplan import Company, plan_company
from belong.people.demo.personas import DEMO_PASSWORD, PERSONAS
from belong.people.models import (
    JobEvent,
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

CHUNK = 10_000
BULK_LOAD_FROM = 50_000  # people; smaller seeds (and the tests) keep every check on
PERSON_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "employee_id",
    "legal_name",
    "preferred_name",
    "email",
    "title",
    "level_id",
    "job_family_id",
    "org_unit_id",
    "manager_id",
    "site_id",
    "hire_date",
    "exit_date",
    "pronouns",
    "bio",
    "photo",
    "user_id",
    "search_text",
)


class Writer(Protocol):
    def write(self, msg: str, /) -> object: ...


@dataclass
class SeedContext:
    """What the steps share: the request, the ids they created, and what to report."""

    people: int
    seed: int
    today: dt.date
    out: Writer | None = None
    company: Company | None = None
    ids: dict[str, dict[Any, int]] = field(default_factory=dict)
    summary: dict[str, Any] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)

    def rng(self, step: str) -> random.Random:
        return random.Random(f"belong-demo:{self.seed}:{step}")

    def log(self, message: str) -> None:
        if self.out is not None:
            self.out.write(message + "\n")


SeedStep = Callable[[SeedContext], None]


def step_reference(ctx: SeedContext) -> None:
    """Sites, job families and the skill taxonomy; levels and languages come from migrations."""
    sites = {(s.city, s.country_code): s for s in Site.objects.all()}
    new_sites = [
        Site(city=s.city, country=s.country, country_code=s.country_code, timezone=s.timezone)
        for s in data.SITES
        if (s.city, s.country_code) not in sites
    ]
    Site.objects.bulk_create(new_sites)
    by_key = {(s.city, s.country_code): s.pk for s in Site.objects.all()}
    ctx.ids["site"] = {i: by_key[(s.city, s.country_code)] for i, s in enumerate(data.SITES)}

    existing = set(JobFamily.objects.values_list("name", flat=True))
    JobFamily.objects.bulk_create(
        [JobFamily(name=f.name) for f in taxonomy.FAMILIES if f.name not in existing]
    )
    families = dict(JobFamily.objects.values_list("name", "pk"))
    ctx.ids["family"] = {i: families[f.name] for i, f in enumerate(taxonomy.FAMILIES)}

    existing = set(Skill.objects.values_list("name", flat=True))
    Skill.objects.bulk_create(
        [
            Skill(name=s.name, category=s.category, synonyms=list(s.synonyms))
            for s in taxonomy.SKILLS
            if s.name not in existing
        ]
    )
    skills = dict(Skill.objects.values_list("name", "pk"))
    ctx.ids["skill"] = {i: skills[s.name] for i, s in enumerate(taxonomy.SKILLS)}

    for rank in range(1, 13):
        Level.objects.get_or_create(rank=rank, defaults={"code": f"L{rank}"})
    ctx.ids["level"] = dict(Level.objects.values_list("rank", "pk"))
    spoken = [*data.COUNTRY_LANGUAGES.values(), *data.CITY_LANGUAGES.values(), EXTRA_LANGUAGES]
    codes = {"en"} | {code for group in spoken for code in group}
    for code in sorted(codes):
        Language.objects.get_or_create(code=code, defaults={"name": code})
    ctx.ids["language"] = dict(Language.objects.values_list("code", "pk"))
    ctx.summary["sites"] = len(data.SITES)
    ctx.summary["countries"] = len({s.country_code for s in data.SITES})
    ctx.summary["skills in the taxonomy"] = len(taxonomy.SKILLS)
    ctx.summary["job families"] = len(taxonomy.FAMILIES)


def step_org(ctx: SeedContext) -> None:
    """Plan the company and write its org tree (parents before children)."""
    first_unit = (OrgUnit.objects.aggregate(m=Max("id"))["m"] or 0) + 1
    first_person = (Person.objects.aggregate(m=Max("id"))["m"] or 0) + 1
    company = plan_company(
        ctx.people, ctx.seed, first_person_id=first_person, first_unit_id=first_unit
    )
    ctx.company = company
    rows = (
        (u.id, u.name, u.parent.id if u.parent else None, u.path, u.full_name, u.depth)
        for u in company.units
    )
    for chunk in _chunks(rows, CHUNK):
        insert_rows(OrgUnit, ("id", "name", "parent_id", "path", "full_name", "depth"), chunk)
    reset_sequence(OrgUnit)
    ctx.summary["org units"] = len(company.units)
    ctx.summary["org levels (root included)"] = max(u.depth for u in company.units) + 1


def step_people(ctx: SeedContext) -> None:
    """Everyone (current and former), their languages, skills and job history."""
    tables: list[type[Model]] = [Person, Person.languages.through, PersonSkill, JobEvent]
    with bulk_load(tables, enabled=ctx.people >= BULK_LOAD_FROM, log=ctx.log):
        _write_people(ctx)


def _write_people(ctx: SeedContext) -> None:
    assert ctx.company is not None, "step_org plans the company first"
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    ids = ctx.ids
    level_ids, family_ids, site_ids = ids["level"], ids["family"], ids["site"]
    skill_ids, language_ids = ids["skill"], ids["language"]
    languages_m2m = Person.languages.through
    stats: Counter[str] = Counter()
    person_years = 0.0
    today_ord, start_ord = ctx.today.toordinal(), HISTORY_START.toordinal()
    done = 0
    started = time.perf_counter()
    for chunk in _chunks(generate_people(ctx.company, ctx.today), CHUNK):
        people: list[tuple[Any, ...]] = []
        languages: list[tuple[int, int]] = []
        skills: list[tuple[int, int, str]] = []
        events: list[tuple[int, str, str, int, int, str]] = []
        for p in chunk:
            pid = p.id
            hire, leave = p.hire_date.isoformat(), p.exit_date.isoformat() if p.exit_date else None
            people.append(
                (
                    pid,
                    now,
                    now,
                    p.employee_id,
                    p.legal_name,
                    p.preferred_name,
                    p.email,
                    p.title,
                    level_ids[p.level],
                    family_ids[p.family] if p.family is not None else None,
                    p.unit_id,
                    p.manager_id,
                    site_ids[p.site],
                    hire,
                    leave,
                    p.pronouns,
                    p.bio,
                    "",
                    None,
                    build_search_text(p.legal_name, p.preferred_name, p.email, p.employee_id),
                )
            )
            languages.extend((pid, language_ids[code]) for code in p.languages)
            skills.extend((pid, skill_ids[s], "teach") for s in p.teach)
            skills.extend((pid, skill_ids[s], "learn") for s in p.learn)
            for kind, when, level, unit, title in p.events:
                events.append((pid, kind, when.isoformat(), level_ids[level], unit, title))
                stats[kind] += 1
            stats["exited" if p.exit_date else "active"] += 1
            end = p.exit_date.toordinal() if p.exit_date else today_ord
            person_years += max(0, end - max(p.hire_date.toordinal(), start_ord)) / 365.25
        insert_rows(Person, PERSON_COLUMNS, people)
        insert_rows(languages_m2m, ("person_id", "language_id"), languages)
        insert_rows(PersonSkill, ("person_id", "skill_id", "kind"), skills)
        insert_rows(
            JobEvent,
            ("person_id", "kind", "effective_date", "level_id", "org_unit_id", "title"),
            events,
        )
        stats["languages"] += len(languages)
        stats["skills"] += len(skills)
        done += len(chunk)
        if done % (CHUNK * 20) == 0:
            rate = done / (time.perf_counter() - started)
            ctx.log(f"  … {done:,} people ({rate:,.0f}/s)")
    reset_sequence(Person)
    summary = ctx.summary
    summary["people"] = stats["active"] + stats["exited"]
    summary["still employed"] = stats["active"]
    summary["left the company"] = stats["exited"]
    summary["languages spoken (rows)"] = stats["languages"]
    summary["skills listed (teach + learn)"] = stats["skills"]
    for kind in ("hire", "promotion", "transfer", "exit"):
        summary[f"job events: {kind}"] = stats[kind]
    if person_years:
        summary["promotions per person-year"] = round(stats["promotion"] / person_years, 3)
        summary["exits per person-year"] = round(stats["exit"] / person_years, 3)


def step_accounts(ctx: SeedContext) -> None:
    """The persona logins: users, verified primary emails, links to people, role grants."""
    from allauth.account.models import EmailAddress

    user_model = get_user_model()
    password = make_password(DEMO_PASSWORD)  # hashed once: the same password for every persona
    for persona in PERSONAS:
        user, _ = user_model.objects.get_or_create(
            username=persona.email, defaults={"email": persona.email}
        )
        user.email = persona.email
        user.password = password
        user.is_staff = user.is_superuser = persona.superuser
        user.save()
        EmailAddress.objects.update_or_create(
            user=user, email=persona.email, defaults={"verified": True, "primary": True}
        )
        if persona.has_person:
            Person.objects.filter(email=persona.email).update(user=user)
        if persona.role:
            RoleGrant.objects.get_or_create(
                user=user,
                role=persona.role,
                scope_kind=persona.scope_kind,
                scope_id=persona.scope_id,
            )
    ctx.summary["persona logins"] = len(PERSONAS)


STEPS: list[tuple[str, SeedStep]] = [
    ("reference", step_reference),
    ("org", step_org),
    ("people", step_people),
    ("accounts", step_accounts),
]


def register_step(name: str, step: SeedStep, *, after: str | None = None) -> None:
    """Add a step (groups, events, programs…) to `seed_demo`, by default at the end."""
    names = [n for n, _ in STEPS]
    if name in names:
        STEPS[names.index(name)] = (name, step)
        return
    position = names.index(after) + 1 if after else len(STEPS)
    STEPS.insert(position, (name, step))


def seed_demo(
    *,
    people: int,
    seed: int,
    today: dt.date | None = None,
    out: Writer | None = None,
    only: Iterable[str] | None = None,
) -> SeedContext:
    """Run every step (or the named ones) in one transaction; returns the context."""
    chosen = set(only) if only is not None else None
    ctx = SeedContext(people=people, seed=seed, today=today or timezone.localdate(), out=out)
    with transaction.atomic():
        for name, step in STEPS:
            if chosen is not None and name not in chosen:
                continue
            started = time.perf_counter()
            ctx.log(f"Seeding {name}…")
            step(ctx)
            ctx.timings[name] = time.perf_counter() - started
    return ctx


def print_summary(ctx: SeedContext, out: Writer) -> None:
    out.write(f"Demo company (seed {ctx.seed}, as of {ctx.today.isoformat()}):\n")
    width = max(len(k) for k in ctx.summary)
    for key, value in ctx.summary.items():
        shown = f"{value:,}" if isinstance(value, int) else str(value)
        out.write(f"  {key:<{width}}  {shown}\n")
    timings = ", ".join(f"{name} {secs:.1f}s" for name, secs in ctx.timings.items())
    out.write(f"  {'time':<{width}}  {sum(ctx.timings.values()):.1f}s ({timings})\n")


def _chunks(rows: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(rows)
    while chunk := list(islice(it, size)):
        yield chunk
