"""The privacy threshold every number about people passes through.

A count below `min_group_size()` (k) is never shown: it could point at a person. The
threshold comes from `BELONG_PRIVACY_MIN_GROUP` (default 10) and can never go below 5.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DEFAULT_MIN_GROUP = 10
FLOOR = 5


def min_group_size() -> int:
    """k: the smallest group of people a number may describe. Fails loudly below the floor."""
    value = getattr(settings, "BELONG_PRIVACY_MIN_GROUP", DEFAULT_MIN_GROUP)
    if not isinstance(value, int) or isinstance(value, bool):
        raise ImproperlyConfigured(f"BELONG_PRIVACY_MIN_GROUP={value!r}: expected a whole number")
    if value < FLOOR:
        raise ImproperlyConfigured(
            f"BELONG_PRIVACY_MIN_GROUP={value}: must be at least {FLOOR} (people could be "
            "identified in smaller groups)"
        )
    return value


def suppress_small(count: int) -> int | None:
    """`count` when it describes at least k people, else None (show "fewer than k")."""
    return count if count >= min_group_size() else None
