"""`solve`: the one entry point the CLI and the Django app call."""

from __future__ import annotations

import time
from dataclasses import asdict, replace

import numpy as np

from belong.matching.candidates import DEFAULT_K, CandidateGraph, build_candidates
from belong.matching.certify import certify as run_certificate
from belong.matching.constraints import build_conflicts, resolve_must_pairs
from belong.matching.explain import explain_explicit, explain_pair
from belong.matching.explicit import explicit_graph, mentor_ranks, validate_preferences
from belong.matching.features import Features, encode
from belong.matching.optimal import OBJECTIVES, solve_optimal
from belong.matching.problem import Problem, ProblemError
from belong.matching.quality import quality_report
from belong.matching.result import MatchResult
from belong.matching.scoring import dense_factors, pair_blocks
from belong.matching.stable import blocking_pairs, deferred_acceptance, mentee_ranks

MODES = ("optimal", "stable", "shortlist", "incremental")


def validate(problem: Problem) -> None:
    for side, people in (("mentees", problem.mentees), ("mentors", problem.mentors)):
        seen: set[str] = set()
        for k, p in enumerate(people):
            if not p.id:
                raise ProblemError(f"{side}[{k}].id: must not be empty")
            if p.id in seen:
                raise ProblemError(f'{side}[{k}].id: duplicate id "{p.id}"')
            seen.add(p.id)
            if p.capacity < 0:
                raise ProblemError(f"{side}[{k}].capacity: must be >= 0, got {p.capacity}")


def solve(
    problem: Problem,
    mode: str = "optimal",
    objective: str = "score",
    seed: int = 0,
    certify: bool = False,
    k: int = DEFAULT_K,
    shortlist_size: int = 5,
    explain: bool = True,
) -> MatchResult:
    """Match mentees to mentors. Deterministic: the same problem and seed give the same result
    (the algorithms break every tie by index, so the seed is recorded, not consumed)."""
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}; use one of {', '.join(MODES)}")
    if objective not in OBJECTIVES:
        raise ValueError(f"unknown objective {objective!r}; use one of {', '.join(OBJECTIVES)}")
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    validate(problem)
    f = encode(problem)
    conflicts = build_conflicts(problem, f)
    validate_preferences(problem, f)
    source = problem.score_source
    fixed = resolve_must_pairs(problem, f, conflicts, check_attributes=source == "attributes")
    if mode == "incremental":
        fixed += _existing_pairs(problem, f, {i for i, _ in fixed})
    capacity = f.mentors.capacity.copy()
    active = np.ones(len(problem.mentees), dtype=bool)
    for i, j in fixed:
        capacity[j] -= 1
        active[i] = False
    capacity = np.maximum(capacity, 0)
    timings["encode"] = time.perf_counter() - t0

    t1 = time.perf_counter()
    a = b = None
    if source == "attributes":
        a, b = dense_factors(f, problem.weights, problem.rules)
        open_f = replace(f, mentors=replace(f.mentors, capacity=capacity))
        graph = build_candidates(problem, open_f, conflicts, a, b, k=k, active=active)
    else:
        graph = explicit_graph(problem, f, conflicts)
    norm = max(1.0, float(np.abs(graph.score).max())) if len(graph) else 1.0
    timings["candidates"] = time.perf_counter() - t1

    t2 = time.perf_counter()
    cert = None
    pos = None
    bottleneck = None

    def optimum(g: CandidateGraph) -> np.ndarray:
        sol = solve_optimal(g.ei, g.mj, g.score / norm, capacity, active, objective)
        return sol.chosen

    if mode == "shortlist":
        chosen = np.full(len(problem.mentees), -1, dtype=np.int64)
    elif mode == "stable":
        m_rank = mentor_ranks(problem, f, graph)
        chosen = deferred_acceptance(graph.ei, graph.mj, m_rank, capacity, active)
        best = solve_optimal(graph.ei, graph.mj, graph.score / norm, capacity, active, "score")
        pos = _price_of_stability(graph, chosen, best.chosen)
    elif certify and objective == "score" and a is not None and b is not None:
        graph, chosen, certificate = run_certificate(
            graph,
            capacity,
            active,
            a,
            b,
            conflicts,
            lambda ei, mj: pair_blocks(f, problem.weights, problem.rules, ei, mj).sum(axis=1),
            optimum,
            n_topics=len(f.topic_names),
        )
        cert = asdict(certificate)
    else:
        sol = solve_optimal(graph.ei, graph.mj, graph.score / norm, capacity, active, objective)
        chosen, bottleneck = sol.chosen, sol.bottleneck
        if certify:
            cert = _trivial_certificate(graph, chosen, source, objective)
    timings["solve"] = time.perf_counter() - t2

    t3 = time.perf_counter()
    matched = np.flatnonzero(chosen >= 0)
    fixed_e = np.array([i for i, _ in fixed], dtype=np.int64)
    fixed_m = np.array([j for _, j in fixed], dtype=np.int64)
    ei = np.r_[fixed_e, matched]
    mj = np.r_[fixed_m, graph.mj[chosen[matched]]]
    is_fixed = np.r_[np.ones(len(fixed_e), dtype=bool), np.zeros(len(matched), dtype=bool)]
    if source == "attributes":
        blocks = pair_blocks(f, problem.weights, problem.rules, ei, mj)
        score = blocks.sum(axis=1)
    else:
        blocks = None
        score = _explicit_scores(graph, ei, mj)
    assignments = _assignments(problem, f, ei, mj, score, blocks, is_fixed, explain)
    quality = quality_report(problem, f, ei, mj, score)
    prefs_given = any(p.preferences for p in (*problem.mentees, *problem.mentors))
    if mode != "shortlist":
        quality["blocking_pairs"] = blocking_pairs(
            graph.ei,
            graph.mj,
            mentee_ranks(graph.ei),
            mentor_ranks(problem, f, graph),
            chosen,
            capacity,
            active,
        )
        quality["blocking_pairs_basis"] = "preferences" if prefs_given else "scores"
    quality["upper_bound"] = cert["upper_bound"] if cert else None
    quality["gap"] = cert["gap"] if cert else None
    if bottleneck is not None:
        quality["bottleneck_score"] = round(bottleneck * norm, 6)
    shortlists = _shortlists(problem, f, graph, shortlist_size) if mode == "shortlist" else {}
    timings["report"] = time.perf_counter() - t3

    matched_ids = {problem.mentees[i].id for i in ei.tolist()}
    return MatchResult(
        mode=mode,
        objective=objective if mode in ("optimal", "incremental") else None,
        seed=seed,
        assignments=tuple(assignments),
        unmatched=tuple(p.id for p in problem.mentees if p.id not in matched_ids)
        if mode != "shortlist"
        else (),
        quality=quality,
        shortlists=shortlists,
        certificate=cert,
        price_of_stability=pos,
        run={
            "score_source": source,
            "candidate_edges": len(graph),
            "k": k,
            "widened_mentees": graph.widened,
            "fixed_pairs": len(fixed),
            "seconds": {key: round(v, 3) for key, v in timings.items()},
        },
    )


def _existing_pairs(problem: Problem, f: Features, taken: set[int]) -> list[tuple[int, int]]:
    out = []
    for k, (e_id, m_id) in enumerate(problem.existing_pairs):
        where = f"existing_pairs[{k}]"
        if e_id not in f.mentee_index:
            raise ProblemError(f'{where}: unknown mentee id "{e_id}"')
        if m_id not in f.mentor_index:
            raise ProblemError(f'{where}: unknown mentor id "{m_id}"')
        i = f.mentee_index[e_id]
        if i not in taken:
            taken.add(i)
            out.append((i, f.mentor_index[m_id]))
    return out


def _explicit_scores(graph: CandidateGraph, ei: np.ndarray, mj: np.ndarray) -> np.ndarray:
    """Score of given pairs from the graph; pairs outside it (fixed) score 0."""
    keys = graph.keys()
    order = np.argsort(keys)
    want = ei * graph.n_mentors + mj
    pos = np.minimum(np.searchsorted(keys[order], want), max(len(keys) - 1, 0))
    hit = keys[order][pos] == want if len(keys) else np.zeros(len(want), dtype=bool)
    return np.where(hit, graph.score[order][pos] if len(keys) else 0.0, 0.0)


def _assignments(
    problem: Problem,
    f: Features,
    ei: np.ndarray,
    mj: np.ndarray,
    score: np.ndarray,
    blocks: np.ndarray | None,
    is_fixed: np.ndarray,
    explain: bool,
) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for n, (i, j) in enumerate(zip(ei.tolist(), mj.tolist(), strict=True)):
        mentee, mentor = problem.mentees[i], problem.mentors[j]
        if not explain:
            item: dict[str, object] = {
                "mentee": mentee.id,
                "mentor": mentor.id,
                "score": round(float(score[n]), 6),
            }
        elif blocks is not None:
            item = explain_pair(problem, f, i, j, blocks[n])
        else:
            rank = (
                mentee.preferences.index(mentor.id) + 1 if mentor.id in mentee.preferences else None
            )
            item = explain_explicit(mentee.id, mentor.id, float(score[n]), rank)
        item["fixed"] = bool(is_fixed[n])
        out.append(item)
    return out


def _shortlists(
    problem: Problem, f: Features, graph: CandidateGraph, size: int
) -> dict[str, list[dict[str, object]]]:
    starts = np.searchsorted(graph.ei, np.arange(len(problem.mentees) + 1))
    out: dict[str, list[dict[str, object]]] = {}
    for i, p in enumerate(problem.mentees):
        edges = np.arange(starts[i], min(starts[i + 1], starts[i] + size))
        if problem.score_source == "attributes":
            blocks = pair_blocks(
                f, problem.weights, problem.rules, graph.ei[edges], graph.mj[edges]
            )
            out[p.id] = [
                explain_pair(problem, f, i, int(j), row)
                for j, row in zip(graph.mj[edges], blocks, strict=True)
            ]
        else:
            out[p.id] = [
                explain_explicit(p.id, problem.mentors[int(j)].id, float(s), None)
                for j, s in zip(graph.mj[edges], graph.score[edges], strict=True)
            ]
    return out


def _price_of_stability(
    graph: CandidateGraph, stable: np.ndarray, best: np.ndarray
) -> dict[str, object]:
    s_score = float(graph.score[stable[stable >= 0]].sum())
    o_score = float(graph.score[best[best >= 0]].sum())
    return {
        "stable_score": round(s_score, 6),
        "optimal_score": round(o_score, 6),
        "score_share": round(s_score / o_score, 6) if o_score else None,
        "stable_matched": int((stable >= 0).sum()),
        "optimal_matched": int((best >= 0).sum()),
    }


def _trivial_certificate(
    graph: CandidateGraph, chosen: np.ndarray, source: str, objective: str
) -> dict[str, object]:
    total = float(graph.score[chosen[chosen >= 0]].sum())
    if source != "attributes" and objective == "score":
        return {
            "lower_bound": total,
            "upper_bound": total,
            "gap": 0.0,
            "rounds": [],
            "method": "the candidate graph holds every acceptable pair; the flow is exact",
        }
    return {
        "lower_bound": total,
        "upper_bound": None,
        "gap": None,
        "rounds": [],
        "method": f"no certificate for objective {objective!r}; use --objective score",
    }
