"""The matching problem as plain, immutable data: participants, rules and weights.

Nothing here knows about Django; the app turns its rows into these records first.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Participant:
    """One mentee or mentor.

    `topics` are the topics sought (mentee) or offered (mentor); `text` is the free-text goals
    (mentee) or expertise (mentor). `manager_chain` lists ancestors nearest first (manager,
    skip-level, ...). `timezone` is an IANA name ("Europe/Berlin") or a UTC offset in hours.
    `preferences` is an optional ranked list of ids on the other side, best first.
    `attributes` are reported on (fairness), never scored.
    """

    id: str
    topics: tuple[str, ...] = ()
    text: str = ""
    level: int = 0
    tenure_months: int = 0
    org_path: tuple[str, ...] = ()
    manager_chain: tuple[str, ...] = ()
    timezone: str | float = 0.0
    languages: tuple[str, ...] = ()
    capacity: int = 1
    availability: tuple[str, ...] = ()
    preferences: tuple[str, ...] = ()
    attributes: dict[str, str] = field(default_factory=dict)

    @property
    def org(self) -> str:
        """Top-level organisation, used for the cross-org bonus."""
        return self.org_path[0] if self.org_path else ""


@dataclass(frozen=True)
class Rules:
    """Hard constraints set by administrators. A pair breaking one is never proposed."""

    must_pairs: tuple[tuple[str, str], ...] = ()  # (mentee id, mentor id)
    never_pairs: tuple[tuple[str, str], ...] = ()
    max_tz_gap_hours: float | None = 6.0  # at least 2 shared working hours
    require_shared_language: bool = True
    exclude_same_chain: bool = True  # manager, skip-level and every further ancestor
    exclude_same_manager: bool = False
    level_gap_min: int | None = 1  # mentor level minus mentee level
    level_gap_max: int | None = 5
    require_shared_availability: bool = False


@dataclass(frozen=True)
class Weights:
    """Weight of each score block. Each block is in [0, 1], so with the defaults (which sum to 1)
    a pair's score is in [0, 1] too."""

    topics: float = 0.40  # share of the mentee's sought topics the mentor offers, rarity-weighted
    text: float = 0.15  # TF-IDF cosine of mentee goals vs mentor expertise
    level: float = 0.15  # 1 at the ideal level gap, falling off linearly
    tenure: float = 0.05  # mentor tenure ahead of mentee, saturating at 5 years
    cross_org: float = 0.10  # different top-level organisation: a new connection
    timezone: float = 0.10  # shared working hours out of 8
    language: float = 0.05  # at least one shared language
    ideal_level_gap: int = 2
    tenure_saturation_years: int = 5


@dataclass(frozen=True)
class Problem:
    """Everything a solver needs.

    Scores come from the first source present: `scores` (explicit (mentee, mentor, score)
    triples, which are then the only acceptable pairs), else mentee `preferences` (rank-based
    score, listed mentors only), else the participants' attributes.
    `existing_pairs` are published pairs that incremental runs keep untouched.
    """

    mentees: tuple[Participant, ...]
    mentors: tuple[Participant, ...]
    rules: Rules = Rules()
    weights: Weights = Weights()
    scores: tuple[tuple[str, str, float], ...] = ()
    existing_pairs: tuple[tuple[str, str], ...] = ()
    fairness_attributes: tuple[str, ...] = ()

    @property
    def score_source(self) -> str:
        if self.scores:
            return "explicit"
        if any(m.preferences for m in self.mentees):
            return "preferences"
        return "attributes"


class ProblemError(ValueError):
    """Invalid input. The message starts with the path of the offending entry."""
