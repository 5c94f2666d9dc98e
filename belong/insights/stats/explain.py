"""Which covariate explains the gap between the naive and the matched figure."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from belong.insights.stats.matching import BalanceRow

# Below this standardized difference two groups count as alike (a common rule of thumb).
ALIKE = 0.1


def least_balanced(naive: str, matched: str, balance: Sequence[BalanceRow]) -> dict[str, Any]:
    """The facts behind the sentence under a naive-vs-matched pair, not the sentence.

    The page words it in the viewer's language; the stored result stays language-free.
    """
    if not balance:
        return {"naive": naive, "matched": matched, "covariate": None}
    worst = max(balance, key=lambda row: abs(row.smd_before))
    return {
        "naive": naive,
        "matched": matched,
        "covariate": worst.covariate,
        "before": worst.smd_before,
        "after": worst.smd_after,
        "alike": abs(worst.smd_before) < ALIKE,
    }
