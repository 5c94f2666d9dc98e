"""Circle figures and reasons: what a circle holds and why, in numbers and in words.

Recomputed for every drafted circle and again after each manual move, so a program
manager sees at once what a change did. Plain data in and out (no Django), like the rest
of the engine; the types live in :mod:`belong.matching.circles`.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from belong.matching.circles import (
    Circle,
    CircleFigures,
    CirclePerson,
    CircleQuality,
    CircleRules,
    tz_distance,
    tz_spread,
)


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
