"""The self-identification questions: voluntary, special-category, each answer optional.

Which questions are asked is set by `BELONG_SELF_ID_QUESTIONS` (comma-separated keys, all
by default), so a company can leave out what its law forbids asking. Every question offers
"prefer not to say"; leaving a question blank stores nothing for it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

PREFER_NOT = "prefer_not_to_say"


@dataclass(frozen=True)
class Question:
    key: str
    label: str | Promise
    choices: tuple[tuple[str, str | Promise], ...]

    @property
    def all_choices(self) -> tuple[tuple[str, str | Promise], ...]:
        return (*self.choices, (PREFER_NOT, _("Prefer not to say")))

    def label_of(self, value: str) -> str:
        return str(dict(self.all_choices).get(value, value))


ALL_QUESTIONS: tuple[Question, ...] = (
    Question(
        "gender_identity",
        _("Gender identity"),
        (
            ("woman", _("Woman")),
            ("man", _("Man")),
            ("non_binary", _("Non-binary")),
            ("self_described", _("I describe it another way")),
        ),
    ),
    Question(
        "lgbtq",
        _("Do you identify as LGBTQ+?"),
        (("yes", _("Yes")), ("no", _("No"))),
    ),
    Question(
        "ethnicity",
        _("Ethnicity"),
        (
            ("asian", _("Asian")),
            ("black", _("Black")),
            ("hispanic_latino", _("Hispanic or Latino/a/x")),
            ("indigenous", _("Indigenous")),
            ("middle_eastern_north_african", _("Middle Eastern or North African")),
            ("pacific_islander", _("Pacific Islander")),
            ("white", _("White")),
            ("multiple", _("More than one")),
            ("self_described", _("I describe it another way")),
        ),
    ),
    Question(
        "disability",
        _("Do you have a disability or long-term condition?"),
        (("yes", _("Yes")), ("no", _("No"))),
    ),
    Question(
        "veteran",
        _("Are you a veteran of the armed forces?"),
        (("yes", _("Yes")), ("no", _("No"))),
    ),
    Question(
        "caregiver",
        _("Do you care for a child or another person?"),
        (("yes", _("Yes")), ("no", _("No"))),
    ),
)


def questions() -> tuple[Question, ...]:
    """The questions this installation asks, in a fixed order."""
    enabled = getattr(settings, "BELONG_SELF_ID_QUESTIONS", None)
    if not enabled:
        return ALL_QUESTIONS
    wanted = set(enabled)
    return tuple(q for q in ALL_QUESTIONS if q.key in wanted)


def clean_answers(raw: dict[str, str]) -> dict[str, str]:
    """The answers to this installation's questions; blanks dropped (blank means no answer).

    Raises `ValidationError` naming the question when a value is not one of its choices.
    """
    out: dict[str, str] = {}
    errors: dict[str, str] = {}
    for question in questions():
        value = raw.get(question.key) or ""
        if not value:
            continue
        if value not in dict(question.all_choices):
            errors[question.key] = _("%(question)s: choose one of the listed answers.") % {
                "question": question.label
            }
            continue
        out[question.key] = value
    if errors:
        raise ValidationError(errors)
    return out
