from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from belong.mentoring import services_matching as matching
from belong.mentoring.models import Cycle, Enrollment, Program, Relationship, SurveyResponse

pytestmark = pytest.mark.django_db


def test_it_seeds_six_years_of_growing_history_and_an_open_cycle() -> None:
    call_command("seed_demo", people=600, seed=7, as_of=dt.date(2026, 6, 30), stdout=StringIO())
    program = Program.objects.get(pk=1)
    past = list(Cycle.objects.filter(program=program).order_by("enrollment_opens"))[:6]
    per_year = [Relationship.objects.filter(mentee__cycle=c).count() for c in past]
    assert len(per_year) == 6 and per_year[-1] >= 6 * per_year[0] > 0
    assert not Relationship.objects.filter(state__in=Relationship.OPEN).exists()
    assert Relationship.objects.filter(state="completed", sessions_logged__gte=6).exists()
    assert SurveyResponse.objects.filter(survey__relationship__program=program).exists()
    waiting = Enrollment.objects.filter(program=program, status="active")
    assert waiting.filter(role="mentee").exists() and waiting.filter(role="mentor").exists()
    assert waiting.filter(person__email="employee@demo.belong.test").exists()
    run = matching.match_run_execute(run_id=matching.match_run_start(program=program).pk)
    assert run.status == "draft" and run.pairs.count() > 0
