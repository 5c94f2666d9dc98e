"""The demo sign-in personas, and the table of logins the demo prints.

Kept free of models so a page (say, the login page in DEBUG) can list them cheaply.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from belong.people.demo.data import DEMO_DOMAIN

DEMO_PASSWORD = "belong-demo"  # noqa: S105 - a published demo password, never a real one


@dataclass(frozen=True)
class Persona:
    key: str
    can: str | Promise  # what this login lets you try, for people reading the table
    role: str | None = None  # a belong.accounts.models.Role value
    scope_kind: str = "company"
    scope_id: int | None = None
    has_person: bool = True
    superuser: bool = False

    @property
    def email(self) -> str:
        return f"{self.key}@{DEMO_DOMAIN}"


PERSONAS: tuple[Persona, ...] = (
    Persona("employee", _("Data engineer: directory, profile, joining groups and mentoring")),
    Persona("mentor", _("Senior data leader who teaches many skills: mentor side")),
    Persona(
        "leader",
        _("Group leader of affinity group #1"),
        role="group_leader",
        scope_kind="group",
        scope_id=1,
    ),
    Persona(
        "manager",
        _("Program manager of mentoring program #1"),
        role="program_manager",
        scope_kind="program",
        scope_id=1,
    ),
    Persona("analyst", _("HR analyst: company-wide insights"), role="hr_analyst"),
    Persona(
        "admin",
        _("Administrator: roles, imports, settings and /admin"),
        role="administrator",
        superuser=True,
    ),
    Persona("outsider", _("Signed in, but no employee record and no role"), has_person=False),
)


def persona(key: str) -> Persona:
    return next(p for p in PERSONAS if p.key == key)


class _Writer(Protocol):
    def write(self, msg: str, /) -> object: ...


def demo_login_rows() -> list[tuple[str, str, str]]:
    return [(p.email, DEMO_PASSWORD, str(p.can)) for p in PERSONAS]


def print_demo_logins(stdout: _Writer) -> None:
    """Write the persona logins as a plain-text table (email / password / what they can do)."""
    header = ("email", "password", "what they can do")
    rows = [header, *demo_login_rows()]
    widths = [max(len(row[i]) for row in rows) for i in range(2)]
    lines = ["Demo logins:"]
    for i, (email, password, can) in enumerate(rows):
        lines.append(f"  {email:<{widths[0]}}  {password:<{widths[1]}}  {can}")
        if i == 0:
            lines.append(f"  {'-' * widths[0]}  {'-' * widths[1]}  {'-' * len(header[2])}")
    for line in lines:
        stdout.write(line + "\n")
