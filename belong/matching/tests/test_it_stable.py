"""Stable mode: mentee-proposing deferred acceptance, cross-checked with the `matching` package."""

from __future__ import annotations

import sys
import warnings

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from belong.matching import Participant, Problem, generate, solve
from belong.matching.candidates import from_edges
from belong.matching.stable import (
    blocking_pairs,
    deferred_acceptance,
    mentee_ranks,
    mentor_ranks_by_score,
)
from belong.matching.tests.strategies import problems

PROPERTY = settings(max_examples=25, deadline=None)


@st.composite
def preference_graphs(draw: st.DrawFn) -> tuple[np.ndarray, ...]:
    n_e, n_m = draw(st.integers(1, 8)), draw(st.integers(1, 5))
    mask = np.array(draw(st.lists(st.booleans(), min_size=n_e * n_m, max_size=n_e * n_m)))
    ei, mj = np.divmod(np.flatnonzero(mask), n_m)
    score = np.array(draw(st.lists(st.integers(0, 9), min_size=len(ei), max_size=len(ei))))
    g = from_edges(ei, mj, score.astype(float), n_e, n_m)
    capacity = np.array(draw(st.lists(st.integers(0, 2), min_size=n_m, max_size=n_m)))
    noise = np.array(draw(st.permutations(range(len(g.ei)))), dtype=np.int64)
    return g.ei, g.mj, g.score, noise, capacity


@PROPERTY
@given(preference_graphs())
def test_it_leaves_no_blocking_pair(graph: tuple[np.ndarray, ...]) -> None:
    ei, mj, _, mentor_rank, capacity = graph
    active = np.ones(int(ei.max()) + 1 if len(ei) else 0, dtype=bool)
    chosen = deferred_acceptance(ei, mj, mentor_rank, capacity, active)
    load = np.bincount(mj[chosen[chosen >= 0]], minlength=len(capacity))
    assert np.all(load <= capacity)
    assert blocking_pairs(ei, mj, mentee_ranks(ei), mentor_rank, chosen, capacity, active) == 0


@PROPERTY
@given(problems())
def test_it_reports_zero_blocking_pairs_and_the_price_of_stability(problem: Problem) -> None:
    result = solve(problem, mode="stable")
    assert result.quality["blocking_pairs"] == 0
    pos = result.price_of_stability
    assert pos is not None
    assert float(pos["stable_score"]) <= float(pos["optimal_score"]) + 1e-9  # type: ignore[arg-type]


def test_it_counts_blocking_pairs_of_an_unstable_matching() -> None:
    # e0 and e1 both prefer m0; m0 prefers e0 but holds e1.
    ei, mj = np.array([0, 0, 1]), np.array([0, 1, 0])
    chosen = np.array([1, 2])
    ranks = mentor_ranks_by_score(ei, mj, np.array([0.9, 0.5, 0.1]))
    count = blocking_pairs(
        ei, mj, mentee_ranks(ei), ranks, chosen, np.array([1, 1]), np.ones(2, bool)
    )
    assert count == 1


def test_it_equals_the_mentee_optimal_matching_of_the_matching_package() -> None:
    problem = generate(120, 70, seed=11)
    ours = set(solve(problem, mode="stable", k=12).pairs())
    # Same acceptable pairs: the package gets each mentee's 12 candidates, in our order.
    short = solve(problem, mode="shortlist", shortlist_size=12, k=12, explain=False)
    reduced = Problem(
        mentees=tuple(
            Participant(
                id=p.id, preferences=tuple(str(x["mentor"]) for x in short.shortlists[p.id])
            )
            for p in problem.mentees
        ),
        mentors=tuple(Participant(id=p.id, capacity=p.capacity) for p in problem.mentors),
    )
    assert ours == _hospital_resident_from_lists(reduced, problem)


def _hospital_resident_from_lists(reduced: Problem, problem: Problem) -> set[tuple[str, str]]:
    """Run the package with mentee lists from `reduced` and mentor orders by our scores."""
    from matching.games import HospitalResident

    from belong.matching.features import encode
    from belong.matching.scoring import pair_blocks

    f = encode(problem)
    residents = {p.id: list(p.preferences) for p in reduced.mentees if p.preferences}
    scored = []
    for e, prefs in residents.items():
        i = f.mentee_index[e]
        js = np.array([f.mentor_index[m] for m in prefs])
        s = pair_blocks(f, problem.weights, problem.rules, np.full(len(js), i), js).sum(axis=1)
        scored += [(float(v), i, e, m) for v, m in zip(s, prefs, strict=True)]
    hospitals: dict[str, list[str]] = {p.id: [] for p in problem.mentors}
    for _, _, e, m in sorted(scored, key=lambda t: (-t[0], t[1])):
        hospitals[m].append(e)
    capacities = {p.id: p.capacity for p in problem.mentors}
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(20_000)  # the package deep-copies its cyclic player graph
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            game = HospitalResident.create_from_dictionaries(residents, hospitals, capacities)
            solution = game.solve(optimal="resident")
    finally:
        sys.setrecursionlimit(limit)
    return {(r.name, h.name) for h, rs in solution.items() for r in rs}
