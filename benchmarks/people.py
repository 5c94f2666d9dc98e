"""People benchmarks on PostgreSQL: HR import throughput and directory search latency.

Run through `make bench` (which starts a throwaway PostgreSQL), or by hand with
DATABASE_URL pointing at an empty PostgreSQL database:

    python benchmarks/people.py --import-sizes 100000 1500000 --directory-size 1500000

Peers, measured in the same run:
- import: PostgreSQL's own `COPY` of the same CSV file into a table of the same columns;
- directory: a bare Django view (no database) through the same middleware stack.
Results go to benchmarks/results/people.json.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-0123456789abcdefghijklmnop")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.urls import path  # noqa: E402

from belong.people.demo import data, taxonomy  # noqa: E402
from belong.people.demo.generator import generate_people  # noqa: E402
from belong.people.demo.orgplan import plan_company  # noqa: E402
from belong.people.hr_import import COLUMNS  # noqa: E402
from belong.people.imports import run_import  # noqa: E402
from belong.people.models import Language, OrgUnit, Person, Site, Skill  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "people.json"


def write_hr_csv(path: Path, size: int, seed: int) -> None:
    """A realistic HR export of `size` people, from the demo company generator."""
    company = plan_company(size, seed)
    units = {u.id: u for u in company.units}
    ids: dict[int, str] = {}
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=COLUMNS)
        writer.writeheader()
        for p in generate_people(company, dt.date(2026, 11, 1)):
            ids[p.id] = p.employee_id
            site = data.SITES[p.site]
            writer.writerow(
                {
                    "employee_id": p.employee_id,
                    "legal_name": p.legal_name,
                    "preferred_name": p.preferred_name,
                    "email": p.email,
                    "title": p.title,
                    "level": f"L{p.level}",
                    "job_family": "" if p.family is None else taxonomy.FAMILIES[p.family].name,
                    "org_path": units[p.unit_id].full_name,
                    "manager_id": ids.get(p.manager_id, "") if p.manager_id else "",
                    "city": site.city,
                    "country": site.country,
                    "country_code": site.country_code,
                    "time_zone": site.timezone,
                    "hire_date": p.hire_date.isoformat(),
                    "exit_date": p.exit_date.isoformat() if p.exit_date else "",
                    "languages": ";".join(p.languages),
                    "pronouns": p.pronouns,
                    "skills_teach": ";".join(taxonomy.SKILLS[i].name for i in p.teach),
                    "skills_learn": ";".join(taxonomy.SKILLS[i].name for i in p.learn),
                }
            )


def empty_people_tables() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE people_jobevent, people_personskill, people_person_languages, "
            "people_person, people_orgunit, people_site, people_skill, people_jobfamily "
            "RESTART IDENTITY CASCADE"
        )


def time_copy(path: Path) -> float:
    """PostgreSQL's COPY of the very same file into an unindexed table of the same columns."""
    columns = ", ".join(f"{c} text" for c in COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"DROP TABLE IF EXISTS bench_hr_copy; CREATE UNLOGGED TABLE bench_hr_copy ({columns})"
        )
        started = time.perf_counter()
        with (
            cursor.cursor.copy(
                "COPY bench_hr_copy FROM STDIN WITH (FORMAT csv, HEADER true)"
            ) as copy,
            path.open("rb") as source,
        ):
            while chunk := source.read(1 << 20):
                copy.write(chunk)
        elapsed = time.perf_counter() - started
        cursor.execute("DROP TABLE bench_hr_copy")
    return elapsed


def bench_import(size: int, seed: int, workdir: Path) -> dict[str, object]:
    path = workdir / f"hr-{size}.csv"
    write_hr_csv(path, size, seed)
    empty_people_tables()
    copy_seconds = time_copy(path)
    started = time.perf_counter()
    outcome = run_import(path, full_export=False, skip_bad=False)
    import_seconds = time.perf_counter() - started
    assert outcome.written, outcome.problems[:5]
    assert Person.objects.count() == size
    return {
        "rows": size,
        "file_mb": round(path.stat().st_size / 1e6, 1),
        "belong_import_s": round(import_seconds, 2),
        "belong_rows_per_s": round(size / import_seconds),
        "postgres_copy_s": round(copy_seconds, 2),
        "ratio_to_copy": round(import_seconds / copy_seconds, 2),
        "goal_ratio": 3.0,
    }


def bare(request: object) -> HttpResponse:
    return HttpResponse("ok")


urlpatterns: list[object] = []


def bench_directory(size: int, seed: int, requests: int) -> dict[str, object]:
    empty_people_tables()
    # People only: the directory is what is measured, and the other apps' demo steps are
    # sized for a demo, not for 1.5M people.
    only = "reference,org,people,accounts"
    call_command(
        "seed_demo", "--people", str(size), "--seed", str(seed), "--only", only, verbosity=0
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    from config import urls as project_urls

    global urlpatterns
    urlpatterns = [path("bare/", bare), *project_urls.urlpatterns]
    client = Client()
    client.force_login(Person.objects.exclude(user=None).filter(exit_date=None).first().user)
    skills = list(Skill.objects.values_list("id", flat=True)[:40])
    sites = list(Site.objects.values_list("id", flat=True))
    languages = list(Language.objects.values_list("id", flat=True)[:10])
    orgs = list(OrgUnit.objects.filter(depth__lte=3).values_list("id", flat=True)[:40])
    names = [
        p.split()[0][:4].lower()
        for p in Person.objects.values_list("legal_name", flat=True)[:200:5]
    ]
    queries = []
    for i in range(requests):
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

    def measure(url: str, params_list: list[dict[str, object]]) -> list[float]:
        times = []
        for params in params_list:
            started = time.perf_counter()
            response = client.get(url, params)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, params, response.status_code)
        return times

    with override_settings(ROOT_URLCONF=__name__, ALLOWED_HOSTS=["testserver"]):
        measure("/people/", queries[:20])  # warm caches and connections
        search = measure("/people/", queries)
        baseline = measure("/bare/", [{}] * requests)
    p95 = statistics.quantiles(search, n=20)[18]
    bare_p95 = statistics.quantiles(baseline, n=20)[18]
    return {
        "people": Person.objects.count(),
        "requests": requests,
        "search_p50_ms": round(statistics.median(search), 1),
        "search_p95_ms": round(p95, 1),
        "bare_view_p50_ms": round(statistics.median(baseline), 2),
        "bare_view_p95_ms": round(bare_p95, 2),
        "ratio_p95_to_bare": round(p95 / bare_p95, 1),
        "goal_p95_ms": 100,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--import-sizes", type=int, nargs="*", default=[100_000, 1_500_000])
    parser.add_argument("--directory-size", type=int, default=1_500_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("These benchmarks need PostgreSQL: set DATABASE_URL (make bench does).")
    call_command("migrate", verbosity=0)
    # Keep figures from earlier runs of the parts not run this time.
    results: dict[str, object] = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results |= {
        "machine": f"{os.cpu_count()} cores",
        "when": dt.datetime.now(dt.UTC).isoformat(),
    }
    with tempfile.TemporaryDirectory() as tmp:
        if args.import_sizes:
            results["import"] = []
        for size in args.import_sizes:
            row = bench_import(size, args.seed, Path(tmp))
            print(json.dumps({"import": row}), flush=True)
            results["import"].append(row)  # type: ignore[attr-defined]
    if args.directory_size:
        results["directory"] = bench_directory(args.directory_size, args.seed, args.requests)
        print(json.dumps({"directory": results["directory"]}), flush=True)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
