"""Rows → engine input. The engine (`belong.matching`) never sees a model: enrollments and the
people behind them become frozen `Participant` records here.

Participant ids are `p<person id>` on both sides, so the engine's own rules see through them:
the same person is never paired with themselves, and `manager_chain` (also `p<id>`) keeps a
manager and their reports apart.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils import timezone

from belong.matching import Participant, Problem, Rules, Weights
from belong.mentoring.models import Enrollment, Program, Topic
from belong.people.models import Person, PersonSkill

MAX_CHAIN = 12  # levels of management walked up; deeper orgs are unheard of


def pid(person_id: int) -> str:
    return f"p{person_id}"


def person_id_of(participant_id: str) -> int:
    return int(participant_id[1:])


def manager_chains(person_ids: Iterable[int]) -> dict[int, tuple[str, ...]]:
    """Every person's managers nearest first, in one query per management level."""
    manager_of: dict[int, int | None] = {}
    frontier = set(person_ids)
    for _ in range(MAX_CHAIN):
        frontier -= manager_of.keys()
        if not frontier:
            break
        rows = Person.objects.filter(id__in=frontier).values_list("id", "manager_id")
        manager_of.update(rows)
        frontier = {m for _, m in rows if m is not None}
    chains: dict[int, tuple[str, ...]] = {}
    for start in person_ids:
        chain: list[str] = []
        at = manager_of.get(start)
        while at is not None and len(chain) < MAX_CHAIN:
            chain.append(pid(at))
            at = manager_of.get(at)
        chains[start] = tuple(chain)
    return chains


def _months(since: dt.date, today: dt.date) -> int:
    return max(0, (today.year - since.year) * 12 + today.month - since.month)


def participants(
    enrollments: Sequence[Enrollment], *, side: str, free_capacity: bool = True
) -> list[Participant]:
    """Engine records for mentees (`side="mentee"`) or mentors with their free capacity."""
    if not enrollments:
        return []
    person_ids = [e.person_id for e in enrollments]
    people = {
        p.id: p
        for p in Person.objects.filter(id__in=person_ids).select_related(
            "level", "org_unit", "site"
        )
    }
    chains = manager_chains(person_ids)
    topic_names = dict(
        Topic.objects.filter(program_id=enrollments[0].program_id).values_list("id", "name")
    )
    teaches: dict[int, list[str]] = {}
    if side == "mentor":
        for person_id, name in PersonSkill.objects.filter(
            person_id__in=person_ids, kind=PersonSkill.Kind.TEACH
        ).values_list("person_id", "skill__name"):
            teaches.setdefault(person_id, []).append(name)
    today = timezone.localdate()
    out = []
    for e in enrollments:
        person = people[e.person_id]
        path = person.org_unit.path.split("/") if person.org_unit.path else []
        topics = e.topics_sought if side == "mentee" else e.topics_offered
        text = (
            e.goals if side == "mentee" else " ".join([e.expertise, *teaches.get(e.person_id, [])])
        )
        out.append(
            Participant(
                id=pid(e.person_id),
                topics=tuple(topic_names[t] for t in topics if t in topic_names),
                text=text,
                level=person.level.rank,
                tenure_months=_months(person.hire_date, today),
                org_path=tuple("/".join(path[: k + 1]) for k in range(len(path))),
                manager_chain=chains.get(e.person_id, ()),
                timezone=person.site.timezone,
                languages=tuple(e.languages),
                capacity=(e.free_capacity if free_capacity else e.capacity)
                if side == "mentor"
                else 1,
                availability=tuple(e.availability),
                attributes={"country": person.site.country_code, "level": person.level.code},
            )
        )
    return out


def _settings(cls: type[Any], values: dict[str, Any]) -> Any:
    known = {f.name for f in dataclasses.fields(cls)} - {"must_pairs", "never_pairs"}
    return cls(**{k: v for k, v in (values or {}).items() if k in known})


def build_problem(
    program: Program,
    mentees: Sequence[Enrollment],
    mentors: Sequence[Enrollment],
    *,
    must: Iterable[tuple[int, int]] = (),
    never: Iterable[tuple[int, int]] = (),
    existing: Iterable[tuple[int, int]] = (),
    free_capacity: bool = True,
) -> Problem:
    """The program's weights and hard rules, plus pins (`must`) and removals (`never`) as
    (mentee person id, mentor person id) pairs."""
    rules = _settings(Rules, program.rules)
    rules = dataclasses.replace(
        rules,
        must_pairs=tuple((pid(a), pid(b)) for a, b in must),
        never_pairs=tuple((pid(a), pid(b)) for a, b in never),
    )
    return Problem(
        mentees=tuple(participants(mentees, side="mentee")),
        mentors=tuple(participants(mentors, side="mentor", free_capacity=free_capacity)),
        rules=rules,
        weights=_settings(Weights, program.weights),
        existing_pairs=tuple((pid(a), pid(b)) for a, b in existing),
        fairness_attributes=("country", "level"),
    )
