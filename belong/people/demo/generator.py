"""Generate the demo company as plain records: pure and deterministic for a seed.

`orgplan.plan_company` lays out the org tree and the persona seats; `generate_people`
then streams one `DemoPerson` at a time, heads first (so a manager always precedes their
reports), with names, site, languages, skills, and job history from 2016 to `today`.
No Django here: the loader turns these records into rows.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from belong.people.demo import data, taxonomy
from belong.people.demo.orgplan import FAMILY_INDEX, Company, Unit, cum_weights, pick

HISTORY_START = dt.date(2016, 1, 1)
PROMOTION_RATE = 0.11  # promotions per person-year (a little is lost to the L1 floor)
TRANSFER_RATE = 0.05
EXIT_RATE = 0.1  # yearly exit hazard for people not leading a unit: about 8% overall
MENTOR_TEACHES: tuple[str, ...] = (
    "SQL",
    "Data modeling",
    "ETL pipelines",
    "Apache Spark",
    "Data warehousing",
)
MENTOR_TEACHES += ("People management", "Coaching", "Career planning")
EXTRA_LANGUAGES = ("es", "fr", "de", "zh", "ja", "pt", "ar", "hi", "ru", "it", "ko")
SKILL_INDEX = {spec.name: i for i, spec in enumerate(taxonomy.SKILLS)}


@dataclass(slots=True)
class DemoPerson:
    id: int
    employee_id: str
    legal_name: str
    preferred_name: str
    email: str
    title: str
    level: int  # rank on the L1-L12 ladder
    family: int | None  # index into taxonomy.FAMILIES
    unit_id: int
    manager_id: int | None
    site: int  # index into data.SITES
    hire_date: dt.date
    exit_date: dt.date | None
    pronouns: str
    bio: str
    languages: tuple[str, ...]
    teach: tuple[int, ...]  # indexes into taxonomy.SKILLS
    learn: tuple[int, ...]
    events: list[tuple[str, dt.date, int, int, str]]  # kind, date, level, unit id, title
    persona: str | None = None


_SLUG = re.compile(r"[^a-z0-9-]")


class PeopleGenerator:
    """Streams `DemoPerson` records for a planned company; one instance, one pass."""

    def __init__(self, company: Company, today: dt.date) -> None:
        self.company = company
        self.today = today
        self.rng = random.Random(f"belong-demo:{company.seed}:people")
        self.site_cum = cum_weights([s.weight for s in data.SITES])
        self.pools = {
            code: ([p for p, _ in pools], cum_weights([w for _, w in pools]))
            for code, pools in data.COUNTRY_NAME_POOLS.items()
        }
        # Cumulative level weights for someone whose manager is at `cap` (levels below it).
        self.pyramid = {cap: cum_weights(taxonomy.LEVEL_PYRAMID[: cap - 1]) for cap in range(2, 13)}
        self.emails: dict[str, int] = {}
        self.slugs: dict[str, str] = {}
        self.titles: dict[tuple[int | None, int], str] = {}
        general = [
            i for i, s in enumerate(taxonomy.SKILLS) if s.category in taxonomy.GENERAL_CATEGORIES
        ]
        personal = [
            i for i, s in enumerate(taxonomy.SKILLS) if s.category == taxonomy.PERSONAL_CATEGORY
        ]
        self.general, self.personal = general, personal
        self.family_skills = [
            ([SKILL_INDEX[n] for n, _ in f.profile], cum_weights([w for _, w in f.profile]))
            for f in taxonomy.FAMILIES
        ]
        self.manager_skills = (
            [SKILL_INDEX[n] for n, _ in taxonomy.MANAGER_SKILLS],
            cum_weights([w for _, w in taxonomy.MANAGER_SKILLS]),
        )
        self.start_ord = HISTORY_START.toordinal()
        self.today_ord = today.toordinal()
        years = list(range(HISTORY_START.year, today.year + 1))
        self.hire_years = years
        self.hire_year_cum = cum_weights([1.15 ** (y - HISTORY_START.year) for y in years])

    def __iter__(self) -> Iterator[DemoPerson]:
        for unit in self.company.units:
            manager = unit.parent.head_id if unit.parent else None
            yield self.person(unit.head_id, unit, manager, head=True)
        for unit in self.company.units:
            for offset in range(unit.members):
                yield self.person(unit.first_member_id + offset, unit, unit.head_id, head=False)

    # -- pieces of a person ------------------------------------------------------------

    def slug(self, name: str) -> str:
        if name not in self.slugs:
            ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
            self.slugs[name] = _SLUG.sub("", ascii_name.lower())
        return self.slugs[name]

    def title(self, family: int | None, level: int) -> str:
        key = (family, level)
        if key not in self.titles:
            noun = taxonomy.FAMILIES[family].noun if family is not None else "Executive"
            prefix, suffix = taxonomy.LADDER[level]
            self.titles[key] = f"{prefix}{noun}{suffix}"
        return self.titles[key]

    def date_between(self, start: int, end: int) -> int:
        return self.rng.randint(start, max(start, end))

    def hire_ordinal(self, head: bool, level: int) -> int:
        rng = self.rng
        if rng.random() < (0.15 + 0.05 * level if head else 0.08):  # joined before 2016
            return self.date_between(dt.date(2006, 1, 1).toordinal(), self.start_ord - 1)
        year = self.hire_years[pick(rng, self.hire_year_cum)]
        start = max(dt.date(year, 1, 1).toordinal(), self.start_ord)
        end = min(dt.date(year, 12, 31).toordinal(), self.today_ord - (180 if head else 1))
        return self.date_between(start, end)

    def poisson(self, mean: float) -> int:
        limit, k, p = math.exp(-mean), 0, self.rng.random()
        while p > limit:
            k += 1
            p *= self.rng.random()
        return k

    def skills(self, family: int | None, level: int, head: bool) -> tuple[list[int], list[int]]:
        rng = self.rng
        if rng.random() > min(0.9, 0.5 + 0.04 * level):
            return [], []
        fam_skills, fam_cum = self.family_skills[family if family is not None else 0]
        teach_n = rng.randint(*((0, 2) if level <= 2 else (1, 3) if level <= 4 else (2, 6)))
        teach: list[int] = []
        for _ in range(teach_n * 3):
            if len(teach) >= teach_n:
                break
            roll = rng.random()
            if roll < 0.85:
                skill = fam_skills[pick(rng, fam_cum)]
            elif roll < 0.95:
                skill = rng.choice(self.general)
            else:
                skill = rng.choice(self.personal)
            if skill not in teach:
                teach.append(skill)
        if head:
            ids, cum = self.manager_skills
            for _ in range(rng.randint(1, 2)):
                skill = ids[pick(rng, cum)]
                if skill not in teach:
                    teach.append(skill)
        learn_n = rng.randint(1, 4) if level <= 4 else rng.randint(0, 3)
        learn: list[int] = []
        for _ in range(learn_n * 3):
            if len(learn) >= learn_n:
                break
            roll = rng.random()
            if roll < 0.5:
                skill = fam_skills[pick(rng, fam_cum)]
            elif roll < 0.85:
                skill = rng.choice(self.general)
            elif roll < 0.95:
                skill = rng.randrange(len(taxonomy.SKILLS))
            else:
                skill = rng.choice(self.personal)
            if skill not in teach and skill not in learn:
                learn.append(skill)
        return teach, learn

    def languages(self, site: data.SiteSpec) -> tuple[str, ...]:
        rng = self.rng
        local = data.CITY_LANGUAGES.get(site.city, ()) + data.COUNTRY_LANGUAGES[site.country_code]
        spoken = [local[0]]
        spoken.extend(code for code in local[1:] if code not in spoken and rng.random() < 0.2)
        share = data.ENGLISH_SHARE.get(site.country_code, data.DEFAULT_ENGLISH_SHARE)
        if "en" not in spoken and rng.random() < share:
            spoken.append("en")
        if rng.random() < 0.08:
            extra = rng.choice(EXTRA_LANGUAGES)
            if extra not in spoken:
                spoken.append(extra)
        return tuple(spoken)

    # -- a whole person ----------------------------------------------------------------

    def person(self, pid: int, unit: Unit, manager_id: int | None, *, head: bool) -> DemoPerson:
        rng = self.rng
        persona = self.company.personas.get(pid)
        if head:
            level = unit.head_level
        else:
            cap = unit.head_level
            level = 1 + pick(rng, self.pyramid[cap])
            if not unit.is_leaf:  # staff of a bigger unit: senior individual contributors
                level = max(level, cap - 3)
        if unit.parent is None and head:
            family: int | None = None
        else:
            fam_ids, fam_cum = unit.family_cum
            family = fam_ids[pick(rng, fam_cum)] if not head else fam_ids[0]
        site_idx = unit.site if rng.random() < 0.7 else pick(rng, self.site_cum)
        site = data.SITES[site_idx]
        pool_names, pool_cum = self.pools[site.country_code]
        pool = data.NAME_POOLS[pool_names[pick(rng, pool_cum)]]
        woman = rng.random() < 0.47
        given = rng.choice(pool.women if woman else pool.men).replace("_", " ")
        surname = rng.choice(pool.family).replace("_", " ")
        legal = f"{given} {surname}"
        nick = data.NICKNAMES.get(given)
        preferred = f"{nick} {surname}" if nick and rng.random() < 0.4 else legal
        local = f"{self.slug(given)}.{self.slug(surname)}"
        seen = self.emails.get(local, 0)
        self.emails[local] = seen + 1
        email = f"{local}{seen + 1 if seen else ''}@{data.DEMO_DOMAIN}"
        if persona is not None:
            email = f"{persona}@{data.DEMO_DOMAIN}"

        if persona == "employee":
            family, level = FAMILY_INDEX["Data Engineering"], min(3, unit.head_level - 1)
        elif persona == "mentor":
            family = FAMILY_INDEX["Data Engineering"]
        hire = self.hire_ordinal(head, level)
        if persona is not None:
            hire = min(hire, self.today_ord - 400)
        start = max(hire, self.start_ord)
        exit_ord: int | None = None
        if not head and persona is None:
            years = rng.expovariate(-math.log(1 - EXIT_RATE))
            candidate = start + 14 + int(years * 365.25)
            exit_ord = candidate if candidate < self.today_ord else None
        end = exit_ord or self.today_ord
        span_years = max(0.0, (end - start) / 365.25)

        promotions = min(self.poisson(PROMOTION_RATE * span_years), level - 1)
        transfers = min(self.poisson(TRANSFER_RATE * span_years), 2)
        changes = [("promotion", self.date_between(start + 1, end - 1)) for _ in range(promotions)]
        changes += [("transfer", self.date_between(start + 1, end - 1)) for _ in range(transfers)]
        changes.sort(key=lambda c: c[1])
        cur_level = level - promotions
        cur_unit = rng.choice(self.company.leaves) if transfers else unit.id
        events = [
            ("hire", dt.date.fromordinal(hire), cur_level, cur_unit, self.title(family, cur_level))
        ]
        moved = 0
        for kind, when in changes:
            if kind == "promotion":
                cur_level += 1
            else:
                moved += 1
                cur_unit = unit.id if moved == transfers else rng.choice(self.company.leaves)
            events.append(
                (
                    kind,
                    dt.date.fromordinal(when),
                    cur_level,
                    cur_unit,
                    self.title(family, cur_level),
                )
            )
        title = unit.head_title if head else self.title(family, level)
        if events and not changes and head:
            events[0] = (*events[0][:4], title)
        if exit_ord is not None:
            events.append(("exit", dt.date.fromordinal(exit_ord), level, unit.id, title))

        teach, learn = self.skills(family, level, head)
        if persona == "employee":
            teach = [SKILL_INDEX[s] for s in ("SQL", "Python", "Apache Airflow", "dbt")]
            learn = [SKILL_INDEX[s] for s in ("Apache Kafka", "Public speaking")]
        elif persona == "mentor":
            teach = [SKILL_INDEX[s] for s in MENTOR_TEACHES]
            learn = [SKILL_INDEX["Large language models"]]

        pronouns = ""
        if rng.random() < data.PRONOUN_SHARE:
            choices = data.PRONOUNS_WOMEN if woman else data.PRONOUNS_MEN
            pronouns = choices[pick(rng, cum_weights([w for _, w in choices]))][0]
        bio = ""
        if rng.random() < data.BIO_SHARE:
            skill_names = [taxonomy.SKILLS[i].name for i in teach] or ["our products"]
            learn_names = [taxonomy.SKILLS[i].name for i in learn] or ["something new"]
            opening = rng.choice(data.BIO_OPENINGS).format(
                title=title, unit=unit.name, city=site.city, year=dt.date.fromordinal(hire).year
            )
            closing = rng.choice(data.BIO_CLOSINGS).format(
                skill=rng.choice(skill_names),
                learn=rng.choice(learn_names),
                hobby=rng.choice(data.HOBBIES),
            )
            bio = f"{opening} {closing}"
        return DemoPerson(
            id=pid,
            employee_id=f"E{pid:07d}",
            legal_name=legal,
            preferred_name=preferred,
            email=email,
            title=title,
            level=level,
            family=family,
            unit_id=unit.id,
            manager_id=manager_id,
            site=site_idx,
            hire_date=dt.date.fromordinal(hire),
            exit_date=dt.date.fromordinal(exit_ord) if exit_ord is not None else None,
            pronouns=pronouns,
            bio=bio,
            languages=self.languages(site),
            teach=tuple(teach),
            learn=tuple(learn),
            events=events,
            persona=persona,
        )


def generate_people(company: Company, today: dt.date) -> Iterator[DemoPerson]:
    return iter(PeopleGenerator(company, today))
