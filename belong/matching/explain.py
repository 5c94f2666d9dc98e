"""Why a pair was proposed: each criterion's contribution and sentences a participant reads."""

from __future__ import annotations

import numpy as np

from belong.matching.features import Features
from belong.matching.problem import Problem
from belong.matching.scoring import BLOCKS, WORKING_DAY_HOURS, shared_hours, tz_gap_hours
from belong.matching.text import tokenize

# A topic named by fewer than this share of participants is called rare.
RARE_SHARE = 0.05


def explain_pair(
    problem: Problem, f: Features, i: int, j: int, blocks: np.ndarray
) -> dict[str, object]:
    """Explanation of one pair given its weighted block contributions (one row of
    `pair_blocks`)."""
    mentee, mentor = problem.mentees[i], problem.mentors[j]
    reasons: list[str] = []
    shared = sorted(set(mentee.topics) & set(mentor.topics))
    if shared:
        n_people = len(problem.mentees) + len(problem.mentors)
        rare_idf = np.log((1 + n_people) / (1 + RARE_SHARE * n_people)) + 1.0
        index = {t: k for k, t in enumerate(f.topic_names)}
        # Rarest first: that is what made this pair special.
        shared.sort(key=lambda t: -f.topic_idf[index[t]])
        named = [f"{t} (rare skill)" if f.topic_idf[index[t]] >= rare_idf else t for t in shared]
        reasons.append("You both care about " + _join(named[:3]))
    words = sorted(set(tokenize(mentee.text)) & set(tokenize(mentor.text)))
    if blocks[1] > 0 and words:
        reasons.append("Your goals match their experience in " + _join(words[:3]))
    gap = mentor.level - mentee.level
    if gap > 0:
        reasons.append(f"{gap} level{'s' if gap != 1 else ''} ahead of you")
    years = mentor.tenure_months // 12 - mentee.tenure_months // 12
    if years > 0:
        reasons.append(f"{years} more year{'s' if years != 1 else ''} at the company")
    if blocks[4] > 0:
        reasons.append("Different orgs — a new connection")
    hours = float(
        shared_hours(
            tz_gap_hours(f.mentees.tz_half_hours[i : i + 1], f.mentors.tz_half_hours[j : j + 1])
        )[0]
    )
    if hours >= WORKING_DAY_HOURS:
        reasons.append("Same working hours")
    elif hours > 0:
        reasons.append(f"{_hours(hours)} of shared working time")
    langs = sorted(set(mentee.languages) & set(mentor.languages))
    if langs:
        reasons.append("You both speak " + _join(langs[:2]))
    return {
        "mentee": mentee.id,
        "mentor": mentor.id,
        "score": round(float(blocks.sum()), 6),
        "contributions": {b: round(float(v), 6) for b, v in zip(BLOCKS, blocks, strict=True)},
        "reasons": reasons,
        "summary": _sentence(reasons) if reasons else "Best available match.",
    }


def explain_explicit(
    mentee_id: str, mentor_id: str, score: float, rank: int | None
) -> dict[str, object]:
    reasons = [f"Your choice number {rank}"] if rank is not None else ["Score set by the program"]
    return {
        "mentee": mentee_id,
        "mentor": mentor_id,
        "score": round(score, 6),
        "contributions": {"explicit": round(score, 6)},
        "reasons": reasons,
        "summary": reasons[0] + ".",
    }


def _sentence(reasons: list[str]) -> str:
    """One sentence: "You both care about sql; 2 levels ahead of you; different orgs — ..."."""
    parts = [reasons[0]] + [r[0].lower() + r[1:] if r[1:2].islower() else r for r in reasons[1:]]
    return "; ".join(parts) + "."


def _hours(h: float) -> str:
    return f"{h:g} hour" + ("" if h == 1 else "s")


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
