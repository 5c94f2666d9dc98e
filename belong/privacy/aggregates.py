"""Totals of self-identification answers, for HR analysts and administrators.

Only people who consented to analytics and still work here are counted. Every cell is a
count of at least k people or is hidden; when hiding leaves fewer than k people in hidden
cells of a question, the next-smallest cell is hidden too, so a hidden count can never be
worked out from the total and the cells shown. Nobody below k is ever described, and there
are no filters to narrow the population with.
"""

from __future__ import annotations

from dataclasses import dataclass

from belong.common.privacy import min_group_size
from belong.people.models import Person
from belong.privacy.models import SelfIdConsent, SelfIdentification
from belong.privacy.questions import Question, questions

NO_ANSWER = ""


@dataclass
class Cell:
    label: str
    count: int | None  # None: fewer than k, hidden


@dataclass
class QuestionTotals:
    question: Question
    cells: list[Cell]


@dataclass
class Totals:
    k: int
    population: int | None  # consenting people; None when under k (then nothing is shown)
    questions: list[QuestionTotals]


def _suppress(counts: dict[str, int], k: int) -> set[str]:
    hidden = {key for key, n in counts.items() if 0 < n < k}
    shown = sorted((n, key) for key, n in counts.items() if n >= k)
    while hidden and sum(counts[key] for key in hidden) < k and shown:
        hidden.add(shown.pop(0)[1])
    return hidden


def self_id_totals() -> Totals:
    k = min_group_size()
    consenting = SelfIdConsent.objects.filter(
        withdrawn_at__isnull=True, person__in=Person.objects.active()
    ).values("person_id")
    population = consenting.count()
    if population < k:
        return Totals(k, None, [])
    answers = list(
        SelfIdentification.objects.filter(person_id__in=consenting).values_list(
            "answers", flat=True
        )
    )
    out = []
    for question in questions():
        counts = {value: 0 for value, _label in question.all_choices}
        counts[NO_ANSWER] = population
        for answer in answers:
            value = answer.get(question.key)
            if value in counts and value != NO_ANSWER:
                counts[value] += 1
                counts[NO_ANSWER] -= 1
        hidden = _suppress(counts, k)
        cells = [
            Cell(question.label_of(value) if value else "", None if value in hidden else n)
            for value, n in counts.items()
        ]
        out.append(QuestionTotals(question, cells))
    return Totals(k, population, out)
