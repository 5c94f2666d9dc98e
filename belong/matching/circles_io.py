"""JSON in and out for circle formation, and a generator of realistic synthetic pools.

Problem format (all keys but ``people`` optional)::

    {"rules": {"min_size": 8, "max_size": 14, "tenure_bands": [6, 12, 24, 36, 48], ...},
     "people": [{"id": "p1", "role": "participant", "tenure_months": 14,
                 "themes": ["career growth"], "timezone": "Europe/Berlin",
                 "org": "Engineering/Platform", "manager_id": "m7",
                 "manager_chain": ["m7", "vp2"], "languages": ["en"],
                 "attributes": {"region": "EMEA"}}],
     "locked": [["lead-3", "p1", "p9"], {"id": "circle-7", "members": ["lead-4", "p2"]}]}
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from belong.matching.circles import (
    Circle,
    CircleInputError,
    CirclePerson,
    CircleProblem,
    CircleResult,
    CircleRules,
    tz_offset_hours,
)

__all__ = [
    "CircleInputError",
    "dump_circle_result",
    "generate_circle_problem",
    "load_circle_problem",
]

_RULE_TYPES: dict[str, tuple[str, bool]] = {
    # name: (kind, may be null)
    "min_size": ("int", False),
    "max_size": ("int", False),
    "min_leads": ("int", False),
    "max_leads": ("int", False),
    "tenure_bands": ("numbers", False),
    "min_per_band": ("int", False),
    "max_per_band": ("int", True),
    "tz_window_hours": ("number", True),
    "forbid_manager_report": ("bool", False),
    "reporting_depth": ("int", False),
    "org_mix": ("bool", False),
    "org_level": ("int", False),
    "shared_language": ("bool", False),
}
_PERSON_KEYS = {
    "id",
    "role",
    "tenure_months",
    "themes",
    "timezone",
    "org",
    "manager_id",
    "manager_chain",
    "languages",
    "attributes",
}


def _is_number(v: object) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _strings(v: object, where: str) -> tuple[str, ...]:
    if v is None:
        return ()
    if not isinstance(v, list) or not all(isinstance(x, str) and x for x in v):
        raise CircleInputError(f"{where}: must be a list of non-empty strings")
    return tuple(v)


def _load_rules(raw: object) -> CircleRules:
    if raw is None:
        return CircleRules()
    if not isinstance(raw, dict):
        raise CircleInputError("rules: must be an object")
    kwargs: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in _RULE_TYPES:
            raise CircleInputError(f"rules.{key}: unknown rule")
        kind, nullable = _RULE_TYPES[key]
        where = f"rules.{key}"
        if value is None and nullable:
            kwargs[key] = None
        elif kind == "int":
            if not isinstance(value, int) or isinstance(value, bool):
                raise CircleInputError(f"{where}: must be a whole number")
            kwargs[key] = value
        elif kind == "number":
            if not _is_number(value):
                raise CircleInputError(f"{where}: must be a number")
            kwargs[key] = float(value)
        elif kind == "bool":
            if not isinstance(value, bool):
                raise CircleInputError(f"{where}: must be true or false")
            kwargs[key] = value
        else:
            if not isinstance(value, list) or not all(_is_number(x) for x in value):
                raise CircleInputError(f"{where}: must be a list of numbers")
            kwargs[key] = tuple(float(x) for x in value)
    return CircleRules(**kwargs)


def _load_person(raw: object, i: int) -> CirclePerson:
    at = f"people[{i}]"
    if not isinstance(raw, dict):
        raise CircleInputError(f"{at}: must be an object")
    unknown = sorted(set(raw) - _PERSON_KEYS)
    if unknown:
        raise CircleInputError(f"{at}.{unknown[0]}: unknown field")
    pid = raw.get("id")
    if not isinstance(pid, str) or not pid:
        raise CircleInputError(f"{at}.id: must be a non-empty string")
    role = raw.get("role", "participant")
    if role not in ("lead", "participant"):
        raise CircleInputError(f"{at}.role: must be 'lead' or 'participant'")
    tenure = raw.get("tenure_months")
    if not isinstance(tenure, (int, float)) or not _is_number(tenure) or tenure < 0:
        raise CircleInputError(f"{at}.tenure_months: must be a non-negative number")
    tz = raw.get("timezone")
    if tz is not None:
        if _is_number(tz):
            if not -12 <= tz <= 14:
                raise CircleInputError(f"{at}.timezone: UTC offset must be between -12 and 14")
            tz = float(tz)
        elif isinstance(tz, str):
            try:
                tz_offset_hours(tz)
            except CircleInputError:
                raise CircleInputError(f"{at}.timezone: unknown time zone {tz!r}") from None
        else:
            raise CircleInputError(f"{at}.timezone: must be an IANA name or a UTC offset in hours")
    org = raw.get("org", "")
    if not isinstance(org, str):
        raise CircleInputError(f"{at}.org: must be a string such as 'Engineering/Platform'")
    manager = raw.get("manager_id")
    if manager is not None and (not isinstance(manager, str) or not manager):
        raise CircleInputError(f"{at}.manager_id: must be a non-empty string or null")
    chain = _strings(raw.get("manager_chain"), f"{at}.manager_chain")
    if pid == manager or pid in chain:
        raise CircleInputError(f"{at}.manager_id: a person cannot be in their own reporting line")
    attrs = raw.get("attributes", {})
    if not isinstance(attrs, dict) or not all(
        isinstance(v, (str, int, float, bool)) for v in attrs.values()
    ):
        raise CircleInputError(f"{at}.attributes: must be an object of plain values")
    return CirclePerson(
        id=pid,
        role=role,
        tenure_months=float(tenure),
        themes=_strings(raw.get("themes"), f"{at}.themes"),
        timezone=tz,
        org=org,
        manager_id=manager,
        manager_chain=chain,
        languages=_strings(raw.get("languages"), f"{at}.languages"),
        attributes={str(k): str(v) for k, v in attrs.items()},
    )


def load_circle_problem(data: Mapping[str, Any]) -> CircleProblem:
    """Validate a JSON-shaped problem; bad input raises :class:`CircleInputError`."""
    if not isinstance(data, Mapping):
        raise CircleInputError("problem: must be a JSON object")
    unknown = sorted(set(data) - {"rules", "people", "locked", "mode", "seed"})
    if unknown:
        raise CircleInputError(f"{unknown[0]}: unknown key")
    rules = _load_rules(data.get("rules"))
    raw_people = data.get("people")
    if not isinstance(raw_people, list):
        raise CircleInputError("people: must be a list")
    people = tuple(_load_person(raw, i) for i, raw in enumerate(raw_people))
    seen: dict[str, int] = {}
    for i, p in enumerate(people):
        if p.id in seen:
            raise CircleInputError(
                f"people[{i}].id: duplicate id {p.id!r} (see people[{seen[p.id]}])"
            )
        seen[p.id] = i
    raw_locked = data.get("locked") or []
    if not isinstance(raw_locked, list):
        raise CircleInputError("locked: must be a list of circles")
    locked: list[tuple[str, ...]] = []
    names: list[str] = []
    taken: dict[str, int] = {}
    for k, entry in enumerate(raw_locked):
        name = f"circle-{k + 1}"
        ids = entry
        if isinstance(entry, dict):
            name = entry.get("id", name)
            ids = entry.get("members")
            if not isinstance(name, str) or not name:
                raise CircleInputError(f"locked[{k}].id: must be a non-empty string")
        if not isinstance(ids, list) or not ids:
            raise CircleInputError(f"locked[{k}]: must be a non-empty list of person ids")
        for m, pid in enumerate(ids):
            if pid not in seen:
                raise CircleInputError(f"locked[{k}][{m}]: unknown person {pid!r}")
            if pid in taken:
                raise CircleInputError(
                    f"locked[{k}][{m}]: {pid!r} is already in locked[{taken[pid]}]"
                )
            taken[pid] = k
        if name in names:
            raise CircleInputError(f"locked[{k}].id: duplicate circle id {name!r}")
        locked.append(tuple(ids))
        names.append(name)
    return CircleProblem(
        people=people, rules=rules, locked=tuple(locked), locked_names=tuple(names)
    )


def _circle_dict(c: Circle) -> dict[str, Any]:
    f = dataclasses.asdict(c.figures)
    f["band_counts"] = list(c.figures.band_counts)
    f["shared_themes"] = [{"theme": t, "people": n} for t, n in c.figures.shared_themes]
    f["violations"] = list(c.figures.violations)
    return {
        "id": c.id,
        "leads": list(c.lead_ids),
        "members": list(c.member_ids),
        "locked": c.locked,
        "figures": f,
        "reasons": list(c.reasons),
    }


def dump_circle_result(result: CircleResult) -> dict[str, Any]:
    """A JSON-ready dict: circles with figures and reasons, unplaced people, quality."""
    quality = dataclasses.asdict(result.quality)
    quality["violations_by_kind"] = dict(result.quality.violations_by_kind)
    quality["by_attribute"] = {
        k: {v: dict(f) for v, f in vals.items()} for k, vals in result.quality.by_attribute.items()
    }
    return {
        "mode": "circles",
        "seed": result.seed,
        "rules": {
            k: list(v) if isinstance(v, tuple) else v
            for k, v in dataclasses.asdict(result.rules).items()
        },
        "circles": [_circle_dict(c) for c in result.circles],
        "unplaced": [{"id": i, "reason": r} for i, r in sorted(result.unplaced.items())],
        "quality": quality,
    }


# --- synthetic pools -------------------------------------------------------------------

THEMES = (
    "career growth", "leadership", "parenting", "caregiving", "remote work",
    "public speaking", "first-generation professionals", "women in tech", "neurodiversity",
    "LGBTQ+ at work", "returning from leave", "managing up", "work-life balance",
    "burnout and recovery", "imposter syndrome", "negotiation", "building influence",
    "career change", "technical depth", "people management", "mentoring others",
    "writing", "visibility", "belonging", "veterans", "disability at work", "accents and language",
    "relocation", "early career", "mid-career plateau", "executive presence", "feedback",
    "conflict", "health", "grief", "faith at work", "racial equity", "allyship",
    "leadership principles", "cross-org projects",
)  # fmt: skip
ZONES = (
    ("America/Los_Angeles", 0.17, ("en",)),
    ("America/Denver", 0.04, ("en",)),
    ("America/Chicago", 0.08, ("en",)),
    ("America/New_York", 0.19, ("en",)),
    ("America/Sao_Paulo", 0.04, ("pt", "en")),
    ("Europe/London", 0.12, ("en",)),
    ("Europe/Berlin", 0.10, ("en", "de")),
    ("Asia/Kolkata", 0.13, ("en", "hi")),
    ("Asia/Singapore", 0.06, ("en", "zh")),
    ("Australia/Sydney", 0.04, ("en",)),
    (-5.0, 0.03, ("en", "es")),
)
ORGS = (
    "Engineering", "Sales", "Operations", "Marketing", "Finance", "Support", "Product",
    "People", "Legal", "Research", "Design", "Security",
)  # fmt: skip


def generate_circle_problem(n: int, seed: int = 0) -> dict[str, Any]:
    """A realistic synthetic pool of ``n`` people as a problem dict.

    About one lead per 12 people (one per 11 participants); participant tenures
    6-48 months, leads 3-20 years; 2-4 themes each with Zipf popularity; eleven time
    zones with their local languages; 12 orgs (Zipf sizes) with sub-orgs; reporting
    lines in which about one person in eight reports to someone else in the pool.
    """
    rng = np.random.default_rng(seed)
    theme_w = 1.0 / np.arange(1, len(THEMES) + 1) ** 1.1
    theme_w /= theme_w.sum()
    zone_w = np.array([w for _, w, _ in ZONES])
    zone_w /= zone_w.sum()
    org_w = 1.0 / np.arange(1, len(ORGS) + 1)
    org_w /= org_w.sum()
    n_leads = max(1, round(n / 12)) if n else 0
    roles = np.array(["participant"] * n, dtype=object)
    roles[rng.choice(n, size=n_leads, replace=False)] = "lead"
    zones = rng.choice(len(ZONES), size=n, p=zone_w)
    orgs = rng.choice(len(ORGS), size=n, p=org_w)
    subs = rng.integers(1, 5, size=n)
    n_themes = rng.integers(2, 5, size=n)
    people: list[dict[str, Any]] = []
    by_org: dict[int, list[int]] = {}
    externals = max(4, n // 8)
    for i in range(n):
        lead = roles[i] == "lead"
        tenure = rng.uniform(36, 240) if lead else rng.uniform(6, 48)
        zname, _, zlangs = ZONES[int(zones[i])]
        langs = list(zlangs)
        if len(langs) > 1 and not lead and rng.random() < 0.5:
            langs = langs[1:] + langs[:1]  # some speak the local language first
        picks = rng.choice(len(THEMES), size=int(n_themes[i]), replace=False, p=theme_w)
        org = int(orgs[i])
        earlier = by_org.setdefault(org, [])
        if earlier and rng.random() < 0.125:
            boss = people[earlier[int(rng.integers(len(earlier)))]]
            chain = [boss["id"], *boss["manager_chain"]][:6]
        else:
            chain = [
                f"m{int(rng.integers(externals))}",
                f"d{org}-{int(rng.integers(3))}",
                f"vp{org}",
            ]
        earlier.append(i)
        people.append(
            {
                "id": f"{'lead' if lead else 'p'}{i}",
                "role": str(roles[i]),
                "tenure_months": round(float(tenure), 1),
                "themes": [THEMES[int(t)] for t in picks],
                "timezone": zname,
                "org": f"{ORGS[org]}/{ORGS[org][:3]}{int(subs[i])}",
                "manager_id": chain[0],
                "manager_chain": chain,
                "languages": langs,
                "attributes": {
                    "region": "AMER" if isinstance(zname, float) or zname.startswith("America")
                    else "APAC" if zname.startswith(("Asia", "Australia")) else "EMEA",
                    "gender": str(rng.choice(["woman", "man", "non-binary", "undisclosed"],
                                             p=[0.45, 0.45, 0.04, 0.06])),
                },
            }
        )  # fmt: skip
    return {"rules": {}, "people": people, "locked": []}
