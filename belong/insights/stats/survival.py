"""Retention: Kaplan-Meier curves and a Cox hazard ratio, matched and naive (lifelines).

Durations are days from the index date to exit (event) or to the end of follow-up
(censored). With CEM weights the Cox model uses robust (sandwich) standard errors, which
is what weighted data needs; the naive fit is the same model on everyone, unweighted.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from lifelines import CoxPHFitter, KaplanMeierFitter


@dataclass(frozen=True)
class Spell:
    id: int
    treated: bool
    days: float  # from the index date to exit or censoring
    exited: bool


@dataclass(frozen=True)
class KMPoint:
    day: int
    participants: float  # share still employed
    controls: float


@dataclass(frozen=True)
class HazardRatio:
    ratio: float
    low: float
    high: float
    participants: int
    controls: int


@dataclass(frozen=True)
class RetentionComparison:
    matched: HazardRatio
    naive: HazardRatio
    curve: list[KMPoint]  # matched curves: participants vs weighted controls


def _hazard_ratio(spells: Sequence[Spell], weights: Mapping[int, float] | None) -> HazardRatio:
    rows = [s for s in spells if weights is None or s.id in weights]
    frame = pd.DataFrame(
        {
            "days": [max(s.days, 0.5) for s in rows],
            "exited": [int(s.exited) for s in rows],
            "treated": [int(s.treated) for s in rows],
            "w": [1.0 if weights is None else weights[s.id] for s in rows],
        }
    )
    n_t = int(frame["treated"].sum())
    n_c = len(frame) - n_t
    unknown = HazardRatio(math.nan, math.nan, math.nan, n_t, n_c)
    exits_t = int(frame.loc[frame["treated"] == 1, "exited"].sum())
    exits_c = int(frame.loc[frame["treated"] == 0, "exited"].sum())
    if min(n_t, n_c, exits_t, exits_c) == 0:
        return unknown  # with no exit on one side the ratio is 0 or infinite: not estimable
    fitter = CoxPHFitter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # lifelines warns that weights are not integers
        try:
            fitter.fit(
                frame,
                duration_col="days",
                event_col="exited",
                weights_col="w",
                robust=weights is not None,
            )
        except Exception:  # noqa: BLE001 - lifelines' convergence errors vary by version
            return unknown
    coef = float(fitter.params_["treated"])
    se = float(fitter.standard_errors_["treated"])
    if not (math.isfinite(coef) and math.isfinite(se)) or abs(coef) + 2 * se > 50:
        return unknown
    return HazardRatio(
        ratio=math.exp(coef),
        low=math.exp(coef - 1.959964 * se),
        high=math.exp(coef + 1.959964 * se),
        participants=n_t,
        controls=n_c,
    )


def _survival_at(
    spells: Sequence[Spell], weights: Mapping[int, float], days: Sequence[int]
) -> list[float]:
    rows = [s for s in spells if s.id in weights]
    if not rows:
        return [math.nan] * len(days)
    km = KaplanMeierFitter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        km.fit(
            np.array([max(s.days, 0.5) for s in rows]),
            np.array([s.exited for s in rows]),
            weights=np.array([weights[s.id] for s in rows]),
        )
    values = km.survival_function_at_times(list(days))
    return [round(float(v), 4) for v in values]


def retention_comparison(
    spells: Sequence[Spell], weights: Mapping[int, float], *, step_days: int = 30
) -> RetentionComparison:
    horizon = int(max((s.days for s in spells), default=0))
    days = list(range(0, horizon + 1, step_days))
    treated = [s for s in spells if s.treated]
    controls = [s for s in spells if not s.treated]
    curve_t = _survival_at(treated, weights, days)
    curve_c = _survival_at(controls, weights, days)
    return RetentionComparison(
        matched=_hazard_ratio(spells, weights),
        naive=_hazard_ratio(spells, None),
        curve=[KMPoint(d, t, c) for d, t, c in zip(days, curve_t, curve_c, strict=True)],
    )
