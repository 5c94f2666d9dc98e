"""Standard Webhooks signatures (https://www.standardwebhooks.com/).

Each request carries `webhook-id`, `webhook-timestamp` (Unix seconds) and
`webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, keyed with the bytes
behind the endpoint's `whsec_<base64>` secret. During a rotation's grace period the header
holds two signatures separated by a space; a receiver accepts the request if either matches.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import secrets
from typing import Any

from standardwebhooks.webhooks import Webhook

SECRET_PREFIX = "whsec_"  # noqa: S105 - a prefix, not a secret


def new_secret() -> str:
    """24 random bytes, the size the Standard Webhooks reference libraries generate."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(24)).decode()


def body_of(payload: dict[str, Any]) -> str:
    """The exact text sent and signed: compact, ASCII-only JSON."""
    return json.dumps(payload, separators=(",", ":"), sort_keys=True)


def headers_for(*, message_id: str, body: str, keys: list[str], at: dt.datetime) -> dict[str, str]:
    at = at.astimezone(dt.UTC)  # the library replaces the zone rather than converting
    signatures = [Webhook(key).sign(msg_id=message_id, timestamp=at, data=body) for key in keys]
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": " ".join(signatures),
    }
