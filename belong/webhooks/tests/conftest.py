from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from belong.common.testing import *  # noqa: F403


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    """A real HTTP server on loopback. `replies` are (status, body) answered in turn; the
    last one repeats."""

    url: str
    requests: list[Received] = field(default_factory=list)
    replies: list[tuple[int, bytes]] = field(default_factory=lambda: [(200, b"ok")])
    extra_headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to think before answering


@pytest.fixture
def receiver(settings: Any) -> Iterator[Receiver]:
    settings.BELONG_WEBHOOKS_ALLOW_PRIVATE = True
    state = Receiver(url="")

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            body = self.rfile.read(length)
            state.requests.append(
                Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
            )
            index = min(len(state.requests), len(state.replies)) - 1
            status, reply = state.replies[index]
            time.sleep(state.delay)
            self.send_response(status)
            for name, value in state.extra_headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/belong"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
