"""Circle formation: partition a pool into mentoring or care circles.

A circle is one or two leads with 8-14 participants whose tenures spread across
bands (under a year, 1-2, 2-3, 3-4 years), who share themes, sit within a
time-zone window and never include a manager together with their report.

The public API works on plain data (no Django):

* :class:`CirclePerson`, :class:`CircleRules`, :class:`CircleProblem` describe the input;
* :func:`form_circles` drafts circles (min-cost flow, see ``docs/matching.md``);
* :func:`place_late` adds late enrollees to circles with room, without moving anyone;
* :func:`~belong.matching.circles_figures.circle_figures` /
  :func:`~belong.matching.circles_figures.make_circle` (in ``circles_figures.py``)
  recompute one circle after a manual move.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

Role = Literal["lead", "participant"]

#: Offsets of IANA zones are read at this instant (northern winter), so results
#: do not depend on the day a run happens.
TZ_REFERENCE = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)


class CircleInputError(ValueError):
    """Bad circle input; the message names the offending entry."""


@lru_cache(maxsize=1024)
def _zone_offset(name: str) -> float:
    try:
        delta = TZ_REFERENCE.astimezone(ZoneInfo(name)).utcoffset()
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise CircleInputError(f"unknown time zone {name!r}") from exc
    assert delta is not None
    return delta.total_seconds() / 3600.0


def tz_offset_hours(tz: str | float | None) -> float | None:
    """UTC offset in hours of an IANA name (at :data:`TZ_REFERENCE`) or a number."""
    if tz is None:
        return None
    if isinstance(tz, (int, float)):
        return float(tz)
    return _zone_offset(tz)


def tz_distance(a: float, b: float) -> float:
    """Hours between two UTC offsets, the short way round the clock."""
    d = abs(a - b) % 24.0
    return min(d, 24.0 - d)


def tz_spread(offsets: Iterable[float]) -> float:
    """Smallest arc of the 24-hour clock that holds every offset (0 for one zone)."""
    points = sorted({o % 24.0 for o in offsets})
    if len(points) <= 1:
        return 0.0
    gaps = [b - a for a, b in itertools.pairwise(points)]
    gaps.append(points[0] + 24.0 - points[-1])
    return round(24.0 - max(gaps), 4)


@dataclass(frozen=True, slots=True)
class CirclePerson:
    """One enrollee. ``manager_chain`` runs upward: manager, skip-level, ..."""

    id: str
    role: Role = "participant"
    tenure_months: float = 0.0
    themes: tuple[str, ...] = ()
    timezone: str | float | None = None
    org: str = ""
    manager_id: str | None = None
    manager_chain: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    attributes: Mapping[str, str] = field(default_factory=dict, hash=False)

    @property
    def chain(self) -> tuple[str, ...]:
        """The reporting chain upward, starting with the direct manager."""
        if self.manager_chain:
            if self.manager_id and self.manager_chain[0] != self.manager_id:
                return (self.manager_id, *self.manager_chain)
            return self.manager_chain
        return (self.manager_id,) if self.manager_id else ()

    @property
    def utc_offset(self) -> float | None:
        return tz_offset_hours(self.timezone)

    def org_unit(self, level: int) -> str:
        """The org path cut to ``level`` segments ("Eng/Platform" at level 1 is "Eng")."""
        parts = [p for p in self.org.split("/") if p]
        return "/".join(parts[:level]) if parts else ""


@dataclass(frozen=True, slots=True)
class CircleRules:
    """Rules for every circle; sizes count participants (leads apart)."""

    min_size: int = 8
    max_size: int = 14
    min_leads: int = 1
    max_leads: int = 2
    tenure_bands: tuple[float, ...] = (6, 12, 24, 36, 48)
    min_per_band: int = 1
    max_per_band: int | None = 5
    tz_window_hours: float | None = 6.0
    forbid_manager_report: bool = True
    reporting_depth: int = 1
    org_mix: bool = False
    org_level: int = 1
    shared_language: bool = True

    def __post_init__(self) -> None:
        problems = []
        if not 1 <= self.min_size <= self.max_size:
            problems.append("min_size and max_size: need 1 <= min_size <= max_size")
        if not 0 <= self.min_leads <= self.max_leads or self.max_leads < 1:
            problems.append("min_leads and max_leads: need 0 <= min_leads <= max_leads, max >= 1")
        edges = self.tenure_bands
        if len(edges) < 2 or any(b <= a for a, b in itertools.pairwise(edges)):
            problems.append("tenure_bands: need at least two increasing edges")
        if self.min_per_band < 0:
            problems.append("min_per_band: must be >= 0")
        if self.max_per_band is not None and self.max_per_band < max(1, self.min_per_band):
            problems.append("max_per_band: must be >= min_per_band and >= 1")
        if self.tz_window_hours is not None and not 0 <= self.tz_window_hours <= 24:
            problems.append("tz_window_hours: must be between 0 and 24")
        if self.reporting_depth < 0 or self.org_level < 1:
            problems.append("reporting_depth >= 0 and org_level >= 1 required")
        if problems:
            raise CircleInputError("rules." + "; ".join(problems))

    @property
    def n_bands(self) -> int:
        return len(self.tenure_bands) - 1

    def band_of(self, tenure_months: float) -> int:
        """Band index; tenures outside the edges go to the first or last band."""
        for i, edge in enumerate(self.tenure_bands[1:-1]):
            if tenure_months < edge:
                return i
        return self.n_bands - 1

    def band_label(self, band: int) -> str:
        """ "under 1 year", "1-2 years", "3 years or more" (months when not whole years)."""
        lo, hi = self.tenure_bands[band], self.tenure_bands[band + 1]
        if band == 0:
            return f"under {_months(hi)}"
        if band == self.n_bands - 1:
            return f"{_months(lo)} or more"
        if lo % 12 == 0 and hi % 12 == 0:
            return f"{lo / 12:g}\u2013{hi / 12:g} years"
        return f"{lo:g}\u2013{hi:g} months"

    @property
    def band_cap(self) -> int:
        return self.max_size if self.max_per_band is None else self.max_per_band


def _months(m: float) -> str:
    if m % 12 == 0:
        years = int(m // 12)
        return f"{years} year" + ("s" if years != 1 else "")
    return f"{m:g} months"


@dataclass(frozen=True, slots=True)
class CircleProblem:
    people: tuple[CirclePerson, ...]
    rules: CircleRules = field(default_factory=CircleRules)
    locked: tuple[tuple[str, ...], ...] = ()
    locked_names: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CircleFigures:
    size: int
    leads: int
    band_counts: tuple[int, ...]
    bands_covered: int
    tenure_min: float
    tenure_max: float
    theme_coherence: float
    shared_themes: tuple[tuple[str, int], ...]
    tz_spread_hours: float
    orgs: int
    largest_org_share: float
    violations: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Circle:
    id: str
    lead_ids: tuple[str, ...]
    member_ids: tuple[str, ...]
    figures: CircleFigures
    reasons: tuple[str, ...]
    locked: bool = False


@dataclass(frozen=True, slots=True)
class CircleQuality:
    circles: int
    people: int
    placed: int
    unplaced: int
    placed_share: float
    mean_size: float
    band_rule_met_share: float
    bands_covered_share: float
    mean_theme_coherence: float
    mean_tz_spread_hours: float
    mean_orgs: float
    violations: int
    violations_by_kind: Mapping[str, int] = field(default_factory=dict, hash=False)
    #: attribute -> value -> {"people", "placed_share", "mean_theme_coherence"}
    by_attribute: Mapping[str, Mapping[str, Mapping[str, float]]] = field(
        default_factory=dict, hash=False
    )


@dataclass(frozen=True, slots=True)
class CircleResult:
    circles: tuple[Circle, ...]
    unplaced: Mapping[str, str]
    quality: CircleQuality
    people: tuple[CirclePerson, ...] = ()
    rules: CircleRules = field(default_factory=CircleRules)
    seed: int = 0


@dataclass(frozen=True, slots=True)
class LatePlacement:
    circles: tuple[Circle, ...]
    placed: Mapping[str, str]
    waiting: Mapping[str, str]


# --- public entry points ---------------------------------------------------------------


def index_people(people: Iterable[CirclePerson]) -> dict[str, CirclePerson]:
    by_id: dict[str, CirclePerson] = {}
    for i, p in enumerate(people):
        if p.id in by_id:
            raise CircleInputError(f"people[{i}].id: duplicate id {p.id!r}")
        by_id[p.id] = p
    return by_id


def form_circles(
    problem: CircleProblem, *, seed: int = 0, rounds: int | None = None
) -> CircleResult:
    """Partition the pool into circles; locked circles are kept exactly as given.

    ``rounds`` is the number of assignment rounds (each re-centres every circle on its
    members' themes); by default 2 up to 30,000 participants and 1 above.
    """
    from belong.matching.circles_engine import form_groups
    from belong.matching.circles_figures import make_circle, quality_report

    rules = problem.rules
    by_id = index_people(problem.people)
    circles: list[Circle] = []
    taken: set[str] = set()
    for k, ids in enumerate(problem.locked):
        for i in ids:
            if i not in by_id:
                raise CircleInputError(f"locked[{k}]: unknown person {i!r}")
            if i in taken:
                raise CircleInputError(f"locked[{k}]: {i!r} is already in another locked circle")
            taken.add(i)
        name = problem.locked_names[k] if k < len(problem.locked_names) else f"circle-{k + 1}"
        leads = [i for i in ids if by_id[i].role == "lead"]
        members = [i for i in ids if by_id[i].role != "lead"]
        circles.append(make_circle(name, leads, members, by_id, rules, locked=True))
    pool = [p for p in problem.people if p.id not in taken]
    groups, unplaced = form_groups(pool, rules, seed=seed, rounds=rounds)
    used = {c.id for c in circles}
    number = len(circles)
    for leads, members in groups:
        number += 1
        while f"circle-{number}" in used:
            number += 1
        circles.append(make_circle(f"circle-{number}", leads, members, by_id, rules))
    quality = quality_report(circles, unplaced, len(by_id), problem.people)
    return CircleResult(tuple(circles), unplaced, quality, problem.people, rules, seed)


def place_late(
    result_or_circles: CircleResult | Sequence[Circle],
    newcomers: Sequence[CirclePerson],
    rules: CircleRules | None = None,
    *,
    people: Iterable[CirclePerson] = (),
) -> LatePlacement:
    """Put late enrollees into circles with room without moving anyone already placed.

    Everyone placed keeps their circle. Each newcomer joins at most one circle that
    stays within every rule (size, tenure band cap, time zone, language, no manager
    with report); circles missing the newcomer's tenure band or below minimum size
    are filled first, then shared themes decide. Others wait for the next round,
    with the reason.
    """
    from belong.matching.circles_figures import make_circle
    from belong.matching.circles_late import place_newcomers

    if isinstance(result_or_circles, CircleResult):
        circles = result_or_circles.circles
        known = list(result_or_circles.people) + list(people)
        rules = rules or result_or_circles.rules
    else:
        circles = tuple(result_or_circles)
        known = list(people)
    if rules is None:
        raise CircleInputError("rules: needed when placing late enrollees into bare circles")
    by_id = {p.id: p for p in known}
    for j, p in enumerate(newcomers):
        if p.id in by_id:
            raise CircleInputError(f"newcomers[{j}].id: {p.id!r} is already enrolled")
    for c in circles:
        for i in (*c.lead_ids, *c.member_ids):
            if i not in by_id:
                raise CircleInputError(f"circle {c.id}: no person data for {i!r}")
    everyone = {**by_id, **index_people(newcomers)}
    placed, waiting = place_newcomers(circles, newcomers, everyone, rules)
    joined: dict[str, list[str]] = {}
    for pid, cid in placed.items():
        joined.setdefault(cid, []).append(pid)
    out = []
    for c in circles:
        extra = joined.get(c.id)
        if not extra:
            out.append(c)
            continue
        leads = list(c.lead_ids) + [i for i in extra if everyone[i].role == "lead"]
        members = list(c.member_ids) + [i for i in extra if everyone[i].role != "lead"]
        out.append(make_circle(c.id, leads, members, everyone, rules, locked=c.locked))
    return LatePlacement(tuple(out), placed, waiting)
