"""Who may manage SCIM provisioning: administrators only. The SCIM endpoints themselves
accept nothing but a SCIM token (see protocol.py)."""

from __future__ import annotations

from typing import Any

from belong.accounts import access


def can_manage_provisioning(user: Any) -> bool:
    return access.is_administrator(user)
