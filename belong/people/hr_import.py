"""Reading and validating an HR CSV export before anything is written.

`read_hr_file` turns a file into `HrRecord`s plus a list of `RowProblem`s naming the row,
column, value and problem. Nothing here touches the database except to read what already
exists (levels, languages, current people), so a bad file can never leave half a write.
The column format is documented in docs/hr-import.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TextIO

from django.utils.translation import gettext as _

REQUIRED = [
    "employee_id",
    "legal_name",
    "email",
    "level",
    "org_path",
    "city",
    "country",
    "country_code",
    "time_zone",
    "hire_date",
]
OPTIONAL = [
    "preferred_name",
    "title",
    "job_family",
    "manager_id",
    "exit_date",
    "languages",
    "pronouns",
    "bio",
    "skills_teach",
    "skills_learn",
]
COLUMNS = REQUIRED + OPTIONAL
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_SPLIT = re.compile(r"\s*;\s*")
_ORG_SPLIT = re.compile(r"\s*(?:/|>)\s*")


@dataclass(frozen=True)
class RowProblem:
    row: int  # 1-based line number in the file, the header being row 1
    column: str
    value: str
    problem: str

    def as_dict(self) -> dict[str, object]:
        return {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "problem": self.problem,
        }


@dataclass
class HrRecord:
    row: int
    employee_id: str
    legal_name: str
    preferred_name: str
    email: str
    title: str
    level: str
    job_family: str
    org_path: tuple[str, ...]
    manager_id: str
    city: str
    country: str
    country_code: str
    time_zone: str
    hire_date: dt.date
    exit_date: dt.date | None
    languages: tuple[str, ...]
    pronouns: str
    bio: str
    skills_teach: tuple[str, ...]
    skills_learn: tuple[str, ...]
    raw: dict[str, str] = field(repr=False, default_factory=dict)


@dataclass
class HrFile:
    records: list[HrRecord]
    problems: list[RowProblem]
    header_problem: str | None = None
    # raw cells of rows that failed their own checks, kept for the rejects file
    rejected: dict[int, dict[str, str]] = field(default_factory=dict)

    @property
    def bad_rows(self) -> set[int]:
        return {p.row for p in self.problems}

    @property
    def good_records(self) -> list[HrRecord]:
        bad = self.bad_rows
        return [r for r in self.records if r.row not in bad]


@dataclass(frozen=True)
class Known:
    """What the database already holds that rows are checked against."""

    levels: frozenset[str]
    languages: frozenset[str]
    # employee_id -> manager employee_id (or "") for people already stored
    managers: dict[str, str]
    # email -> employee_id for people already stored
    emails: dict[str, str]


def _parse_date(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def _valid_zone(name: str) -> bool:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


def read_hr_file(
    stream: TextIO,
    known: Known,
    *,
    on_row: Callable[[int], None] | None = None,
) -> HrFile:
    """Parse and check every row; the file's own managers count as known."""
    reader = csv.reader(stream)
    header = [h.strip().lstrip("\ufeff") for h in next(reader, [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        return HrFile(
            records=[],
            problems=[],
            header_problem=_("The header row lacks required columns: %(cols)s.")
            % {"cols": ", ".join(missing)},
        )
    records: list[HrRecord] = []
    problems: list[RowProblem] = []
    seen_ids: dict[str, int] = {}
    seen_emails: dict[str, int] = {}
    zone_ok: dict[str, bool] = {}
    rejected: dict[int, dict[str, str]] = {}
    # Only the columns we know are read; others in the file are ignored.
    wanted = [(i, name) for i, name in enumerate(header) if name in COLUMNS]
    for index, cells in enumerate(reader, start=2):
        if not cells:
            continue  # a blank line
        width = len(cells)
        raw = {name: cells[i].strip() for i, name in wanted if i < width}
        record = _check_row(index, raw, known, seen_ids, seen_emails, zone_ok, problems)
        if record is not None:
            records.append(record)
        else:
            rejected[index] = raw
        if on_row is not None and index % 1000 == 0:
            on_row(index - 1)
    rejected_ids = {raw.get("employee_id", "") for raw in rejected.values()}
    _check_managers(records, known, problems, rejected_ids)
    problems.sort(key=lambda p: (p.row, COLUMNS.index(p.column) if p.column in COLUMNS else 99))
    return HrFile(records=records, problems=problems, rejected=rejected)


def _check_row(
    row: int,
    raw: dict[str, str],
    known: Known,
    seen_ids: dict[str, int],
    seen_emails: dict[str, int],
    zone_ok: dict[str, bool],
    problems: list[RowProblem],
) -> HrRecord | None:
    before = len(problems)

    def bad(column: str, problem: str) -> None:
        problems.append(RowProblem(row, column, raw.get(column, ""), problem))

    for column in REQUIRED:
        if not raw.get(column):
            bad(column, _("missing value"))
    employee_id = raw.get("employee_id", "")
    if employee_id:
        if employee_id in seen_ids:
            bad(
                "employee_id",
                _("duplicate id (also on row %(row)s)") % {"row": seen_ids[employee_id]},
            )
        else:
            seen_ids[employee_id] = row
    email = raw.get("email", "").lower()
    if email:
        if not _EMAIL.match(email):
            bad("email", _("not a valid email address"))
        elif email in seen_emails:
            bad("email", _("duplicate email (also on row %(row)s)") % {"row": seen_emails[email]})
        elif known.emails.get(email, employee_id) != employee_id:
            bad("email", _("already used by employee %(id)s") % {"id": known.emails[email]})
        else:
            seen_emails[email] = row
    level = raw.get("level", "")
    if level and level not in known.levels:
        bad("level", _("unknown level (the ladder is %(ladder)s)") % {"ladder": _ladder(known)})
    zone = raw.get("time_zone", "")
    if zone:
        if zone not in zone_ok:
            zone_ok[zone] = _valid_zone(zone)
        if not zone_ok[zone]:
            bad("time_zone", _("unknown time zone (use an IANA name such as Europe/Madrid)"))
    code = raw.get("country_code", "")
    if code and not (len(code) == 2 and code.isalpha()):
        bad("country_code", _("must be a two-letter ISO country code"))
    dates: dict[str, dt.date | None] = {"hire_date": None, "exit_date": None}
    for column in dates:
        if raw.get(column):
            try:
                dates[column] = _parse_date(raw[column])
            except ValueError:
                bad(column, _("bad date (use YYYY-MM-DD)"))
    hire, exit_ = dates["hire_date"], dates["exit_date"]
    if hire and exit_ and exit_ < hire:
        bad("exit_date", _("exit date is before the hire date"))
    languages = tuple(c.lower() for c in _SPLIT.split(raw.get("languages", "")) if c)
    unknown = [c for c in languages if c not in known.languages]
    if unknown:
        bad("languages", _("unknown language code(s): %(codes)s") % {"codes": ", ".join(unknown)})
    if raw.get("manager_id") and raw.get("manager_id") == employee_id:
        bad("manager_id", _("a person cannot be their own manager"))
    org_path = tuple(p for p in _ORG_SPLIT.split(raw.get("org_path", "")) if p)
    if len(problems) > before or hire is None:
        return None
    return HrRecord(
        row=row,
        employee_id=employee_id,
        legal_name=raw["legal_name"],
        preferred_name=raw.get("preferred_name", ""),
        email=email,
        title=raw.get("title", ""),
        level=level,
        job_family=raw.get("job_family", ""),
        org_path=org_path,
        manager_id=raw.get("manager_id", ""),
        city=raw["city"],
        country=raw["country"],
        country_code=code.upper(),
        time_zone=zone,
        hire_date=hire,
        exit_date=exit_,
        languages=languages,
        pronouns=raw.get("pronouns", ""),
        bio=raw.get("bio", ""),
        skills_teach=tuple(s for s in _SPLIT.split(raw.get("skills_teach", "")) if s),
        skills_learn=tuple(s for s in _SPLIT.split(raw.get("skills_learn", "")) if s),
        raw=raw,
    )


def _ladder(known: Known) -> str:
    levels = sorted(known.levels, key=lambda c: (len(c), c))
    return ", ".join([*levels[:3], "…", *levels[-1:]]) if len(levels) > 5 else ", ".join(levels)


def _check_managers(
    records: list[HrRecord], known: Known, problems: list[RowProblem], rejected_ids: set[str]
) -> None:
    """Managers must exist (in the file or already stored) and never form a loop."""
    in_file = {r.employee_id: r for r in records}
    graph = dict(known.managers)
    graph.update({r.employee_id: r.manager_id for r in records})
    for record in records:
        manager = record.manager_id
        if not manager or manager in graph:
            continue
        if manager in rejected_ids:
            problem = _("manager's own row was rejected")
        else:
            problem = _("manager not found")
        problems.append(RowProblem(record.row, "manager_id", manager, problem))
    for employee_id in _people_in_cycles(graph, in_file.keys()):
        record = in_file[employee_id]
        problems.append(
            RowProblem(
                record.row,
                "manager_id",
                record.manager_id,
                _("manager cycle: this chain of managers leads back to %(id)s")
                % {"id": employee_id},
            )
        )


def _people_in_cycles(graph: dict[str, str], starts: Iterable[str]) -> list[str]:
    """Everyone from `starts` who sits on a manager loop (iterative, so deep chains are fine)."""
    state: dict[str, int] = {}  # 1 = on the current walk, 2 = finished
    on_cycle: set[str] = set()
    for start in starts:
        if start in state:
            continue
        walk: list[str] = []
        node = start
        while node and node in graph and node not in state:
            state[node] = 1
            walk.append(node)
            node = graph[node]
        if node and state.get(node) == 1:
            loop_start = walk.index(node)
            on_cycle.update(walk[loop_start:])
        for visited in walk:
            state[visited] = 2
    return [s for s in starts if s in on_cycle]


def write_rejects(path: str, hr_file: HrFile) -> None:
    """Save the rejected rows, with their problems, as a CSV a person can fix and re-import."""
    by_row: dict[int, list[RowProblem]] = {}
    for problem in hr_file.problems:
        by_row.setdefault(problem.row, []).append(problem)
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["row", *COLUMNS, "problems"])
        raws = {r.row: r.raw for r in hr_file.records} | hr_file.rejected
        for row, row_problems in sorted(by_row.items()):
            raw = raws.get(row) or {p.column: p.value for p in row_problems}
            described = "; ".join(f"{p.column}: {p.problem}" for p in row_problems)
            writer.writerow([row, *(raw.get(c, "") for c in COLUMNS), described])
