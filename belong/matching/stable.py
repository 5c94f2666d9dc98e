"""Stable mode: mentee-proposing deferred acceptance with mentor capacities (hospitals/residents).

Mentees propose down their list (the candidate graph in their order of preference); a mentor
holds the best `capacity` proposals seen so far in a heap keyed by its own preference and
rejects the rest. Each edge is proposed along at most once, so the run is O(E log capacity).
The result is the mentee-optimal stable matching (Gale and Shapley 1962, Roth 1984): no
mentee and mentor would both rather be together than with what they got.
"""

from __future__ import annotations

import heapq

import numpy as np


def mentee_ranks(ei: np.ndarray) -> np.ndarray:
    """Position of each edge in its mentee's list (edges sorted by mentee, best first)."""
    return np.asarray(np.arange(len(ei)) - np.searchsorted(ei, ei), dtype=np.int64)


def mentor_ranks_by_score(ei: np.ndarray, mj: np.ndarray, score: np.ndarray) -> np.ndarray:
    """Mentors prefer higher scores; ties go to the lower mentee index (deterministic)."""
    order = np.lexsort((ei, -score, mj))
    ranks = np.empty(len(ei), dtype=np.int64)
    ranks[order] = np.arange(len(ei)) - np.searchsorted(mj[order], mj[order])
    return ranks


def deferred_acceptance(
    ei: np.ndarray,
    mj: np.ndarray,
    mentor_rank: np.ndarray,
    capacity: np.ndarray,
    active: np.ndarray,
) -> np.ndarray:
    """Chosen edge per mentee (-1 when unmatched). Edges must be sorted by mentee, each mentee's
    edges in its order of preference."""
    n_e = len(active)
    starts = np.searchsorted(ei, np.arange(n_e + 1)).tolist()
    mentors = mj.tolist()
    ranks = mentor_rank.tolist()
    cap = capacity.tolist()
    nxt = starts[:-1]
    held: list[list[tuple[int, int]]] = [[] for _ in range(len(cap))]  # (-rank, edge)
    chosen = [-1] * n_e
    for first in np.flatnonzero(active).tolist():
        i = first
        while i >= 0:
            e, end = nxt[i], starts[i + 1]
            rejected = True
            while e < end:
                j = mentors[e]
                heap = held[j]
                if len(heap) < cap[j]:
                    heapq.heappush(heap, (-ranks[e], e))
                    chosen[i], rejected, e = e, False, e + 1
                    i_next = -1
                    break
                if cap[j] > 0 and -heap[0][0] > ranks[e]:
                    _, loser = heapq.heapreplace(heap, (-ranks[e], e))
                    chosen[i], rejected, e = e, False, e + 1
                    i_next = int(ei[loser])
                    chosen[i_next] = -1
                    break
                e += 1
            nxt[i] = e
            i = -1 if rejected else i_next
    return np.asarray(chosen, dtype=np.int64)


def blocking_pairs(
    ei: np.ndarray,
    mj: np.ndarray,
    mentee_rank: np.ndarray,
    mentor_rank: np.ndarray,
    chosen: np.ndarray,
    capacity: np.ndarray,
    active: np.ndarray,
) -> int:
    """Edges (i, j) outside the matching where i prefers j to its match (or is unmatched) and j
    has a free place or prefers i to the worst mentee it holds."""
    n_m = len(capacity)
    matched = chosen >= 0
    own_rank = np.full(len(chosen), np.iinfo(np.int64).max)
    own_rank[matched] = mentee_rank[chosen[matched]]
    load = np.bincount(mj[chosen[matched]], minlength=n_m)
    worst = np.full(n_m, -1, dtype=np.int64)
    np.maximum.at(worst, mj[chosen[matched]], mentor_rank[chosen[matched]])
    in_matching = np.zeros(len(ei), dtype=bool)
    in_matching[chosen[matched]] = True
    mentee_wants = mentee_rank < own_rank[ei]
    mentor_wants = (load[mj] < capacity[mj]) | (mentor_rank < worst[mj])
    return int(np.sum(active[ei] & ~in_matching & mentee_wants & mentor_wants & (capacity[mj] > 0)))
