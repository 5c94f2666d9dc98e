"""Plan the demo company's org tree: pure and deterministic for a seed.

Every unit has a head; headcount is split down the outline in `orgchart.py` by weight,
then into teams, squads and (for very large areas) pods: 6 or 7 levels in all. Ids are
handed out breadth first, so a parent unit and its head always come before their
children. No Django here.
"""

from __future__ import annotations

import bisect
import itertools
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from belong.people.demo import data, orgchart, taxonomy

LEAF_BUDGET = 12  # people per smallest unit, those who have left included
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


def cum_weights(weights: Sequence[float]) -> list[float]:
    return list(itertools.accumulate(weights))


def pick(rng: random.Random, cum: Sequence[float]) -> int:
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
    return [FAMILY_INDEX[f] for f, _ in families], cum_weights([w for _, w in families])


def plan_company(
    size: int, seed: int, *, first_person_id: int = 1, first_unit_id: int = 1
) -> Company:
    """Lay out the org tree for `size` people (heads, staff and everyone who left)."""
    rng = random.Random(f"belong-demo:{seed}:org")
    site_cum = cum_weights([s.weight for s in data.SITES])
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
            site = parent.site if rng.random() < 0.4 else pick(rng, site_cum)
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
            if area and unit.area != area:
                continue
            for pid in range(unit.first_member_id, unit.first_member_id + unit.members):
                if pid not in seats:
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
