"""Who may use the personal-data pages. The only place these rules live.

- Self-identification, the data download and asking for erasure: the person themself only
  (a signed-in account linked to a Person that has not been erased). Nobody else ever reads
  an individual's self-identification — not administrators, not HR analysts.
- Carrying out erasure requests: administrators.
- Totals of self-identification answers (consenting people only, every cell at least k):
  HR analysts and administrators.
"""

from __future__ import annotations

from typing import Any

from belong.accounts import access as accounts_access


def can_manage_own_data(user: Any) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return accounts_access.person_of(user) is not None


def can_carry_out_erasure(user: Any) -> bool:
    return accounts_access.is_administrator(user)


def can_see_self_id_totals(user: Any) -> bool:
    return accounts_access.is_administrator(user) or accounts_access.is_hr_analyst(user)
