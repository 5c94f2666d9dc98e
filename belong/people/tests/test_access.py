"""Every protected page and endpoint: who gets in, who is refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from belong.common.testing import PERSONAS, assert_page_access
from belong.people.models import ImportJob

EMPLOYEES = {"employee", "mentor", "group_leader", "program_manager", "hr_analyst", "administrator"}


def _pages(personas):
    someone = personas["mentor"].person.employee_id
    mine = personas["employee"].person.employee_id
    job = ImportJob.objects.create(file="imports/x.csv", original_name="x.csv")
    return {
        "directory": (reverse("people:directory"), EMPLOYEES),
        "profile": (reverse("people:profile", args=[someone]), EMPLOYEES),
        "own profile edit": (reverse("people:profile_edit", args=[mine]), {"employee"}),
        "import": (reverse("people:import"), {"administrator"}),
        "import job": (reverse("people:import_job", args=[job.pk]), {"administrator"}),
        "roles": (reverse("accounts:roles"), {"administrator"}),
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lets_in_exactly_the_allowed_personas(client_as, personas, persona):
    for name, (url, allowed) in _pages(personas).items():
        assert_page_access(client_as(persona).get(url), persona, allowed, name)


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_applies_the_same_rules_to_the_api(client_as, personas, persona):
    someone = personas["mentor"].person.employee_id
    for url in ["/api/people", f"/api/people/{someone}", "/api/skills", "/api/sites"]:
        response = client_as(persona).get(url)
        if persona == "anonymous":
            assert response.status_code == 401, url
        elif persona in EMPLOYEES:
            assert response.status_code == 200, (url, persona)
        else:
            assert response.status_code == 403, (url, persona)


def test_it_hides_leavers_from_employees_but_not_from_administrators(client_as, personas):
    from belong.common.testing import PersonFactory

    leaver = PersonFactory(exit_date="2021-01-01")
    url = reverse("people:profile", args=[leaver.employee_id])
    assert client_as("employee").get(url).status_code == 404
    assert client_as("administrator").get(url).status_code == 200


def test_it_shows_job_history_only_to_the_person_and_administrators(client_as, personas):
    from belong.people.models import JobEvent

    person = personas["employee"].person
    JobEvent.objects.create(person=person, kind="promotion", effective_date="2024-05-01")
    url = reverse("people:profile", args=[person.employee_id])
    assert "Job history" in client_as("employee").get(url).content.decode()
    assert "Job history" in client_as("administrator").get(url).content.decode()
    assert "Job history" not in client_as("mentor").get(url).content.decode()
