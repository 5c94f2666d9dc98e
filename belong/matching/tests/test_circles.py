"""Circle formation: what a program manager sees when drafting circles."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from belong.matching import circles_candidates as candidates
from belong.matching.circles import (
    CircleInputError,
    CirclePerson,
    CircleProblem,
    CircleResult,
    CircleRules,
    form_circles,
    place_late,
    tz_spread,
)
from belong.matching.circles_figures import circle_figures, make_circle, member_reasons
from belong.matching.circles_io import generate_circle_problem, load_circle_problem
from belong.matching.circles_repair import repair_quotas

BAND_TENURES = (8.0, 18.0, 30.0, 42.0)  # one tenure inside each default band


def lead(i: int, **kw: object) -> CirclePerson:
    base: dict[str, object] = {"tenure_months": 120.0, "timezone": "Europe/Berlin"}
    return CirclePerson(id=f"lead{i}", role="lead", **{**base, **kw})  # type: ignore[arg-type]


def participant(i: int, band: int, **kw: object) -> CirclePerson:
    base: dict[str, object] = {"tenure_months": BAND_TENURES[band], "timezone": "Europe/Berlin"}
    return CirclePerson(id=f"p{i}", **{**base, **kw})  # type: ignore[arg-type]


def balanced_pool(n_leads: int, per_band: int, **kw: object) -> list[CirclePerson]:
    people = [lead(i) for i in range(n_leads)]
    for i in range(per_band * 4):
        people.append(participant(i, i % 4, **kw))
    return people


def placed_ids(result: CircleResult) -> list[str]:
    return [i for c in result.circles for i in (*c.lead_ids, *c.member_ids)]


@pytest.fixture(scope="module")
def generated() -> tuple[CircleProblem, CircleResult]:
    problem = load_circle_problem(generate_circle_problem(400, seed=3))
    return problem, form_circles(problem, seed=0)


def test_it_places_everyone_once_in_circles_within_bounds(
    generated: tuple[CircleProblem, CircleResult],
) -> None:
    problem, result = generated
    ids = placed_ids(result)
    assert len(ids) == len(set(ids))
    assert set(ids) | set(result.unplaced) == {p.id for p in problem.people}
    assert not set(ids) & set(result.unplaced)
    for c in result.circles:
        assert 8 <= c.figures.size <= 14
        assert 1 <= c.figures.leads <= 2


def test_it_covers_every_tenure_band_in_every_circle(
    generated: tuple[CircleProblem, CircleResult],
) -> None:
    _, result = generated
    assert result.quality.band_rule_met_share == 1.0
    for c in result.circles:
        assert all(1 <= n <= 5 for n in c.figures.band_counts)


def test_it_keeps_every_circle_within_the_time_zone_window(
    generated: tuple[CircleProblem, CircleResult],
) -> None:
    problem, result = generated
    by_id = {p.id: p for p in problem.people}
    for c in result.circles:
        offsets = [by_id[i].utc_offset for i in (*c.lead_ids, *c.member_ids)]
        assert tz_spread(o for o in offsets if o is not None) <= 6.0


def test_it_gives_each_circle_reasons_in_words(
    generated: tuple[CircleProblem, CircleResult],
) -> None:
    _, result = generated
    reasons = result.circles[0].reasons
    assert reasons[0].startswith("Shared themes:")
    assert any(r.startswith("Tenure mix:") for r in reasons)
    assert any(r.startswith("Time zones") for r in reasons)


def test_it_groups_people_who_share_themes() -> None:
    people = [lead(0, themes=("parenting",)), lead(1, themes=("grief",))]
    for i in range(24):
        theme = "parenting" if i % 2 else "grief"
        people.append(participant(i, (i // 2) % 4, themes=(theme,)))
    result = form_circles(CircleProblem(tuple(people)), seed=1)
    assert len(result.circles) == 2
    for c in result.circles:
        assert c.figures.theme_coherence == 1.0
        assert len(c.figures.shared_themes) == 1


def test_it_never_puts_a_manager_with_their_report() -> None:
    people = [lead(0, themes=("x",)), lead(1, themes=("x",))]
    for i in range(24):
        manager = f"p{i - 1}" if i % 2 else None
        people.append(participant(i, (i // 2) % 4, themes=("x",), manager_id=manager))
    people.append(participant(99, 0, themes=("x",), manager_id="lead0"))
    result = form_circles(CircleProblem(tuple(people)), seed=0)
    by_id = {p.id: p for p in people}
    for c in result.circles:
        ids = set(c.lead_ids) | set(c.member_ids)
        for i in ids:
            assert by_id[i].manager_id not in ids
        assert not any("manages" in v for v in c.figures.violations)
    assert "p99" not in next(c for c in result.circles if "lead0" in c.lead_ids).member_ids


def test_it_keeps_locked_circles_and_forms_the_rest_around_them(
    generated: tuple[CircleProblem, CircleResult],
) -> None:
    problem, first = generated
    keep = first.circles[2]
    locked_ids = (*keep.lead_ids, *keep.member_ids[:-1])  # the manager moved one person out
    again = form_circles(CircleProblem(problem.people, problem.rules, locked=(locked_ids,)), seed=5)
    locked = again.circles[0]
    assert locked.locked
    assert (*locked.lead_ids, *locked.member_ids) == locked_ids
    others = {i for c in again.circles[1:] for i in (*c.lead_ids, *c.member_ids)}
    assert not others & set(locked_ids)
    assert keep.member_ids[-1] in others | set(again.unplaced)


def test_it_is_deterministic_for_a_seed() -> None:
    problem = load_circle_problem(generate_circle_problem(300, seed=9))
    a = form_circles(problem, seed=4)
    b = form_circles(problem, seed=4)
    assert a.circles == b.circles and a.unplaced == b.unplaced


def test_it_explains_why_someone_far_from_every_lead_waits() -> None:
    people = balanced_pool(1, 2)
    people.append(participant(50, 0, timezone="Pacific/Auckland"))
    result = form_circles(CircleProblem(tuple(people)), seed=0)
    assert "time zone" in result.unplaced["p50"]


def test_it_says_why_a_lead_is_not_needed() -> None:
    result = form_circles(CircleProblem(tuple(balanced_pool(4, 3))), seed=0)
    assert len(result.circles) == 1
    assert set(result.unplaced) == {"lead0", "lead1", "lead2", "lead3"} - set(
        result.circles[0].lead_ids
    )
    assert all("next one" in r for r in result.unplaced.values())


def test_it_waits_when_no_lead_is_enrolled() -> None:
    result = form_circles(CircleProblem(tuple(balanced_pool(0, 3))), seed=0)
    assert not result.circles
    assert all("no lead" in r for r in result.unplaced.values())


def test_it_mixes_orgs_when_asked() -> None:
    problem = load_circle_problem(generate_circle_problem(300, seed=2))
    plain = form_circles(problem, seed=0)
    rules = CircleRules(org_mix=True)
    mixed = form_circles(CircleProblem(problem.people, rules), seed=0)
    assert mixed.quality.mean_orgs >= plain.quality.mean_orgs
    assert mixed.quality.band_rule_met_share == 1.0


def test_it_keeps_a_shared_language_in_every_circle() -> None:
    people = [lead(0, languages=("de", "en")), lead(1, languages=("en",))]
    for i in range(24):
        langs = ("de",) if i % 2 else ("en",)
        people.append(participant(i, (i // 2) % 4, languages=langs))
    result = form_circles(CircleProblem(tuple(people)), seed=0)
    by_id = {p.id: p for p in people}
    for c in result.circles:
        spoken = [set(by_id[i].languages) for i in (*c.lead_ids, *c.member_ids)]
        assert set.intersection(*spoken)


def test_it_recomputes_one_circles_figures_after_a_manual_move() -> None:
    people = {p.id: p for p in balanced_pool(1, 3)}
    members = [f"p{i}" for i in range(12)]
    before = circle_figures(["lead0"], members, people, CircleRules())
    after = circle_figures(
        ["lead0"], [m for m in members if m not in {"p0", "p4", "p8"}], people, CircleRules()
    )
    assert before.band_counts == (3, 3, 3, 3) and not before.violations
    assert after.band_counts == (0, 3, 3, 3)
    assert "tenure band under 1 year: 0, need 1" in after.violations
    circle = make_circle("c1", ["lead0"], members[:5], people, CircleRules())
    assert any("size 5 below minimum 8" in r for r in circle.reasons)


def test_it_rejects_a_person_in_two_locked_circles() -> None:
    people = tuple(balanced_pool(2, 3))
    with pytest.raises(CircleInputError, match="locked\\[1\\]"):
        form_circles(CircleProblem(people, locked=(("lead0", "p1"), ("lead1", "p1"))))


# --- late enrollees --------------------------------------------------------------------


@pytest.fixture()
def running() -> CircleResult:
    people = balanced_pool(2, 5)  # 20 participants in 2 circles of 10
    return form_circles(CircleProblem(tuple(people)), seed=0)


def test_it_places_late_enrollees_without_moving_anyone(running: CircleResult) -> None:
    newcomers = [participant(100 + i, i % 4) for i in range(6)]
    late = place_late(running, newcomers)
    assert set(late.placed) == {p.id for p in newcomers}
    for old, new in zip(running.circles, late.circles, strict=True):
        assert new.member_ids[: len(old.member_ids)] == old.member_ids
        assert new.figures.size <= 14


def test_it_makes_late_enrollees_wait_with_a_reason_when_circles_are_full(
    running: CircleResult,
) -> None:
    newcomers = [participant(100 + i, i % 4) for i in range(12)]
    late = place_late(running, newcomers)
    assert len(late.placed) == 8  # 2 circles x 4 free places
    assert len(late.waiting) == 4
    assert all("waits for the next round" in r for r in late.waiting.values())
    far = place_late(running, [participant(200, 1, timezone="Pacific/Auckland")])
    assert "time-zone window" in far.waiting["p200"]


def test_it_fills_a_missing_tenure_band_first() -> None:
    people = [lead(0), lead(1)]
    people += [participant(i, 1 + i % 3) for i in range(18)]  # nobody under a year
    result = form_circles(CircleProblem(tuple(people)), seed=0)
    assert result.quality.band_rule_met_share == 0.0
    late = place_late(result, [participant(100, 0), participant(101, 0)])
    assert len(late.placed) == 2
    assert len(set(late.placed.values())) == 2
    assert all(c.figures.band_counts[0] == 1 for c in late.circles)


def test_it_keeps_a_late_enrollee_out_of_their_managers_circle(running: CircleResult) -> None:
    boss = running.circles[0].member_ids[0]
    late = place_late(running, [participant(100, 0, manager_id=boss)])
    assert late.placed["p100"] == running.circles[1].id


def test_it_adds_a_late_lead_as_co_lead(running: CircleResult) -> None:
    late = place_late(running, [lead(9)])
    assert "lead9" in late.placed
    assert Counter(c.figures.leads for c in late.circles) == Counter({1: 1, 2: 1})


def test_it_places_into_bare_circles_given_the_people() -> None:
    people = balanced_pool(1, 2)
    circle = make_circle(
        "c9", ["lead0"], [p.id for p in people[1:]], {p.id: p for p in people}, CircleRules()
    )
    late = place_late([circle], [participant(100, 2)], CircleRules(), people=people)
    assert late.placed == {"p100": "c9"}
    with pytest.raises(CircleInputError):
        place_late([circle], [participant(101, 2)], CircleRules())


def test_it_repairs_a_tenure_band_the_flow_left_empty() -> None:
    rules = CircleRules()
    people = [lead(0), lead(1)]
    people += [participant(i, i % 4) for i in range(8)]  # circle 0: two of every band
    people += [participant(10 + i, 1 + i % 3) for i in range(9)]  # circle 1: no band 0
    enc = candidates.encode(people, rules)
    assign = np.array([-1, -1] + [0] * 8 + [1] * 9, dtype=np.int64)
    side = candidates.CircleSide(
        centroid=enc.vec[[0, 1]].copy(), anchor=enc.tz[[0, 1]].copy(), lang=np.full(2, -1)
    )
    parts = np.arange(2, len(people))
    fixed = repair_quotas(enc, assign, parts, [[0], [1]], {}, side, rules, {})
    assert fixed == 1
    counts = np.zeros((2, 4), dtype=np.int64)
    np.add.at(counts, (assign[parts], enc.band[parts]), 1)
    assert (counts >= 1).all()
    assert sorted(np.bincount(assign[parts]).tolist()) == [8, 9]


def test_it_tells_each_member_why_they_are_in_their_circle() -> None:
    people = {p.id: p for p in balanced_pool(1, 3, themes=("grief",))}
    people["p0"] = participant(0, 0, themes=("grief", "parenting"), timezone="Europe/London")
    members = [f"p{i}" for i in range(12)]
    circle = make_circle("c1", ["lead0"], members, people, CircleRules())
    why = member_reasons(circle, people, CircleRules())
    assert why["p0"].startswith("You share grief (with 11 others).")
    assert "one of 3 here with tenure under 1 year" in why["p0"]
    assert "within 1 h of your time zone" in why["p0"]
    assert why["lead0"].startswith("You lead this circle of 12.")


def test_it_gives_every_circle_a_co_lead_when_leads_are_plentiful() -> None:
    people = [lead(i, themes=("x",)) for i in range(30)] + [
        participant(i, i % 4, themes=("x",)) for i in range(110)
    ]
    result = form_circles(CircleProblem(tuple(people)), seed=0)
    assert len(result.circles) == 10
    assert all(c.figures.leads == 2 for c in result.circles)
    assert sum(1 for i in result.unplaced if i.startswith("lead")) == 10
