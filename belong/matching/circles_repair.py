"""Local repairs after the circle flow: reporting lines apart, empty tenure bands filled.

Both passes only move people between circles in ways that keep every hard rule (sizes,
band caps, time-zone window, language, reporting lines); see ``docs/matching.md``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np

from belong.matching.circles import CircleRules, tz_distance

if TYPE_CHECKING:
    from belong.matching.circles_candidates import CircleSide, Encoded, IntArray


def _allowed(
    enc: Encoded,
    row: int,
    c: int,
    side: CircleSide,
    rules: CircleRules,
    forb: Mapping[int, set[int]],
) -> bool:
    if c in forb.get(row, ()):
        return False
    if rules.tz_window_hours is not None:
        a, t = side.anchor[c], enc.tz[row]
        if (
            not (math.isnan(a) or math.isnan(t))
            and tz_distance(a, t) > rules.tz_window_hours / 2 + 1e-9
        ):
            return False
    lang = int(side.lang[c])
    return not (
        rules.shared_language and lang >= 0 and enc.has_lang[row] and not enc.spoken[row, lang]
    )


def repair_conflicts(
    enc: Encoded,
    assign: IntArray,
    part_rows: IntArray,
    circle_leads: list[list[int]],
    partners: Mapping[int, set[int]],
    arc_p: IntArray,
    arc_c: IntArray,
    side: CircleSide,
    rules: CircleRules,
    forb: Mapping[int, set[int]],
) -> dict[str, str]:
    """Separate managers from their reports placed in the same circle.

    First a swap with someone of the same tenure band in another allowed circle (all
    counts stay as they were), else a move to a circle with room, else the person waits.
    Modifies ``assign`` in place; returns {id: reason} for people taken out.
    """
    removed: dict[str, str] = {}
    if not partners:
        return removed
    n_circ, nb = len(side.anchor), rules.n_bands
    in_circle = [set() for _ in range(n_circ)]  # type: list[set[int]]
    for r in part_rows.tolist():
        if assign[r] >= 0:
            in_circle[int(assign[r])].add(r)
    size = np.array([len(s) for s in in_circle], dtype=np.int64)
    counts = np.zeros((n_circ, nb), dtype=np.int64)
    placed = part_rows[assign[part_rows] >= 0]
    np.add.at(counts, (assign[placed], enc.band[placed]), 1)

    def clash(p: int, c: int, ignore: int = -1) -> bool:
        return any(
            q != ignore and (q in in_circle[c] or q in circle_leads[c]) for q in partners.get(p, ())
        )

    def move(p: int, src: int, dst: int) -> None:
        in_circle[src].discard(p)
        in_circle[dst].add(p)
        b = enc.band[p]
        counts[src, b] -= 1
        counts[dst, b] += 1
        size[src] -= 1
        size[dst] += 1
        assign[p] = dst

    def fix(p: int, strict: bool) -> bool:
        """Move ``p`` out of its circle: a same-band swap, else a move that keeps the
        circle's quotas (``strict``), else any move to a circle with room."""
        c = int(assign[p])
        lo, hi = np.searchsorted(arc_p, [p, p + 1])
        options = [int(x) for x in arc_c[lo:hi] if x != c and not clash(p, int(x))]
        b = int(enc.band[p])
        for c2 in options:
            for x in sorted(in_circle[c2]):
                if enc.band[x] != b or not _allowed(enc, x, c, side, rules, forb):
                    continue
                if clash(x, c, ignore=p):
                    continue
                move(p, c, c2)
                move(x, c2, c)
                return True
        roomy = [
            c2 for c2 in options if size[c2] < rules.max_size and counts[c2, b] < rules.band_cap
        ]
        if strict:
            roomy = [
                c2 for c2 in roomy if counts[c, b] > rules.min_per_band and size[c] > rules.min_size
            ]
        if roomy:
            move(p, c, roomy[0])
            return True
        return False

    todo = [r for r in part_rows.tolist() if r in partners and assign[r] >= 0]
    for p in todo:
        for _ in range(3):
            c = int(assign[p])
            if c < 0 or not clash(p, c):
                break
            others = sorted(q for q in partners[p] if q in in_circle[c])
            if fix(p, True) or any(fix(q, True) for q in others) or fix(p, False):
                continue
            break
        c = int(assign[p])
        if c < 0 or not clash(p, c):
            continue
        b = int(enc.band[p])
        in_circle[c].discard(p)
        counts[c, b] -= 1
        size[c] -= 1
        assign[p] = -1
        names = ", ".join(
            sorted(
                enc.people[q].id for q in partners[p] if q in in_circle[c] or q in circle_leads[c]
            )
        )
        removed[enc.people[p].id] = (
            f"could not be placed apart from {names} (same reporting line); "
            "waits for the next round"
        )
    return removed


def repair_quotas(
    enc: Encoded,
    assign: IntArray,
    part_rows: IntArray,
    circle_leads: list[list[int]],
    partners: Mapping[int, set[int]],
    side: CircleSide,
    rules: CircleRules,
    forb: Mapping[int, set[int]],
    *,
    tries: int = 200,
) -> int:
    """Fill tenure bands the flow left empty by moves or swaps that break nothing.

    The flow's candidate lists are sparse, so now and then a circle misses a band that
    a longer chain of moves could fill. For each such (circle, band) this looks at the
    people of that band, best affinity first, sitting in a circle with more than
    ``min_per_band`` of them: one moves in if there is room, else swaps with a member
    of a band the circle has to spare. Every rule (sizes, caps, time zone, language,
    reporting lines) is checked before a move. Modifies ``assign``; returns the fixes.
    """
    if rules.min_per_band <= 0:
        return 0
    n_circ, nb = len(side.anchor), rules.n_bands
    placed = part_rows[assign[part_rows] >= 0]
    counts = np.zeros((n_circ, nb), dtype=np.int64)
    np.add.at(counts, (assign[placed], enc.band[placed]), 1)
    short = np.argwhere(counts < rules.min_per_band)
    if len(short) == 0:
        return 0
    size = counts.sum(axis=1)
    in_circle: list[set[int]] = [set() for _ in range(n_circ)]
    for r in placed.tolist():
        in_circle[int(assign[r])].add(r)

    def clash(p: int, c: int, ignore: int = -1) -> bool:
        return any(
            q != ignore and (q in in_circle[c] or q in circle_leads[c]) for q in partners.get(p, ())
        )

    def move(p: int, dst: int) -> None:
        src, b = int(assign[p]), int(enc.band[p])
        in_circle[src].discard(p)
        in_circle[dst].add(p)
        counts[src, b] -= 1
        counts[dst, b] += 1
        size[src] -= 1
        size[dst] += 1
        assign[p] = dst

    fixed = 0
    for c, b in short.tolist():
        if counts[c, b] >= rules.min_per_band:
            continue
        pool = placed[enc.band[placed] == b]
        pool = pool[counts[assign[pool], b] > rules.min_per_band]
        if len(pool) == 0:
            continue
        aff = enc.vec[pool] @ side.centroid[c]
        for x in pool[np.argsort(-aff, kind="stable")[:tries]].tolist():
            c2 = int(assign[x])
            if counts[c2, b] <= rules.min_per_band or not _allowed(enc, x, c, side, rules, forb):
                continue
            if clash(x, c):
                continue
            if size[c] < rules.max_size and size[c2] > rules.min_size:
                move(x, c)
                fixed += 1
                break
            swapped = False
            for y in sorted(in_circle[c]):
                by = int(enc.band[y])
                if counts[c, by] <= rules.min_per_band or counts[c2, by] >= rules.band_cap:
                    continue
                if not _allowed(enc, y, c2, side, rules, forb) or clash(y, c2, ignore=x):
                    continue
                if clash(x, c, ignore=y):
                    continue
                move(x, c)
                move(y, c2)
                swapped = True
                break
            if swapped:
                fixed += 1
                break
    return fixed
