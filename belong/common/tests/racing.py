"""Helpers for concurrency tests over real HTTP: many signed-in browsers, released at once.

Each racer is a `requests.Session` talking to pytest-django's `live_server`, whose threads
each open their own database connection, so the collisions happen where they would in
production: in the database, between transactions of different connections.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import requests
from django.conf import settings
from django.test import Client

T = TypeVar("T")


def open_wide(live_server: Any, racers: int) -> None:
    """Let the live server queue every racer's connection: Django's test server listens with
    a backlog of 10, and the kernel resets connections beyond it. Calling listen() again on
    the listening socket raises the backlog (Linux)."""
    live_server.thread.httpd.socket.listen(max(racers * 2, 128))


def browser_for(user: Any) -> requests.Session:
    """A requests session signed in as `user` (a fresh Django session per browser)."""
    client = Client()
    client.force_login(user)
    browser = requests.Session()
    browser.cookies.set(
        settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value
    )
    return browser


def csrf_token(browser: requests.Session, page_url: str) -> str:
    """Open a page with a form, as a person would, and keep the CSRF cookie it sets."""
    response = browser.get(page_url, timeout=60)
    response.raise_for_status()
    return str(browser.cookies[settings.CSRF_COOKIE_NAME])


def all_at_once(calls: Sequence[Callable[[], T]]) -> list[T | BaseException]:
    """Run each call in its own thread; a barrier releases them together. Whatever a call
    raised is returned in its place, so the test sees every outcome."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[T | BaseException] = [RuntimeError("did not run")] * len(calls)

    def work(k: int, call: Callable[[], T]) -> None:
        try:
            barrier.wait(timeout=60)
            outcomes[k] = call()
        except BaseException as exc:  # noqa: BLE001 - returned to the test
            outcomes[k] = exc

    threads = [threading.Thread(target=work, args=(k, c)) for k, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return outcomes
