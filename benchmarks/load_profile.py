"""Profile the pages of the load benchmark one by one: queries per page, time in SQL, and
EXPLAIN ANALYZE of the slowest query, on the database `benchmarks/load.py` built.

    .venv/bin/python benchmarks/load_profile.py --people 1500000
    .venv/bin/python benchmarks/load_profile.py --people 1500000 --explain
    .venv/bin/python benchmarks/load_profile.py --people 1500000 --every-search

Runs in one process with Django's test client (no gunicorn, no concurrency), so the figures
are service times, not queueing. Prints one line per page; nothing is written.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import load  # noqa: E402


def pages(plan: dict[str, Any]) -> list[tuple[str, str, dict[str, Any], bool]]:
    """(name, path, params, bearer) — the same pages the locust users visit."""
    out: list[tuple[str, str, dict[str, Any], bool]] = [("bare", "/bench/bare/", {}, False)]
    for k, query in enumerate(plan["directory_queries"][:6]):  # or the --search ones
        out.append((f"directory {k}: {query}", "/people/", query, False))
    out += [
        ("group page", f"/groups/{plan['group_slug']}/", {}, False),
        ("event page", f"/events/{plan['event_ids'][0]}/", {}, False),
        ("mentoring program page", f"/mentoring/{plan['program_id']}/", {}, False),
        ("API people search", "/api/people", plan["api_people_queries"][0], True),
        ("API group", f"/api/groups/{plan['group_id']}", {}, True),
        ("API events", "/api/events", {}, True),
        ("API program", f"/api/mentoring/programs/{plan['program_id']}", {}, True),
        ("API me", "/api/me", {}, True),
    ]
    return out


def every_search(plan: dict[str, Any], browser: Any) -> None:
    """Each directory search of the plan once, the slowest first: which filters are slow."""
    timed = []
    for query in plan["directory_queries"]:
        started = time.perf_counter()
        assert browser.get("/people/", query).status_code == 200
        timed.append(((time.perf_counter() - started) * 1000, query))
    timed.sort(key=lambda t: t[0], reverse=True)
    by_kind: dict[str, list[float]] = {}
    for ms, query in timed:
        by_kind.setdefault("+".join(sorted(query)), []).append(ms)
    for kind, times in sorted(by_kind.items(), key=lambda kv: -max(kv[1])):
        print(
            f"directory by {kind:<12} n={len(times):>3}  median {statistics.median(times):7.1f} ms"
            f"  max {max(times):7.1f} ms"
        )
    for ms, query in timed[:8]:
        print(f"    slow: {ms:7.1f} ms  {query}")


def profile(plan: dict[str, Any], repeat: int, explain: bool, every: bool) -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    browser = Client(HTTP_HOST="127.0.0.1")
    browser.cookies["sessionid"] = plan["session"]
    script = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {plan['token']}")
    if every:
        every_search(plan, browser)
        return
    for name, path, params, bearer in pages(plan):
        client = script if bearer else browser
        client.get(path, params)  # warm
        times = []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(path, params)
                times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (name, response.status_code)
        sql_ms = sum(float(q["time"]) for q in queries.captured_queries) * 1000
        slowest = max(queries.captured_queries, key=lambda q: float(q["time"]), default=None)
        slowest_ms = float(slowest["time"]) * 1000 if slowest else 0.0
        print(
            f"{name[:60]:<60} {len(queries):>3} queries  median {statistics.median(times):7.1f} ms"
            f"  SQL {sql_ms:7.1f} ms  slowest query {slowest_ms:6.1f} ms"
        )
        if explain and slowest and float(slowest["time"]) > 0.02:
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest["sql"])
                print("    " + slowest["sql"][:400])
                for (line,) in cursor.fetchall():
                    print("    " + line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1_500_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--pg-parallel", type=int, default=0)
    parser.add_argument("--every-search", action="store_true", help="time all 240 searches")
    parser.add_argument(
        "--search", type=json.loads, action="append", help='profile one search, e.g. {"skill": 4}'
    )
    args = parser.parse_args()
    with load.postgres(args.people, args.seed, False, args.pg_parallel) as (database_url, home):
        if not (home / "seeded.json").exists():
            sys.exit("No seeded database of that size: run benchmarks/load.py first.")
        env = load.server_env(database_url)
        _, plan = load.make_plan(env, (0.5, 1.5))
        os.environ.update({k: v for k, v in env.items() if k != "PYTHONPATH"})
        print(json.dumps({"people": plan["people"]}))
        if args.search:
            plan["directory_queries"] = args.search
        profile(plan, args.repeat, args.explain, args.every_search)


if __name__ == "__main__":
    main()
