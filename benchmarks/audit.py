"""Audit log benchmark on PostgreSQL: the administrators' page and CSV export on a big log.

    scripts/with-postgres.sh .venv/bin/python benchmarks/audit.py --rows 2000000

Fills `audit_auditevent` with `--rows` synthetic entries (INSERT … SELECT generate_series;
inserts are what the append-only table allows), then times, through Django's test client
with the whole middleware stack, the median of `--repeat` requests for: the first page,
a deep page, each filter, and the streamed CSV export of one category. Peer, in the same
run: the same first page through Django's `Paginator`, which counts the table first.
Results go to benchmarks/results/audit.json.
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
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-0123456789abcdefghijklmnop")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.core.paginator import Paginator  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from belong.accounts.models import Role, RoleGrant  # noqa: E402
from belong.audit import queries  # noqa: E402
from belong.audit.models import AuditEvent  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "audit.json"
CATEGORIES = [
    "private_membership",
    "care_circle",
    "insights",
    "role_grant",
    "export",
    "self_id",
    "personal_data",
    "sign_in",
]


def fill(rows: int) -> float:
    """`rows` entries over the last two years, 5,000 actors, eight categories."""
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO audit_auditevent
                (at, actor_id, actor_label, category, action, target_type, target_id, detail, ip)
            SELECT now() - make_interval(secs => (%s - n) * (63072000.0 / %s)),
                   n %% 5000, 'user' || (n %% 5000) || '@example.test',
                   (ARRAY[%s])[1 + n %% 8],
                   (ARRAY['read','create','update','export','denied'])[1 + n %% 5],
                   'groups.group', (n %% 300)::text, '{}'::jsonb, '10.0.0.1'
            FROM generate_series(1, %s) AS n
            """.replace("ARRAY[%s]", "ARRAY[" + ",".join(f"'{c}'" for c in CATEGORIES) + "]"),
            [rows, rows, rows],
        )
        cursor.execute("ANALYZE audit_auditevent")
    return time.perf_counter() - started


def timed(client: Client, url: str, repeat: int, *, stream: bool = False) -> dict[str, Any]:
    times, size = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        body = b"".join(response.streaming_content) if stream else response.content
        times.append(1000 * (time.perf_counter() - started))
        assert response.status_code == 200, (url, response.status_code)
        size = len(body)
    return {"url": url, "median_ms": round(statistics.median(times), 1), "bytes": size}


def paginator_peer(repeat: int) -> dict[str, Any]:
    """What `Paginator` would cost for page 1: COUNT(*) over the table, then the rows."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        page = Paginator(queries.audit_search(queries.AuditFilters()), 50).page(1)
        list(page.object_list)
        times.append(1000 * (time.perf_counter() - started))
    return {"peer": "django Paginator page 1", "median_ms": round(statistics.median(times), 1)}


def ours_query_only(repeat: int) -> dict[str, Any]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        queries.audit_page(queries.audit_search(queries.AuditFilters()), page=1, size=50)
        times.append(1000 * (time.perf_counter() - started))
    return {"ours": "audit_page page 1", "median_ms": round(statistics.median(times), 1)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    assert connection.vendor == "postgresql", "run through scripts/with-postgres.sh"
    call_command("migrate", verbosity=0)
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_user("bench-admin@example.test")
    RoleGrant.objects.create(user=admin, role=Role.ADMINISTRATOR, scope_kind="company")
    fill_seconds = fill(args.rows)
    client = Client()
    client.force_login(admin)
    day = (AuditEvent.objects.order_by("-at").values_list("at", flat=True).first()).date()
    urls = {
        "first page": "/audit/",
        "page 200": "/audit/?page=200",
        "category": "/audit/?category=care_circle",
        "category + action": "/audit/?category=insights&action=denied",
        "actor contains": "/audit/?actor=user42%40",
        "target": "/audit/?target_type=groups.group&target_id=17",
        "one day": f"/audit/?date_from={day}&date_to={day}",
    }
    results: dict[str, Any] = {
        "rows": args.rows,
        "fill_seconds": round(fill_seconds, 1),
        "pages": {name: timed(client, url, args.repeat) for name, url in urls.items()},
        "query_only": [ours_query_only(args.repeat), paginator_peer(args.repeat)],
    }
    category_rows = args.rows // len(CATEGORIES)
    export = timed(client, "/audit/export.csv?category=role_grant", 1, stream=True)
    export["rows"] = category_rows
    export["rows_per_second"] = round(category_rows / (export["median_ms"] / 1000))
    results["export"] = export
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        main()
