"""Property tests: circle formation never breaks a hard rule, whatever the pool."""

from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from belong.matching.circles import (
    CirclePerson,
    CircleProblem,
    CircleResult,
    CircleRules,
    form_circles,
    place_late,
)
from belong.matching.circles_engine import n_circles

THEMES = ("a", "b", "c", "d", "e")
ZONES = (-8.0, -5.0, 0.0, 1.0, 5.5, 9.0, 13.0, None)
RULES = CircleRules(min_size=4, max_size=7, max_per_band=3, tz_window_hours=4.0)
VARIANTS = (
    RULES,
    CircleRules(min_size=4, max_size=7, max_per_band=None, tz_window_hours=None, max_leads=1),
    CircleRules(min_size=3, max_size=6, min_leads=2, max_leads=2, org_mix=True, reporting_depth=2),
    CircleRules(min_size=2, max_size=9, tenure_bands=(0, 24, 60), max_per_band=5, org_level=2),
)
PROPS = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def pools(draw: st.DrawFn, max_people: int = 40) -> tuple[CirclePerson, ...]:
    n = draw(st.integers(0, max_people))
    people: list[CirclePerson] = []
    for i in range(n):
        role = "lead" if draw(st.integers(0, 7)) == 0 else "participant"
        manager = draw(st.one_of(st.none(), st.integers(0, max(i - 1, 0))))
        people.append(
            CirclePerson(
                id=f"x{i}",
                role=role,
                tenure_months=draw(st.floats(0, 60, allow_nan=False)),
                themes=tuple(draw(st.sets(st.sampled_from(THEMES), max_size=3))),
                timezone=draw(st.sampled_from(ZONES)),
                org=draw(st.sampled_from(["A/1", "A/2", "B/1", ""])),
                manager_id=f"x{manager}" if manager is not None and manager < i else None,
                languages=tuple(draw(st.sets(st.sampled_from(["en", "fr"]), max_size=2))),
            )
        )
    return tuple(people)


def check_hard_rules(
    people: tuple[CirclePerson, ...], result: CircleResult, rules: CircleRules = RULES
) -> None:
    by_id = {p.id: p for p in people}
    placed = [i for c in result.circles for i in (*c.lead_ids, *c.member_ids)]
    assert len(placed) == len(set(placed)), "someone placed twice"
    assert set(placed).isdisjoint(result.unplaced)
    assert set(placed) | set(result.unplaced) == set(by_id)
    for c in result.circles:
        assert c.figures.size <= rules.max_size
        assert c.figures.leads <= rules.max_leads
        assert all(n <= rules.band_cap for n in c.figures.band_counts)
        if rules.tz_window_hours is not None:
            assert c.figures.tz_spread_hours <= rules.tz_window_hours + 1e-9
        members = set(c.lead_ids) | set(c.member_ids)
        for i in members:
            chain = by_id[i].chain[: rules.reporting_depth]
            assert not members.intersection(chain), "manager with their report"
        spoken = [set(by_id[i].languages) for i in members if by_id[i].languages]
        assert not spoken or set.intersection(*spoken)


@PROPS
@given(pools(), st.integers(0, 3), st.sampled_from(VARIANTS))
def test_it_never_breaks_a_hard_rule(
    people: tuple[CirclePerson, ...], seed: int, rules: CircleRules
) -> None:
    result = form_circles(CircleProblem(people, rules), seed=seed)
    check_hard_rules(people, result, rules)
    again = form_circles(CircleProblem(people, rules), seed=seed)
    assert again.circles == result.circles and again.unplaced == result.unplaced


@PROPS
@given(pools(), st.data())
def test_it_leaves_locked_circles_untouched(
    people: tuple[CirclePerson, ...], data: st.DataObject
) -> None:
    ids = [p.id for p in people]
    chosen = data.draw(st.lists(st.sampled_from(ids), unique=True, max_size=6)) if ids else []
    split = data.draw(st.integers(0, len(chosen)))
    locked = tuple(t for t in (tuple(chosen[:split]), tuple(chosen[split:])) if t)
    result = form_circles(CircleProblem(people, RULES, locked=locked), seed=0)
    assert [(*c.lead_ids, *c.member_ids) for c in result.circles[: len(locked)]] == [
        tuple(i for i in group if any(p.id == i and p.role == "lead" for p in people))
        + tuple(i for i in group if any(p.id == i and p.role != "lead" for p in people))
        for group in locked
    ]
    assert all(c.locked for c in result.circles[: len(locked)])
    rest = {i for c in result.circles[len(locked) :] for i in (*c.lead_ids, *c.member_ids)}
    assert rest.isdisjoint(chosen)


@PROPS
@given(pools(max_people=40), pools(max_people=12))
def test_it_places_late_enrollees_within_the_rules(
    people: tuple[CirclePerson, ...], late: tuple[CirclePerson, ...]
) -> None:
    result = form_circles(CircleProblem(people, RULES), seed=0)
    newcomers = tuple(
        CirclePerson(
            id=f"late{i}",
            role=p.role,
            tenure_months=p.tenure_months,
            themes=p.themes,
            timezone=p.timezone,
            languages=p.languages,
            manager_id=p.manager_id,
        )
        for i, p in enumerate(late)
    )
    placement = place_late(result, newcomers)
    assert set(placement.placed).isdisjoint(placement.waiting)
    assert set(placement.placed) | set(placement.waiting) == {p.id for p in newcomers}
    for before, after in zip(result.circles, placement.circles, strict=True):
        assert after.member_ids[: len(before.member_ids)] == before.member_ids
        assert after.lead_ids[: len(before.lead_ids)] == before.lead_ids
        grew = len(after.member_ids) > len(before.member_ids)
        if grew:
            assert after.figures.size <= RULES.max_size
            assert all(n <= RULES.band_cap for n in after.figures.band_counts)
    waiting = {**result.unplaced, **placement.waiting}
    check_hard_rules(people + newcomers, CircleResult(placement.circles, waiting, result.quality))


@st.composite
def well_posed(draw: st.DrawFn) -> tuple[CirclePerson, ...]:
    """One time zone, no languages or managers, enough people of every band."""
    n_leads = draw(st.integers(1, 4))
    people = [
        CirclePerson(id=f"l{i}", role="lead", tenure_months=100, timezone=0.0)
        for i in range(n_leads)
    ]
    tenure = {0: 8.0, 1: 18.0, 2: 30.0, 3: 42.0}
    for band in range(4):
        for j in range(draw(st.integers(n_leads, 2 * n_leads))):
            themes = tuple(draw(st.sets(st.sampled_from(THEMES), max_size=2)))
            people.append(
                CirclePerson(
                    id=f"b{band}-{j}", tenure_months=tenure[band], themes=themes, timezone=0.0
                )
            )
    return tuple(people)


@PROPS
@given(well_posed(), st.integers(0, 3))
def test_it_meets_the_tenure_band_rule_on_well_posed_pools(
    people: tuple[CirclePerson, ...], seed: int
) -> None:
    n_parts = sum(1 for p in people if p.role != "lead")
    n_leads = len(people) - n_parts
    k = n_circles(n_parts, n_leads, RULES)
    bands = [sum(1 for p in people if p.id.startswith(f"b{b}-")) for b in range(4)]
    assume(k * RULES.min_size <= n_parts <= k * RULES.max_size)
    assume(all(k <= n <= k * RULES.band_cap for n in bands))
    result = form_circles(CircleProblem(people, RULES), seed=seed)
    assert not result.unplaced or all(i.startswith("l") for i in result.unplaced)
    assert len(result.circles) == k
    for c in result.circles:
        assert RULES.min_size <= c.figures.size <= RULES.max_size
        assert c.figures.bands_covered == 4
        assert not c.figures.violations
