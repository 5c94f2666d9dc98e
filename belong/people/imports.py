"""Running an HR import end to end: validate the whole file, then write it or nothing.

Shared by the `import_people` command and the upload page's background task.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from belong.people import services
from belong.people.hr_import import HrFile, RowProblem, read_hr_file, write_rejects


@dataclass
class ImportOutcome:
    written: bool
    hr_file: HrFile
    summary: services.ImportSummary | None = None
    rejects_path: str | None = None
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def header_problem(self) -> str | None:
        return self.hr_file.header_problem


def run_import(
    path: Path,
    *,
    full_export: bool,
    skip_bad: bool,
    rejects_path: Path | None = None,
    today: dt.date | None = None,
    on_validate: Callable[[int], None] | None = None,
    on_progress: services.Progress | None = None,
) -> ImportOutcome:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        hr_file = read_hr_file(stream, services.people_known(), on_row=on_validate)
    outcome = ImportOutcome(written=False, hr_file=hr_file, problems=hr_file.problems)
    if hr_file.header_problem:
        return outcome
    if hr_file.problems and not skip_bad:
        return outcome
    if hr_file.problems and skip_bad:
        target = rejects_path or path.with_name(path.stem + ".rejects.csv")
        write_rejects(str(target), hr_file)
        outcome.rejects_path = str(target)
    # A full export that lost rows must not mark their people as exited.
    full = full_export and not hr_file.problems
    outcome.summary = services.people_import(
        records=hr_file.good_records, full_export=full, today=today, on_progress=on_progress
    )
    outcome.written = True
    return outcome
