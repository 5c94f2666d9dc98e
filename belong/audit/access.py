"""Who may read the audit log: administrators only (it names who saw whose private data)."""

from __future__ import annotations

from typing import Any

from belong.accounts import access


def can_read_audit_log(user: Any) -> bool:
    return access.is_administrator(user)
