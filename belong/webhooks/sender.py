"""One HTTP POST to a receiver, with a timeout, no redirects and a bounded read."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

TIMEOUT_SECONDS = 5
EXCERPT_CHARS = 500
_READ_LIMIT = 64 * 1024  # a receiver's reply is read no further than this


@dataclass(frozen=True)
class Outcome:
    status_code: int | None
    body_excerpt: str
    error: str
    duration_ms: int

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is answered as the 3xx it is: following it could reach a private host."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


# No proxies from the environment either: the address checked is the address called.
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())


def _excerpt(raw: bytes) -> str:
    return raw.decode("utf-8", errors="replace")[:EXCERPT_CHARS]


def post(url: str, body: str, headers: dict[str, str]) -> Outcome:
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked by urlguard
        url,
        data=body.encode(),
        method="POST",
        headers={
            **headers,
            "Content-Type": "application/json",
            "User-Agent": "Belong-Webhooks/1",
        },
    )
    started = time.monotonic()
    status: int | None = None
    raw = b""
    error = ""
    try:
        with _opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            status = response.status
            raw = response.read(_READ_LIMIT)
    except urllib.error.HTTPError as failure:
        status = failure.code
        try:
            raw = failure.read(_READ_LIMIT)
        except OSError:
            raw = b""
    except (urllib.error.URLError, OSError, ValueError) as failure:
        reason = getattr(failure, "reason", failure)
        error = f"{type(reason).__name__}: {reason}"[:300]
    duration_ms = int((time.monotonic() - started) * 1000)
    return Outcome(status, _excerpt(raw), error, duration_ms)
