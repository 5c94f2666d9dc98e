"""The score of a (mentee, mentor) pair: an explicit weighted sum of seven blocks.

Each block is in [0, 1] and is multiplied by its weight (`Weights`). The same score is also
written as an inner product <a_i, b_j> of two dense vectors (`dense_factors`) so that a block of
pairs can be scored with one matrix product; that form is only used to *search* (candidates,
certificate pricing), every reported score comes from `pair_blocks`.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from belong.matching.features import Features
from belong.matching.problem import Rules, Weights

BLOCKS = ("topics", "text", "level", "tenure", "cross_org", "timezone", "language")
WORKING_DAY_HOURS = 8.0
# Added to the dense score of a pair that breaks a per-attribute hard constraint; far below any
# real score, so such pairs are never selected.
INFEASIBLE = -1.0e4


def tz_gap_hours(a_half_hours: np.ndarray, b_half_hours: np.ndarray) -> np.ndarray:
    d = np.abs(a_half_hours - b_half_hours) % 48
    return np.asarray(np.minimum(d, 48 - d) / 2.0)


def shared_hours(gap_hours: np.ndarray) -> np.ndarray:
    """Hours of a 9-to-5 day the two share when their clocks are `gap_hours` apart."""
    return np.clip(WORKING_DAY_HOURS - gap_hours, 0.0, WORKING_DAY_HOURS)


def level_fit(gap: np.ndarray, weights: Weights, rules: Rules) -> np.ndarray:
    ideal = weights.ideal_level_gap
    lo = rules.level_gap_min if rules.level_gap_min is not None else ideal - 3
    hi = rules.level_gap_max if rules.level_gap_max is not None else ideal + 3
    span = max(ideal - lo, hi - ideal, 1)
    return np.asarray(np.clip(1.0 - np.abs(gap - ideal) / (span + 1.0), 0.0, 1.0))


def tenure_fit(gap_years: np.ndarray, weights: Weights) -> np.ndarray:
    return np.clip(gap_years / max(weights.tenure_saturation_years, 1), 0.0, 1.0)


def _rowwise_dot(a: sp.csr_matrix, b: sp.csr_matrix, ei: np.ndarray, mj: np.ndarray) -> np.ndarray:
    if a.shape[1] == 0 or len(ei) == 0:
        return np.zeros(len(ei))
    return np.asarray(a[ei].multiply(b[mj]).sum(axis=1)).ravel()


def pair_blocks(
    f: Features, weights: Weights, rules: Rules, ei: np.ndarray, mj: np.ndarray
) -> np.ndarray:
    """Weighted contribution of every block for the given pairs, shape (len(ei), len(BLOCKS))."""
    e, m = f.mentees, f.mentors
    out = np.empty((len(ei), len(BLOCKS)))
    out[:, 0] = weights.topics * _rowwise_dot(e.topics, m.topics, ei, mj)
    out[:, 1] = weights.text * _rowwise_dot(e.text, m.text, ei, mj)
    out[:, 2] = weights.level * level_fit(m.level[mj] - e.level[ei], weights, rules)
    out[:, 3] = weights.tenure * tenure_fit(m.tenure_years[mj] - e.tenure_years[ei], weights)
    org_e, org_m = e.org[ei], m.org[mj]
    out[:, 4] = weights.cross_org * ((org_e != org_m) & (org_e >= 0) & (org_m >= 0))
    gap = tz_gap_hours(e.tz_half_hours[ei], m.tz_half_hours[mj])
    out[:, 5] = weights.timezone * shared_hours(gap) / WORKING_DAY_HOURS
    out[:, 6] = weights.language * ((e.languages[ei] & m.languages[mj]) != 0)
    return out


def attribute_feasible(f: Features, rules: Rules, ei: np.ndarray, mj: np.ndarray) -> np.ndarray:
    """Hard constraints that depend on attributes only (reporting lines and never-pairs are
    checked separately, see `constraints.Conflicts`)."""
    e, m = f.mentees, f.mentors
    ok = np.ones(len(ei), dtype=bool)
    if rules.max_tz_gap_hours is not None:
        ok &= tz_gap_hours(e.tz_half_hours[ei], m.tz_half_hours[mj]) <= rules.max_tz_gap_hours
    if rules.require_shared_language:
        ok &= _shares(e.languages[ei], m.languages[mj])
    gap = m.level[mj] - e.level[ei]
    if rules.level_gap_min is not None:
        ok &= gap >= rules.level_gap_min
    if rules.level_gap_max is not None:
        ok &= gap <= rules.level_gap_max
    if rules.require_shared_availability:
        ok &= _shares(e.availability[ei], m.availability[mj])
    return ok


def _shares(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Bitmasks intersect; an empty mask means "not stated" and never blocks a pair."""
    return np.asarray(((a & b) != 0) | (a == 0) | (b == 0))


def dense_factors(f: Features, weights: Weights, rules: Rules) -> tuple[np.ndarray, np.ndarray]:
    """Float32 matrices A (mentees x D) and B (mentors x D) with A @ B.T = score, plus
    INFEASIBLE for pairs breaking an attribute constraint.

    Sparse blocks (topics, text) are copied densely; every categorical block becomes a one-hot
    over the mentees' distinct values times a lookup column on the mentor side, which is exact
    because those blocks depend only on (mentee value, mentor value).
    """
    e, m = f.mentees, f.mentors
    a_parts: list[np.ndarray] = [
        weights.topics * e.topics.toarray(),
        weights.text * e.text.toarray(),
    ]
    b_parts: list[np.ndarray] = [m.topics.toarray(), m.text.toarray()]

    def categorical(mentee_values: np.ndarray, column: object) -> None:
        values, codes = np.unique(mentee_values, return_inverse=True)
        onehot = np.zeros((len(mentee_values), len(values)))
        onehot[np.arange(len(mentee_values)), codes] = 1.0
        a_parts.append(onehot)
        columns = [column(v) for v in values]  # type: ignore[operator]
        b_parts.append(np.stack(columns, axis=1) if columns else np.zeros((len(m.level), 0)))

    def level_column(v: np.int64) -> np.ndarray:
        gap = m.level - v
        col = weights.level * level_fit(gap, weights, rules)
        bad = np.zeros(len(gap), dtype=bool)
        if rules.level_gap_min is not None:
            bad |= gap < rules.level_gap_min
        if rules.level_gap_max is not None:
            bad |= gap > rules.level_gap_max
        return np.where(bad, INFEASIBLE, col)

    def tz_column(v: np.int64) -> np.ndarray:
        gap = tz_gap_hours(np.full(len(m.tz_half_hours), v), m.tz_half_hours)
        col = weights.timezone * shared_hours(gap) / WORKING_DAY_HOURS
        if rules.max_tz_gap_hours is not None:
            col = np.where(gap > rules.max_tz_gap_hours, INFEASIBLE, col)
        return col

    def language_column(v: np.int64) -> np.ndarray:
        col = weights.language * ((m.languages & v) != 0).astype(float)
        if rules.require_shared_language:
            col = np.where(_shares(m.languages, np.full(len(col), v)), col, INFEASIBLE)
        return np.asarray(col)

    categorical(e.level, level_column)
    categorical(e.tenure_years, lambda v: weights.tenure * tenure_fit(m.tenure_years - v, weights))
    categorical(e.org, lambda v: weights.cross_org * ((m.org != v) & (m.org >= 0) & (v >= 0)))
    categorical(e.tz_half_hours, tz_column)
    categorical(e.languages, language_column)
    if rules.require_shared_availability:
        categorical(
            e.availability,
            lambda v: np.where(
                _shares(m.availability, np.full(len(m.availability), v)), 0.0, INFEASIBLE
            ),
        )
    a = np.ascontiguousarray(np.concatenate(a_parts, axis=1), dtype=np.float32)
    b = np.ascontiguousarray(np.concatenate(b_parts, axis=1), dtype=np.float32)
    return a, b
