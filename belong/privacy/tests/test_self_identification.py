"""Self-identification: only the person reads or writes it; writes audited, never the values."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from belong.audit.models import AuditEvent
from belong.common.testing import PERSONAS, assert_page_access
from belong.privacy import services
from belong.privacy.models import SELF_ID_CONSENT_TEXT_VERSION, SelfIdConsent, SelfIdentification

pytestmark = pytest.mark.django_db

WITH_PERSON = {
    "employee",
    "mentor",
    "group_leader",
    "program_manager",
    "hr_analyst",
    "administrator",
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    "name", ["privacy:overview", "privacy:self_identification", "privacy:erasure"]
)
def test_it_shows_own_data_pages_only_to_people_with_a_record(client_as, persona, name) -> None:
    response = client_as(persona).get(reverse(name))
    assert_page_access(response, persona, WITH_PERSON, name)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    "name",
    [
        "privacy:self_identification_delete",
        "privacy:analytics_consent",
        "privacy:download",
        "privacy:erasure_cancel",
    ],
)
def test_it_refuses_outsiders_and_anonymous_on_every_action(client_as, persona, name) -> None:
    response = client_as(persona).post(reverse(name))
    if persona == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif persona == "outsider":
        assert response.status_code == 403
    else:
        assert response.status_code in (200, 302)


def test_it_saves_edits_and_deletes_answers_through_the_page(client_as, personas) -> None:
    client = client_as("employee")
    person = personas["employee"].person
    page = reverse("privacy:self_identification")
    response = client.post(page, {"gender_identity": "woman", "disability": "prefer_not_to_say"})
    assert response.status_code == 302
    assert SelfIdentification.objects.get(person=person).answers == {
        "gender_identity": "woman",
        "disability": "prefer_not_to_say",
    }
    shown = client.get(page)
    answered = [(str(label), value) for label, value in shown.context["answered"]]
    assert answered == [
        ("Gender identity", "Woman"),
        ("Do you have a disability or long-term condition?", "Prefer not to say"),
    ]
    assert b'value="woman" selected' in shown.content

    client.post(page, {"gender_identity": "", "lgbtq": "yes"})
    assert SelfIdentification.objects.get(person=person).answers == {"lgbtq": "yes"}

    client.post(reverse("privacy:self_identification_delete"))
    assert not SelfIdentification.objects.filter(person=person).exists()


def test_it_names_the_question_when_an_answer_is_not_a_choice(client_as) -> None:
    response = client_as("employee").post(
        reverse("privacy:self_identification"), {"ethnicity": "martian"}
    )
    assert response.status_code == 200
    assert b"Ethnicity" in response.content
    assert "ethnicity" in response.context["form"].errors


def test_it_audits_every_write_without_the_values(personas) -> None:
    user = personas["mentor"]
    person = user.person
    services.self_identification_save(person=person, answers={"veteran": "yes"}, actor=user)
    services.self_identification_save(person=person, answers={"veteran": "no"}, actor=user)
    services.analytics_consent_set(person=person, given=True, actor=user)
    services.self_identification_delete(person=person, actor=user)
    events = list(AuditEvent.objects.filter(category="self_id").order_by("id"))
    assert [e.action for e in events] == ["create", "update", "create", "delete"]
    assert all(e.actor_id == user.pk and e.target_id == str(person.pk) for e in events)
    dumped = json.dumps([e.detail for e in events])
    assert "veteran" not in dumped and '"yes"' not in dumped and '"no"' not in dumped


def test_it_records_consent_with_time_and_wording_and_lets_it_be_withdrawn(
    client_as, personas
) -> None:
    client = client_as("employee")
    person = personas["employee"].person
    client.post(reverse("privacy:analytics_consent"), {"consent": "on"})
    consent = SelfIdConsent.objects.get(person=person)
    assert consent.text_version == SELF_ID_CONSENT_TEXT_VERSION and consent.withdrawn_at is None
    client.post(reverse("privacy:analytics_consent"), {"consent": "on"})  # no duplicate
    assert SelfIdConsent.objects.filter(person=person).count() == 1
    client.post(reverse("privacy:analytics_consent"), {})  # unticked: refused
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None and consent.given_at < consent.withdrawn_at


def test_it_never_shows_answers_to_anyone_else(client_as, personas) -> None:
    person = personas["employee"].person
    services.self_identification_save(
        person=person, answers={"ethnicity": "indigenous"}, actor=personas["employee"]
    )
    for persona in ("administrator", "hr_analyst", "group_leader", "program_manager"):
        client = client_as(persona)
        own_page = client.get(reverse("privacy:self_identification"))
        assert own_page.context["answered"] == []  # their own (empty) answers, never hers
        assert b'value="indigenous" selected' not in own_page.content
        profile = client.get(reverse("people:profile", args=[person.employee_id]))
        assert b"Indigenous" not in profile.content
        data = client.post(reverse("privacy:download")).json()
        assert data["self_identification"]["answers"] == []
    from django.contrib import admin

    assert SelfIdentification not in admin.site._registry


def test_it_can_leave_questions_out_by_setting(client_as, settings) -> None:
    settings.BELONG_SELF_ID_QUESTIONS = ["caregiver"]
    response = client_as("employee").get(reverse("privacy:self_identification"))
    assert list(response.context["form"].fields) == ["caregiver"]


def test_the_hr_import_never_writes_it(db, tmp_path) -> None:
    from belong.people.hr_import import COLUMNS
    from belong.people.imports import run_import
    from belong.people.models import Person
    from belong.privacy.questions import ALL_QUESTIONS

    assert not {q.key for q in ALL_QUESTIONS} & set(COLUMNS)
    hr_file = tmp_path / "hr.csv"
    hr_file.write_text(
        "employee_id,legal_name,email,level,org_path,city,country,country_code,time_zone,"
        "hire_date,gender_identity,disability\n"
        "A1,Ana Ruiz,ana@acme.example,L4,Acme / Engineering,Madrid,Spain,ES,Europe/Madrid,"
        "2020-01-06,woman,yes\n"
    )
    run_import(hr_file, full_export=False, skip_bad=True)
    assert Person.objects.filter(employee_id="A1").exists()  # the row itself was imported
    assert not SelfIdentification.objects.exists()
