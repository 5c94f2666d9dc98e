from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from belong.people.hr_import import COLUMNS
from belong.people.models import ImportJob, JobEvent, Person

pytestmark = pytest.mark.django_db


def row(employee_id: str = "", **overrides: str) -> dict[str, str]:
    base = {
        "employee_id": employee_id,
        "legal_name": f"Name {employee_id}",
        "preferred_name": "",
        "email": f"{employee_id.lower()}@acme.test",
        "title": "Engineer",
        "level": "L3",
        "job_family": "Software Engineering",
        "org_path": "Acme / Engineering / Platform",
        "manager_id": "",
        "city": "Madrid",
        "country": "Spain",
        "country_code": "ES",
        "time_zone": "Europe/Madrid",
        "hire_date": "2020-01-15",
        "exit_date": "",
        "languages": "es;en",
        "pronouns": "",
        "bio": "",
        "skills_teach": "Python;SQL",
        "skills_learn": "Leadership",
    }
    base.update(overrides)
    return base


def write_csv(tmp_path: Path, rows: list[dict[str, str]], name: str = "hr.csv") -> Path:
    path = tmp_path / name
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def good_company() -> list[dict[str, str]]:
    # The report comes before the boss: managers resolve after all rows are in.
    return [
        row("E2", manager_id="E1"),
        row("E1", level="L9", title="Director"),
        row("E3", manager_id="E2", org_path="Acme / Sales"),
    ]


def test_it_imports_people_with_managers_skills_languages_and_history(tmp_path):
    call_command("import_people", str(write_csv(tmp_path, good_company())))
    e2 = Person.objects.get(employee_id="E2")
    assert e2.manager.employee_id == "E1"
    assert Person.objects.get(employee_id="E3").manager == e2
    assert sorted(e2.languages.values_list("code", flat=True)) == ["en", "es"]
    assert set(e2.skills.values_list("name", flat=True)) == {"Python", "SQL", "Leadership"}
    assert e2.org_unit.full_name == "Acme / Engineering / Platform"
    assert e2.org_unit.parent.full_name == "Acme / Engineering"
    assert e2.preferred_name == e2.legal_name  # blank preferred name falls back
    assert JobEvent.objects.filter(kind="hire").count() == 3


def test_it_is_idempotent(tmp_path):
    path = write_csv(tmp_path, good_company())
    call_command("import_people", str(path))
    out = io.StringIO()
    call_command("import_people", str(path), stdout=out)
    assert "0 created, 0 updated, 3 unchanged" in out.getvalue()
    assert JobEvent.objects.count() == 3


def test_it_records_promotions_and_transfers_as_job_history(tmp_path):
    call_command("import_people", str(write_csv(tmp_path, good_company())))
    changed = good_company()
    changed[0]["level"] = "L4"
    changed[2]["org_path"] = "Acme / Engineering / Platform"
    changed[1]["level"] = "L8"
    call_command("import_people", str(write_csv(tmp_path, changed)))
    kinds = dict(JobEvent.objects.exclude(kind="hire").values_list("person__employee_id", "kind"))
    assert kinds == {"E2": "promotion", "E3": "transfer", "E1": "level_change"}


def test_it_marks_people_missing_from_a_full_export_as_exited(tmp_path):
    call_command("import_people", str(write_csv(tmp_path, good_company())))
    call_command("import_people", str(write_csv(tmp_path, good_company()[:2])), "--full")
    e3 = Person.objects.get(employee_id="E3")
    assert e3.exit_date == dt.date.today()
    assert JobEvent.objects.filter(person=e3, kind="exit").exists()
    assert Person.objects.count() == 3  # never deleted


@pytest.mark.parametrize(
    ("bad", "column", "problem"),
    [
        ({"employee_id": ""}, "employee_id", "missing value"),
        ({"email": "not-an-email"}, "email", "not a valid email address"),
        ({"level": "L99"}, "level", "unknown level"),
        ({"manager_id": "NOPE"}, "manager_id", "manager not found"),
        ({"hire_date": "15/01/2020"}, "hire_date", "bad date"),
        ({"time_zone": "Mars/Olympus"}, "time_zone", "unknown time zone"),
        ({"languages": "xx"}, "languages", "unknown language"),
        ({"exit_date": "2019-01-01"}, "exit_date", "before the hire date"),
    ],
)
def test_it_names_the_bad_row_and_writes_nothing(tmp_path, bad, column, problem):
    rows = good_company()
    rows.append(row(**{"employee_id": "E4", **bad}))
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_people", str(write_csv(tmp_path, rows)), stderr=err)
    assert f"row 5, {column}" in err.getvalue()
    assert problem in err.getvalue()
    assert Person.objects.count() == 0


def test_it_reports_duplicate_ids(tmp_path):
    rows = [*good_company(), row("E1", email="other@acme.test")]
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_people", str(write_csv(tmp_path, rows)), stderr=err)
    assert "row 5, employee_id = 'E1': duplicate id (also on row 3)" in err.getvalue()


def test_it_finds_manager_cycles_however_deep(tmp_path):
    rows = [row(f"C{i}", manager_id=f"C{(i + 1) % 300}") for i in range(300)]
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_people", str(write_csv(tmp_path, rows)), stderr=err)
    assert "manager cycle" in err.getvalue()
    assert Person.objects.count() == 0


def test_it_reports_a_missing_column_in_the_header(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("employee_id,legal_name\nE1,Ada\n")
    with pytest.raises(CommandError, match="lacks required columns: email"):
        call_command("import_people", str(path))


def test_it_skips_bad_rows_on_request_and_saves_them_beside_the_file(tmp_path):
    rows = [*good_company(), row("E4", level="L99"), row("E5", manager_id="E4")]
    path = write_csv(tmp_path, rows)
    out = io.StringIO()
    call_command("import_people", str(path), "--skip-bad", stdout=out, stderr=io.StringIO())
    assert Person.objects.count() == 3
    rejects = list(csv.DictReader((tmp_path / "hr.rejects.csv").open()))
    assert [r["employee_id"] for r in rejects] == ["E4", "E5"]
    assert "unknown level" in rejects[0]["problems"]
    assert "manager's own row was rejected" in rejects[1]["problems"]


def test_the_upload_page_runs_the_import_and_shows_each_bad_row(client_as, tmp_path):
    rows = [*good_company(), row("E4", email="broken")]
    upload = SimpleUploadedFile("hr.csv", write_csv(tmp_path, rows).read_bytes())
    client = client_as("administrator")
    response = client.post(reverse("people:import"), {"file": upload}, follow=True)
    body = response.content.decode()
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.REJECTED
    assert "nothing was imported" in body
    assert "not a valid email address" in body
    assert not Person.objects.filter(employee_id__in=["E1", "E2", "E3", "E4"]).exists()


def test_the_upload_page_imports_a_good_file(client_as, tmp_path):
    upload = SimpleUploadedFile("hr.csv", write_csv(tmp_path, good_company()).read_bytes())
    response = client_as("administrator").post(
        reverse("people:import"), {"file": upload}, follow=True
    )
    assert "3 created" in response.content.decode()
    assert ImportJob.objects.get().status == ImportJob.Status.DONE


def test_the_upload_page_refuses_a_file_that_is_not_csv(client_as):
    upload = SimpleUploadedFile("people.xlsx", b"PK\x03\x04")
    response = client_as("administrator").post(reverse("people:import"), {"file": upload})
    assert "The file must be a .csv file." in response.content.decode()
    assert not ImportJob.objects.exists()


def test_the_api_starts_an_import_for_an_admin_token(client_as, personas, tmp_path):
    from belong.accounts.services import api_token_create

    _, secret = api_token_create(user=personas["administrator"], name="hr sync", scopes=["admin"])
    from django.test import Client

    upload = SimpleUploadedFile("hr.csv", write_csv(tmp_path, good_company()).read_bytes())
    response = Client().post(
        "/api/imports", {"file": upload}, HTTP_AUTHORIZATION=f"Bearer {secret}"
    )
    assert response.status_code == 202, response.content
    assert response.json()["status"] == "done"
    assert response.json()["summary"]["created"] == 3


def test_the_documented_sample_file_imports_cleanly():
    sample = Path(__file__).resolve().parents[3] / "docs" / "sample-hr.csv"
    out = io.StringIO()
    call_command("import_people", str(sample), stdout=out)
    assert "4 created" in out.getvalue()
    assert Person.objects.get(employee_id="A0003").manager.employee_id == "A0002"


def test_a_reimport_replaces_skills_and_languages(tmp_path):
    call_command("import_people", str(write_csv(tmp_path, good_company())))
    changed = good_company()
    changed[0].update(skills_teach="Python", skills_learn="", languages="fr")
    call_command("import_people", str(write_csv(tmp_path, changed)))
    e2 = Person.objects.get(employee_id="E2")
    assert list(e2.skills.values_list("name", flat=True)) == ["Python"]
    assert list(e2.languages.values_list("code", flat=True)) == ["fr"]
    e1 = Person.objects.get(employee_id="E1")
    assert set(e1.skills.values_list("name", flat=True)) == {"Python", "SQL", "Leadership"}


def test_an_initial_load_in_bulk_mode_writes_the_same_people(tmp_path, monkeypatch):
    from belong.people import services

    monkeypatch.setattr(services, "BULK_LOAD_FROM", 1)  # a 3-row file counts as a big first load
    call_command("import_people", str(write_csv(tmp_path, good_company())))
    e2 = Person.objects.get(employee_id="E2")
    assert e2.manager.employee_id == "E1"
    assert set(e2.skills.values_list("name", flat=True)) == {"Python", "SQL", "Leadership"}
    assert JobEvent.objects.filter(kind="hire").count() == 3
    assert list(
        Person.objects.filter(search_text__contains="name e3").values_list("employee_id", flat=True)
    ) == ["E3"]
