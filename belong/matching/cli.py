"""Command line: `python -m belong.matching solve|generate ...` (see docs/matching.md)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from belong.matching.candidates import DEFAULT_K
from belong.matching.engine import MODES, solve
from belong.matching.generate import generate
from belong.matching.optimal import OBJECTIVES
from belong.matching.problem import ProblemError
from belong.matching.problem_json import dump_problem, load_problem


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m belong.matching")
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("solve", help="match mentees to mentors, or form circles")
    s.add_argument("problem", type=Path)
    s.add_argument("--mode", choices=(*MODES, "circles"), default="optimal")
    s.add_argument("--objective", choices=OBJECTIVES, default="score")
    s.add_argument("--certify", action="store_true", help="prove the gap to the all-pairs optimum")
    s.add_argument("--seed", type=int, default=0)
    s.add_argument("--k", type=int, default=DEFAULT_K, help="candidates per mentee")
    s.add_argument("--shortlist-size", type=int, default=5)
    s.add_argument("-o", "--output", type=Path, help="result file (default: stdout)")
    g = sub.add_parser("generate", help="write a realistic synthetic problem")
    g.add_argument("--mentees", type=int, required=True)
    g.add_argument("--mentors", type=int, required=True)
    g.add_argument("--seed", type=int, default=0)
    g.add_argument("-o", "--output", type=Path, required=True)
    return parser


def _write(data: dict[str, Any], path: Path | None) -> None:
    text = json.dumps(data, indent=1, ensure_ascii=False)
    if path is None:
        sys.stdout.write(text + "\n")
    else:
        path.write_text(text + "\n", encoding="utf-8")


def _solve(args: argparse.Namespace) -> dict[str, Any]:
    try:
        data = json.loads(args.problem.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ProblemError(
            f"{args.problem}: malformed JSON at line {exc.lineno}: {exc.msg}"
        ) from exc
    except OSError as exc:
        raise ProblemError(f"{args.problem}: {exc.strerror}") from exc
    if args.mode == "circles":
        # Imported here so the 1:1 CLI works without the circles modules.
        from belong.matching.circles import form_circles
        from belong.matching.circles_io import dump_circle_result, load_circle_problem

        out: dict[str, Any] = dump_circle_result(
            form_circles(load_circle_problem(data), seed=args.seed)
        )
        return out
    result = solve(
        load_problem(data),
        mode=args.mode,
        objective=args.objective,
        seed=args.seed,
        certify=args.certify,
        k=args.k,
        shortlist_size=args.shortlist_size,
    )
    return result.to_dict()


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "generate":
            if args.mentees < 0 or args.mentors < 0:
                raise ProblemError("--mentees and --mentors must be >= 0")
            _write(dump_problem(generate(args.mentees, args.mentors, args.seed)), args.output)
        else:
            _write(_solve(args), args.output)
    except (ProblemError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0
