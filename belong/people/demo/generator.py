"""Generate the demo company as plain records: pure and deterministic for a seed.

`plan_company` lays out the org tree (every unit with a head, headcount split by weight,
6 or 7 levels deep) and picks the persona seats. `iter_people` then streams one
`DemoPerson` at a time, heads first (so a manager always precedes their reports),
with names, site, languages, skills, and job history from 2016 to `today`.
No Django here: the loader turns these records into rows.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import math
import random
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from belong.people.demo import data, orgchart, taxonomy

HISTORY_START = dt.date(2016, 1, 1)
LEAF_BUDGET = 12  # people per smallest unit, those who have left included
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
FAMILY_INDEX = {spec.name: i for i, spec in enumerate(taxonomy.FAMILIES)}


@dataclass(slots=True)
class Unit:
    id: int
    parent: Unit | None
    name: str
    depth: int
    path: str
    full_name: str
    head_id: int
    head_level: int
    head_title: str
    family_cum: tuple[Sequence[int], Sequence[float]]  # family indexes, cumulative weights
    site: int
    area: str = ""
    members: int = 0  # non-heads reporting to the head
    first_member_id: int = 0
    is_leaf: bool = True


@dataclass
class Company:
    seed: int
    size: int
    units: list[Unit]
    leaves: list[int] = field(default_factory=list)  # ids of units with no children
    personas: dict[int, str] = field(default_factory=dict)  # person id → persona key


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


def _cum(weights: Sequence[float]) -> list[float]:
    return list(itertools.accumulate(weights))


def _pick(rng: random.Random, cum: Sequence[float]) -> int:
    return bisect.bisect_right(cum, rng.random() * cum[-1])


def _split(rng: random.Random, total: int, weights: Sequence[float]) -> list[int]:
    """Split `total` (>= len(weights)) into positive parts roughly proportional to weights."""
    jittered = [w * rng.uniform(0.7, 1.3) for w in weights]
    spare = total - len(weights)
    scale = spare / sum(jittered)
    parts = [1 + int(w * scale) for w in jittered]
    order = sorted(
        range(len(weights)), key=lambda i: int(jittered[i] * scale) - jittered[i] * scale
    )
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _fanout(rng: random.Random, budget: int, levels: int, limit: int) -> int:
    want: float = (max(budget, 1) / LEAF_BUDGET) ** (1 / max(levels, 1))
    return max(1, min(limit, round(want * rng.uniform(0.8, 1.25)), budget))


def _child_names(base: Sequence[str], count: int) -> list[str]:
    names = list(base[:count])
    for n in itertools.count(2):
        if len(names) >= count:
            break
        names.extend(f"{b} {n}" for b in base[: count - len(names)])
    return names


def _family_cum(families: Sequence[tuple[str, int]]) -> tuple[list[int], list[float]]:
    return [FAMILY_INDEX[f] for f, _ in families], _cum([w for _, w in families])


def plan_company(
    size: int, seed: int, *, first_person_id: int = 1, first_unit_id: int = 1
) -> Company:
    """Lay out the org tree for `size` people (heads, staff and everyone who left)."""
    rng = random.Random(f"belong-demo:{seed}:org")
    site_cum = _cum([s.weight for s in data.SITES])
    units: list[Unit] = []
    # Breadth first, so a parent (and its head) always has a smaller id than its children.
    queue: list[tuple[Unit | None, object, str, int]] = [(None, orgchart.DIVISIONS, "", size)]
    for parent, spec, name, budget in queue:
        depth = 0 if parent is None else parent.depth + 1
        uid = first_unit_id + len(units)
        if parent is None:
            name, level, title, site = orgchart.COMPANY, 12, orgchart.CEO_TITLE, 0
            fam: tuple[Sequence[int], Sequence[float]] = _family_cum([("Operations", 1)])
        else:
            site = parent.site if rng.random() < 0.4 else _pick(rng, site_cum)
            fam = parent.family_cum
            if isinstance(spec, orgchart.DivisionSpec):
                level, title = 11, spec.head_title
                fam = _family_cum(spec.departments[0].areas[0].families)
            elif isinstance(spec, orgchart.DepartmentSpec):
                level, title = 10, f"VP, {name}"
                fam = _family_cum(spec.areas[0].families)
            elif isinstance(spec, orgchart.AreaSpec):
                level = 9 if rng.random() < 0.6 else 8
                title = f"{'Senior ' if level == 9 else ''}Director, {name}"
                fam = _family_cum(spec.families)
            else:
                drop = 2 if rng.random() < 0.25 and parent.head_level >= 7 else 1
                level = parent.head_level - drop
                manager = taxonomy.FAMILIES[fam[0][0]].manager
                title = f"{'Senior ' if level >= 7 else ''}{manager}, {name}"
        path = f"{parent.path}/{uid}" if parent else str(uid)
        full_name = f"{parent.full_name} / {name}" if parent else name
        unit = Unit(uid, parent, name, depth, path, full_name, 0, level, title, fam, site)
        unit.area = name if isinstance(spec, orgchart.AreaSpec) else (parent.area if parent else "")
        units.append(unit)
        rest = budget - 1
        children: list[tuple[object, str, float]] = []
        if isinstance(spec, tuple):  # the company: its divisions
            count = max(1, min(len(spec), round(math.log2(max(size, 50) / 25)), rest))
            children = [(d, d.name, d.weight) for d in spec[:count]]
        elif isinstance(spec, orgchart.DivisionSpec):
            count = _fanout(rng, rest, 4, len(spec.departments))
            children = [(d, d.name, 1.0) for d in spec.departments[:count]]
        elif isinstance(spec, orgchart.DepartmentSpec):
            count = _fanout(rng, rest, 3, len(spec.areas))
            children = [(a, a.name, 1.0) for a in spec.areas[:count]]
        elif isinstance(spec, orgchart.AreaSpec):
            below = 3 if rest > LEAF_BUDGET * 150 else 2
            count = _fanout(rng, rest, below, 40)
            children = [(below - 1, n, 1.0) for n in _child_names(spec.teams, count)]
        elif isinstance(spec, int) and spec > 0:  # levels still to go below this unit
            count = _fanout(rng, rest, spec, 40)
            base = orgchart.SQUAD_NAMES if depth == 4 else ("Pod",)
            names = _child_names(rng.sample(base, min(len(base), count)), count)
            children = [(spec - 1, n, 1.0) for n in names]
        staff = rng.randint(0, min(3, rest // 40)) if children and rest > 40 else 0
        if not children or rest - staff < len(children):
            unit.members = rest
            continue
        unit.members = staff
        unit.is_leaf = False
        parts = _split(rng, rest - staff, [w for _, _, w in children])
        for (child_spec, child_name, _), part in zip(children, parts, strict=True):
            queue.append((unit, child_spec, child_name, part))
    # Heads take the first ids, in unit order; everyone else follows, unit by unit.
    next_id = first_person_id + len(units)
    for i, unit in enumerate(units):
        unit.head_id = first_person_id + i
        unit.first_member_id = next_id
        next_id += unit.members
    company = Company(seed, size, units, [u.id for u in units if u.is_leaf])
    company.personas = _persona_seats(units)
    return company


def _persona_seats(units: list[Unit]) -> dict[int, str]:
    """Pick who the persona logins sign in as: fixed seats, so the same seed gives the same."""
    seats: dict[int, str] = {}
    members = [u for u in units if u.is_leaf and u.members > 0]

    def member_in(area: str) -> int | None:
        for unit in members:
            for offset in range(unit.members):
                pid = unit.first_member_id + offset
                if (area == "" or unit.area == area) and pid not in seats:
                    return pid
        return None

    data_area = next((u for u in units if u.area == "Data" and u.depth == 3), None)
    if data_area is not None:
        seats[data_area.head_id] = "mentor"
    wanted = [
        ("employee", "Data"),
        ("analyst", "People Analytics"),
        ("admin", "IT"),
        ("leader", "Recruiting"),
        ("manager", "Learning"),
    ]
    for key, area in wanted:
        pid = member_in(area) or member_in("")
        if pid is not None:
            seats[pid] = key
    if "mentor" not in seats.values() and len(units) > 1:
        seats[units[1].head_id] = "mentor"
    return seats


_SLUG = re.compile(r"[^a-z0-9-]")


class PeopleGenerator:
    """Streams `DemoPerson` records for a planned company; one instance, one pass."""

    def __init__(self, company: Company, today: dt.date) -> None:
        self.company = company
        self.today = today
        self.rng = random.Random(f"belong-demo:{company.seed}:people")
        self.site_cum = _cum([s.weight for s in data.SITES])
        self.pools = {
            code: ([p for p, _ in pools], _cum([w for _, w in pools]))
            for code, pools in data.COUNTRY_NAME_POOLS.items()
        }
        # Cumulative level weights for someone whose manager is at `cap` (levels below it).
        self.pyramid = {cap: _cum(taxonomy.LEVEL_PYRAMID[: cap - 1]) for cap in range(2, 13)}
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
            ([SKILL_INDEX[n] for n, _ in f.profile], _cum([w for _, w in f.profile]))
            for f in taxonomy.FAMILIES
        ]
        self.manager_skills = (
            [SKILL_INDEX[n] for n, _ in taxonomy.MANAGER_SKILLS],
            _cum([w for _, w in taxonomy.MANAGER_SKILLS]),
        )
        self.start_ord = HISTORY_START.toordinal()
        self.today_ord = today.toordinal()
        years = list(range(HISTORY_START.year, today.year + 1))
        self.hire_years = years
        self.hire_year_cum = _cum([1.15 ** (y - HISTORY_START.year) for y in years])

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
        year = self.hire_years[_pick(rng, self.hire_year_cum)]
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
                skill = fam_skills[_pick(rng, fam_cum)]
            elif roll < 0.95:
                skill = rng.choice(self.general)
            else:
                skill = rng.choice(self.personal)
            if skill not in teach:
                teach.append(skill)
        if head:
            ids, cum = self.manager_skills
            for _ in range(rng.randint(1, 2)):
                skill = ids[_pick(rng, cum)]
                if skill not in teach:
                    teach.append(skill)
        learn_n = rng.randint(1, 4) if level <= 4 else rng.randint(0, 3)
        learn: list[int] = []
        for _ in range(learn_n * 3):
            if len(learn) >= learn_n:
                break
            roll = rng.random()
            if roll < 0.5:
                skill = fam_skills[_pick(rng, fam_cum)]
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
            level = 1 + _pick(rng, self.pyramid[cap])
            if not unit.is_leaf:  # staff of a bigger unit: senior individual contributors
                level = max(level, cap - 3)
        if unit.parent is None and head:
            family: int | None = None
        else:
            fam_ids, fam_cum = unit.family_cum
            family = fam_ids[_pick(rng, fam_cum)] if not head else fam_ids[0]
        site_idx = unit.site if rng.random() < 0.7 else _pick(rng, self.site_cum)
        site = data.SITES[site_idx]
        pool_names, pool_cum = self.pools[site.country_code]
        pool = data.NAME_POOLS[pool_names[_pick(rng, pool_cum)]]
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
            pronouns = choices[_pick(rng, _cum([w for _, w in choices]))][0]
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
