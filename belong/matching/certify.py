"""Certificate: how far the candidate-graph optimum is from the optimum over *all* pairs.

LP duality for the transportation problem over all feasible pairs: for any mentor prices
q >= 0,

    UB(q) = sum_j cap_j * q_j + sum_i max(0, max_j (u_ij - q_j))

bounds every assignment (each matched pair's score is at most p_i + q_j). With q taken from the
candidate solution (`flow.mentor_prices`) the bound is tight except where a pair outside the
graph has positive reduced cost u_ij - q_j - p_i. The pricing pass finds, for every mentee,
max_j (u_ij - q_j) over all mentors, one block of mentees at a time (one matrix product with
the -q column folded in, so no pair is ever stored). Pairs that price positively are added to
the graph and the flow is re-solved (column generation) until the gap is within tolerance or
nothing prices out. The search runs in float32; the winning pair of every mentee is re-scored
exactly, so the bound is exact up to float32 rounding in choosing that pair (about 1e-7 of a
score).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from belong.matching.candidates import CandidateGraph, from_edges
from belong.matching.constraints import Conflicts
from belong.matching.flow import SCALE, mentor_prices
from belong.matching.scoring import INFEASIBLE

_PRICING_BLOCK = 1024
_COLUMNS_PER_MENTEE = 8
_MARGIN = 1e-6  # float32 search slack; candidates are re-scored exactly before use


@dataclass(frozen=True)
class CertificateRound:
    edges: int
    lower_bound: float
    upper_bound: float
    gap: float
    new_pairs: int
    seconds: float


@dataclass(frozen=True)
class Certificate:
    lower_bound: float  # total score of the returned assignment (non-fixed mentees)
    upper_bound: float  # no assignment over all pairs can score more
    gap: float  # (upper - lower) / upper
    rounds: tuple[CertificateRound, ...]
    method: str


def pricing_pass(
    a: np.ndarray,
    b: np.ndarray,
    q: np.ndarray,
    capacity: np.ndarray,
    active: np.ndarray,
    conflicts: Conflicts,
    p_now: np.ndarray,
    n_topics: int,
    per_mentee: int = _COLUMNS_PER_MENTEE,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each active mentee, the mentor maximising u_ij - q_j over all feasible mentors with
    capacity left (-1 when none is feasible); plus up to `per_mentee` pairs per mentee whose
    approximate reduced cost u_ij - q_j - p_now_i is positive (the columns to add)."""
    n_e = len(active)
    best_j = np.full(n_e, -1, dtype=np.int64)
    if len(b) == 0:
        return best_j, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    # Transposed once, with -q as the last row: u_ij - q_j is one product per block.
    b_aug_t = np.ascontiguousarray(
        np.concatenate([b, np.where(capacity > 0, -q, INFEASIBLE).astype(np.float32)[:, None]], 1).T
    )
    a_aug = np.concatenate([a, np.ones((len(a), 1), dtype=np.float32)], axis=1)
    # Blocks of mentees with the same first topic touch few topic columns; the others are
    # zero on the mentee side and are left out of the product.
    topic_part = a[:, :n_topics] != 0
    first_topic = np.full(len(a), -1, dtype=np.int64)
    if n_topics:
        seeks = topic_part.any(axis=1)
        first_topic[seeks] = np.argmax(topic_part[seeks], axis=1)
    rest = np.arange(n_topics, a_aug.shape[1])
    rows_all = np.flatnonzero(active)
    rows_all = rows_all[np.argsort(first_topic[rows_all], kind="stable")]
    new_e: list[np.ndarray] = []
    new_m: list[np.ndarray] = []
    for lo in range(0, len(rows_all), _PRICING_BLOCK):
        rows = np.sort(rows_all[lo : lo + _PRICING_BLOCK])
        used = np.r_[np.flatnonzero(topic_part[rows].any(axis=0)), rest]
        s = a_aug[np.ix_(rows, used)] @ b_aug_t[used]
        _mask_conflicts(s, rows, conflicts)
        j = np.argmax(s, axis=1)
        v = s[np.arange(len(rows)), j]
        ok = v > INFEASIBLE / 2
        best_j[rows[ok]] = j[ok]
        # Every improving pair, not just the best, so fewer rounds are needed.
        r, c = np.nonzero(s > (p_now[rows] + _MARGIN).astype(np.float32)[:, None])
        if len(r):
            order = np.lexsort((c, -s[r, c], r))
            r, c = r[order], c[order]
            rank = np.arange(len(r)) - np.searchsorted(r, r)
            keep = rank < per_mentee
            new_e.append(rows[r[keep]])
            new_m.append(c[keep])
    cols_e = np.concatenate(new_e) if new_e else np.zeros(0, dtype=np.int64)
    cols_m = np.concatenate(new_m) if new_m else np.zeros(0, dtype=np.int64)
    return best_j, cols_e, cols_m


def _mask_conflicts(s: np.ndarray, rows: np.ndarray, conflicts: Conflicts) -> None:
    n_m = conflicts.n_mentors
    lo = np.searchsorted(conflicts.keys, int(rows[0]) * n_m)
    hi = np.searchsorted(conflicts.keys, (int(rows[-1]) + 1) * n_m)
    keys = conflicts.keys[lo:hi]
    pos = np.searchsorted(rows, keys // n_m)
    pos = np.minimum(pos, len(rows) - 1)
    hit = rows[pos] == keys // n_m
    s[pos[hit], keys[hit] % n_m] = -np.inf


def certify(
    graph: CandidateGraph,
    capacity: np.ndarray,
    active: np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
    conflicts: Conflicts,
    score_pairs: Callable[[np.ndarray, np.ndarray], np.ndarray],
    solve: Callable[[CandidateGraph], np.ndarray],
    n_topics: int = 0,
    tolerance: float = 1e-6,
    max_rounds: int = 8,
    clock: Callable[[], float] | None = None,
) -> tuple[CandidateGraph, np.ndarray, Certificate]:
    """Column generation until the all-pairs gap is <= tolerance. Returns the (grown) graph,
    the chosen edge per mentee on it and the certificate."""
    import time

    tick = clock or time.perf_counter
    rounds: list[CertificateRound] = []
    chosen = solve(graph)
    for _ in range(max_rounds):
        t0 = tick()
        w = np.asarray(np.rint(graph.score * SCALE), dtype=np.int64)
        q = mentor_prices(graph.ei, graph.mj, w, chosen, graph.n_mentors) / SCALE
        matched = chosen >= 0
        lower = float(graph.score[chosen[matched]].sum())
        p_now = np.zeros(len(chosen))
        p_now[matched] = graph.score[chosen[matched]] - q[graph.mj[chosen[matched]]]
        best_j, cand_e, cand_m = pricing_pass(a, b, q, capacity, active, conflicts, p_now, n_topics)
        has = best_j >= 0
        exact = np.full(len(chosen), -np.inf)
        exact[has] = score_pairs(np.flatnonzero(has), best_j[has]) - q[best_j[has]]
        p_all = np.maximum(0.0, np.maximum(exact, p_now))
        upper = float(np.sum(np.maximum(capacity, 0) * q) + p_all[active].sum())
        gap = (upper - lower) / max(abs(upper), 1e-12)
        fresh = ~np.isin(cand_e * graph.n_mentors + cand_m, graph.keys())
        new_e, new_m = cand_e[fresh], cand_m[fresh]
        new_s = score_pairs(new_e, new_m)
        improving = new_s - q[new_m] > p_now[new_e] + 1.0 / SCALE
        new_e, new_m, new_s = new_e[improving], new_m[improving], new_s[improving]
        rounds.append(
            CertificateRound(len(graph), lower, upper, max(gap, 0.0), len(new_e), tick() - t0)
        )
        if gap <= tolerance or len(new_e) == 0:
            break
        graph = from_edges(
            np.r_[graph.ei, new_e],
            np.r_[graph.mj, new_m],
            np.r_[graph.score, new_s],
            graph.n_mentees,
            graph.n_mentors,
            graph.widened,
        )
        chosen = solve(graph)
    last = rounds[-1]
    cert = Certificate(
        lower_bound=last.lower_bound,
        upper_bound=last.upper_bound,
        gap=last.gap,
        rounds=tuple(rounds),
        method="LP duality: mentor prices from the flow, all pairs priced in blocks",
    )
    return graph, chosen, cert
