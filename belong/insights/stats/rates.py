"""Promotion: the difference in the share promoted, matched and naive, with 95% intervals.

The interval is the normal (Wald) one on the weighted difference of proportions, with the
variance of a weighted mean, sum(w^2 (y-p)^2) / sum(w)^2, so CEM weights widen it as they should.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

Z95 = 1.959964


@dataclass(frozen=True)
class Outcome:
    id: int
    treated: bool
    promoted: bool


@dataclass(frozen=True)
class RateDifference:
    participants_rate: float
    controls_rate: float
    difference: float  # percentage points / 100
    low: float
    high: float
    participants: int
    controls: int


@dataclass(frozen=True)
class RateComparison:
    matched: RateDifference
    naive: RateDifference


def _weighted_rate(rows: list[tuple[bool, float]]) -> tuple[float, float]:
    """(rate, variance of the rate)."""
    total = sum(w for _, w in rows)
    if total <= 0:
        return math.nan, math.nan
    rate = sum(w for y, w in rows if y) / total
    var = sum(w * w * (float(y) - rate) ** 2 for y, w in rows) / (total * total)
    return rate, var


def _difference(outcomes: Sequence[Outcome], weights: Mapping[int, float] | None) -> RateDifference:
    def weight(o: Outcome) -> float | None:
        if weights is None:
            return 1.0
        return weights.get(o.id)

    treated = [(o.promoted, w) for o in outcomes if o.treated and (w := weight(o)) is not None]
    controls = [(o.promoted, w) for o in outcomes if not o.treated and (w := weight(o)) is not None]
    rate_t, var_t = _weighted_rate(treated)
    rate_c, var_c = _weighted_rate(controls)
    diff = rate_t - rate_c
    half = Z95 * math.sqrt(var_t + var_c)
    return RateDifference(
        rate_t, rate_c, diff, diff - half, diff + half, len(treated), len(controls)
    )


def rate_difference(outcomes: Sequence[Outcome], weights: Mapping[int, float]) -> RateComparison:
    return RateComparison(matched=_difference(outcomes, weights), naive=_difference(outcomes, None))
