"""The one sentence shown under every naive-vs-matched pair."""

from __future__ import annotations

from collections.abc import Sequence

from belong.insights.stats.matching import BalanceRow


def why_they_differ(naive: str, matched: str, balance: Sequence[BalanceRow]) -> str:
    """Names the covariate on which participants differed most before matching."""
    if not balance:
        return "Too few comparable people to match, so only the naive comparison exists."
    worst = max(balance, key=lambda row: abs(row.smd_before))
    if abs(worst.smd_before) < 0.1:
        return (
            f"Participants already resembled everyone else (largest standardized difference "
            f"{worst.smd_before:+.2f}, on {worst.covariate}), so the naive ({naive}) and "
            f"matched ({matched}) figures differ mostly by chance."
        )
    return (
        f"Participants differ from everyone else most on {worst.covariate} (standardized "
        f"difference {worst.smd_before:+.2f} before matching, {worst.smd_after:+.2f} after), "
        f"so the naive figure ({naive}) mixes who takes part with what taking part does; the "
        f"matched figure ({matched}) compares like with like."
    )
