"""The statistics core on synthetic data whose true effects are known (no database)."""

from __future__ import annotations

import math
import random

import pytest

from belong.insights.stats import (
    Outcome,
    Spell,
    Unit,
    balance_table,
    coarsened_exact_match,
    least_balanced,
    rate_difference,
    retention_comparison,
)

TRUE_HR = 0.8
TRUE_LIFT = 0.05


def synthetic(n: int, seed: int) -> tuple[list[Unit], list[Spell], list[Outcome]]:
    """Confounded on purpose: higher levels join more, leave less and are promoted more."""
    rng = random.Random(seed)
    units, spells, outcomes = [], [], []
    for i in range(n):
        level = rng.randint(1, 6)
        org = rng.choice("ABC")
        site = rng.choice("XY")
        hire_year = rng.randint(2012, 2023)
        tenure = 2025 - hire_year + rng.random()
        perf = 0.4 * level + (0.6 if org == "A" else 0.0)
        treated = rng.random() < 0.1 + 0.1 * perf
        hazard = 0.0008 * math.exp(-0.35 * perf) * (TRUE_HR if treated else 1.0)
        exit_day = rng.expovariate(hazard)
        p = 0.02 + 0.1 * perf + (TRUE_LIFT if treated else 0.0)
        units.append(Unit(i, treated, level, tenure, org, site, hire_year))
        spells.append(Spell(i, treated, min(exit_day, 730.0), exit_day <= 730.0))
        outcomes.append(Outcome(i, treated, rng.random() < p))
    return units, spells, outcomes


@pytest.fixture(scope="module")
def data() -> tuple[list[Unit], list[Spell], list[Outcome]]:
    return synthetic(12_000, seed=7)


def test_it_keeps_only_strata_with_both_sides_and_weighs_controls_to_the_treated() -> None:
    units = [
        Unit(1, True, 3, 2.5, "A", "X", 2022),
        Unit(2, False, 3, 2.2, "A", "X", 2022),
        Unit(3, False, 3, 2.9, "A", "X", 2022),
        Unit(4, True, 9, 2.5, "A", "X", 2022),  # no comparable control
        Unit(5, False, 1, 0.3, "B", "Y", 2025),  # no comparable participant
    ]
    match = coarsened_exact_match(units)
    assert match.treated_matched == 1 and match.controls_matched == 2
    assert set(match.weights) == {1, 2, 3}
    assert match.weights[2] == pytest.approx(1.0)  # 2 controls share the stratum's weight
    assert sum(match.weights[i] for i in (2, 3)) == pytest.approx(2.0)


def test_it_balances_the_matched_covariates(data: tuple) -> None:
    units, _, _ = data
    match = coarsened_exact_match(units)
    rows = {row.covariate: row for row in balance_table(units, match)}
    assert abs(rows["level"].smd_before) > 0.2
    for row in rows.values():
        assert abs(row.smd_after) < 0.1, row


def test_it_recovers_the_hazard_ratio_while_the_naive_one_is_biased(data: tuple) -> None:
    units, spells, _ = data
    result = retention_comparison(spells, coarsened_exact_match(units).weights)
    assert result.matched.low <= TRUE_HR <= result.matched.high
    assert result.naive.high < TRUE_HR  # participants leave less for reasons of their own
    assert result.curve[0].participants == pytest.approx(1.0)
    assert result.curve[-1].participants > result.curve[-1].controls


def test_it_recovers_the_promotion_lift_while_the_naive_one_is_biased(data: tuple) -> None:
    units, _, outcomes = data
    result = rate_difference(outcomes, coarsened_exact_match(units).weights)
    assert result.matched.low <= TRUE_LIFT <= result.matched.high
    assert result.naive.low > TRUE_LIFT


def test_it_explains_the_gap_by_the_least_balanced_covariate(data: tuple) -> None:
    units, _, _ = data
    rows = balance_table(units, coarsened_exact_match(units))
    why = least_balanced("+9.0 pts", "+5.1 pts", rows)
    assert why["covariate"] == "level" and not why["alike"]
    assert (why["naive"], why["matched"]) == ("+9.0 pts", "+5.1 pts")


def test_it_reports_no_ratio_without_both_sides() -> None:
    spells = [Spell(i, True, 100.0, i % 2 == 0) for i in range(10)]
    result = retention_comparison(spells, dict.fromkeys(range(10), 1.0))
    assert math.isnan(result.matched.ratio)


def test_it_reports_no_ratio_when_one_side_has_no_exit() -> None:
    spells = [Spell(i, i < 20, 200.0, i >= 20 and i % 3 == 0) for i in range(60)]
    result = retention_comparison(spells, dict.fromkeys(range(60), 1.0))
    assert math.isnan(result.matched.ratio) and math.isnan(result.naive.ratio)
