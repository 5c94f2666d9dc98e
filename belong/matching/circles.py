"""Circle formation: partition a pool into mentoring or care circles.

A circle is one or two leads with 8-14 participants whose tenures spread across
bands (under a year, 1-2, 2-3, 3-4 years), who share themes, sit within a
time-zone window and never include a manager together with their report.

The public API works on plain data (no Django):

* :class:`CirclePerson`, :class:`CircleRules`, :class:`CircleProblem` describe the input;
* :func:`form_circles` drafts circles (min-cost flow, see ``docs/matching.md``);
* :func:`place_late` adds late enrollees to circles with room, without moving anyone;
* :func:`circle_figures` / :func:`make_circle` recompute one circle after a manual move.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
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


# --- figures and reasons -------------------------------------------------------------


def _conflict(a: CirclePerson, b: CirclePerson, depth: int) -> bool:
    return b.id in a.chain[:depth] or a.id in b.chain[:depth]


def conflicts_in(people: Sequence[CirclePerson], rules: CircleRules) -> list[tuple[str, str]]:
    """Pairs (manager, report) within ``people`` that the rules forbid together."""
    if not rules.forbid_manager_report or rules.reporting_depth == 0:
        return []
    ids = {p.id for p in people}
    out = []
    for p in people:
        for manager in p.chain[: rules.reporting_depth]:
            if manager in ids:
                out.append((manager, p.id))
    return out


def circle_figures(
    lead_ids: Sequence[str],
    member_ids: Sequence[str],
    people: Mapping[str, CirclePerson],
    rules: CircleRules,
) -> CircleFigures:
    """Size, tenure spread, theme coherence, time-zone spread, org mix and rule breaks."""
    leads = [people[i] for i in lead_ids]
    members = [people[i] for i in member_ids]
    everyone = leads + members
    bands = [0] * rules.n_bands
    for m in members:
        bands[rules.band_of(m.tenure_months)] += 1
    tenures = [m.tenure_months for m in members]
    # Theme coherence: mean cosine of the theme sets over all pairs in the circle.
    sums: dict[str, float] = {}
    counts: Counter[str] = Counter()
    self_terms = 0.0
    for p in everyone:
        themes = set(p.themes)
        if themes:
            w = 1.0 / math.sqrt(len(themes))
            self_terms += 1.0
            for t in themes:
                sums[t] = sums.get(t, 0.0) + w
                counts[t] += 1
    n = len(everyone)
    pairs = n * (n - 1)
    total = sum(s * s for s in sums.values())
    coherence = (total - self_terms) / pairs if pairs else 0.0
    shared = sorted(((t, c) for t, c in counts.items() if c >= 2), key=lambda x: (-x[1], x[0]))
    offsets = [o for o in (p.utc_offset for p in everyone) if o is not None]
    orgs = Counter(m.org_unit(rules.org_level) for m in members if m.org)
    largest = max(orgs.values()) / len(members) if orgs and members else 0.0
    violations = []
    if len(members) < rules.min_size:
        violations.append(f"size {len(members)} below minimum {rules.min_size}")
    if len(members) > rules.max_size:
        violations.append(f"size {len(members)} above maximum {rules.max_size}")
    if not rules.min_leads <= len(leads) <= rules.max_leads:
        violations.append(f"{len(leads)} leads, need {rules.min_leads}-{rules.max_leads}")
    for b, c in enumerate(bands):
        if c < rules.min_per_band:
            violations.append(f"tenure band {rules.band_label(b)}: {c}, need {rules.min_per_band}")
        elif c > rules.band_cap:
            violations.append(f"tenure band {rules.band_label(b)}: {c}, at most {rules.band_cap}")
    spread = tz_spread(offsets)
    if rules.tz_window_hours is not None and spread > rules.tz_window_hours + 1e-9:
        violations.append(f"time zones spread {spread:g} h, window {rules.tz_window_hours:g} h")
    for manager, report in conflicts_in(everyone, rules):
        violations.append(f"{manager} manages {report}")
    if rules.shared_language:
        spoken = [set(p.languages) for p in everyone if p.languages]
        if spoken and not set.intersection(*spoken):
            violations.append("no language shared by everyone")
    return CircleFigures(
        size=len(members),
        leads=len(leads),
        band_counts=tuple(bands),
        bands_covered=sum(1 for c in bands if c > 0),
        tenure_min=min(tenures) if tenures else 0.0,
        tenure_max=max(tenures) if tenures else 0.0,
        theme_coherence=round(coherence, 4),
        shared_themes=tuple(shared[:5]),
        tz_spread_hours=spread,
        orgs=len(orgs),
        largest_org_share=round(largest, 4),
        violations=tuple(violations),
    )


def _offset_label(o: float) -> str:
    sign = "+" if o >= 0 else "\u2212"
    h = abs(o)
    return f"UTC{sign}{int(h)}" + (f":{round((h % 1) * 60):02d}" if h % 1 else "")


def circle_reasons(
    figures: CircleFigures,
    lead_ids: Sequence[str],
    member_ids: Sequence[str],
    people: Mapping[str, CirclePerson],
    rules: CircleRules,
) -> tuple[str, ...]:
    """Why this circle holds together, in words a participant understands."""
    reasons = []
    size = figures.size
    if figures.shared_themes:
        top = ", ".join(
            f"{t} ({c} of {size + figures.leads})" for t, c in figures.shared_themes[:3]
        )
        reasons.append(f"Shared themes: {top}.")
    else:
        reasons.append("No theme is shared by two or more people yet.")
    spread = ", ".join(f"{c} {rules.band_label(b)}" for b, c in enumerate(figures.band_counts) if c)
    covered = f"{figures.bands_covered} of {rules.n_bands} tenure bands"
    reasons.append(f"Tenure mix: {spread} ({covered}).")
    offsets = [o for o in (people[i].utc_offset for i in (*lead_ids, *member_ids)) if o is not None]
    if offsets:
        lo, hi = min(offsets), max(offsets)
        zone = _offset_label(lo) if lo == hi else f"{_offset_label(lo)} to {_offset_label(hi)}"
        reasons.append(f"Time zones {zone} ({figures.tz_spread_hours:g} h apart at most).")
    if figures.orgs:
        reasons.append(
            f"{figures.orgs} orgs meet here; the largest is "
            f"{figures.largest_org_share:.0%} of participants."
        )
    if figures.violations:
        reasons.append("Needs attention: " + "; ".join(figures.violations) + ".")
    return tuple(reasons)


def member_reasons(
    circle: Circle, people: Mapping[str, CirclePerson], rules: CircleRules
) -> dict[str, str]:
    """One sentence or two per person: why they are in this circle (for notifications)."""
    ids = (*circle.lead_ids, *circle.member_ids)
    counts: Counter[str] = Counter(t for i in ids for t in set(people[i].themes))
    out = {}
    for i in ids:
        p = people[i]
        shared = sorted((t for t in set(p.themes) if counts[t] >= 2), key=lambda t: (-counts[t], t))
        parts = []
        if shared:
            listed = ", ".join(
                f"{t} (with {counts[t] - 1} other{'s' if counts[t] > 2 else ''})"
                for t in shared[:3]
            )
            parts.append(f"You share {listed}.")
        elif p.themes:
            parts.append(f"You bring a theme no one else here listed: {sorted(p.themes)[0]}.")
        if p.role == "lead":
            parts.insert(0, f"You lead this circle of {len(circle.member_ids)}.")
        else:
            band = rules.band_of(p.tenure_months)
            same = circle.figures.band_counts[band] - 1 if circle.figures.band_counts else 0
            who = "the only one" if same == 0 else f"one of {same + 1}"
            parts.append(f"You are {who} here with tenure {rules.band_label(band)}.")
        mine = p.utc_offset
        others = [people[j].utc_offset for j in ids if j != i]
        gaps = [tz_distance(mine, o) for o in others if o is not None and mine is not None]
        if gaps:
            parts.append(f"Everyone is within {max(gaps):g} h of your time zone.")
        out[i] = " ".join(parts)
    return out


def make_circle(
    circle_id: str,
    lead_ids: Sequence[str],
    member_ids: Sequence[str],
    people: Mapping[str, CirclePerson],
    rules: CircleRules,
    *,
    locked: bool = False,
) -> Circle:
    """A :class:`Circle` with fresh figures and reasons (e.g. after a manual move)."""
    figures = circle_figures(lead_ids, member_ids, people, rules)
    reasons = circle_reasons(figures, lead_ids, member_ids, people, rules)
    return Circle(circle_id, tuple(lead_ids), tuple(member_ids), figures, reasons, locked)


def quality_report(
    circles: Sequence[Circle],
    unplaced: Mapping[str, str],
    n_people: int,
    people: Iterable[CirclePerson] = (),
) -> CircleQuality:
    """Overall figures for a set of circles; per attribute value when ``people`` given."""
    k = len(circles)
    placed = sum(c.figures.size + c.figures.leads for c in circles)
    kinds: Counter[str] = Counter()
    for c in circles:
        for v in c.figures.violations:
            kinds[_violation_kind(v)] += 1

    def mean(values: Iterable[float]) -> float:
        vals = list(values)
        return round(sum(vals) / len(vals), 4) if vals else 0.0

    def band_ok(c: Circle) -> bool:
        return not any(v.startswith("tenure band") for v in c.figures.violations)

    return CircleQuality(
        circles=k,
        people=n_people,
        placed=placed,
        unplaced=len(unplaced),
        placed_share=round(placed / n_people, 4) if n_people else 1.0,
        mean_size=mean(c.figures.size for c in circles),
        band_rule_met_share=mean(1.0 if band_ok(c) else 0.0 for c in circles),
        bands_covered_share=mean(
            c.figures.bands_covered / len(c.figures.band_counts) for c in circles
        ),
        mean_theme_coherence=mean(c.figures.theme_coherence for c in circles),
        mean_tz_spread_hours=mean(c.figures.tz_spread_hours for c in circles),
        mean_orgs=mean(c.figures.orgs for c in circles),
        violations=sum(kinds.values()),
        violations_by_kind=dict(sorted(kinds.items())),
        by_attribute=_by_attribute(circles, people),
    )


def _by_attribute(
    circles: Sequence[Circle], people: Iterable[CirclePerson]
) -> dict[str, dict[str, dict[str, float]]]:
    """Placement and theme coherence per value of every reporting attribute."""
    coherence = {
        i: c.figures.theme_coherence for c in circles for i in (*c.lead_ids, *c.member_ids)
    }
    sums: dict[str, dict[str, list[float]]] = {}
    for p in people:
        for key, value in p.attributes.items():
            acc = sums.setdefault(key, {}).setdefault(value, [0.0, 0.0, 0.0])
            acc[0] += 1
            if p.id in coherence:
                acc[1] += 1
                acc[2] += coherence[p.id]
    return {
        key: {
            value: {
                "people": int(n),
                "placed_share": round(placed / n, 4),
                "mean_theme_coherence": round(total / placed, 4) if placed else 0.0,
            }
            for value, (n, placed, total) in sorted(values.items())
        }
        for key, values in sorted(sums.items())
    }


def _violation_kind(text: str) -> str:
    for prefix, kind in (
        ("size", "size"),
        ("tenure band", "tenure_band"),
        ("time zones", "time_zone"),
        ("no language", "language"),
    ):
        if text.startswith(prefix):
            return kind
    if "leads, need" in text:
        return "leads"
    return "manager_report"


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
