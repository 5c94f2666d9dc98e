from __future__ import annotations

import pytest
from django.utils import timezone

from belong.mentoring import queries
from belong.mentoring import services_relationships as rs
from belong.mentoring.models import Survey
from belong.mentoring.tests.factories import (
    agreed,
    enroll,
    make_program,
    person,
    relationship,
    soon,
)

pytestmark = pytest.mark.django_db


def test_it_sums_up_the_program() -> None:
    program = make_program()
    mentors = [enroll(program, person(f"m{k}", "L8"), "mentor") for k in range(2)]
    rels = []
    for k in range(3):
        rels.append(agreed(relationship(program, enroll(program, person(f"e{k}")), mentors[k % 2])))
    enroll(program, person("waiting"))
    topic = program.topics.first()
    for rel in rels[:2]:
        session = rs.session_schedule(relationship=rel, starts_at=soon(-3))
        rs.session_log(session=session, person=rel.mentee_person, topic_ids=[topic.pk])
    survey = Survey.objects.filter(relationship=rels[0], kind="checkin").first()
    Survey.objects.filter(pk=survey.pk).update(due_on=timezone.localdate())
    survey.refresh_from_db()
    rs.survey_answer(survey=survey, person=rels[0].mentee_person, rating=5, nps=10)
    rs.survey_answer(survey=survey, person=rels[0].mentor_person, rating=3, nps=5)
    d = queries.dashboard(program)
    assert (d["enrolled"], d["mentees"], d["mentors"]) == (6, 4, 2)
    assert d["matched_mentees"] == 3 and d["matched_pct"] == 75.0
    assert d["states"]["active"] == 2 and d["states"]["agreed"] == 1
    assert d["sessions_logged"] == 2
    assert dict(d["topic_coverage"])[topic.name] == 2
    assert d["survey_answers"] == 2 and d["rating"] == 4.0 and d["checkin_rating"] == 4.0
    assert d["nps"] == 0.0  # one promoter, one detractor
    assert d["time_to_match_days"] is not None
    rows = queries.dashboard_rows(d)
    assert ["summary", "nps", 0.0] in rows
