"""Pair-level hard constraints: never self, never in one reporting chain, never-pairs.

They are few (a person has a handful of ancestors), so they are kept as a sorted array of pair
keys `mentee * n_mentors + mentor` and checked with a binary search.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from belong.matching.features import Features
from belong.matching.problem import Problem, ProblemError
from belong.matching.scoring import attribute_feasible


@dataclass(frozen=True, eq=False)
class Conflicts:
    keys: np.ndarray  # sorted unique int64 keys of forbidden pairs
    n_mentors: int

    def contains(self, ei: np.ndarray, mj: np.ndarray) -> np.ndarray:
        if len(self.keys) == 0:
            return np.zeros(len(ei), dtype=bool)
        k = ei.astype(np.int64) * self.n_mentors + mj
        pos = np.minimum(np.searchsorted(self.keys, k), len(self.keys) - 1)
        return np.asarray(self.keys[pos] == k)

    def of_mentee(self, i: int) -> np.ndarray:
        lo = np.searchsorted(self.keys, i * self.n_mentors)
        hi = np.searchsorted(self.keys, (i + 1) * self.n_mentors)
        return np.asarray(self.keys[lo:hi] - i * self.n_mentors)


def build_conflicts(problem: Problem, f: Features) -> Conflicts:
    n_m = len(problem.mentors)
    mentee_at, mentor_at = f.mentee_index, f.mentor_index
    pairs: list[tuple[int, int]] = []
    for i, p in enumerate(problem.mentees):
        j = mentor_at.get(p.id)
        if j is not None:
            pairs.append((i, j))  # the same person on both sides
        if problem.rules.exclude_same_chain:
            pairs.extend((i, mentor_at[a]) for a in p.manager_chain if a in mentor_at)
    if problem.rules.exclude_same_chain:
        for j, p in enumerate(problem.mentors):
            pairs.extend((mentee_at[a], j) for a in p.manager_chain if a in mentee_at)
    if problem.rules.exclude_same_manager:
        by_manager: dict[str, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
        for i, p in enumerate(problem.mentees):
            if p.manager_chain:
                by_manager[p.manager_chain[0]][0].append(i)
        for j, p in enumerate(problem.mentors):
            if p.manager_chain:
                by_manager[p.manager_chain[0]][1].append(j)
        for es, ms in by_manager.values():
            pairs.extend((i, j) for i in es for j in ms)
    for k, (e_id, m_id) in enumerate(problem.rules.never_pairs):
        i, j = _lookup(f, e_id, m_id, f"rules.never_pairs[{k}]")
        pairs.append((i, j))
    arr = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    return Conflicts(keys=np.unique(arr[:, 0] * n_m + arr[:, 1]), n_mentors=n_m)


def _lookup(f: Features, e_id: str, m_id: str, where: str) -> tuple[int, int]:
    if e_id not in f.mentee_index:
        raise ProblemError(f'{where}: unknown mentee id "{e_id}"')
    if m_id not in f.mentor_index:
        raise ProblemError(f'{where}: unknown mentor id "{m_id}"')
    return f.mentee_index[e_id], f.mentor_index[m_id]


def resolve_must_pairs(
    problem: Problem, f: Features, conflicts: Conflicts, check_attributes: bool
) -> list[tuple[int, int]]:
    """Index pairs for the must-pairs, rejecting ones that no solver could honour."""
    out: list[tuple[int, int]] = []
    seen: set[int] = set()
    load = np.zeros(len(problem.mentors), dtype=np.int64)
    for k, (e_id, m_id) in enumerate(problem.rules.must_pairs):
        where = f"rules.must_pairs[{k}]"
        i, j = _lookup(f, e_id, m_id, where)
        if i in seen:
            raise ProblemError(f'{where}: mentee "{e_id}" is already in another must-pair')
        ei, mj = np.array([i]), np.array([j])
        if conflicts.contains(ei, mj)[0]:
            raise ProblemError(
                f'{where}: "{e_id}" and "{m_id}" are a never-pair, the same person or in one '
                "reporting chain"
            )
        if check_attributes and not attribute_feasible(f, problem.rules, ei, mj)[0]:
            raise ProblemError(
                f'{where}: "{e_id}" and "{m_id}" break a hard constraint (time zone, language, '
                "level gap or availability)"
            )
        load[j] += 1
        if load[j] > f.mentors.capacity[j]:
            raise ProblemError(f'{where}: mentor "{m_id}" has more must-pairs than capacity')
        seen.add(i)
        out.append((i, j))
    return out
