"""An administrator uploads an HR file with one bad row: its error shows, nothing is written."""

from __future__ import annotations

import pytest

from belong.accounts.models import Role
from belong.common.testing import PASSWORD, employee_user, grant
from belong.people.models import Person
from belong.people.tests.test_import import row, write_csv

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_it_shows_the_bad_row_and_imports_nothing(page, live_server, tmp_path):
    admin = employee_user("admin-e2e")
    grant(admin, Role.ADMINISTRATOR)
    rows = [row("N1"), row("N2", manager_id="N1"), row("N3", time_zone="Europe/Atlantis")]
    path = write_csv(tmp_path, rows, name="hr-export.csv")

    from e2e.conftest import sign_in

    sign_in(page, live_server, admin.email, PASSWORD)
    page.get_by_role("link", name="Import people").first.click()
    page.get_by_label("HR export (CSV)").set_input_files(str(path))
    page.get_by_role("button", name="Upload and import").click()
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "nothing was imported" in alert.inner_text()
    problems = page.locator("table.problems")
    assert "Europe/Atlantis" in problems.inner_text()
    assert "unknown time zone" in problems.inner_text()
    assert problems.locator("tbody tr").count() == 1
    assert not Person.objects.filter(employee_id__in=["N1", "N2", "N3"]).exists()
