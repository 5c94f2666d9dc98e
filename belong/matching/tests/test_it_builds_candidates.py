"""Candidate graph: feasible pairs only, at least min(k, #feasible) per mentee."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from belong.matching import Problem, generate
from belong.matching.candidates import build_candidates
from belong.matching.constraints import build_conflicts
from belong.matching.features import encode
from belong.matching.scoring import dense_factors, pair_blocks
from belong.matching.tests.strategies import feasible_scores, problems


def _graph(problem: Problem, k: int):  # type: ignore[no-untyped-def]
    f = encode(problem)
    a, b = dense_factors(f, problem.weights, problem.rules)
    return f, build_candidates(problem, f, build_conflicts(problem, f), a, b, k=k)


@settings(max_examples=30, deadline=None)
@given(problems(max_mentees=8, max_mentors=6), st.integers(1, 4))
def test_it_gives_every_mentee_min_k_feasible_candidates(problem: Problem, k: int) -> None:
    scores = feasible_scores(problem)
    _, graph = _graph(problem, k)
    assert np.all(np.isfinite(scores[graph.ei, graph.mj])), "an infeasible pair was proposed"
    open_mentors = np.array([p.capacity > 0 for p in problem.mentors])
    feasible = (np.isfinite(scores) & open_mentors).sum(axis=1)
    counts = np.bincount(graph.ei, minlength=len(problem.mentees))
    assert np.all(counts == np.minimum(k, feasible))


def test_it_scores_pairs_like_the_dense_inner_product() -> None:
    problem = generate(80, 50, seed=2)
    f = encode(problem)
    a, b = dense_factors(f, problem.weights, problem.rules)
    ei, mj = np.repeat(np.arange(80), 50), np.tile(np.arange(50), 80)
    exact = pair_blocks(f, problem.weights, problem.rules, ei, mj).sum(axis=1)
    dense = (a @ b.T).ravel()
    feasible = dense > -1.0
    assert np.allclose(exact[feasible], dense[feasible], atol=1e-5)


def test_it_keeps_the_best_topic_sharing_mentors_at_scale() -> None:
    problem = generate(2000, 1200, seed=4)
    _, graph = _graph(problem, 10)
    counts = np.bincount(graph.ei, minlength=2000)
    assert counts.min() == 10
    # Each mentee's list is sorted best first.
    same = graph.ei[1:] == graph.ei[:-1]
    assert np.all(graph.score[1:][same] <= graph.score[:-1][same] + 1e-12)
