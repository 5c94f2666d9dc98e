"""Realistic synthetic problems: Zipf skill popularity, job families, orgs of Zipf sizes, sites in
twelve time zones, languages, levels, tenure, reporting lines and mentor capacity 1-3."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from belong.matching.problem import Participant, Problem


class _Row(NamedTuple):
    id: str
    family: int
    topics: tuple[str, ...]
    text: str
    org: str
    zone: str
    site: str
    languages: tuple[str, ...]


FAMILIES = (
    "data",
    "backend",
    "frontend",
    "security",
    "product",
    "design",
    "sales",
    "finance",
    "people",
    "legal",
    "marketing",
    "support",
    "infrastructure",
    "research",
    "operations",
    "quality",
    "mobile",
    "analytics",
    "strategy",
    "communications",
)
SKILLS = (
    "fundamentals",
    "architecture",
    "leadership",
    "negotiation",
    "planning",
    "coaching",
    "automation",
    "storytelling",
    "decisions",
    "hiring",
)
SITES = (  # (IANA zone, local language)
    ("America/Los_Angeles", "en"),
    ("America/Chicago", "en"),
    ("America/New_York", "en"),
    ("America/Sao_Paulo", "pt"),
    ("Europe/London", "en"),
    ("Europe/Madrid", "es"),
    ("Europe/Berlin", "de"),
    ("Europe/Paris", "fr"),
    ("Asia/Kolkata", "hi"),
    ("Asia/Shanghai", "zh"),
    ("Asia/Tokyo", "ja"),
    ("Australia/Sydney", "en"),
)
FILLER = (
    "roadmaps",
    "stakeholders",
    "mentoring",
    "careers",
    "teams",
    "customers",
    "delivery",
    "metrics",
    "reviews",
    "projects",
    "promotion",
    "confidence",
    "feedback",
    "influence",
)
N_ORGS = 30


def _zipf(n: int, rng: np.random.Generator, s: float = 1.0) -> np.ndarray:
    p = 1.0 / np.arange(1, n + 1) ** s
    return np.asarray(rng.permutation(p / p.sum()))


def generate(n_mentees: int, n_mentors: int, seed: int = 0) -> Problem:
    rng = np.random.default_rng(seed)
    family_p = _zipf(len(FAMILIES), rng, 0.8)
    skill_p = np.stack([_zipf(len(SKILLS), rng, 1.1) for _ in FAMILIES])
    org_p = _zipf(N_ORGS, rng, 1.0)
    site_p = _zipf(len(SITES), rng, 0.7)
    orgs = [f"org-{k:02d}" for k in range(N_ORGS)]

    def people(prefix: str, n: int, mentor: bool) -> list[_Row]:
        """Drawn in bulk: Gumbel top-k samples skills without replacement by popularity."""
        family = rng.choice(len(FAMILIES), size=n, p=family_p)
        other = rng.choice(len(FAMILIES), size=n, p=family_p)
        site = rng.choice(len(SITES), size=n, p=site_p)
        org = rng.choice(N_ORGS, size=n, p=org_p)
        english = rng.random(n) < 0.85
        n_skills = rng.integers(2, 7, n) if mentor else rng.integers(1, 5, n)
        switch = rng.random(n) < (0.3 if mentor else 0.2)
        own = np.argsort(-(np.log(skill_p[family]) + rng.gumbel(size=(n, len(SKILLS)))), axis=1)
        alt = np.argsort(-(np.log(skill_p[other]) + rng.gumbel(size=(n, len(SKILLS)))), axis=1)
        filler = rng.integers(0, len(FILLER), size=(n, 2))
        rows = []
        for k in range(n):
            f, o = int(family[k]), int(other[k])
            if mentor:  # mentors teach their own family, some also one skill of another
                topics = [f"{FAMILIES[f]} {SKILLS[c]}" for c in own[k, : n_skills[k]]]
                if switch[k]:
                    topics.append(f"{FAMILIES[o]} {SKILLS[alt[k, 0]]}")
            elif switch[k]:  # 20% of mentees want skills of another family
                topics = [f"{FAMILIES[o]} {SKILLS[c]}" for c in alt[k, : n_skills[k]]]
            else:
                topics = [f"{FAMILIES[f]} {SKILLS[c]}" for c in own[k, : n_skills[k]]]
            topics = sorted(set(topics))
            zone, local = SITES[int(site[k])]
            words = " and ".join(topics[:3])
            extra = f"{FILLER[filler[k, 0]]} and {FILLER[filler[k, 1]]}"
            text = (
                f"Experienced in {words}, {extra}"
                if mentor
                else f"I want to grow in {words}, {extra}"
            )
            rows.append(
                _Row(
                    id=f"{prefix}{k}",
                    family=f,
                    topics=tuple(topics),
                    text=text,
                    org=orgs[int(org[k])],
                    zone=zone,
                    site=zone.split("/")[1],
                    languages=tuple(sorted({local} | ({"en"} if english[k] else set()))),
                )
            )
        return rows

    mentee_rows = people("e", n_mentees, False)
    mentor_rows = people("m", n_mentors, True)
    # Reporting lines: 20% of mentors manage people in their own org, under a few org heads.
    by_org: dict[str, list[str]] = {}
    for r in mentor_rows:
        if rng.random() < 0.2:
            by_org.setdefault(r.org, []).append(r.id)
    parent: dict[str, str] = {}
    for managers in by_org.values():
        heads = managers[: max(1, len(managers) // 10)]
        for m in managers[len(heads) :]:
            parent[m] = heads[int(rng.integers(len(heads)))]

    def chain(r: _Row) -> tuple[str, ...]:
        managers = by_org.get(r.org)
        if not managers:
            return ()
        out = (
            []
            if r.id in parent or r.id in managers[:1]
            else [managers[int(rng.integers(len(managers)))]]
        )
        node = out[0] if out else r.id
        while node in parent and len(out) < 6:
            node = parent[node]
            out.append(node)
        return tuple(x for x in out if x != r.id)

    genders = ("woman", "man", "non-binary")
    gender = rng.choice(3, size=n_mentees + n_mentors, p=(0.47, 0.49, 0.04))
    e_level = rng.integers(1, 6, n_mentees)
    m_level = rng.integers(3, 9, n_mentors)
    e_tenure = rng.integers(6, 49, n_mentees)
    m_tenure = rng.integers(12, 181, n_mentors)
    capacity = rng.choice([1, 2, 3], size=n_mentors, p=[0.40, 0.35, 0.25])

    def build(
        rows: list[_Row],
        levels: np.ndarray,
        tenure: np.ndarray,
        caps: np.ndarray | None,
        offset: int,
    ) -> tuple[Participant, ...]:
        out = []
        for k, r in enumerate(rows):
            out.append(
                Participant(
                    id=r.id,
                    topics=r.topics,
                    text=r.text,
                    level=int(levels[k]),
                    tenure_months=int(tenure[k]),
                    org_path=(r.org, f"{r.org}/{FAMILIES[r.family]}"),
                    manager_chain=chain(r),
                    timezone=r.zone,
                    languages=r.languages,
                    capacity=int(caps[k]) if caps is not None else 1,
                    attributes={"gender": genders[int(gender[offset + k])], "site": r.site},
                )
            )
        return tuple(out)

    return Problem(
        mentees=build(mentee_rows, e_level, e_tenure, None, 0),
        mentors=build(mentor_rows, m_level, m_tenure, capacity, n_mentees),
        fairness_attributes=("gender", "site"),
    )
