"""--certify: the bound holds over all pairs and closes on the dense optimum."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment

from belong.matching import generate, solve
from belong.matching.tests.strategies import feasible_scores


def _dense_optimum(problem) -> float:  # type: ignore[no-untyped-def]
    scores = feasible_scores(problem)
    caps = [p.capacity for p in problem.mentors]
    slots = np.repeat(np.arange(len(caps)), caps)
    expanded = np.where(np.isfinite(scores[:, slots]), scores[:, slots], -1e6)
    expanded = np.concatenate([expanded, np.zeros((len(scores), len(scores)))], axis=1)
    rows, cols = linear_sum_assignment(expanded, maximize=True)
    return float(expanded[rows, cols].sum())


def test_it_proves_the_all_pairs_optimum_from_a_small_candidate_graph() -> None:
    problem = generate(300, 180, seed=7)
    plain = solve(problem, k=3)
    certified = solve(problem, k=3, certify=True)
    cert = certified.certificate
    assert cert is not None
    optimum = _dense_optimum(problem)
    assert cert["gap"] <= 1e-6
    assert cert["upper_bound"] >= optimum - 1e-6  # a valid bound over all pairs
    assert certified.quality["total_score"] == pytest.approx(optimum, abs=1e-4)
    assert plain.quality["total_score"] <= certified.quality["total_score"] + 1e-9


def test_it_reports_a_zero_gap_when_the_graph_holds_every_acceptable_pair() -> None:
    from belong.matching import Participant, Problem

    problem = Problem(
        mentees=(
            Participant(id="a", preferences=("x", "y")),
            Participant(id="b", preferences=("x",)),
        ),
        mentors=(Participant(id="x"), Participant(id="y")),
    )
    result = solve(problem, certify=True)
    assert result.certificate is not None and result.certificate["gap"] == 0.0
    assert set(result.pairs()) == {("a", "y"), ("b", "x")}
