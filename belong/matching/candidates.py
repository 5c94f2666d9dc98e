"""Sparse candidate graph: the k best feasible mentors of every mentee, never a dense N x M matrix.

Guarantee: every mentee gets min(k, #feasible mentors) candidates, each a feasible pair.

1. Inverted index: for each topic t, the mentors offering it. Mentees seeking t are grouped by
   their blocking key (time zone, languages, level); each group scores only the mentors of t
   that pass the group's time-zone, language and level-gap filters (one small matrix product)
   and keeps its top k.
   When a popular topic has more than 8k such mentors, the group first keeps the 8k best for
   its mean member (scores are linear in the mentee vector), so work stays proportional to
   the number of mentees, not mentees x mentors.
2. A mentee's lists over its topics are merged, pairs breaking a reporting-line or never-pair
   rule are dropped, and the best k remain.
3. Fallback: a mentee left with fewer than k (rare topics, no topics, narrow language) is scored
   against every mentor in blocks, which gives the exact top k among *all* feasible mentors.

Mentors that share no topic can still be better than a topic-sharing one (through text, level,
org and time zone); `certify` bounds everything the graph leaves out.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from belong.matching.constraints import Conflicts
from belong.matching.features import Features
from belong.matching.problem import Problem, Rules
from belong.matching.scoring import INFEASIBLE, pair_blocks, tz_gap_hours

DEFAULT_K = 25
PREFILTER_FACTOR = 8  # a topic's mentors scored per mentee group: the group mean's best 8k
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
    prefilter = PREFILTER_FACTOR * k
    parts_e: list[np.ndarray] = []
    parts_m: list[np.ndarray] = []
    parts_s: list[np.ndarray] = []

    e_topics = f.mentees.topics.tocsc()
    m_topics = f.mentors.topics.tocsc()
    tz_e, lang_e = f.mentees.tz_half_hours, f.mentees.languages
    level_e = np.clip(f.mentees.level, 0, 63)
    for t in range(len(f.topic_names)):
        seekers = e_topics.indices[e_topics.indptr[t] : e_topics.indptr[t + 1]]
        seekers = seekers[active[seekers]]
        offerers = m_topics.indices[m_topics.indptr[t] : m_topics.indptr[t + 1]]
        offerers = offerers[open_mentors[offerers]]
        if len(seekers) == 0 or len(offerers) == 0:
            continue
        # Blocking: mentees with the same time zone, languages and level see the same feasible
        # mentors (and the same time-zone, language and level parts of every score).
        key = (tz_e[seekers] * 64 + level_e[seekers]) * (1 << 40) + lang_e[seekers]
        order = np.argsort(key, kind="stable")
        seekers, key = seekers[order], key[order]
        starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
        for lo, hi in zip(starts, np.r_[starts[1:], len(seekers)], strict=True):
            group = seekers[lo:hi]
            cols = offerers[_block_filter(f, rules, group[0], offerers)]
            if len(cols) == 0:
                continue
            rows_a = a[group]
            if len(cols) > prefilter and len(group) > 1:
                # Scores are linear in the mentee vector, so the group's mean mentee ranks
                # mentors almost as each member would: keep its best `prefilter` mentors.
                mean_scores = b[cols] @ rows_a.mean(axis=0)
                cols = cols[np.argpartition(-mean_scores, prefilter - 1)[:prefilter]]
            s = rows_a @ b[cols].T
            top = _top_k_rows(s, k)
            rows = np.repeat(group, top.shape[1])
            parts_e.append(rows)
            parts_m.append(cols[top].ravel())
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


def _block_filter(f: Features, rules: Rules, i: int, mentors: np.ndarray) -> np.ndarray:
    """Mentors passing mentee i's time-zone, language and level-gap filters."""
    ok = np.ones(len(mentors), dtype=bool)
    if rules.max_tz_gap_hours is not None:
        gap = tz_gap_hours(f.mentees.tz_half_hours[i], f.mentors.tz_half_hours[mentors])
        ok &= gap <= rules.max_tz_gap_hours
    lang = f.mentees.languages[i]
    if rules.require_shared_language and lang != 0:
        ml = f.mentors.languages[mentors]
        ok &= ((ml & lang) != 0) | (ml == 0)
    gap = f.mentors.level[mentors] - f.mentees.level[i]
    if rules.level_gap_min is not None:
        ok &= gap >= rules.level_gap_min
    if rules.level_gap_max is not None:
        ok &= gap <= rules.level_gap_max
    return ok


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
