"""Impact statistics on plain data: matched controls, balance, survival and rates.

Pure Python (plus numpy and lifelines): no Django here, so the methods can be tested on
synthetic data where the true effect is known. `docs/insights.md` explains them in prose.
"""

from belong.insights.stats.explain import least_balanced
from belong.insights.stats.matching import (
    BalanceRow,
    MatchResult,
    Unit,
    balance_table,
    coarsened_exact_match,
)
from belong.insights.stats.rates import Outcome, RateComparison, RateDifference, rate_difference
from belong.insights.stats.survival import (
    HazardRatio,
    KMPoint,
    RetentionComparison,
    Spell,
    retention_comparison,
)

__all__ = [
    "BalanceRow",
    "HazardRatio",
    "KMPoint",
    "MatchResult",
    "Outcome",
    "RateComparison",
    "RateDifference",
    "RetentionComparison",
    "Spell",
    "Unit",
    "balance_table",
    "coarsened_exact_match",
    "least_balanced",
    "rate_difference",
    "retention_comparison",
]
