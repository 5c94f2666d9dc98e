"""Optimal mode: the best assignment on the candidate graph for one of three objectives.

- `score`: maximise the total score.
- `coverage`: match as many mentees as possible, then maximise the score. A bonus larger than
  any achievable score difference is added to every edge, which makes the order lexicographic.
- `fairness`: match as many as `coverage` does, raise the lowest score among matched pairs as
  far as possible (bottleneck), then maximise the total. The bottleneck is the largest edge
  score t such that the edges scoring >= t still allow the maximum number of matches; it is
  found by binary search over the distinct edge scores with one max-flow per step.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from belong.matching.flow import SCALE, max_cardinality, min_cost_assignment, to_weights

OBJECTIVES = ("score", "coverage", "fairness")


@dataclass(frozen=True, eq=False)
class OptimalSolution:
    chosen: np.ndarray  # candidate edge index per mentee, -1 when unmatched
    weight: np.ndarray  # integer edge weights the flow maximised (score objective: score)
    bottleneck: float | None = None


def solve_optimal(
    ei: np.ndarray,
    mj: np.ndarray,
    score: np.ndarray,
    capacity: np.ndarray,
    active: np.ndarray,
    objective: str = "score",
) -> OptimalSolution:
    if objective not in OBJECTIVES:
        raise ValueError(f"unknown objective {objective!r}; use one of {', '.join(OBJECTIVES)}")
    w = to_weights(score)
    if objective == "score":
        return OptimalSolution(min_cost_assignment(ei, mj, w, capacity, active), w)
    if objective == "coverage":
        return OptimalSolution(min_cost_assignment(ei, mj, _with_bonus(w, ei), capacity, active), w)

    best = max_cardinality(ei, mj, capacity, active)
    levels = np.unique(w[active[ei]])
    lo, hi = 0, len(levels) - 1  # invariant: levels[lo] keeps the maximum cardinality
    while lo < hi and best > 0:
        mid = (lo + hi + 1) // 2
        keep = w >= levels[mid]
        if max_cardinality(ei[keep], mj[keep], capacity, active) == best:
            lo = mid
        else:
            hi = mid - 1
    threshold = levels[lo] if len(levels) else 0
    keep_idx = np.flatnonzero(w >= threshold)
    if len(keep_idx) == 0:
        return OptimalSolution(np.full(len(active), -1, dtype=np.int64), w)
    sub = min_cost_assignment(
        ei[keep_idx], mj[keep_idx], _with_bonus(w[keep_idx], ei[keep_idx]), capacity, active
    )
    chosen = np.where(sub >= 0, keep_idx[np.maximum(sub, 0)], -1)
    return OptimalSolution(chosen, w, bottleneck=float(threshold) / SCALE if best else None)


def _with_bonus(w: np.ndarray, ei: np.ndarray) -> np.ndarray:
    """Every matched mentee is worth more than any total score a solution could give up: with
    n mentees a matching's total lies in [n * min(w, 0), n * max(w)], so a bonus of
    (n + 1) * spread outweighs it."""
    if len(w) == 0:
        return w
    spread = int(w.max()) - min(int(w.min()), 0) + 1
    n = len(np.unique(ei))
    return np.asarray(w + spread * (n + 1), dtype=np.int64)
