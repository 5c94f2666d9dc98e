"""Transportation problem on the candidate graph, solved exactly as a min-cost flow (OR-Tools).

Network: every mentee supplies one unit; it flows either to a mentor (arc cost -weight) or
straight to the sink (the "unmatched" bypass, cost 0); every mentor passes at most its
capacity on to the sink. The constraint matrix is totally unimodular, so the integral flow
OR-Tools returns is an optimum of the LP relaxation too — which is what makes the dual prices
(and the certificate built on them) meaningful.
"""

from __future__ import annotations

import numpy as np
from ortools.graph.python import max_flow, min_cost_flow

SCALE = 10_000_000  # scores become integers in 1e-7 units; OR-Tools needs integer costs


def to_weights(score: np.ndarray) -> np.ndarray:
    return np.asarray(np.rint(score * SCALE), dtype=np.int64)


def min_cost_assignment(
    ei: np.ndarray,
    mj: np.ndarray,
    weight: np.ndarray,
    capacity: np.ndarray,
    active: np.ndarray,
) -> np.ndarray:
    """Maximise the sum of integer `weight` over chosen edges. Returns the chosen edge of each
    mentee (-1 when unmatched). Edges with weight <= 0 are never better than the bypass."""
    n_e, n_m = len(active), len(capacity)
    sink = n_e + n_m
    solver = min_cost_flow.SimpleMinCostFlow()
    use = active[ei] & (capacity[mj] > 0)
    edge_ids = np.flatnonzero(use)
    mentees = np.flatnonzero(active)
    tails = np.concatenate([ei[edge_ids], mentees, n_e + np.arange(n_m)])
    heads = np.concatenate([n_e + mj[edge_ids], np.full(len(mentees), sink), np.full(n_m, sink)])
    caps = np.concatenate(
        [np.ones(len(edge_ids)), np.ones(len(mentees)), np.maximum(capacity, 0)]
    ).astype(np.int64)
    costs = np.concatenate([-weight[edge_ids], np.zeros(len(mentees) + n_m)]).astype(np.int64)
    solver.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    supplies = np.zeros(sink + 1, dtype=np.int64)
    supplies[mentees] = 1
    supplies[sink] = -len(mentees)
    solver.set_nodes_supplies(np.arange(sink + 1), supplies)
    status = solver.solve()
    if status != solver.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed with status {status}")
    flows = solver.flows(np.arange(len(edge_ids)))
    chosen = np.full(n_e, -1, dtype=np.int64)
    used = edge_ids[flows > 0]
    chosen[ei[used]] = used
    return chosen


def max_cardinality(
    ei: np.ndarray, mj: np.ndarray, capacity: np.ndarray, active: np.ndarray
) -> int:
    """Largest number of mentees that can be matched using only these edges."""
    n_e, n_m = len(active), len(capacity)
    source, sink = n_e + n_m, n_e + n_m + 1
    use = active[ei] & (capacity[mj] > 0)
    mentees = np.flatnonzero(active)
    solver = max_flow.SimpleMaxFlow()
    tails = np.concatenate([np.full(len(mentees), source), ei[use], n_e + np.arange(n_m)])
    heads = np.concatenate([mentees, n_e + mj[use], np.full(n_m, sink)])
    caps = np.concatenate(
        [np.ones(len(mentees)), np.ones(int(use.sum())), np.maximum(capacity, 0)]
    ).astype(np.int64)
    solver.add_arcs_with_capacity(tails, heads, caps)
    if solver.solve(source, sink) != solver.OPTIMAL:
        raise RuntimeError("max flow failed")
    return int(solver.optimal_flow())


def mentor_prices(
    ei: np.ndarray, mj: np.ndarray, weight: np.ndarray, chosen: np.ndarray, n_mentors: int
) -> np.ndarray:
    """Dual prices q >= 0 of the mentors' capacity rows, in weight units.

    Complementary slackness for an optimal assignment: a matched mentee i (to j) gets
    p_i = w_ij - q_j; every candidate edge must satisfy p_i + q_j' >= w_ij'. That gives
    q_j' >= q_j + w_ij' - w_ij (matched i) and q_j' >= w_ij' (unmatched i, p_i = 0): a
    longest-path system on the mentors. Bellman-Ford sweeps from q = 0 converge to its least
    solution because an optimal flow leaves no positive cycle (integers, so no drift).
    """
    q = np.zeros(n_mentors, dtype=np.int64)
    if len(ei) == 0:
        return q
    order = np.argsort(mj, kind="stable")
    ei_s, mj_s, w_s = ei[order], mj[order], weight[order]
    starts = np.flatnonzero(np.r_[True, mj_s[1:] != mj_s[:-1]])
    targets = mj_s[starts]
    own = np.where(chosen >= 0, chosen, 0)
    matched = chosen[ei_s] >= 0
    own_mentor = mj[own][ei_s]
    own_weight = weight[own][ei_s]
    base = np.where(matched, w_s - own_weight, w_s)
    for _ in range(n_mentors + 1):
        cand = base + np.where(matched, q[own_mentor], 0)
        best = np.maximum.reduceat(cand, starts)
        new = q.copy()
        new[targets] = np.maximum(q[targets], best)
        if np.array_equal(new, q):
            break
        q = new
    return q
