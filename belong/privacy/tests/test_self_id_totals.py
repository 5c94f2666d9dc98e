"""Totals of self-identification: consenting people only, every cell at least k, audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from belong.audit.models import AuditEvent
from belong.common.testing import PERSONAS, PersonFactory, assert_page_access
from belong.privacy.aggregates import _suppress, self_id_totals
from belong.privacy.models import SelfIdConsent, SelfIdentification

pytestmark = pytest.mark.django_db


def _people(n: int, answers: dict[str, str], *, consent: bool = True, **fields) -> None:
    for _ in range(n):
        person = PersonFactory(**fields)
        SelfIdentification.objects.create(person=person, answers=answers)
        if consent:
            SelfIdConsent.objects.create(person=person, text_version="v1")


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_totals_to_analysts_and_administrators_only(client_as, persona) -> None:
    response = client_as(persona).get(reverse("privacy:self_id_totals"))
    assert_page_access(response, persona, {"hr_analyst", "administrator"}, "self_id_totals")


def test_it_counts_only_consenting_people_still_employed(settings) -> None:
    settings.BELONG_PRIVACY_MIN_GROUP = 5
    _people(6, {"caregiver": "yes"})
    _people(5, {"caregiver": "no"})
    _people(7, {"caregiver": "yes"}, consent=False)
    _people(5, {"caregiver": "yes"}, exit_date=timezone.localdate() - dt.timedelta(days=1))
    withdrawn = SelfIdConsent.objects.filter(person__self_identification__answers__caregiver="no")
    totals = self_id_totals()
    assert totals.population == 11
    caregiver = next(q for q in totals.questions if q.question.key == "caregiver")
    assert [(c.label, c.count) for c in caregiver.cells] == [
        ("Yes", 6), ("No", 5), ("Prefer not to say", 0), ("", 0),
    ]  # fmt: skip
    withdrawn.update(withdrawn_at=timezone.now())  # withdrawing takes them out at once
    after = self_id_totals()
    assert after.population == 6
    caregiver = next(q for q in after.questions if q.question.key == "caregiver")
    assert [c.count for c in caregiver.cells] == [6, 0, 0, 0]


def test_it_refuses_everything_below_k(settings) -> None:
    settings.BELONG_PRIVACY_MIN_GROUP = 10
    _people(9, {"lgbtq": "yes"})
    totals = self_id_totals()
    assert totals.population is None and totals.questions == []


def test_it_hides_small_cells_and_any_cell_they_could_be_worked_out_from(settings) -> None:
    settings.BELONG_PRIVACY_MIN_GROUP = 5
    _people(12, {"disability": "no"})
    _people(6, {"disability": "yes"})
    _people(2, {"disability": "prefer_not_to_say"})
    totals = self_id_totals()
    assert totals.population == 20
    disability = next(q for q in totals.questions if q.question.key == "disability")
    counts = {c.label: c.count for c in disability.cells}
    # 2 is under k; hiding it alone would let 20 - 12 - 6 reveal it, so 6 goes too.
    assert counts == {"Yes": None, "No": 12, "Prefer not to say": None, "": 0}


def test_secondary_suppression_stops_once_hidden_cells_reach_k() -> None:
    assert _suppress({"a": 3, "b": 2, "c": 40}, 5) == {"a", "b"}
    assert _suppress({"a": 3, "b": 9, "c": 40}, 5) == {"a", "b"}
    assert _suppress({"a": 0, "b": 9}, 5) == set()


def test_it_audits_every_look_and_reads_in_few_queries(client_as, settings, count_queries):
    settings.BELONG_PRIVACY_MIN_GROUP = 5
    client = client_as("hr_analyst")
    _people(5, {"veteran": "no"})
    client.get(reverse("privacy:self_id_totals"))
    with count_queries() as few:
        client.get(reverse("privacy:self_id_totals"))
    _people(40, {"veteran": "yes", "lgbtq": "no"})
    with count_queries() as many:
        response = client.get(reverse("privacy:self_id_totals"))
    assert response.status_code == 200 and b"People counted: 45." in response.content
    assert len(many) == len(few) <= 12
    events = AuditEvent.objects.filter(category="self_id", action="read")
    assert events.count() == 3 and events.first().detail == {"k": 5, "shown": True}
