"""JSON <-> Problem. Every error names the entry it is about, e.g.
`mentees[3].capacity: must be >= 0, got -1`. The format is documented in docs/matching.md."""

from __future__ import annotations

from dataclasses import asdict, fields
from typing import Any

from belong.matching.problem import Participant, Problem, ProblemError, Rules, Weights

_MISSING = object()


def _field(
    obj: dict[str, Any],
    key: str,
    kind: type | tuple[type, ...],
    where: str,
    default: Any = _MISSING,
) -> Any:
    if key not in obj:
        if default is _MISSING:
            raise ProblemError(f"{where}.{key}: missing required field")
        return default
    value = obj[key]
    # bool is an int in Python; a capacity of `true` is still a mistake.
    if not isinstance(value, kind) or (isinstance(value, bool) and bool not in _tuple(kind)):
        names = " or ".join(t.__name__ for t in _tuple(kind))
        raise ProblemError(f"{where}.{key}: expected {names}, got {type(value).__name__}")
    return value


def _tuple(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def _strings(obj: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    values = _field(obj, key, list, where, [])
    for k, v in enumerate(values):
        if not isinstance(v, str):
            raise ProblemError(f"{where}.{key}[{k}]: expected str, got {type(v).__name__}")
    return tuple(values)


_PERSON_KEYS = {
    "id",
    "topics",
    "level",
    "tenure_months",
    "org_path",
    "manager_chain",
    "timezone",
    "languages",
    "capacity",
    "availability",
    "preferences",
    "attributes",
}
_PROBLEM_KEYS = {
    "mentees",
    "mentors",
    "rules",
    "weights",
    "scores",
    "existing_pairs",
    "fairness_attributes",
}


def _no_unknown_keys(obj: dict[str, Any], known: set[str], where: str) -> None:
    """A misspelt field would otherwise be ignored silently."""
    for key in obj:
        if key not in known:
            raise ProblemError(f"{where}.{key}: unknown field")


def _participant(obj: Any, where: str, text_key: str) -> Participant:
    if not isinstance(obj, dict):
        raise ProblemError(f"{where}: expected an object, got {type(obj).__name__}")
    _no_unknown_keys(obj, _PERSON_KEYS | {text_key}, where)
    attributes = _field(obj, "attributes", dict, where, {})
    for k, v in attributes.items():
        if not isinstance(v, str):
            raise ProblemError(f"{where}.attributes.{k}: expected str, got {type(v).__name__}")
    capacity = _field(obj, "capacity", int, where, 1)
    if capacity < 0:
        raise ProblemError(f"{where}.capacity: must be >= 0, got {capacity}")
    tenure = _field(obj, "tenure_months", int, where, 0)
    if tenure < 0:
        raise ProblemError(f"{where}.tenure_months: must be >= 0, got {tenure}")
    return Participant(
        id=_field(obj, "id", str, where),
        topics=_strings(obj, "topics", where),
        text=_field(obj, text_key, str, where, ""),
        level=_field(obj, "level", int, where, 0),
        tenure_months=tenure,
        org_path=_strings(obj, "org_path", where),
        manager_chain=_strings(obj, "manager_chain", where),
        timezone=_field(obj, "timezone", (str, int, float), where, 0.0),
        languages=_strings(obj, "languages", where),
        capacity=capacity,
        availability=_strings(obj, "availability", where),
        preferences=_strings(obj, "preferences", where),
        attributes=dict(attributes),
    )


def _pairs(data: dict[str, Any], key: str, where: str) -> tuple[tuple[str, str], ...]:
    out = []
    for k, item in enumerate(_field(data, key, list, where, [])):
        at = f"{where}.{key}[{k}]" if where != "" else f"{key}[{k}]"
        if not isinstance(item, dict):
            raise ProblemError(f"{at}: expected an object with mentee and mentor")
        out.append((_field(item, "mentee", str, at), _field(item, "mentor", str, at)))
    return tuple(out)


_NULLABLE = {"max_tz_gap_hours", "level_gap_min", "level_gap_max"}
_INTEGER = {"level_gap_min", "level_gap_max", "ideal_level_gap", "tenure_saturation_years"}


def _settings(cls: type, data: dict[str, Any], where: str) -> Any:
    """Rules or Weights from an object; each value must have its default's type."""
    defaults = cls()
    known = {f.name for f in fields(cls)}
    values = {}
    for key, v in data.items():
        if key in ("must_pairs", "never_pairs"):
            continue
        if key not in known:
            raise ProblemError(f"{where}.{key}: unknown setting")
        if isinstance(getattr(defaults, key), bool):
            ok = isinstance(v, bool)
        elif v is None:
            ok = key in _NULLABLE
        else:
            number = (int,) if key in _INTEGER else (int, float)
            ok = isinstance(v, number) and not isinstance(v, bool)
        if not ok:
            raise ProblemError(f"{where}.{key}: invalid value {v!r}")
        values[key] = v
    return cls(**values)


def load_problem(data: Any) -> Problem:
    if not isinstance(data, dict):
        raise ProblemError("problem: expected a JSON object")
    _no_unknown_keys(data, _PROBLEM_KEYS, "problem")
    mentees = tuple(
        _participant(p, f"mentees[{k}]", "goals")
        for k, p in enumerate(_field(data, "mentees", list, "problem"))
    )
    mentors = tuple(
        _participant(p, f"mentors[{k}]", "expertise")
        for k, p in enumerate(_field(data, "mentors", list, "problem"))
    )
    rules_data = _field(data, "rules", dict, "problem", {})
    rules = _settings(Rules, rules_data, "rules")
    rules = Rules(
        **{
            **asdict(rules),
            "must_pairs": _pairs(rules_data, "must_pairs", "rules"),
            "never_pairs": _pairs(rules_data, "never_pairs", "rules"),
        }
    )
    weights = _settings(Weights, _field(data, "weights", dict, "problem", {}), "weights")
    for name, w in asdict(weights).items():
        if name in {f.name for f in fields(Weights)} and w < 0:
            raise ProblemError(f"weights.{name}: must be >= 0, got {w}")
    scores = []
    for k, item in enumerate(_field(data, "scores", list, "problem", [])):
        at = f"scores[{k}]"
        if not isinstance(item, dict):
            raise ProblemError(f"{at}: expected an object with mentee, mentor and score")
        scores.append(
            (
                _field(item, "mentee", str, at),
                _field(item, "mentor", str, at),
                float(_field(item, "score", (int, float), at)),
            )
        )
    return Problem(
        mentees=mentees,
        mentors=mentors,
        rules=rules,
        weights=weights,
        scores=tuple(scores),
        existing_pairs=_pairs(data, "existing_pairs", ""),
        fairness_attributes=_strings(data, "fairness_attributes", "problem"),
    )


def dump_problem(problem: Problem) -> dict[str, Any]:
    def person(p: Participant, text_key: str, with_capacity: bool) -> dict[str, Any]:
        d: dict[str, Any] = {
            "id": p.id,
            "topics": list(p.topics),
            text_key: p.text,
            "level": p.level,
            "tenure_months": p.tenure_months,
            "org_path": list(p.org_path),
            "manager_chain": list(p.manager_chain),
            "timezone": p.timezone,
            "languages": list(p.languages),
        }
        if with_capacity:
            d["capacity"] = p.capacity
        for key in ("availability", "preferences"):
            if getattr(p, key):
                d[key] = list(getattr(p, key))
        if p.attributes:
            d["attributes"] = dict(p.attributes)
        return d

    rules = asdict(problem.rules)
    rules["must_pairs"] = [{"mentee": e, "mentor": m} for e, m in problem.rules.must_pairs]
    rules["never_pairs"] = [{"mentee": e, "mentor": m} for e, m in problem.rules.never_pairs]
    out: dict[str, Any] = {
        "mentees": [person(p, "goals", False) for p in problem.mentees],
        "mentors": [person(p, "expertise", True) for p in problem.mentors],
        "rules": rules,
        "weights": asdict(problem.weights),
    }
    if problem.scores:
        out["scores"] = [{"mentee": e, "mentor": m, "score": s} for e, m, s in problem.scores]
    if problem.existing_pairs:
        out["existing_pairs"] = [{"mentee": e, "mentor": m} for e, m in problem.existing_pairs]
    if problem.fairness_attributes:
        out["fairness_attributes"] = list(problem.fairness_attributes)
    return out
