"""Coarsened exact matching (CEM) of participants to comparable non-participants.

Each person is put in a stratum by level band, tenure band, org and site (all coarsened by
the caller or here). At a single index date hire cohort and tenure carry the same
information, so the tenure band stands for both; the balance table reports each.
Strata holding both participants and non-participants are kept; participants weigh 1 and
the non-participants of a stratum share its participants' weight, so the weighted controls
have the participants' mix of strata (the "effect on the treated"). CEM rather than
propensity scores: with a handful of categorical HR fields the strata are the model, there is
nothing to mis-specify, and balance on the matched fields is exact by construction.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

TENURE_BANDS = (2.0, 5.0, 10.0)  # years; upper edges, the last band is open
LEVEL_WIDTH = 2  # adjacent rungs share a stratum: L1-L2, L3-L4, ...


@dataclass(frozen=True)
class Unit:
    """One person at the index date: treated or not, and the fields matched on."""

    id: int
    treated: bool
    level: int  # rank on the ladder
    tenure_years: float
    org: str  # a coarse unit (e.g. the division), not the person's team
    site: str  # a coarse place (e.g. the region of the site's time zone)
    hire_year: int


@dataclass(frozen=True)
class MatchResult:
    weights: dict[int, float]  # unit id → weight; unmatched units are absent
    strata: int  # strata holding both participants and non-participants
    treated_total: int
    treated_matched: int
    controls_total: int
    controls_matched: int


@dataclass(frozen=True)
class BalanceRow:
    covariate: str
    smd_before: float  # standardized mean difference, participants vs everyone else
    smd_after: float  # the same against the weighted matched controls


def tenure_band(years: float) -> int:
    return sum(1 for edge in TENURE_BANDS if years >= edge)


def stratum(unit: Unit) -> tuple[int, int, str, str]:
    return ((unit.level - 1) // LEVEL_WIDTH, tenure_band(unit.tenure_years), unit.org, unit.site)


def coarsened_exact_match(units: Sequence[Unit]) -> MatchResult:
    cells: dict[tuple[int, int, str, str], tuple[list[Unit], list[Unit]]] = defaultdict(
        lambda: ([], [])
    )
    for unit in units:
        cells[stratum(unit)][0 if unit.treated else 1].append(unit)
    kept = [(t, c) for t, c in cells.values() if t and c]
    n_treated = sum(len(t) for t, _ in kept)
    n_controls = sum(len(c) for _, c in kept)
    weights: dict[int, float] = {}
    for treated, controls in kept:
        for unit in treated:
            weights[unit.id] = 1.0
        # Scaled so the controls' weights add up to their own count across all strata.
        share = (len(treated) / n_treated) * (n_controls / len(controls))
        for unit in controls:
            weights[unit.id] = share
    return MatchResult(
        weights=weights,
        strata=len(kept),
        treated_total=sum(1 for u in units if u.treated),
        treated_matched=n_treated,
        controls_total=sum(1 for u in units if not u.treated),
        controls_matched=n_controls,
    )


def _smd(t: list[tuple[float, float]], c: list[tuple[float, float]]) -> float:
    """Standardized mean difference of weighted values; pooled unweighted-style variance."""

    def moments(rows: list[tuple[float, float]]) -> tuple[float, float]:
        total = sum(w for _, w in rows)
        if total <= 0:
            return 0.0, 0.0
        mean = sum(x * w for x, w in rows) / total
        var = sum(w * (x - mean) ** 2 for x, w in rows) / total
        return mean, var

    mt, vt = moments(t)
    mc, vc = moments(c)
    spread = math.sqrt((vt + vc) / 2)
    return 0.0 if spread == 0 else (mt - mc) / spread


def balance_table(units: Sequence[Unit], match: MatchResult) -> list[BalanceRow]:
    """SMD per covariate; for org and site the largest |SMD| over their categories."""
    numeric: dict[str, Callable[[Unit], float]] = {
        "level": lambda u: float(u.level),
        "tenure (years)": lambda u: u.tenure_years,
        "hire year": lambda u: float(u.hire_year),
    }
    weights = match.weights

    def smd_pair(get: Callable[[Unit], float]) -> tuple[float, float]:
        before_t = [(get(u), 1.0) for u in units if u.treated]
        before_c = [(get(u), 1.0) for u in units if not u.treated]
        after_t = [(get(u), weights[u.id]) for u in units if u.treated and u.id in weights]
        after_c = [(get(u), weights[u.id]) for u in units if not u.treated and u.id in weights]
        return _smd(before_t, before_c), _smd(after_t, after_c)

    rows: list[BalanceRow] = []
    for name, get in numeric.items():
        before, after = smd_pair(get)
        rows.append(BalanceRow(name, round(before, 3), round(after, 3)))
    for name in ("org", "site"):
        worst_before = worst_after = 0.0
        for value in sorted({getattr(u, name) for u in units}):
            before, after = smd_pair(_is(name, value))
            worst_before = max(worst_before, before, key=abs)
            worst_after = max(worst_after, after, key=abs)
        rows.append(BalanceRow(name, round(worst_before, 3), round(worst_after, 3)))
    return rows


def _is(name: str, value: object) -> Callable[[Unit], float]:
    """1.0 where the unit's `name` field equals `value`: a category as a numeric column."""
    return lambda u: float(getattr(u, name) == value)
