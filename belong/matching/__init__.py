"""Belong's matching engine: plain Python + NumPy/SciPy, no Django.

from belong.matching import solve, load_problem
result = solve(load_problem(data), mode="optimal", objective="score", seed=0)
result.to_json()
"""

from belong.matching.engine import MODES, solve
from belong.matching.generate import generate
from belong.matching.optimal import OBJECTIVES
from belong.matching.problem import Participant, Problem, ProblemError, Rules, Weights
from belong.matching.problem_json import dump_problem, load_problem
from belong.matching.result import MatchResult

__all__ = [
    "MODES",
    "OBJECTIVES",
    "MatchResult",
    "Participant",
    "Problem",
    "ProblemError",
    "Rules",
    "Weights",
    "dump_problem",
    "generate",
    "load_problem",
    "solve",
]
