"""The administrators' audit log pages: list, filters, detail and CSV export."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zoneinfo
from typing import Any

import pytest
from django.urls import reverse

from belong.audit.models import Action, AuditEvent, Category
from belong.audit.services import audit_record
from belong.common.testing import PERSONAS, assert_page_access

MADRID = zoneinfo.ZoneInfo("Europe/Madrid")


def _event(at: dt.datetime | None = None, **fields: Any) -> AuditEvent:
    fields.setdefault("actor", None)
    fields.setdefault("category", Category.ROLE_GRANT)
    fields.setdefault("action", Action.CREATE)
    if at is None:
        return audit_record(**fields)
    # Back-dated rows are inserted with their time (rows cannot be changed afterwards).
    fields.pop("actor")
    return AuditEvent.objects.create(at=at, **fields)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", ["audit:list", "audit:export", "audit:detail"])
def test_it_lets_only_administrators_in(
    client_as: Any, personas: dict[str, Any], persona: str, name: str
) -> None:
    event = _event(actor=personas["employee"], target_type="groups.group", target_id=3)
    args = [event.pk] if name == "audit:detail" else []
    response = client_as(persona).get(reverse(name, args=args))
    assert_page_access(response, persona, {"administrator"}, name)
    exports = AuditEvent.objects.filter(category=Category.EXPORT).count()
    assert exports == (1 if name == "audit:export" and persona == "administrator" else 0)


def test_it_shows_the_link_to_administrators_only(client_as: Any) -> None:
    url = reverse("audit:list")
    assert f'href="{url}"' in client_as("administrator").get(reverse("home")).text
    assert f'href="{url}"' not in client_as("hr_analyst").get(reverse("home")).text


def test_it_lists_newest_first_in_a_constant_number_of_queries(
    client_as: Any, personas: dict[str, Any], count_queries: Any
) -> None:
    client = client_as("administrator")
    for n in range(5):
        _event(actor=personas["mentor"], target_type="groups.group", target_id=n)
    client.get(reverse("audit:list"))  # warm the session and caches
    with count_queries() as few:
        response = client.get(reverse("audit:list"))
    for n in range(60):
        _event(actor=personas["employee"], target_type="groups.group", target_id=100 + n)
    with count_queries() as many:
        crowded = client.get(reverse("audit:list"))
    assert response.status_code == crowded.status_code == 200
    assert len(many) == len(few) <= 8
    assert not any("COUNT(" in q["sql"].upper() for q in many.captured_queries)
    rows = crowded.text.split("<tbody>")[1].split("</tbody>")[0]
    assert rows.count("<tr>") == 50
    assert rows.index("#159") < rows.index("#150")  # newest first
    assert 'rel="next"' in crowded.text
    second = client.get(reverse("audit:list"), {"page": 2}).text
    assert second.split("<tbody>")[1].count("<tr>") == 15
    assert 'rel="next"' not in second and 'rel="prev"' in second


def test_it_filters_by_category_action_actor_and_target(
    client_as: Any, personas: dict[str, Any]
) -> None:
    _event(actor=personas["mentor"], target_type="groups.group", target_id=1)
    _event(
        actor=personas["hr_analyst"],
        category=Category.INSIGHTS,
        action=Action.READ,
        target_type="insights.query",
        target_id="pillars",
    )
    _event(
        actor=personas["employee"],
        category=Category.CARE_CIRCLE,
        action=Action.DENIED,
        target_type="circles.circle",
        target_id=9,
    )
    client = client_as("administrator")

    def targets(**params: str) -> list[str]:
        page = client.get(reverse("audit:list"), params).text
        body = page.split("<tbody>")[1].split("</tbody>")[0]
        return [t for t in ("groups.group", "insights.query", "circles.circle") if t in body]

    assert targets(category="insights") == ["insights.query"]
    assert targets(action="denied") == ["circles.circle"]
    assert targets(actor="HR-ANA") == ["insights.query"]
    assert targets(target_type="groups.group", target_id="1") == ["groups.group"]
    assert targets(target_type="groups.group", target_id="2") == []
    assert len(targets()) == 3


def test_it_filters_dates_in_the_viewers_zone(client_as: Any, personas: dict[str, Any]) -> None:
    # The administrator works in Madrid (UTC+1 in November).
    late = dt.datetime(2026, 11, 10, 23, 30, tzinfo=dt.UTC)  # 11 November, 00:30 in Madrid
    early = dt.datetime(2026, 11, 10, 22, 30, tzinfo=dt.UTC)  # 10 November, 23:30 in Madrid
    _event(at=late, target_type="late", target_id=1)
    _event(at=early, target_type="early", target_id=1)
    client = client_as("administrator")
    page = client.get(reverse("audit:list"), {"date_from": "2026-11-11"}).text
    assert "late #1" in page and "early #1" not in page
    page = client.get(reverse("audit:list"), {"date_to": "2026-11-10"}).text
    assert "early #1" in page and "late #1" not in page
    page = client.get(reverse("audit:list"), {"date_from": "2026-11-10", "date_to": "2026-11-10"})
    assert "early #1" in page.text and "late #1" not in page.text


def test_it_names_the_field_when_a_filter_is_wrong(client_as: Any) -> None:
    client = client_as("administrator")
    page = client.get(reverse("audit:list"), {"date_from": "2026-11-12", "date_to": "2026-11-11"})
    assert page.status_code == 200
    assert "To: The end date must be on or after the start date." in page.text
    page = client.get(reverse("audit:list"), {"date_from": "yesterday"})
    assert "From: Enter a valid date." in page.text


def test_it_answers_htmx_with_the_results_only(client_as: Any) -> None:
    _event(target_type="groups.group", target_id=4)
    response = client_as("administrator").get(
        reverse("audit:list"),
        {"category": "role_grant"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="results",
    )
    assert response.text.lstrip().startswith('<section id="results"')
    assert "groups.group #4" in response.text and "<form" not in response.text


def test_it_shows_one_entry(client_as: Any, personas: dict[str, Any]) -> None:
    event = _event(
        actor=personas["mentor"],
        category=Category.PRIVATE_MEMBERSHIP,
        action=Action.READ,
        target_type="groups.group",
        target_id=12,
        detail={"what": "roster"},
    )
    page = client_as("administrator").get(reverse("audit:detail", args=[event.pk])).text
    assert "mentor@example.test" in page and "Private membership" in page
    assert "roster" in page and "groups.group #12" in page
    assert client_as("administrator").get(reverse("audit:detail", args=[999999])).status_code == 404


def test_it_exports_the_filtered_list_and_records_the_export(
    client_as: Any, personas: dict[str, Any]
) -> None:
    _event(actor=personas["mentor"], target_type="groups.group", target_id=1)
    _event(actor=personas["mentor"], target_type="=HYPERLINK(1)", target_id=2)
    _event(category=Category.INSIGHTS, action=Action.READ, target_type="insights.query")
    response = client_as("administrator").get(reverse("audit:export"), {"category": "role_grant"})
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:4] == ["id", "at", "actor_id", "actor"]
    assert [r[6] for r in rows[1:]] == ["'=HYPERLINK(1)", "groups.group"]
    assert dt.datetime.fromisoformat(rows[1][1]).utcoffset() == dt.timedelta(hours=1)
    export = AuditEvent.objects.filter(category=Category.EXPORT).get()
    assert export.actor_label == "administrator@example.test"
    assert export.detail == {"export": "audit_log", "filters": {"category": "role_grant"}}


def test_it_does_not_offer_edit_or_delete(client_as: Any) -> None:
    event = _event()
    client = client_as("administrator")
    assert client.post(reverse("audit:detail", args=[event.pk])).status_code == 405
    assert client.post(reverse("audit:list")).status_code == 405
