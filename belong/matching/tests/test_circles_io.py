"""Circle problems from JSON, results to JSON, and synthetic pools."""

from __future__ import annotations

import json
from typing import Any

import pytest

from belong.matching.circles import CircleRules, form_circles
from belong.matching.circles_io import (
    CircleInputError,
    dump_circle_result,
    generate_circle_problem,
    load_circle_problem,
)
from belong.matching.cli import main as cli_main


def small_problem() -> dict[str, Any]:
    people: list[dict[str, Any]] = [
        {"id": "lead-a", "role": "lead", "tenure_months": 90, "timezone": "Europe/Paris"}
    ]
    for i in range(8):
        people.append(
            {
                "id": f"p{i}",
                "tenure_months": [7, 15, 27, 40][i % 4],
                "themes": ["parenting"],
                "timezone": 1.0,
                "org": "Sales/EMEA",
                "manager_chain": ["m1", "vp"],
                "languages": ["en"],
                "attributes": {"region": "EMEA", "remote": True},
            }
        )
    return {"rules": {"min_size": 6, "max_size": 10, "max_per_band": None}, "people": people}


def test_it_loads_a_valid_problem() -> None:
    problem = load_circle_problem(small_problem())
    assert problem.rules == CircleRules(min_size=6, max_size=10, max_per_band=None)
    p = problem.people[1]
    assert p.chain == ("m1", "vp")
    assert p.utc_offset == 1.0
    assert p.attributes == {"region": "EMEA", "remote": "True"}
    assert problem.people[0].utc_offset == 1.0  # Europe/Paris in January


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        (lambda d: d["people"][4].update(tenure_months=-3), "people[4].tenure_months: must be"),
        (lambda d: d["people"][4].update(tenure_months="ten"), "people[4].tenure_months"),
        (lambda d: d["people"][2].update(role="boss"), "people[2].role"),
        (lambda d: d["people"][3].update(id="p1"), "people[3].id: duplicate id 'p1'"),
        (lambda d: d["people"][5].update(timezone="Mars/Olympus"), "people[5].timezone"),
        (lambda d: d["people"][5].update(timezone=30), "people[5].timezone"),
        (lambda d: d["people"][6].update(themes="parenting"), "people[6].themes"),
        (lambda d: d["people"][6].update(manager_id="p5", id="p5x"), None),
        (lambda d: d["people"][7].update(manager_id="p6"), "people[7].manager_id"),
        (lambda d: d["people"][1].update(colour="red"), "people[1].colour: unknown field"),
        (lambda d: d["rules"].update(min_size="8"), "rules.min_size"),
        (lambda d: d["rules"].update(wiggle=1), "rules.wiggle: unknown rule"),
        (lambda d: d["rules"].update(min_size=20), "rules.min_size"),
        (lambda d: d.update(locked=[["p1", "nobody"]]), "locked[0][1]: unknown person"),
        (lambda d: d.update(locked=[["p1"], {"id": "c", "members": ["p1"]}]), "locked[1][0]"),
        (lambda d: d.update(people="all"), "people: must be a list"),
    ],
)
def test_it_names_the_bad_entry(patch: Any, message: str | None) -> None:
    data = small_problem()
    if message == "people[7].manager_id":
        data["people"][7]["id"] = "p6"
    patch(data)
    if message is None:
        load_circle_problem(data)
        return
    with pytest.raises(CircleInputError) as info:
        load_circle_problem(data)
    assert message in str(info.value)


def test_it_dumps_a_json_ready_result_with_locked_circle_names() -> None:
    data = small_problem()
    data["locked"] = [{"id": "fixed", "members": ["lead-a", "p0", "p1"]}]
    result = form_circles(load_circle_problem(data), seed=0)
    out = json.loads(json.dumps(dump_circle_result(result)))
    assert out["circles"][0]["id"] == "fixed" and out["circles"][0]["locked"] is True
    assert out["quality"]["circles"] == 1
    assert {u["id"] for u in out["unplaced"]} == {f"p{i}" for i in range(2, 8)}
    assert all(u["reason"] for u in out["unplaced"])
    assert out["circles"][0]["figures"]["band_counts"] == [1, 1, 0, 0]


def test_it_generates_realistic_pools() -> None:
    data = generate_circle_problem(600, seed=7)
    assert data == generate_circle_problem(600, seed=7)
    problem = load_circle_problem(data)
    people = problem.people
    leads = [p for p in people if p.role == "lead"]
    assert len(leads) == 50
    tenures = [p.tenure_months for p in people if p.role == "participant"]
    assert min(tenures) >= 6 and max(tenures) <= 48
    ids = {p.id for p in people}
    in_pool = sum(1 for p in people if p.manager_id in ids)
    assert 0.05 * len(people) < in_pool < 0.25 * len(people)
    assert len({p.timezone for p in people}) >= 8
    assert len({p.org_unit(1) for p in people}) == 12


def test_it_reports_placement_and_coherence_per_attribute_value() -> None:
    problem = load_circle_problem(generate_circle_problem(300, seed=2))
    out = json.loads(json.dumps(dump_circle_result(form_circles(problem, seed=0))))
    regions = out["quality"]["by_attribute"]["region"]
    assert set(regions) == {"AMER", "APAC", "EMEA"}
    assert sum(r["people"] for r in regions.values()) == 300
    assert all(0 <= r["placed_share"] <= 1 for r in regions.values())


def test_it_forms_circles_from_the_command_line(tmp_path: Any) -> None:
    problem, out = tmp_path / "pool.json", tmp_path / "circles.json"
    problem.write_text(json.dumps(generate_circle_problem(240, seed=5)))
    assert (
        cli_main(["solve", str(problem), "--mode", "circles", "--seed", "3", "-o", str(out)]) == 0
    )
    result = json.loads(out.read_text())
    assert result["mode"] == "circles" and result["seed"] == 3
    assert result["quality"]["band_rule_met_share"] == 1.0
    bad = small_problem()
    bad["people"][4]["tenure_months"] = -1
    problem.write_text(json.dumps(bad))
    assert cli_main(["solve", str(problem), "--mode", "circles", "-o", str(out)]) == 2
