"""Candidate graphs from explicit inputs (a score per pair, or mentees' ranked lists) and the
mentors' side of the preferences that stable matching and blocking-pair counts need."""

from __future__ import annotations

import numpy as np

from belong.matching.candidates import CandidateGraph, from_edges
from belong.matching.constraints import Conflicts
from belong.matching.features import Features
from belong.matching.problem import Problem, ProblemError
from belong.matching.stable import mentor_ranks_by_score


def validate_preferences(problem: Problem, f: Features) -> None:
    for side, people, other, what in (
        ("mentees", problem.mentees, f.mentor_index, "mentor"),
        ("mentors", problem.mentors, f.mentee_index, "mentee"),
    ):
        for k, p in enumerate(people):
            seen: set[str] = set()
            for r, x in enumerate(p.preferences):
                if x not in other:
                    raise ProblemError(f'{side}[{k}].preferences[{r}]: unknown {what} id "{x}"')
                if x in seen:
                    raise ProblemError(f'{side}[{k}].preferences[{r}]: "{x}" is listed twice')
                seen.add(x)


def explicit_graph(problem: Problem, f: Features, conflicts: Conflicts) -> CandidateGraph:
    """Every acceptable pair: the scored pairs, or each mentee's listed mentors with score
    1 - (rank - 1) / (longest list), so a first choice scores 1. Reporting-line and never-pair
    rules still apply; attribute rules do not (the lists already say who is acceptable)."""
    n_e, n_m = len(problem.mentees), len(problem.mentors)
    if problem.scores:
        ei = np.empty(len(problem.scores), dtype=np.int64)
        mj = np.empty(len(problem.scores), dtype=np.int64)
        s = np.empty(len(problem.scores))
        for k, (e_id, m_id, score) in enumerate(problem.scores):
            where = f"scores[{k}]"
            if e_id not in f.mentee_index:
                raise ProblemError(f'{where}: unknown mentee id "{e_id}"')
            if m_id not in f.mentor_index:
                raise ProblemError(f'{where}: unknown mentor id "{m_id}"')
            if not np.isfinite(score) or abs(score) > 1e6:
                raise ProblemError(f"{where}: score must be a finite number within ±1e6")
            ei[k], mj[k], s[k] = f.mentee_index[e_id], f.mentor_index[m_id], score
        keys = ei * n_m + mj
        uniq, counts = np.unique(keys, return_counts=True)
        if len(uniq) < len(keys):
            dup = int(np.flatnonzero(np.isin(keys, uniq[counts > 1]))[1])
            raise ProblemError(f"scores[{dup}]: pair listed twice")
    else:
        longest = max((len(p.preferences) for p in problem.mentees), default=1)
        rows = [
            (i, f.mentor_index[m_id], 1.0 - r / longest)
            for i, p in enumerate(problem.mentees)
            for r, m_id in enumerate(p.preferences)
        ]
        arr = np.array(rows, dtype=np.float64).reshape(-1, 3)
        ei, mj, s = arr[:, 0].astype(np.int64), arr[:, 1].astype(np.int64), arr[:, 2]
    keep = ~conflicts.contains(ei, mj)
    return from_edges(ei[keep], mj[keep], s[keep], n_e, n_m)


def mentor_ranks(problem: Problem, f: Features, graph: CandidateGraph) -> np.ndarray:
    """Each edge's rank in its mentor's order: mentees the mentor listed come first, in list
    order; everyone else follows by score."""
    ranks = mentor_ranks_by_score(graph.ei, graph.mj, graph.score)
    if not any(p.preferences for p in problem.mentors):
        return ranks
    listed = {
        (f.mentee_index[e_id], j): r
        for j, p in enumerate(problem.mentors)
        for r, e_id in enumerate(p.preferences)
    }
    offset = len(graph.ei) + 1
    for k, (i, j) in enumerate(zip(graph.ei.tolist(), graph.mj.tolist(), strict=True)):
        if problem.mentors[j].preferences:
            r = listed.get((i, j))
            ranks[k] = r if r is not None else offset + ranks[k]
    return ranks
