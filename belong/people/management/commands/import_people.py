from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from belong.people.imports import run_import


class Command(BaseCommand):
    help = "Import people from an HR CSV file (format: docs/hr-import.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--full",
            action="store_true",
            help="The file is a full export: people missing from it are marked as exited.",
        )
        parser.add_argument(
            "--skip-bad",
            action="store_true",
            help="Write the good rows and save the rejected ones to FILE.rejects.csv.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        bar = _ProgressBar(self.stderr)
        outcome = run_import(
            path,
            full_export=options["full"],
            skip_bad=options["skip_bad"],
            on_validate=lambda n: bar.show("checking", n, None),
            on_progress=lambda done, total: bar.show("writing", done, total),
        )
        bar.end()
        if outcome.header_problem:
            raise CommandError(outcome.header_problem)
        for p in outcome.problems[:200]:
            self.stderr.write(f"row {p.row}, {p.column} = {p.value!r}: {p.problem}")
        if len(outcome.problems) > 200:
            self.stderr.write(f"… and {len(outcome.problems) - 200} more problems")
        if not outcome.written:
            raise CommandError(
                f"{len(outcome.hr_file.bad_rows)} bad row(s); nothing was written. "
                "Fix them, or use --skip-bad to import the good rows."
            )
        s = outcome.summary
        assert s is not None
        self.stdout.write(
            f"Imported: {s.created} created, {s.updated} updated, {s.unchanged} unchanged, "
            f"{s.exited} marked as exited, {s.job_events} job-history rows."
        )
        if outcome.rejects_path:
            self.stdout.write(
                f"{len(outcome.hr_file.bad_rows)} rejected row(s) saved to {outcome.rejects_path}"
            )
        if s.managers_left_empty:
            self.stdout.write(
                f"{len(s.managers_left_empty)} person(s) kept without a manager "
                "because the manager's row was rejected."
            )


class _ProgressBar:
    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.tty = getattr(sys.stderr, "isatty", lambda: False)()
        self.last = -1

    def show(self, phase: str, done: int, total: int | None) -> None:
        if total:
            pct = int(100 * done / total)
            if pct == self.last:
                return
            self.last = pct
            bar = "#" * (pct // 4) + "." * (25 - pct // 4)
            text = f"{phase:8} [{bar}] {pct:3d}% ({done}/{total})"
        else:
            text = f"{phase:8} {done} rows"
        if self.tty:
            self.stream.write("\r" + text, ending="")
        elif total is None or done == total:
            self.stream.write(text)

    def end(self) -> None:
        if self.tty:
            self.stream.write("")
