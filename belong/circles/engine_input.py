"""Rows → the engine's circle mode and back. The engine never sees a model.

Engine ids are `p<person id>` (one live enrollment per person and program), so the
reporting lines from `mentoring.engine_input.manager_chains` keep managers and their
reports apart. Tenure is counted from the HR hire date.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils import timezone

from belong.circles.models import CircleEnrollment, CircleMember, CircleProgram
from belong.matching.circles import Circle as EngineCircle
from belong.matching.circles import CirclePerson, CircleRules
from belong.matching.circles_figures import make_circle
from belong.mentoring.engine_input import manager_chains, person_id_of, pid
from belong.people.models import Person

__all__ = ["circle_people", "circle_rules", "figures_json", "person_id_of", "pid"]


def circle_rules(program: CircleProgram) -> CircleRules:
    return CircleRules(
        min_size=program.min_size,
        max_size=program.max_size,
        min_leads=program.leads_per_circle,
        max_leads=program.leads_per_circle,
        tenure_bands=tuple(float(b) for b in program.bands),
        tz_window_hours=program.tz_window_hours,
        shared_language=False,  # HR languages are optional; a circle's language is agreed
    )


def tenure_months(hire_date: dt.date, today: dt.date) -> float:
    return max(0.0, (today - hire_date).days / 30.44)


def circle_people(enrollments: Sequence[CircleEnrollment]) -> list[CirclePerson]:
    """Engine records for enrollments: two queries plus one per management level."""
    if not enrollments:
        return []
    ids = [e.person_id for e in enrollments]
    rows = {
        p["id"]: p
        for p in Person.objects.filter(id__in=ids).values(
            "id", "hire_date", "site__timezone", "org_unit__full_name"
        )
    }
    chains = manager_chains(ids)
    today = timezone.localdate()
    out = []
    for e in enrollments:
        row = rows[e.person_id]
        org = "/".join(part.strip() for part in (row["org_unit__full_name"] or "").split("/"))
        # Drop the company root so org mix is counted between departments.
        org = "/".join(org.split("/")[1:]) or org
        chain = chains.get(e.person_id, ())
        out.append(
            CirclePerson(
                id=pid(e.person_id),
                role="lead" if e.role == CircleEnrollment.Role.LEAD else "participant",
                tenure_months=round(tenure_months(row["hire_date"], today), 1),
                themes=tuple(str(t) for t in e.themes),
                timezone=row["site__timezone"] or None,
                org=org,
                manager_id=chain[0] if chain else None,
                manager_chain=chain,
            )
        )
    return out


def figures_json(circle: EngineCircle) -> dict[str, Any]:
    f = dataclasses.asdict(circle.figures)
    f["band_counts"] = list(circle.figures.band_counts)
    f["shared_themes"] = [{"theme": t, "people": n} for t, n in circle.figures.shared_themes]
    f["violations"] = list(circle.figures.violations)
    return f


def engine_circle(
    name: str,
    members: Iterable[CircleMember],
    people: dict[str, CirclePerson],
    rules: CircleRules,
    *,
    locked: bool = False,
) -> EngineCircle:
    leads: list[str] = []
    rest: list[str] = []
    for m in members:
        (leads if m.role == CircleEnrollment.Role.LEAD else rest).append(pid(m.person_id))
    return make_circle(name, leads, rest, people, rules, locked=locked)
