"""The CLI: round trip, and bad input exits non-zero naming the entry."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own module with fixed arguments
        [sys.executable, "-m", "belong.matching", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parents[3],
    )


@pytest.fixture(scope="module")
def problem_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "problem.json"
    done = _run("generate", "--mentees", "50", "--mentors", "30", "--seed", "4", "-o", str(path))
    assert done.returncode == 0, done.stderr
    return path


@pytest.mark.parametrize(
    "mode,extra",
    [
        ("optimal", ["--certify"]),
        ("stable", []),
        ("shortlist", []),
        ("optimal", ["--objective", "fairness"]),
    ],
)
def test_it_solves_a_generated_problem(
    problem_file: Path, tmp_path: Path, mode: str, extra: list[str]
) -> None:
    out = tmp_path / "result.json"
    done = _run("solve", str(problem_file), "--mode", mode, "--seed", "1", *extra, "-o", str(out))
    assert done.returncode == 0, done.stderr
    result = json.loads(out.read_text())
    assert result["mode"] == mode
    assert result["quality"]["mentees"] == 50
    if mode == "shortlist":
        assert all(len(v) <= 5 for v in result["shortlists"].values())
    else:
        assert result["quality"]["matched"] == len(result["assignments"]) > 0
        assert all(a["reasons"] for a in result["assignments"])
    if "--certify" in extra:
        assert result["certificate"]["gap"] <= 1e-6


def _bad(tmp_path: Path, data: object | str) -> str:
    path = tmp_path / "bad.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    done = _run("solve", str(path))
    assert done.returncode != 0
    return done.stderr


def test_it_names_an_unknown_mentor_in_a_preference_list(tmp_path: Path) -> None:
    data = {
        "mentees": [{"id": f"e{k}", "preferences": ["m-1"]} for k in range(3)]
        + [{"id": "e3", "preferences": ["m-1", "m-77"]}],
        "mentors": [{"id": "m-1", "capacity": 2}],
    }
    assert 'mentees[3].preferences[1]: unknown mentor id "m-77"' in _bad(tmp_path, data)


def test_it_names_a_negative_capacity(tmp_path: Path) -> None:
    data = {"mentees": [{"id": "e"}], "mentors": [{"id": "m"}, {"id": "n", "capacity": -1}]}
    assert "mentors[1].capacity: must be >= 0, got -1" in _bad(tmp_path, data)


def test_it_names_a_missing_field(tmp_path: Path) -> None:
    data = {"mentees": [{"id": "e"}, {"topics": []}], "mentors": []}
    assert "mentees[1].id: missing required field" in _bad(tmp_path, data)


def test_it_rejects_malformed_json(tmp_path: Path) -> None:
    assert "malformed JSON at line 1" in _bad(tmp_path, '{"mentees": [')


def test_it_names_a_must_pair_in_one_reporting_line(tmp_path: Path) -> None:
    data = {
        "mentees": [{"id": "e", "manager_chain": ["boss", "m"]}],
        "mentors": [{"id": "m"}],
        "rules": {"must_pairs": [{"mentee": "e", "mentor": "m"}]},
    }
    assert "rules.must_pairs[0]" in _bad(tmp_path, data)


def test_it_names_a_misspelt_field(tmp_path: Path) -> None:
    data = {"mentees": [{"id": "e", "langauges": ["en"]}], "mentors": [{"id": "m"}]}
    assert "mentees[0].langauges: unknown field" in _bad(tmp_path, data)


def test_it_round_trips_a_problem_through_json() -> None:
    from belong.matching import dump_problem, generate, load_problem

    problem = generate(30, 20, seed=2)
    again = load_problem(json.loads(json.dumps(dump_problem(problem))))
    assert again == problem
