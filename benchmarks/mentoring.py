"""Mentoring benchmarks on PostgreSQL: publishing a big matching run, and the program dashboard.

Run by hand (a throwaway PostgreSQL is started and removed):

    scripts/with-postgres.sh .venv/bin/python benchmarks/mentoring.py [--pairs 100000]

What is measured, each against a named peer in the same run:
- publish: `match_run_publish` of a draft run with N pairs (relationships written, every
  mentor's load recounted, mentees marked matched, the run flipped, all in one transaction)
  vs a plain `COPY` of the same N relationship rows (`belong.common.bulk.insert_rows`),
  rolled back. Goal: under 60 s for 100,000 pairs.
- dashboard: the program dashboard (its queries, and the whole page as the program manager
  sees it) at 160,000 participants with a year of sessions and surveys, vs a bare
  `SELECT COUNT(*)` of the program's enrollments. Goal: under 1 s.
Results go to benchmarks/results/mentoring.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
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

from django.conf import settings  # noqa: E402

# Queue tasks in the database as production does (the test settings run them inline, which
# would time 100,000 emails instead of the publish).
settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
settings.ALLOWED_HOSTS = ["testserver"]  # the test client's host

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from belong.accounts.models import Role, RoleGrant, ScopeKind  # noqa: E402
from belong.common.bulk import allocate_ids, insert_rows, reset_sequence  # noqa: E402
from belong.common.testing import UserFactory  # noqa: E402
from belong.mentoring import queries, services  # noqa: E402
from belong.mentoring import services_matching as matching  # noqa: E402
from belong.mentoring.models import (  # noqa: E402
    Enrollment,
    MatchRun,
    ProposedPair,
    Relationship,
    Session,
    SessionTopic,
    Survey,
    SurveyResponse,
)
from belong.people.demo.loader import PERSON_COLUMNS  # noqa: E402
from belong.people.models import Level, OrgUnit, Person, Site  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "mentoring.json"
ENROLLMENT_COLUMNS = (
    "id", "created_at", "updated_at", "program_id", "cycle_id", "person_id", "role", "status",
    "waitlist_reason", "goals", "expertise", "topics_sought", "topics_offered",
    "preferred_traits", "availability", "languages", "capacity", "load", "rematch_priority",
)  # fmt: skip


def seed_people(count: int) -> list[int]:
    unit = OrgUnit.objects.create(name="Acme", full_name="Acme", path="", depth=0)
    site = Site.objects.create(
        city="Madrid", country="Spain", country_code="ES", timezone="Europe/Madrid"
    )
    levels = dict(Level.objects.values_list("rank", "id"))
    ids = allocate_ids(Person, count)
    now = timezone.now()
    rows = (
        (
            pid, now, now, f"B{pid:07d}", f"Person {pid}", "", f"p{pid}@bench.test", "",
            levels[3 if k % 8 else 8], None, unit.pk, None, site.pk, dt.date(2020, 1, 1), None,
            "", "", "", None, f"person {pid}",
        )
        for k, pid in enumerate(ids)
    )  # fmt: skip
    insert_rows(Person, PERSON_COLUMNS, rows)
    reset_sequence(Person)
    return ids


def seed_program(mentees: int, mentors: int) -> tuple[object, list[int], list[int]]:
    program = services.program_create(name="Benchmark program", schedule="evergreen")
    people = seed_people(mentees + mentors)
    ids = allocate_ids(Enrollment, mentees + mentors)
    now = timezone.now()
    topics = json.dumps(list(program.topics.values_list("id", flat=True)[:2]))
    rows = []
    for k, (eid, pid) in enumerate(zip(ids, people, strict=True)):
        mentor = k >= mentees
        rows.append(
            (
                eid, now - dt.timedelta(days=20), now, program.pk, None, pid,
                "mentor" if mentor else "mentee", "active", "", "goals", "expertise",
                "[]" if mentor else topics, topics if mentor else "[]", "", "[]", "[]",
                2 if mentor else 0, 0, False,
            )
        )  # fmt: skip
    insert_rows(Enrollment, ENROLLMENT_COLUMNS, rows)
    reset_sequence(Enrollment)
    return program, ids[:mentees], ids[mentees:]


def seed_draft(program: object, mentees: list[int], mentors: list[int]) -> MatchRun:
    run = MatchRun.objects.create(program=program, status=MatchRun.Status.DRAFT, progress=100)
    explanation = json.dumps({"summary": "You both care about career growth", "reasons": []})
    rows = (
        (run.pk, e, mentors[k % len(mentors)], 0.5 + (k % 50) / 100, explanation, False, False)
        for k, e in enumerate(mentees)
    )
    insert_rows(
        ProposedPair,
        ("run_id", "mentee_id", "mentor_id", "score", "explanation", "pinned", "removed"),
        rows,
    )
    cursor = connection.cursor()
    cursor.execute("ANALYZE")
    return run


def copy_peer(program: object, run: MatchRun) -> float:
    """The same relationship rows through a bare COPY, then rolled back."""
    pairs = list(
        ProposedPair.objects.filter(run=run).values_list(
            "mentee_id", "mentor_id", "mentee__person_id", "mentor__person_id"
        )
    )
    now = timezone.now()
    started = time.perf_counter()
    with transaction.atomic():
        insert_rows(
            Relationship,
            ("created_at", "updated_at", "program_id", "mentee_id", "mentor_id",
             "mentee_person_id", "mentor_person_id", "run_id", "state", "cadence",
             "duration_weeks", "confidentiality", "expectations", "close_reason",
             "sessions_logged"),
            ((now, now, program.pk, e, m, ep, mp, run.pk, "proposed", "", 16, "", "", "", 0)
             for e, m, ep, mp in pairs),
        )  # fmt: skip
        elapsed = time.perf_counter() - started
        transaction.set_rollback(True)
    return elapsed


def seed_activity(program: object, sessions_per_pair: int, rng: random.Random) -> None:
    """A year of activity: relationships active, sessions with topics, both sides' surveys."""
    now = timezone.now()
    Relationship.objects.filter(program=program).update(
        state="active", started_at=now - dt.timedelta(days=60), sessions_logged=sessions_per_pair
    )
    risky = list(Relationship.objects.filter(program=program).values_list("id", flat=True)[::50])
    Relationship.objects.filter(id__in=risky).update(at_risk_since=now - dt.timedelta(days=3))
    rels = list(
        Relationship.objects.filter(program=program).values_list(
            "id", "mentee_person_id", "mentor_person_id"
        )
    )
    topics = list(program.topics.values_list("id", flat=True))
    session_ids = allocate_ids(Session, len(rels) * sessions_per_pair)
    survey_ids = allocate_ids(Survey, len(rels))

    def sessions():  # type: ignore[no-untyped-def]
        k = 0
        for rid, _, _ in rels:
            for s in range(sessions_per_pair):
                when = now - dt.timedelta(days=50 - 10 * s)
                yield (session_ids[k], when, when, rid, when, 45, "", "held", "", when)
                k += 1

    insert_rows(
        Session,
        ("id", "created_at", "updated_at", "relationship_id", "starts_at", "minutes",
         "video_link", "status", "shared_notes", "logged_at"),
        sessions(),
    )  # fmt: skip
    insert_rows(
        SessionTopic,
        ("session_id", "topic_id"),
        ((sid, topics[sid % len(topics)]) for sid in session_ids),
    )
    insert_rows(
        Survey,
        ("id", "relationship_id", "kind", "number", "due_on"),
        (
            (sid, rid, "checkin", 1, now.date())
            for sid, (rid, _, _) in zip(survey_ids, rels, strict=True)
        ),
    )
    insert_rows(
        SurveyResponse,
        ("created_at", "updated_at", "survey_id", "program_id", "kind", "respondent_id", "side",
         "rating", "nps", "comment"),
        (
            (now, now, sid, program.pk, "checkin", person, side, rng.randint(2, 5),
             rng.randint(4, 10), "")
            for sid, (_, ep, mp) in zip(survey_ids, rels, strict=True)
            for side, person in (("mentee", ep), ("mentor", mp))
        ),
    )  # fmt: skip
    for model in (Session, Survey, SurveyResponse):
        reset_sequence(model)
    connection.cursor().execute("ANALYZE")


def timed(fn, repeat: int) -> list[float]:  # type: ignore[no-untyped-def]
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        out.append(time.perf_counter() - started)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=100_000)
    parser.add_argument("--participants", type=int, default=160_000)
    parser.add_argument("--sessions-per-pair", type=int, default=6)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit(
            "Run on PostgreSQL: scripts/with-postgres.sh .venv/bin/python benchmarks/mentoring.py"
        )
    call_command("migrate", verbosity=0)
    rng = random.Random(7)
    mentors = args.participants - args.pairs
    t0 = time.perf_counter()
    program, mentee_ids, mentor_ids = seed_program(args.pairs, mentors)
    run = seed_draft(program, mentee_ids, mentor_ids)
    print(f"seeded {args.participants} participants in {time.perf_counter() - t0:.1f}s", flush=True)

    peer_copy = copy_peer(program, run)
    started = time.perf_counter()
    published = matching.match_run_publish(run=run)
    publish_s = time.perf_counter() - started
    assert published == args.pairs
    assert Relationship.objects.filter(run=run).count() == args.pairs
    over = Enrollment.objects.filter(load__gt=2).exists()
    assert not over, "capacity broken"
    publish = {
        "pairs": args.pairs,
        "belong_publish_s": round(publish_s, 2),
        "peer_copy_same_rows_s": round(peer_copy, 2),
        "ratio_to_copy": round(publish_s / peer_copy, 1),
        "goal_s": 60,
    }
    print(json.dumps({"publish": publish}), flush=True)

    t0 = time.perf_counter()
    seed_activity(program, args.sessions_per_pair, rng)
    print(f"seeded activity in {time.perf_counter() - t0:.1f}s", flush=True)
    manager = UserFactory(username="bench-manager@bench.test")
    # The manager is an employee too (only people who work here use the product).
    Person.objects.filter(pk=Person.objects.order_by("id").values("id")[:1]).update(user=manager)
    RoleGrant.objects.create(
        user=manager, role=Role.PROGRAM_MANAGER, scope_kind=ScopeKind.PROGRAM, scope_id=program.pk
    )
    client = Client()
    client.force_login(manager)
    url = f"/mentoring/{program.pk}/manage/"
    warm = client.get(url)
    assert warm.status_code == 200, (warm.status_code, warm.content[:300])
    page = timed(lambda: client.get(url), args.repeat)
    data = timed(lambda: queries.dashboard(program), args.repeat)

    def bare_count() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT COUNT(*) FROM mentoring_enrollment WHERE program_id = %s", [program.pk]
            )
            cursor.fetchone()

    peer = timed(bare_count, args.repeat)
    figures = queries.dashboard(program)
    dashboard = {
        "participants": args.participants,
        "relationships": args.pairs,
        "sessions": args.pairs * args.sessions_per_pair,
        "survey_answers": figures["survey_answers"],
        "belong_dashboard_queries_median_s": round(statistics.median(data), 3),
        "belong_dashboard_page_median_s": round(statistics.median(page), 3),
        "belong_dashboard_page_max_s": round(max(page), 3),
        "peer_bare_count_median_s": round(statistics.median(peer), 4),
        "goal_s": 1.0,
    }
    print(json.dumps({"dashboard": dashboard}), flush=True)
    results = {
        "machine": f"{os.cpu_count()} cores",
        "when": timezone.now().isoformat(),
        "publish": publish,
        "dashboard": dashboard,
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
