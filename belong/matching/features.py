"""Participants encoded as arrays: the form every scorer, filter and solver works on."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np
import scipy.sparse as sp

from belong.matching.problem import Participant, Problem, ProblemError
from belong.matching.text import tfidf_pair

# IANA zones are read at one fixed instant so that results never depend on the day of the run.
_REFERENCE_INSTANT = dt.datetime(2026, 1, 15, 12, tzinfo=dt.UTC)
MAX_TEXT_TERMS = 128


def utc_offset_hours(tz: str | float, where: str) -> float:
    if isinstance(tz, (int, float)):
        if not -14 <= tz <= 14:
            raise ProblemError(f"{where}: UTC offset {tz} is outside -14..14 hours")
        return float(tz)
    offset = _zone_offset(tz)
    if offset is None:
        raise ProblemError(f'{where}: unknown time zone "{tz}"')
    return offset


@lru_cache(maxsize=1024)
def _zone_offset(name: str) -> float | None:
    """Cached: ZoneInfo's own cache holds only 8 zones, and loading one reads a file."""
    try:
        offset = _REFERENCE_INSTANT.astimezone(zoneinfo.ZoneInfo(name)).utcoffset()
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None
    return None if offset is None else offset.total_seconds() / 3600.0


def _bitmasks(sets: list[tuple[str, ...]], names: dict[str, int], what: str) -> np.ndarray:
    for s in sets:
        for x in s:
            names.setdefault(x, len(names))
    if len(names) > 63:
        raise ProblemError(f"{what}: at most 63 distinct values are supported, got {len(names)}")
    masks = [sum(1 << names[x] for x in set(s)) for s in sets]
    return np.array(masks, dtype=np.int64)


@dataclass(frozen=True, eq=False)
class Side:
    """One side (mentees or mentors) as arrays, index-aligned with the participant tuple."""

    ids: tuple[str, ...]
    topics: sp.csr_matrix  # mentees: rarity weights summing to 1; mentors: 0/1 offered
    text: sp.csr_matrix  # L2-normalised TF-IDF
    level: np.ndarray
    tenure_years: np.ndarray
    org: np.ndarray  # code of the top-level org, -1 when unknown
    tz_half_hours: np.ndarray  # UTC offset in half hours
    languages: np.ndarray  # bitmask
    availability: np.ndarray  # bitmask
    capacity: np.ndarray


@dataclass(frozen=True, eq=False)
class Features:
    mentees: Side
    mentors: Side
    topic_names: tuple[str, ...]
    topic_idf: np.ndarray
    language_names: tuple[str, ...]
    org_names: tuple[str, ...]

    @cached_property
    def mentee_index(self) -> dict[str, int]:
        return {x: k for k, x in enumerate(self.mentees.ids)}

    @cached_property
    def mentor_index(self) -> dict[str, int]:
        return {x: k for k, x in enumerate(self.mentors.ids)}


def encode(problem: Problem) -> Features:
    mentees, mentors = problem.mentees, problem.mentors
    topic_names = sorted({t for p in (*mentees, *mentors) for t in p.topics})
    t_index = {t: k for k, t in enumerate(topic_names)}
    n_people = len(mentees) + len(mentors)
    df = np.zeros(len(topic_names))
    for p in (*mentees, *mentors):
        for t in set(p.topics):
            df[t_index[t]] += 1
    # Rarity: a topic few people name counts more (smoothed IDF, squared because it enters
    # once for "you seek it" and once for "they offer it").
    idf = np.log((1 + n_people) / (1 + df)) + 1.0
    sought = _incidence([p.topics for p in mentees], t_index)
    weights = sp.csr_matrix(sought.multiply(idf[None, :] ** 2))
    totals = np.asarray(weights.sum(axis=1)).ravel()
    totals[totals == 0] = 1.0
    mentee_topics = sp.csr_matrix(sp.diags(1.0 / totals) @ weights)
    mentor_topics = _incidence([p.topics for p in mentors], t_index)

    text_e, text_m, _ = tfidf_pair(
        [p.text for p in mentees], [p.text for p in mentors], MAX_TEXT_TERMS
    )
    languages: dict[str, int] = {}
    availability: dict[str, int] = {}
    orgs: dict[str, int] = {}
    lang_e = _bitmasks([p.languages for p in mentees], languages, "languages")
    lang_m = _bitmasks([p.languages for p in mentors], languages, "languages")
    av_e = _bitmasks([p.availability for p in mentees], availability, "availability")
    av_m = _bitmasks([p.availability for p in mentors], availability, "availability")
    for p in (*mentees, *mentors):
        if p.org:
            orgs.setdefault(p.org, len(orgs))

    def side(
        people: tuple[Participant, ...],
        role: str,
        topics: sp.csr_matrix,
        text: sp.csr_matrix,
        lang: np.ndarray,
        av: np.ndarray,
    ) -> Side:
        tz = [
            round(2 * utc_offset_hours(p.timezone, f"{role}[{k}].timezone"))
            for k, p in enumerate(people)
        ]
        return Side(
            ids=tuple(p.id for p in people),
            topics=topics,
            text=text,
            level=np.array([p.level for p in people], dtype=np.int64),
            tenure_years=np.array([p.tenure_months // 12 for p in people], dtype=np.int64),
            org=np.array([orgs.get(p.org, -1) if p.org else -1 for p in people], dtype=np.int64),
            tz_half_hours=np.array(tz, dtype=np.int64),
            languages=lang,
            availability=av,
            capacity=np.array([p.capacity for p in people], dtype=np.int64),
        )

    return Features(
        mentees=side(mentees, "mentees", mentee_topics, text_e, lang_e, av_e),
        mentors=side(mentors, "mentors", mentor_topics, text_m, lang_m, av_m),
        topic_names=tuple(topic_names),
        topic_idf=idf,
        language_names=tuple(sorted(languages, key=languages.__getitem__)),
        org_names=tuple(sorted(orgs, key=orgs.__getitem__)),
    )


def _incidence(topic_lists: list[tuple[str, ...]], index: dict[str, int]) -> sp.csr_matrix:
    rows = [k for k, ts in enumerate(topic_lists) for _ in set(ts)]
    cols = [index[t] for ts in topic_lists for t in sorted(set(ts))]
    return sp.csr_matrix(
        (np.ones(len(rows)), (np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64))),
        shape=(len(topic_lists), len(index)),
    )
