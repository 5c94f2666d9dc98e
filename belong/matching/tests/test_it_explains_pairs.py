"""Every proposed pair says why, per criterion and in words."""

from __future__ import annotations

import pytest

from belong.matching import Participant, Problem, solve
from belong.matching.scoring import BLOCKS


def _pair() -> Problem:
    mentee = Participant(
        id="ana",
        topics=("data-driven decisions", "sql"),
        text="I want to learn forecasting",
        level=2,
        tenure_months=10,
        org_path=("sales",),
        timezone="Europe/Berlin",
        languages=("en", "de"),
    )
    mentor = Participant(
        id="bo",
        topics=("data-driven decisions", "hiring"),
        text="forecasting and pricing",
        level=4,
        tenure_months=70,
        org_path=("finance",),
        timezone="Europe/London",
        languages=("en",),
        capacity=1,
    )
    common = [Participant(id=f"x{k}", topics=("sql",), timezone=0.0) for k in range(60)]
    return Problem(mentees=(mentee, *common), mentors=(mentor,))


def test_it_explains_each_criterion_and_in_words() -> None:
    result = solve(_pair())
    item = next(a for a in result.assignments if a["mentee"] == "ana")
    contributions = item["contributions"]
    assert isinstance(contributions, dict) and set(contributions) == set(BLOCKS)
    assert sum(contributions.values()) == pytest.approx(item["score"], abs=1e-5)
    reasons = item["reasons"]
    assert "You both care about data-driven decisions (rare skill)" in reasons
    assert "7 hours of shared working time" in reasons
    assert "Different orgs — a new connection" in reasons
    assert "2 levels ahead of you" in reasons
    assert isinstance(item["summary"], str) and item["summary"].endswith(".")


def test_it_lists_a_shortlist_with_reasons() -> None:
    result = solve(_pair(), mode="shortlist", shortlist_size=3)
    assert [x["mentor"] for x in result.shortlists["ana"]] == ["bo"]
    assert result.assignments == ()


def test_it_matches_late_enrollees_without_touching_published_pairs() -> None:
    from belong.matching import generate

    problem = generate(60, 30, seed=9)
    published = solve(problem).pairs()[:40]
    late = Problem(problem.mentees, problem.mentors, existing_pairs=tuple(published))
    result = solve(late, mode="incremental")
    pairs = result.pairs()
    assert set(published) <= set(pairs)
    fixed = [a for a in result.assignments if a["fixed"]]
    assert len(fixed) == 40
    load: dict[str, int] = {}
    for _, m in pairs:
        load[m] = load.get(m, 0) + 1
    assert all(load.get(p.id, 0) <= p.capacity for p in problem.mentors)
