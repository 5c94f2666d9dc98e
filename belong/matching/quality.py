"""The quality report attached to every run."""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from belong.matching.features import Features
from belong.matching.problem import Problem


def _r(x: float) -> float:
    return round(float(x), 6)


def quality_report(
    problem: Problem,
    f: Features,
    ei: np.ndarray,
    mj: np.ndarray,
    score: np.ndarray,
) -> dict[str, object]:
    """Figures for the final assignment (all pairs, fixed ones included)."""
    n_e = len(problem.mentees)
    slots = int(np.maximum(f.mentors.capacity, 0).sum())
    matched = len(ei)
    org_e, org_m = f.mentees.org[ei], f.mentors.org[mj]
    known = (org_e >= 0) & (org_m >= 0)
    report: dict[str, object] = {
        "mentees": n_e,
        "mentors": len(problem.mentors),
        "slots": slots,
        "matched": matched,
        "share_matched": _r(matched / n_e) if n_e else 0.0,
        "total_score": _r(score.sum()),
        "min_score": _r(score.min()) if matched else None,
        "p10_score": _r(np.percentile(score, 10)) if matched else None,
        "median_score": _r(np.median(score)) if matched else None,
        "mean_score": _r(score.mean()) if matched else None,
        "cross_org_share": _r(np.mean(org_e[known] != org_m[known])) if known.any() else None,
        "capacity_use": _r(matched / slots) if slots else None,
        "mentors_used_share": _r(len(np.unique(mj)) / len(problem.mentors))
        if len(problem.mentors)
        else None,
        "fairness": fairness_breakdown(problem, ei, score),
    }
    return report


def fairness_breakdown(
    problem: Problem, ei: np.ndarray, score: np.ndarray
) -> dict[str, dict[str, dict[str, float | int]]]:
    """Per fairness attribute and value: mentees, match rate and mean score of the matched."""
    names = problem.fairness_attributes or tuple(
        sorted({k for p in problem.mentees for k in p.attributes})
    )
    score_of = np.full(len(problem.mentees), np.nan)
    score_of[ei] = score
    out: dict[str, dict[str, dict[str, float | int]]] = {}
    for name in names:
        groups: dict[str, list[int]] = defaultdict(list)
        for i, p in enumerate(problem.mentees):
            groups[p.attributes.get(name, "(not stated)")].append(i)
        out[name] = {}
        for value in sorted(groups):
            s = score_of[groups[value]]
            got = s[~np.isnan(s)]
            out[name][value] = {
                "mentees": len(s),
                "match_rate": _r(len(got) / len(s)),
                "mean_score": _r(got.mean()) if len(got) else 0.0,
            }
    return out
