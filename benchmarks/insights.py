"""Insights benchmark on PostgreSQL: the company dashboard from rollups vs direct GROUP BY.

    scripts/with-postgres.sh .venv/bin/python benchmarks/insights.py --quick
    scripts/with-postgres.sh .venv/bin/python benchmarks/insights.py --people 1500000

Seeds the demo company (people, groups, mentoring, the planted effects; events too when that
app is installed), refreshes the rollups as the background task would, then measures in the
same run, signed in as the HR analyst persona:

- *rollup*: `GET /insights/company/` (the default view, read from the stored rollup);
- *direct*: the same page with an explicit date range equal to the default one, which
  computes every figure live with `GROUP BY` queries (the impact section is left out, so
  the peer is, if anything, flattered).

Each is requested once to warm caches, then timed `--repeat` times; medians are reported with
their ratio. Results go to benchmarks/results/insights.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-0123456789abcdefghijklmnop")

import django  # noqa: E402

django.setup()

from django.apps import apps  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from belong.groups.models import Membership  # noqa: E402
from belong.insights import services  # noqa: E402
from belong.insights.access import Scope  # noqa: E402
from belong.mentoring.models import Enrollment  # noqa: E402
from belong.people.models import Person  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "insights.json"


def timed_get(client: Client, url: str, repeat: int) -> tuple[float, int, int]:
    """(median ms, status, queries of the last request) after one warm-up request."""
    client.get(url)
    samples = []
    status = 0
    queries = 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            samples.append(1000 * (time.perf_counter() - started))
        status = response.status_code
        queries = len(captured)
    return statistics.median(samples), status, queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true", help="20,000 people, 3 repeats")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    people, repeat = (20_000, 3) if args.quick else (args.people, args.repeat)
    if connection.vendor != "postgresql":
        print("warning: not PostgreSQL; run through scripts/with-postgres.sh", file=sys.stderr)
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("seed_demo", "--people", str(people), "--seed", str(args.seed), verbosity=0)
    seed_s = time.perf_counter() - started
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
    started = time.perf_counter()
    services.rollup_refresh(Scope("company"))
    refresh_s = time.perf_counter() - started

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    analyst = get_user_model().objects.get(username="analyst@demo.belong.test")
    client = Client()
    client.force_login(analyst)
    period = services.default_period()
    rollup_ms, rollup_status, rollup_queries = timed_get(client, "/insights/company/", repeat)
    direct_url = f"/insights/company/?start={period.start.isoformat()}&end={period.end.isoformat()}"
    direct_ms, direct_status, direct_queries = timed_get(client, direct_url, repeat)
    assert rollup_status == direct_status == 200, (rollup_status, direct_status)

    registrations = 0
    if apps.is_installed("belong.events"):
        registrations = apps.get_model("events", "Registration").objects.count()
    result = {
        "database": connection.vendor,
        "people": Person.objects.count(),
        "memberships": Membership.objects.count(),
        "mentoring_enrollments": Enrollment.objects.count(),
        "event_registrations": registrations,
        "seed_seconds": round(seed_s, 1),
        "rollup_refresh_seconds": round(refresh_s, 2),
        "rollup_page_ms": round(rollup_ms, 1),
        "rollup_page_queries": rollup_queries,
        "direct_page_ms": round(direct_ms, 1),
        "direct_page_queries": direct_queries,
        "speedup": round(direct_ms / rollup_ms, 1) if rollup_ms else None,
        "repeat": repeat,
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
