"""Optimal mode: exact on the candidate graph, capacities and hard constraints always hold."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from belong.matching import Problem, Rules, generate, solve
from belong.matching.tests.strategies import brute_force_best, feasible_scores, problems

PROPERTY = settings(max_examples=25, deadline=None)


def _check_valid(problem: Problem, pairs: list[tuple[str, str]]) -> None:
    scores = feasible_scores(problem)
    e_at = {p.id: k for k, p in enumerate(problem.mentees)}
    m_at = {p.id: k for k, p in enumerate(problem.mentors)}
    load = np.zeros(len(problem.mentors), dtype=int)
    assert len({e for e, _ in pairs}) == len(pairs), "a mentee was matched twice"
    for e, m in pairs:
        assert np.isfinite(scores[e_at[e], m_at[m]]), f"{e}-{m} breaks a hard constraint"
        load[m_at[m]] += 1
    assert all(load <= [p.capacity for p in problem.mentors])


@PROPERTY
@given(
    problems(),
    st.sampled_from(("score", "coverage", "fairness")),
    st.sampled_from(("optimal", "stable", "incremental")),
)
def test_it_never_exceeds_capacity_or_breaks_a_hard_constraint(
    problem: Problem, objective: str, mode: str
) -> None:
    _check_valid(problem, solve(problem, mode=mode, objective=objective).pairs())


@PROPERTY
@given(problems())
def test_it_scores_at_least_as_much_as_any_feasible_assignment(problem: Problem) -> None:
    total = solve(problem).quality["total_score"]
    best = brute_force_best(feasible_scores(problem), [p.capacity for p in problem.mentors])
    assert total == pytest.approx(best, abs=1e-5)


@PROPERTY
@given(problems())
def test_it_matches_as_many_as_possible_with_the_coverage_objective(problem: Problem) -> None:
    scores = feasible_scores(problem)
    ones = np.where(np.isfinite(scores), 1.0, -np.inf)
    most = brute_force_best(ones, [p.capacity for p in problem.mentors])
    assert solve(problem, objective="coverage").quality["matched"] == most


@PROPERTY
@given(problems())
def test_it_raises_the_worst_match_without_losing_coverage_under_fairness(problem: Problem) -> None:
    fair = solve(problem, objective="fairness").quality
    cover = solve(problem, objective="coverage").quality
    assert fair["matched"] == cover["matched"]
    if fair["matched"]:
        assert fair["min_score"] >= cover["min_score"] - 1e-6


def test_it_equals_scipy_linear_sum_assignment_on_the_slot_expanded_matrix() -> None:
    problem = generate(60, 30, seed=3)
    scores = feasible_scores(problem)
    caps = [p.capacity for p in problem.mentors]
    slots = np.repeat(np.arange(len(caps)), caps)
    # One column per mentor slot plus one "unmatched" column per mentee (score 0).
    expanded = np.where(np.isfinite(scores[:, slots]), scores[:, slots], -1e6)
    expanded = np.concatenate([expanded, np.zeros((len(scores), len(scores)))], axis=1)
    rows, cols = linear_sum_assignment(expanded, maximize=True)
    reference = expanded[rows, cols].sum()
    result = solve(problem, k=len(problem.mentors))
    assert result.quality["total_score"] == pytest.approx(reference, abs=1e-5)


def test_it_keeps_must_pairs_and_never_proposes_never_pairs() -> None:
    problem = generate(40, 25, seed=5)
    first = solve(problem).pairs()
    must = (first[1][0], first[0][1])
    never = first[2]
    rules = Rules(
        must_pairs=(must,),
        never_pairs=(never,),
        max_tz_gap_hours=None,
        require_shared_language=False,
        level_gap_min=None,
        level_gap_max=None,
    )
    pairs = solve(Problem(problem.mentees, problem.mentors, rules=rules)).pairs()
    assert must in pairs
    assert never not in pairs


@PROPERTY
@given(problems(), st.integers(0, 3))
def test_it_gives_the_same_result_for_the_same_seed(problem: Problem, seed: int) -> None:
    for mode in ("optimal", "stable"):
        a = solve(problem, mode=mode, seed=seed).to_dict()
        b = solve(problem, mode=mode, seed=seed).to_dict()
        a.pop("run"), b.pop("run")
        assert a == b


@pytest.mark.parametrize("mode", ["optimal", "stable", "shortlist", "incremental"])
def test_it_handles_empty_sides_and_full_mentors(mode: str) -> None:
    from belong.matching import Participant

    for problem in (
        Problem(mentees=(), mentors=(Participant(id="m"),)),
        Problem(mentees=(Participant(id="e"),), mentors=()),
        Problem(
            mentees=(Participant(id="e", topics=("a",)),),
            mentors=(Participant(id="m", topics=("a",), capacity=0),),
        ),
    ):
        for objective in ("score", "coverage", "fairness"):
            result = solve(problem, mode=mode, objective=objective, certify=True)
            assert result.assignments == ()
