"""Attacks on the threshold: subtraction, narrowing filters, chapters, exports and the API."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import override_settings

from belong.insights.privacy import (
    Refused,
    overlap_hide,
    require_population,
    suppress_column,
    threshold_figure,
)
from belong.insights.tests.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas):
    return build_world(personas)


def test_it_hides_a_small_cell_and_a_second_one_so_the_total_cannot_give_it_away() -> None:
    assert suppress_column([12, 15, 3, 0], 10) == [None, 15, None, 0]
    assert suppress_column([12, 4, 3, 40], 10) == [12, None, None, 40]  # two hidden already
    assert suppress_column([12, 15], 10) == [12, 15]


def test_it_hides_rates_resting_on_a_hidden_count() -> None:
    fig = {"rows": [["a", 4, 50.0], ["b", 30, 20.0], ["c", 40, 30.0]], "people": [1],
           "rates": {2: 1}}  # fmt: skip
    shown = threshold_figure(fig, 10)
    assert shown["rows"] == [["a", None, None], ["b", None, None], ["c", 40, 30.0]]
    assert shown["suppressed"] == 4


def test_it_refuses_populations_under_k_or_differing_from_the_whole_by_under_k() -> None:
    require_population(25, whole=40, k=10)
    with pytest.raises(Refused, match="fewer than 10 people"):
        require_population(4, k=10)
    with pytest.raises(Refused, match="leaves out fewer than 10"):
        require_population(36, whole=40, k=10)
    assert overlap_hide(40, {"madrid": 24, "only": 37}, k=10) == {"only"}


@override_settings(BELONG_PRIVACY_MIN_GROUP=5)
def test_it_uses_the_deployment_threshold() -> None:
    fig = {"rows": [["a", 6], ["b", 4], ["c", 30], ["d", 9]], "people": [1]}
    assert [r[1] for r in threshold_figure(fig)["rows"]] == [None, None, 30, 9]
    require_population(5)


def test_it_refuses_a_chapter_under_k(client_as, world) -> None:
    response = client_as("hr_analyst").get("/insights/groups/pride/chapters/lisbon/")
    assert response.status_code == 403
    assert b"fewer than 10 people" in response.content


def test_it_shows_a_chapter_big_enough_and_far_enough_from_the_group(client_as, world) -> None:
    assert client_as("hr_analyst").get("/insights/groups/pride/chapters/madrid/").status_code == 200


def test_it_refuses_a_filter_that_narrows_to_under_k(client_as, world) -> None:
    response = client_as("hr_analyst").get("/insights/groups/pride/?country=PT")
    assert response.status_code == 403 and b"fewer than 10 people" in response.content


def test_it_refuses_a_filter_whose_difference_from_the_whole_is_under_k(client_as, world) -> None:
    # 36 in Spain out of 40: subtracting the two would show the 4 people in Portugal.
    response = client_as("hr_analyst").get("/insights/groups/pride/?country=ES")
    assert response.status_code == 403 and b"leaves out fewer than 10" in response.content


def test_it_exports_a_figure_with_small_cells_hidden(client_as, world) -> None:
    response = client_as("hr_analyst").get("/insights/groups/pride/referrals.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    counts = {row[0]: row[1] for row in rows[1:]}
    assert counts["hired"] == "fewer than 10" and counts["referred"] == "fewer than 10"
    assert counts["interviewing"] == "15"


def test_it_refuses_an_export_of_a_narrowed_selection(client_as, world) -> None:
    response = client_as("hr_analyst").get("/insights/groups/pride/referrals.csv?country=PT")
    assert response.status_code == 403


def test_it_refuses_the_same_through_the_api(client_as, world) -> None:
    client = client_as("hr_analyst")
    assert client.get("/api/insights/groups/pride?country=PT").status_code == 403
    assert client.get("/api/insights/groups/pride/chapters/lisbon").status_code == 403
    body = client.get("/api/insights/groups/pride").json()
    referrals = next(f for f in body["pillars"]["recruit"] if f["key"] == "referrals")
    assert {row[0]: row[1] for row in referrals["rows"]}["hired"] is None


def test_it_keeps_the_api_to_the_same_people_as_the_pages(client_as, world) -> None:
    assert client_as("outsider").get("/api/insights/company").status_code == 403
    assert client_as("group_leader").get("/api/insights/company").status_code == 403
    assert client_as("group_leader").get("/api/insights/groups/pride").status_code == 200
    assert client_as("anonymous").get("/api/insights/company").status_code == 401
    assert client_as("hr_analyst").get("/api/insights/company").status_code == 200


def test_it_never_shows_impact_on_too_few_comparable_people(client_as, world) -> None:
    body = client_as("hr_analyst").get("/api/insights/groups/pride").json()
    assert all("refused" in study for study in body["impact"])
