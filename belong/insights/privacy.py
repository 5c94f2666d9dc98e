"""The insights privacy layer: every figure about people passes through here before it leaves.

Built on `belong.common.privacy` (k from `BELONG_PRIVACY_MIN_GROUP`, default 10, floor 5):

- primary suppression: a count of people between 1 and k-1 is hidden;
- complementary suppression: when a column has exactly one hidden cell, the next smallest
  is hidden too, so the hidden one cannot be recovered by subtracting from a total;
- rates and means whose denominator is hidden are hidden with it;
- overlap: two populations that differ by fewer than k people (a group and its only big
  chapter; a filtered population and the unfiltered one) may not both be shown — the
  narrower one is refused;
- a drill-down or filter combination leaving fewer than k people is refused with a reason.

A figure is a plain dict: {"key", "title", "columns", "rows", "people": [column indexes that
count people], "rates": {rate column: denominator column}}; suppressed cells become None.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from belong.common.privacy import min_group_size

Figure = dict[str, Any]


class Refused(Exception):
    """A question whose answer would describe fewer than k people; `str()` says why."""


def is_small(count: int | None, k: int) -> bool:
    return count is not None and 0 < count < k


def suppress_column(values: list[int | None], k: int) -> list[int | None]:
    """Primary then complementary suppression of one column of people counts."""
    out = [None if is_small(v, k) else v for v in values]
    hidden = sum(1 for v, o in zip(values, out, strict=True) if o is None and v is not None)
    if hidden == 1:
        # Hide the smallest remaining non-zero cell too: one hidden cell plus a known
        # total (or the other cells) would give it away.
        shown = [(v, i) for i, v in enumerate(out) if v]
        if shown:
            out[min(shown)[1]] = None
    return out


def threshold_figure(figure: Figure, k: int | None = None) -> Figure:
    """A copy of `figure` with every small people cell (and rates resting on it) hidden."""
    k = k or min_group_size()
    rows = [list(row) for row in figure.get("rows", [])]
    for col in figure.get("people", []):
        column = suppress_column([row[col] for row in rows], k)
        for row, value in zip(rows, column, strict=True):
            row[col] = value
    for rate_col, denom_col in (figure.get("rates") or {}).items():
        for row in rows:
            if row[int(denom_col)] is None:
                row[int(rate_col)] = None
    suppressed = sum(
        1
        for original, row in zip(figure.get("rows", []), rows, strict=True)
        for a, b in zip(original, row, strict=True)
        if a is not None and b is None
    )
    return {**figure, "rows": rows, "suppressed": suppressed, "k": k}


def require_population(count: int, *, whole: int | None = None, k: int | None = None) -> None:
    """Refuse a population of fewer than k people, or one that differs from `whole` by fewer.

    `whole` is the population the same question gives without the drill-down or filter:
    showing both would reveal the few people between them.
    """
    k = k or min_group_size()
    if count < k:
        raise Refused(
            _(
                "This selection covers fewer than %(k)s people, so showing it could identify "
                "someone. Widen the filters or the date range."
            )
            % {"k": k}
        )
    if whole is not None and 0 < whole - count < k:
        raise Refused(
            _(
                "This selection leaves out fewer than %(k)s people compared with the wider "
                "view, so comparing the two could identify them. Widen the filters."
            )
            % {"k": k}
        )


def overlap_hide(parent: int, children: dict[Any, int], k: int | None = None) -> set[Any]:
    """Children (e.g. chapters) to hide because they differ from the parent by fewer than k."""
    k = k or min_group_size()
    return {key for key, count in children.items() if 0 < parent - count < k}
