"""Locust users for `benchmarks/load.py`: people browsing Belong and scripts calling its API.

Driven by `benchmarks/load.py`, which builds the database, starts gunicorn and writes the
plan this file reads (`BELONG_LOAD_PLAN`: a JSON file with a signed-in session, a read
token and the ids and queries to use). By hand, against a server you started:

    BELONG_LOAD_PLAN=var/bench/load-plan.json locust -f benchmarks/locustfile.py \
        --headless -u 50 -r 10 --run-time 60s --host http://127.0.0.1:8000

Every request is named after its page, so locust's statistics come out per page. The bare
endpoint runs in the same users, so it suffers the same load as the pages it is compared
with.
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path
from typing import Any

from locust import between, task
from locust.contrib.fasthttp import FastHttpUser

PLAN: dict[str, Any] = json.loads(Path(os.environ["BELONG_LOAD_PLAN"]).read_text())
# Think time between one user's requests: people read a page before the next click.
WAIT = tuple(PLAN.get("wait", (0.5, 1.5)))


class Employee(FastHttpUser):
    """Signed in as the demo employee: the directory, a group, an event, a program."""

    wait_time = between(*WAIT)
    default_headers = {"Cookie": f"sessionid={PLAN['session']}"}

    def _get(self, url: str, name: str, **params: Any) -> None:
        with self.client.get(url, params=params or None, name=name, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"HTTP {r.status_code}")
            elif name != "bare" and b"<html" not in r.content[:400].lower():
                r.failure("not a page")  # a login redirect that followed through, say

    @task(4)
    def directory(self) -> None:
        self._get("/people/", "directory search", **random.choice(PLAN["directory_queries"]))

    @task(1)
    def group(self) -> None:
        self._get(f"/groups/{PLAN['group_slug']}/", "group page")

    @task(1)
    def event(self) -> None:
        self._get(f"/events/{random.choice(PLAN['event_ids'])}/", "event page")

    @task(1)
    def program(self) -> None:
        self._get(f"/mentoring/{PLAN['program_id']}/", "mentoring program page")

    @task(2)
    def bare(self) -> None:
        self._get("/bench/bare/", "bare")


class Script(FastHttpUser):
    """A script with a read-scoped bearer token, calling the JSON API."""

    wait_time = between(*WAIT)
    default_headers = {"Authorization": f"Bearer {PLAN['token']}"}

    def _get(self, url: str, name: str, **params: Any) -> None:
        with self.client.get(url, params=params or None, name=name, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"HTTP {r.status_code}")

    @task(3)
    def people(self) -> None:
        self._get("/api/people", "API people search", **random.choice(PLAN["api_people_queries"]))

    @task(1)
    def group(self) -> None:
        self._get(f"/api/groups/{PLAN['group_id']}", "API group")

    @task(1)
    def events(self) -> None:
        self._get("/api/events", "API events")

    @task(1)
    def program(self) -> None:
        self._get(f"/api/mentoring/programs/{PLAN['program_id']}", "API program")

    @task(1)
    def me(self) -> None:
        self._get("/api/me", "API me")
