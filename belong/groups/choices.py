"""Choices shared by the groups models and the other apps that tag their rows with them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Pillar(models.TextChoices):
    RECRUIT = "recruit", _("Recruit")
    ENGAGE = "engage", _("Engage")
    DEVELOP = "develop", _("Develop")
    ADVOCATE = "advocate", _("Advocate")


class Visibility(models.TextChoices):
    """Who may see a roster, widest last. `rank` orders them: a wider level has a higher rank."""

    NOBODY = "nobody", _("Nobody")
    LEADERS = "leaders", _("Leaders only")
    MEMBERS = "members", _("Members of the group")
    EVERYONE = "everyone", _("Everyone at the company")

    @classmethod
    def rank(cls, value: str) -> int:
        return [cls.NOBODY, cls.LEADERS, cls.MEMBERS, cls.EVERYONE].index(cls(value))

    @classmethod
    def narrower(cls, a: str, b: str) -> str:
        return a if cls.rank(a) <= cls.rank(b) else b

    @classmethod
    def at_most(cls, value: str) -> list[str]:
        """Every level no wider than `value`."""
        return [v for v in cls.values if cls.rank(v) <= cls.rank(value)]
