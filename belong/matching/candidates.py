"""Sparse candidate graph: the k best feasible mentors of every mentee, never a dense N x M matrix.

Guarantee: every mentee gets min(k, #feasible mentors) candidates, each a feasible pair.

1. Inverted index: for each topic t, the mentors offering it, sorted by time zone. Mentees
   seeking t are blocked by time zone: each block scores only the mentors inside its time-zone
   window (a contiguous slice, so nothing is copied) with one matrix product and keeps each
   member's top k. Language and level-gap rules are part of the score's dense form (a pair
   breaking one scores far below zero), so they never make it into a top k.
2. A mentee's lists over its topics are merged, pairs breaking a reporting-line or never-pair
   rule are dropped, and the best k remain: the exact top k among the feasible mentors who
   share at least one topic (up to float32 rounding of near-ties).
3. Fallback: a mentee left with fewer than k (rare topics, no topics, narrow language) is scored
   against every mentor in blocks, which gives the exact top k among *all* feasible mentors.

Mentors that share no topic can still be better than a topic-sharing one (through text, level,
org and time zone); `certify` bounds everything the graph leaves out.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from belong.matching.blas import blas_threads
from belong.matching.constraints import Conflicts
from belong.matching.features import Features
from belong.matching.problem import Problem
from belong.matching.scoring import INFEASIBLE, pair_blocks

DEFAULT_K = 25
_CHUNK_ENTRIES = 1 << 22  # pairs scored per matrix product (16 MB of float32)
_FALLBACK_BLOCK = 512


@dataclass(frozen=True, eq=False)
class CandidateGraph:
    """Edges sorted by mentee, then best score first. `blocks` are the per-criterion parts."""

    ei: np.ndarray
    mj: np.ndarray
    score: np.ndarray
    n_mentees: int
    n_mentors: int
    widened: int = 0  # mentees that needed the fallback

    def __len__(self) -> int:
        return len(self.ei)

    def keys(self) -> np.ndarray:
        return np.asarray(self.ei.astype(np.int64) * self.n_mentors + self.mj)


def from_edges(
    ei: np.ndarray, mj: np.ndarray, score: np.ndarray, n_e: int, n_m: int, widened: int = 0
) -> CandidateGraph:
    order = np.lexsort((mj, -score, ei))
    return CandidateGraph(
        ei=np.ascontiguousarray(ei[order], dtype=np.int64),
        mj=np.ascontiguousarray(mj[order], dtype=np.int64),
        score=np.ascontiguousarray(score[order], dtype=np.float64),
        n_mentees=n_e,
        n_mentors=n_m,
        widened=widened,
    )


def _top_k_rows(s: np.ndarray, k: int) -> np.ndarray:
    """Column indices of the k largest entries of each row (all columns if there are fewer)."""
    if s.shape[1] <= k:
        return np.broadcast_to(np.arange(s.shape[1]), s.shape)
    return np.argpartition(-s, k - 1, axis=1)[:, :k]


def build_candidates(
    problem: Problem,
    f: Features,
    conflicts: Conflicts,
    a: np.ndarray,
    b: np.ndarray,
    k: int = DEFAULT_K,
    active: np.ndarray | None = None,
) -> CandidateGraph:
    """Candidates for the mentees where `active` is true (default: all)."""
    n_e, n_m = len(f.mentees.ids), len(f.mentors.ids)
    rules = problem.rules
    if active is None:
        active = np.ones(n_e, dtype=bool)
    open_mentors = f.mentors.capacity > 0
    parts_e: list[np.ndarray] = []
    parts_m: list[np.ndarray] = []
    parts_s: list[np.ndarray] = []

    e_topics = f.mentees.topics.tocsc()
    m_topics = f.mentors.topics.tocsc()
    tz_e, tz_m = f.mentees.tz_half_hours, f.mentors.tz_half_hours
    n_topics = len(f.topic_names)  # dense_factors puts the topic block first
    rest = np.arange(n_topics, a.shape[1])
    # Each mentee's first topic (or -1): sorting by it groups similar mentees together.
    rows_t = f.mentees.topics
    signature = np.full(n_e, -1, dtype=np.int64)
    has_topics = np.diff(rows_t.indptr) > 0
    signature[has_topics] = rows_t.indices[rows_t.indptr[:-1][has_topics]]
    # Thousands of small products: one BLAS thread each is faster (see blas.py).
    with blas_threads(1):
        for t in range(len(f.topic_names)):
            seekers = e_topics.indices[e_topics.indptr[t] : e_topics.indptr[t + 1]]
            seekers = seekers[active[seekers]]
            offerers = m_topics.indices[m_topics.indptr[t] : m_topics.indptr[t + 1]]
            offerers = offerers[open_mentors[offerers]]
            if len(seekers) == 0 or len(offerers) == 0:
                continue
            # Sorting the topic's mentors by time zone makes each group's feasible window a
            # contiguous (circular) slice: blocking without copying.
            offerers = offerers[np.argsort(tz_m[offerers], kind="stable")]
            b_t = b[offerers]
            tz_t = tz_m[offerers]
            # Within a time zone, mentees with similar topic sets sit together, so a chunk touches
            # few topic columns (see below).
            seekers = seekers[np.lexsort((signature[seekers], tz_e[seekers]))]
            key = tz_e[seekers]
            starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
            for lo, hi in zip(starts, np.r_[starts[1:], len(seekers)], strict=True):
                for cols in _tz_window(tz_t, int(key[lo]), rules.max_tz_gap_hours):
                    chunk = max(1, _CHUNK_ENTRIES // max(cols.stop - cols.start, 1))
                    for c in range(lo, hi, chunk):
                        group = seekers[c : min(c + chunk, hi)]
                        a_g = a[group]
                        # Only the topic columns some member seeks can be non-zero: skip the rest.
                        used = np.r_[np.flatnonzero(a_g[:, :n_topics].any(axis=0)), rest]
                        # An explicit contiguous transpose: OpenBLAS is far slower on small
                        # products with a strided operand.
                        s = a_g[:, used] @ np.ascontiguousarray(b_t[cols][:, used].T)
                        top = _top_k_rows(s, k)
                        parts_e.append(np.repeat(group, top.shape[1]))
                        parts_m.append(offerers[cols][top].ravel())
                        parts_s.append(np.take_along_axis(s, top, axis=1).ravel())

    ei = np.concatenate(parts_e) if parts_e else np.zeros(0, dtype=np.int64)
    mj = np.concatenate(parts_m) if parts_m else np.zeros(0, dtype=np.int64)
    approx = np.concatenate(parts_s) if parts_s else np.zeros(0, dtype=np.float32)
    keep = (approx > INFEASIBLE / 2) & ~conflicts.contains(ei, mj)
    ei, mj, approx = ei[keep], mj[keep], approx[keep]
    # Merge the per-topic lists: one copy of each pair, then the best k per mentee.
    pair_key = ei.astype(np.int64) * n_m + mj
    _, first = np.unique(pair_key, return_index=True)
    ei, mj, approx = ei[first], mj[first], approx[first]
    ei, mj = _best_k_per_mentee(ei, mj, approx, k)

    counts = np.bincount(ei, minlength=n_e)
    short = np.flatnonzero(active & (counts < k))
    if len(short):
        ei_f, mj_f = _fallback(f, conflicts, a, b, short, k, open_mentors)
        drop = np.isin(ei, short)
        ei, mj = np.r_[ei[~drop], ei_f], np.r_[mj[~drop], mj_f]
    score = pair_blocks(f, problem.weights, rules, ei, mj).sum(axis=1)
    return from_edges(ei, mj, score, n_e, n_m, widened=len(short))


def _tz_window(tz_sorted: np.ndarray, tz: int, max_gap_hours: float | None) -> list[slice]:
    """Slices of `tz_sorted` (half hours, ascending) within the gap limit of `tz`, which wraps
    around the date line. Language and level rules are enforced by the score itself."""
    if max_gap_hours is None or max_gap_hours >= 12:
        return [slice(0, len(tz_sorted))]
    half = int(np.floor(2 * max_gap_hours))
    out = []
    for lo, hi in (
        (tz - half, tz + half),
        (tz - half + 48, tz + half + 48),
        (tz - half - 48, tz + half - 48),
    ):
        a, b = np.searchsorted(tz_sorted, lo, "left"), np.searchsorted(tz_sorted, hi, "right")
        if b > a:
            out.append(slice(int(a), int(b)))
    return out


def _best_k_per_mentee(
    ei: np.ndarray, mj: np.ndarray, s: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray]:
    order = np.lexsort((mj, -s, ei))
    ei, mj = ei[order], mj[order]
    starts = np.searchsorted(ei, ei)  # first position of each mentee's run
    rank = np.arange(len(ei)) - starts
    keep = rank < k
    return ei[keep], mj[keep]


def _fallback(
    f: Features,
    conflicts: Conflicts,
    a: np.ndarray,
    b: np.ndarray,
    mentees: np.ndarray,
    k: int,
    open_mentors: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Exact top k over all feasible mentors, for the given mentees, in blocks."""
    out_e: list[np.ndarray] = []
    out_m: list[np.ndarray] = []
    for lo in range(0, len(mentees), _FALLBACK_BLOCK):
        rows = mentees[lo : lo + _FALLBACK_BLOCK]
        s = a[rows] @ b.T
        s[:, ~open_mentors] = -np.inf
        for r, i in enumerate(rows):
            s[r, conflicts.of_mentee(int(i))] = -np.inf
        top = _top_k_rows(s, k)
        vals = np.take_along_axis(s, top, axis=1)
        ok = vals > INFEASIBLE / 2
        out_e.append(np.repeat(rows, top.shape[1])[ok.ravel()])
        out_m.append(np.asarray(top).ravel()[ok.ravel()])
    return np.concatenate(out_e), np.concatenate(out_m)
