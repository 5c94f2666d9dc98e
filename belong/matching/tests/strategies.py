"""Tiny random problems for property tests, and brute-force references to check solvers."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import strategies as st

from belong.matching.constraints import build_conflicts
from belong.matching.features import encode
from belong.matching.problem import Participant, Problem, Rules
from belong.matching.scoring import attribute_feasible, pair_blocks

TOPICS = ("python", "sql", "negotiation", "hiring", "design")


@st.composite
def problems(draw: st.DrawFn, max_mentees: int = 6, max_mentors: int = 4) -> Problem:
    n_e = draw(st.integers(1, max_mentees))
    n_m = draw(st.integers(1, max_mentors))
    ids = [f"e{k}" for k in range(n_e)] + [f"m{k}" for k in range(n_m)]

    def person(pid: str, mentor: bool) -> Participant:
        return Participant(
            id=pid,
            topics=tuple(draw(st.sets(st.sampled_from(TOPICS), max_size=3))),
            text=" ".join(draw(st.lists(st.sampled_from((*TOPICS, "growth")), max_size=3))),
            level=draw(st.integers(1, 6)),
            tenure_months=draw(st.integers(0, 120)),
            org_path=(draw(st.sampled_from(("a", "b", "c"))),),
            manager_chain=tuple(draw(st.lists(st.sampled_from(ids), max_size=2, unique=True))),
            timezone=float(draw(st.sampled_from((-8, -5, 0, 1, 5.5, 9)))),
            languages=tuple(draw(st.sets(st.sampled_from(("en", "de", "ja")), min_size=1))),
            capacity=draw(st.integers(0, 2)) if mentor else 1,
            attributes={"group": draw(st.sampled_from(("x", "y")))},
        )

    mentees = tuple(person(f"e{k}", False) for k in range(n_e))
    mentors = tuple(person(f"m{k}", True) for k in range(n_m))
    never = tuple(
        draw(
            st.lists(
                st.tuples(st.sampled_from(ids[:n_e]), st.sampled_from(ids[n_e:])),
                max_size=2,
                unique=True,
            )
        )
    )
    rules = Rules(
        never_pairs=never,
        max_tz_gap_hours=draw(st.sampled_from((None, 6.0))),
        exclude_same_manager=draw(st.booleans()),
        level_gap_min=draw(st.sampled_from((None, 0, 1))),
    )
    return Problem(mentees=mentees, mentors=mentors, rules=rules)


def feasible_scores(problem: Problem) -> np.ndarray:
    """Dense score matrix with -inf for every pair a hard constraint forbids."""
    f = encode(problem)
    n_e, n_m = len(problem.mentees), len(problem.mentors)
    ei, mj = np.repeat(np.arange(n_e), n_m), np.tile(np.arange(n_m), n_e)
    s = pair_blocks(f, problem.weights, problem.rules, ei, mj).sum(axis=1)
    ok = attribute_feasible(f, problem.rules, ei, mj) & ~build_conflicts(problem, f).contains(
        ei, mj
    )
    return np.where(ok, s, -np.inf).reshape(n_e, n_m)


def brute_force_best(scores: np.ndarray, capacity: list[int]) -> float:
    """Best total over every assignment (each mentee: one mentor or none)."""
    n_e, n_m = scores.shape
    best = 0.0
    for choice in itertools.product(range(-1, n_m), repeat=n_e):
        load = [0] * n_m
        total = 0.0
        for i, j in enumerate(choice):
            if j < 0:
                continue
            load[j] += 1
            total += scores[i, j]
        if all(load[j] <= capacity[j] for j in range(n_m)) and total > best:
            best = total
    return best
