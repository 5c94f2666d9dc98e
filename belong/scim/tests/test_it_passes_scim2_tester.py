"""The independent checker: scim2-tester run against the live server.

scim2-tester discovers our schemas and resource types, then creates, reads, lists,
replaces, patches (add, replace, remove on every attribute) and deletes Users and Groups
with random values, comparing what comes back with what it sent.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import httpx
import pytest
from scim2_client import BaseSyncSCIMClient
from scim2_tester import Status, check_server

from belong.scim.services import scim_token_create


class LiveScimClient(BaseSyncSCIMClient):
    """scim2-client's network engine needs httpx2, which we do not install; httpx is the
    same API, so this is that engine on httpx."""

    def __init__(self, client: httpx.Client, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.client = client

    def _stays_under_base_url(self, endpoint: str) -> bool:
        base = self.client.base_url
        url = self.client.build_request("GET", endpoint).url
        return (
            url.scheme == base.scheme
            and url.host == base.host
            and url.port == base.port
            and (url.raw_path.startswith(base.raw_path))
        )

    def _parse_json(self, response: Any) -> Any:
        return response.json()

    def request(self, method: str, url: str, **kwargs: Any) -> Any:
        return self.client.request(method, url, **kwargs)


# Checks that may be skipped, and why. Nothing else may be anything but a success.
ALLOWED_SKIPS = {
    # We answer POST /.search (all resource types at once) with 501, as RFC 7644 §3.4.3
    # permits; /Users/.search and /Groups/.search work and are tested in our own tests.
    "searching several resource types at once is not supported",
}


# No serialized_rollback: restoring the serialized content types after another
# transactional test recreated them under new ids breaks their unique key. The reference
# levels a flush removed are put back instead (the reference_data fixture).
@pytest.mark.django_db(transaction=True)
def test_it_passes_every_scim2_tester_check(live_server: Any, reference_data: None) -> None:
    _token, secret = scim_token_create(name="scim2-tester")
    with httpx.Client(
        base_url=f"{live_server.url}/scim/v2",
        headers={"Authorization": f"Bearer {secret}"},
        timeout=30,
    ) as http:
        results = check_server(LiveScimClient(http))

    statuses = Counter(r.status for r in results)
    failures = [
        f"{r.resource_type or ''} {r.title}: {r.reason}"
        for r in results
        if r.status not in {Status.SUCCESS, Status.SKIPPED}
    ]
    skipped = [r for r in results if r.status == Status.SKIPPED]
    unexplained = [
        f"{r.title}: {r.reason}"
        for r in skipped
        if not any(reason in (r.reason or "").lower() for reason in ALLOWED_SKIPS)
    ]
    print(f"scim2-tester: {dict(statuses)}")
    assert not failures, "\n".join(failures)
    assert not unexplained, "\n".join(unexplained)
    assert {r.resource_type for r in results} >= {"User", "Group"}
    assert statuses[Status.SUCCESS] >= 90  # 93 on 2026-11-23 (scim2-tester 0.5.2)
