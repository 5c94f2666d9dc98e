"""`manage.py seed_demo --people N --seed S [--if-empty]`: load the demo company."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from belong.people.demo import print_demo_logins
from belong.people.models import Person

MIN_PEOPLE = 100  # fewer cannot fill the org tree and the persona seats


class Command(BaseCommand):
    help = (
        "Load a believable demo company (the same one for the same seed) and print the "
        "persona logins. Refuses to run when people already exist."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--people", type=int, default=3000, help="people in total, leavers too")
        parser.add_argument("--seed", type=int, default=7, help="same seed, same company")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing (and say so) when the database already has people",
        )
        parser.add_argument(
            "--as-of",
            type=dt.date.fromisoformat,
            default=None,
            metavar="YYYY-MM-DD",
            help="the 'today' that job history runs up to (default: today)",
        )

        parser.add_argument(
            "--only",
            type=lambda value: [v.strip() for v in value.split(",") if v.strip()],
            default=None,
            metavar="STEP,STEP",
            help="run only these seed steps (e.g. reference,org,people,accounts for benchmarks)",
        )
        parser.add_argument(
            "--no-logins",
            action="store_true",
            help="skip the persona logins at the end (make run prints them before serving)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from belong.people.demo.loader import STEPS, print_summary, seed_demo

        known = [name for name, _ in STEPS]
        unknown = sorted(set(options["only"] or []) - set(known))
        if unknown:
            raise CommandError(
                f"--only: unknown step(s) {', '.join(unknown)}; the steps are {', '.join(known)}."
            )

        if Person.objects.exists():
            if not options["if_empty"]:
                raise CommandError(
                    "The database already has people. Seed an empty database "
                    "(e.g. `manage.py flush`), or pass --if-empty to skip quietly."
                )
            self.stdout.write("People already exist: the demo seed was skipped.")
            return
        if options["people"] < MIN_PEOPLE:
            raise CommandError(f"--people must be at least {MIN_PEOPLE}.")
        ctx = seed_demo(
            people=options["people"],
            seed=options["seed"],
            today=options["as_of"],
            out=self.stdout if options["verbosity"] > 0 else None,
            only=options["only"],
        )
        print_summary(ctx, self.stdout)
        if not options["no_logins"]:
            print_demo_logins(self.stdout)
