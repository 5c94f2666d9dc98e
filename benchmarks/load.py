"""Load benchmark: 50 concurrent users against the real server, on a 1.5M-person company.

    .venv/bin/python benchmarks/load.py            # 1,500,000 people (seeding ~6 min once)
    .venv/bin/python benchmarks/load.py --quick    # 50,000 people (BENCH_QUICK=1)

What it does, in order:
1. a PostgreSQL 15 cluster of its own under var/bench-pg/load-<people>-<seed>/, seeded once
   with the demo company (`seed_demo`: people, accounts, groups, events, mentoring, circles)
   and reused on later runs with the same size and seed (`--rebuild` starts over);
2. gunicorn as in the README (`config.wsgi`, sync workers, 2 x cores + 1 of them), DEBUG off,
   a throwaway SECRET_KEY, static files collected and served by whitenoise; the settings are
   production's plus a bare endpoint (`benchmarks/load_settings.py`);
3. locust headless, 50 users (half people in a browser, half scripts with a bearer token)
   over the directory search, a group, an event, a mentoring program, five API endpoints and
   the bare endpoint — all in the same run, so the bare endpoint is the peer under the same
   load.

Results: benchmarks/results/load-<people>.json; summary in docs/benchmarks/load.md.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PGBIN = Path(os.environ.get("PGBIN", "/usr/lib/postgresql/15/bin"))
WORK = ROOT / "var" / "bench"
RESULTS = ROOT / "benchmarks" / "results"
STEPS = "reference,org,people,accounts,groups,events,mentoring,circles"
TARGET_P95_MS = 150
SECRET_KEY = secrets.token_urlsafe(50)  # throwaway: sessions die with the run


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_postgres(cmd: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root.
    return ["runuser", "-u", "postgres", "--", *cmd] if os.getuid() == 0 else cmd


@contextmanager
def postgres(
    people: int, seed: int, rebuild: bool, parallel: int = 0
) -> Iterator[tuple[str, Path]]:
    """A cluster kept between runs, keyed by size and seed; stopped (not removed) at the end."""
    home = ROOT / "var" / "bench-pg" / f"load-{people}-{seed}"
    if rebuild and home.exists():
        shutil.rmtree(home)
    data = home / "db"
    if not (data / "PG_VERSION").exists():
        home.mkdir(parents=True, exist_ok=True)
        if os.getuid() == 0:
            shutil.chown(home, "postgres")
        subprocess.run(
            _as_postgres(
                [
                    str(PGBIN / "initdb"),
                    "-D",
                    str(data),
                    "-U",
                    "postgres",
                    "-A",
                    "trust",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
    port = free_port()
    options = (
        f"-p {port} -k {home} -c listen_addresses=127.0.0.1 -c max_connections=100 "
        "-c shared_buffers=512MB -c fsync=off -c synchronous_commit=off -c full_page_writes=off "
        # Parallel query helps one big report, not fifty small requests on two cores: each
        # gather forks workers (20 to 40 ms here) for pages whose own work takes 5 to 15 ms.
        f"-c max_parallel_workers_per_gather={parallel}"
    )
    subprocess.run(
        _as_postgres(
            [
                str(PGBIN / "pg_ctl"),
                "-D",
                str(data),
                "-l",
                str(home / "log"),
                "-w",
                "-o",
                options,
                "start",
            ]
        ),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    try:
        subprocess.run(
            _as_postgres(
                [
                    str(PGBIN / "createdb"),
                    "-h",
                    "127.0.0.1",
                    "-p",
                    str(port),
                    "-U",
                    "postgres",
                    "belong",
                ]
            ),
            stderr=subprocess.DEVNULL,  # already there on a reused cluster
            check=False,
        )
        yield f"postgres://postgres@127.0.0.1:{port}/belong", home
    finally:
        subprocess.run(
            _as_postgres([str(PGBIN / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"]),
            stdout=subprocess.DEVNULL,
            check=False,
        )


def server_env(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "benchmarks.load_settings",
        "DEBUG": "0",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        # What is measured is the pages, not the per-token rate limit (600/min by default).
        "BELONG_API_RATE": "1000000/m",
        "PYTHONPATH": str(ROOT),
    }


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([str(BIN / "python"), "manage.py", *args], cwd=ROOT, env=env, check=True)


def seed(env: dict[str, str], home: Path, people: int, seed_: int) -> dict[str, Any]:
    """Migrate always (cheap when current); seed once per cluster, then VACUUM ANALYZE, the
    state autovacuum keeps a production database in (index-only scans need it)."""
    manage(env, "migrate", "--verbosity", "0")
    manage(env, "createcachetable")  # production settings keep throttles in the database
    marker = home / "seeded.json"
    if marker.exists():
        info: dict[str, Any] = json.loads(marker.read_text())
        info["reused"] = True
        return info
    started = time.perf_counter()
    manage(env, "seed_demo", "--people", str(people), "--seed", str(seed_), "--only", STEPS)
    seconds = time.perf_counter() - started
    analyze = "from django.db import connection; connection.cursor().execute('VACUUM (ANALYZE)')"
    manage(env, "shell", "-c", analyze)
    info = {"people": people, "seed": seed_, "steps": STEPS, "seed_s": round(seconds, 1)}
    info["when"] = dt.datetime.now(dt.UTC).isoformat()
    marker.write_text(json.dumps(info))
    info["reused"] = False
    return info


PLAN_SCRIPT = r"""
import json, sys
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone
from belong.accounts.models import ApiToken
from belong.accounts.services import api_token_create
from belong.events.models import Event
from belong.groups.models import Group
from belong.mentoring.models import Program
from belong.people.demo.personas import persona
from belong.people.models import Language, OrgUnit, Person, Site, Skill

employee = Person.objects.select_related("user").get(email=persona("employee").email).user
session = SessionStore()
session[SESSION_KEY] = str(employee.pk)
session[BACKEND_SESSION_KEY] = "belong.accounts.backends.EmployeeModelBackend"
session[HASH_SESSION_KEY] = employee.get_session_auth_hash()
session.create()
ApiToken.objects.filter(user=employee, name="load benchmark").delete()
_, token = api_token_create(user=employee, name="load benchmark", scopes=["read"])
group = Group.objects.order_by("pk").first()
events = list(
    Event.objects.filter(group=group, starts_at__gte=timezone.now())
    .order_by("starts_at").values_list("pk", flat=True)[:10]
) or list(Event.objects.filter(group=group).values_list("pk", flat=True)[:10])
skills = list(Skill.objects.order_by("pk").values_list("pk", flat=True)[:40])
sites = list(Site.objects.order_by("pk").values_list("pk", flat=True))
languages = list(Language.objects.order_by("pk").values_list("pk", flat=True)[:10])
orgs = list(OrgUnit.objects.filter(depth__lte=3).order_by("pk").values_list("pk", flat=True)[:40])
first = Person.objects.order_by("pk").values_list("legal_name", flat=True)[:2000:10]
names = sorted({n.split()[0][:4].lower() for n in first})
queries = []
for i in range(240):
    kind = i % 6
    if kind == 0:
        queries.append({"q": names[i % len(names)]})
    elif kind == 1:
        queries.append({"skill": skills[i % len(skills)]})
    elif kind == 2:
        queries.append({"org": orgs[i % len(orgs)]})
    elif kind == 3:
        queries.append({"site": sites[i % len(sites)], "skill": skills[(i * 7) % len(skills)]})
    elif kind == 4:
        queries.append({"language": languages[i % len(languages)]})
    else:
        queries.append({"q": names[i % len(names)], "site": sites[i % len(sites)]})
json.dump(
    {
        "session": session.session_key,
        "token": token,
        "group_slug": group.slug,
        "group_id": group.pk,
        "event_ids": events,
        "program_id": Program.objects.order_by("pk").first().pk,
        "directory_queries": queries,
        "api_people_queries": queries[::2],
        "people": Person.objects.count(),
    },
    sys.stdout,
)
"""


def make_plan(env: dict[str, str], wait: tuple[float, float]) -> tuple[Path, dict[str, Any]]:
    out = subprocess.run(
        [str(BIN / "python"), "manage.py", "shell", "-c", PLAN_SCRIPT],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    plan = json.loads(out.strip().splitlines()[-1])
    plan["wait"] = list(wait)
    path = WORK / "load-plan.json"
    path.write_text(json.dumps(plan))
    return path, plan


@contextmanager
def gunicorn(env: dict[str, str], workers: int) -> Iterator[str]:
    port = free_port()
    log = (WORK / "load-gunicorn.log").open("w")
    proc = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "config.wsgi",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "120",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{url}/healthz", timeout=5)  # noqa: S310 - loopback
                break
            except OSError:
                if proc.poll() is not None:
                    raise RuntimeError(f"gunicorn exited; see {log.name}") from None
                time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()


class LoadSampler:
    """The machine's 1-minute load average every few seconds while locust runs."""

    def __init__(self) -> None:
        self.samples: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(5):
            self.samples.append(os.getloadavg()[0])

    def __enter__(self) -> LoadSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def warm(url: str, plan: dict[str, Any]) -> None:
    """One request per page before measuring: imports, templates, connections, caches."""
    cookie = {"Cookie": f"sessionid={plan['session']}"}
    bearer = {"Authorization": f"Bearer {plan['token']}"}
    for path, headers in [
        ("/bench/bare/", cookie),
        ("/people/?q=a", cookie),
        (f"/groups/{plan['group_slug']}/", cookie),
        (f"/events/{plan['event_ids'][0]}/", cookie),
        (f"/mentoring/{plan['program_id']}/", cookie),
        ("/api/people?q=a", bearer),
        (f"/api/groups/{plan['group_id']}", bearer),
        ("/api/events", bearer),
        (f"/api/mentoring/programs/{plan['program_id']}", bearer),
        ("/api/me", bearer),
    ]:
        request = urllib.request.Request(url + path, headers=headers)  # noqa: S310 - loopback
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - loopback
            assert response.status == 200, (path, response.status)
            assert response.url.endswith(path), f"{path} redirected to {response.url}"


def run_locust(
    url: str, plan_path: Path, users: int, rate: int, seconds: int
) -> list[dict[str, str]]:
    prefix = WORK / "load"
    env = {**os.environ, "BELONG_LOAD_PLAN": str(plan_path)}
    subprocess.run(
        [
            str(BIN / "locust"),
            "-f",
            str(ROOT / "benchmarks" / "locustfile.py"),
            "--headless",
            "-u",
            str(users),
            "-r",
            str(rate),
            "--run-time",
            f"{seconds}s",
            "--host",
            url,
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
            "--stop-timeout",
            "10",
        ],
        cwd=ROOT,
        env=env,
        check=False,  # locust exits 1 when any request failed; failures are reported below
    )
    with open(f"{prefix}_stats.csv", newline="") as f:
        return list(csv.DictReader(f))


def summarise(rows: list[dict[str, str]]) -> dict[str, Any]:
    pages: dict[str, dict[str, Any]] = {}
    for row in rows:
        pages[row["Name"]] = {
            "requests": int(row["Request Count"]),
            "failures": int(row["Failure Count"]),
            "p50_ms": float(row["50%"]),
            "p95_ms": float(row["95%"]),
            "p99_ms": float(row["99%"]),
            "mean_ms": round(float(row["Average Response Time"]), 1),
            "requests_per_s": round(float(row["Requests/s"]), 2),
        }
    bare_p95 = pages["bare"]["p95_ms"]
    for name, page in pages.items():
        if name not in ("bare", "Aggregated"):
            page["ratio_p95_to_bare"] = round(page["p95_ms"] / bare_p95, 1) if bare_p95 else None
            page["meets_target"] = page["p95_ms"] < TARGET_P95_MS
    return pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1_500_000)
    parser.add_argument("--quick", action="store_true", help="50,000 people, a shorter run")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=int, default=10)
    parser.add_argument("--run-time", type=int, default=120, help="seconds")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--wait", type=float, nargs=2, default=(0.5, 1.5), metavar=("MIN", "MAX"))
    parser.add_argument("--rebuild", action="store_true", help="seed a fresh database")
    parser.add_argument("--label", default="", help="suffix of the results file, e.g. paced")
    parser.add_argument(
        "--pg-parallel",
        type=int,
        default=0,
        help="PostgreSQL's max_parallel_workers_per_gather (its own default is 2)",
    )
    args = parser.parse_args()
    if args.quick:
        args.people, args.run_time = 50_000, 60
    WORK.mkdir(parents=True, exist_ok=True)
    with postgres(args.people, args.seed, args.rebuild, args.pg_parallel) as (database_url, home):
        env = server_env(database_url)
        seeded = seed(env, home, args.people, args.seed)
        print(json.dumps({"seed": seeded}), flush=True)
        manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        plan_path, plan = make_plan(env, args.wait)
        with gunicorn(env, args.workers) as url:
            warm(url, plan)
            started = dt.datetime.now(dt.UTC)
            with LoadSampler() as load:
                rows = run_locust(url, plan_path, args.users, args.spawn_rate, args.run_time)
    pages = summarise(rows)
    result = {
        "when": started.isoformat(),
        "machine": f"{os.cpu_count()} cores",
        "load_average_during_run": {
            "min": min(load.samples, default=None),
            "max": max(load.samples, default=None),
            "mean": round(sum(load.samples) / len(load.samples), 1) if load.samples else None,
        },
        "people": plan["people"],
        "seed": seeded,
        "server": f"gunicorn config.wsgi, {args.workers} sync workers, DEBUG=0, whitenoise",
        "postgres": f"15, shared_buffers 512MB, max_parallel_workers_per_gather {args.pg_parallel}",
        "locust": {
            "users": args.users,
            "spawn_rate": args.spawn_rate,
            "run_time_s": args.run_time,
            "think_time_s": list(args.wait),
            "users_split": "half browser (session cookie), half API script (bearer token)",
        },
        "target_p95_ms": TARGET_P95_MS,
        "pages": pages,
    }
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"load-{args.people}{'-' + args.label if args.label else ''}.json"
    path.write_text(json.dumps(result, indent=2) + "\n")
    width = max(len(n) for n in pages)
    head = f"{'reqs':>6} {'fail':>5} {'p50':>6} {'p95':>6} {'p99':>6} {'req/s':>6}  x bare"
    print(f"{'page':<{width}}  {head}")
    for name, p in pages.items():
        print(
            f"{name:<{width}}  {p['requests']:>6} {p['failures']:>5} {p['p50_ms']:>6.0f} "
            f"{p['p95_ms']:>6.0f} {p['p99_ms']:>6.0f} {p['requests_per_s']:>6.1f}  "
            f"{p.get('ratio_p95_to_bare', '')}"
        )
    print(f"load average during the run: {result['load_average_during_run']}")
    print(f"wrote {path}")


if __name__ == "__main__":
    sys.exit(main())
