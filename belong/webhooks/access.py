"""Who may see and change webhooks: administrators only. Endpoints receive company-wide
events, and the delivery log holds their payloads."""

from __future__ import annotations

from typing import Any

from belong.accounts import access


def can_manage_webhooks(user: Any) -> bool:
    return access.is_administrator(user)
