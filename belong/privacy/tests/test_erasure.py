"""Erasure: asked for by the person, carried out by an administrator (or after the grace
period); anonymises in one transaction, idempotent, audited, and leaves every insights
figure exactly as it was."""

from __future__ import annotations

import datetime as dt

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from belong.accounts.models import ApiToken, RoleGrant
from belong.accounts.services import api_token_create
from belong.audit.models import AuditEvent
from belong.circles.models import Circle, CircleEnrollment, CircleMember, CircleProgram, Post
from belong.common.testing import PASSWORD, PERSONAS, PersonFactory, assert_page_access
from belong.events.models import Event, Registration
from belong.groups.models import Consent, Membership
from belong.insights.access import Scope
from belong.insights.queries import Filters
from belong.insights.services import build_dashboard, default_period
from belong.insights.tests.world import build_world
from belong.mentoring.models import (
    Enrollment,
    PrivateNote,
    Relationship,
    Session,
    Survey,
    SurveyResponse,
)
from belong.people.models import JobEvent, Person
from belong.privacy import services
from belong.privacy.erasure import person_erase, pseudonym
from belong.privacy.models import ErasureRequest, SelfIdConsent, SelfIdentification

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_the_requests_page_to_administrators_only(client_as, persona) -> None:
    response = client_as(persona).get(reverse("privacy:erasure_requests"))
    assert_page_access(response, persona, {"administrator"}, "erasure_requests")


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lets_only_administrators_carry_out_a_request(client_as, personas, persona) -> None:
    target = PersonFactory()
    request = ErasureRequest.objects.create(person=target)
    url = reverse("privacy:erasure_carry_out", args=[request.pk])
    page = client_as(persona).get(url)
    assert_page_access(page, persona, {"administrator"}, "carry_out")
    client_as(persona).post(url)
    request.refresh_from_db()
    erased = persona == "administrator"
    assert request.status == ("done" if erased else "pending"), persona


def test_it_takes_a_request_with_confirmation_and_lets_it_be_cancelled(client_as, personas) -> None:
    client = client_as("employee")
    person = personas["employee"].person
    refused = client.post(reverse("privacy:erasure"), {"reason": "leaving"})
    assert refused.status_code == 200 and "confirm" in refused.context["form"].errors
    client.post(reverse("privacy:erasure"), {"reason": "leaving", "confirm": "on"})
    request = ErasureRequest.objects.get(person=person)
    assert request.status == "pending" and request.reason == "leaving"
    assert b"Cancel my request" in client.get(reverse("privacy:erasure")).content
    client.post(reverse("privacy:erasure_cancel"))
    request.refresh_from_db()
    assert request.status == "cancelled" and request.reason == ""
    actions = list(
        AuditEvent.objects.filter(category="personal_data").values_list("action", flat=True)
    )
    assert sorted(actions) == ["create", "update"]


def test_it_lists_waiting_requests_in_a_fixed_number_of_queries(client_as, count_queries) -> None:
    client = client_as("administrator")
    ErasureRequest.objects.create(person=PersonFactory(), reason="one")
    client.get(reverse("privacy:erasure_requests"))
    with count_queries() as few:
        client.get(reverse("privacy:erasure_requests"))
    for n in range(8):
        ErasureRequest.objects.create(person=PersonFactory(), reason=f"r{n}")
    person_erase(person=PersonFactory(), actor=None)
    with count_queries() as many:
        response = client.get(reverse("privacy:erasure_requests"))
    assert len(response.context["pending"]) == 9 and len(response.context["done"]) == 1
    assert len(many) == len(few) <= 10, [q["sql"] for q in many.captured_queries]


def _footprint(user):
    """Sign-in extras, self-ID, notes, posts and consents for `user`'s person."""
    person = user.person
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    SocialAccount.objects.create(user=user, provider="openid_connect", uid="sub-123")
    Authenticator.objects.create(user=user, type="totp", data={"secret": "x"})
    api_token_create(user=user, name="script", scopes=["read"])
    services.self_identification_save(person=person, answers={"lgbtq": "yes"}, actor=user)
    services.analytics_consent_set(person=person, given=True, actor=user)
    membership = Membership.objects.filter(person=person).first()
    if membership is not None:
        Consent.objects.create(membership=membership, purpose="membership", text_version="v1")
    program = CircleProgram.objects.create(name="Care", kind="care", starts_on=timezone.localdate())
    enrollment = CircleEnrollment.objects.create(program=program, person=person, role="participant",
                                                 status="placed")  # fmt: skip
    circle = Circle.objects.create(program=program, name="C1", published=True)
    member = CircleMember.objects.create(circle=circle, enrollment=enrollment, person=person,
                                         role="participant", display_name="Sunny")  # fmt: skip
    Post.objects.create(circle=circle, author=member, body="something very personal")


def test_it_anonymises_the_person_and_closes_the_sign_in(client_as, personas) -> None:
    user = personas["mentor"]
    person = user.person
    _footprint(user)
    client = client_as("mentor")
    assert client.get(reverse("privacy:overview")).status_code == 200
    client.post(reverse("privacy:erasure"), {"confirm": "on", "reason": "privacy"})
    client_as("administrator").post(
        reverse("privacy:erasure_carry_out", args=[ErasureRequest.objects.get().pk])
    )

    person.refresh_from_db()
    user.refresh_from_db()
    assert person.legal_name == person.preferred_name == pseudonym(person.pk)
    assert person.legal_name.startswith("Former colleague #")
    assert person.email.endswith("@erased.invalid") and "mentor" not in person.search_text
    assert not person.bio and not person.skills.exists()
    assert not user.is_active and not user.has_usable_password() and "mentor" not in user.email
    for model in (EmailAddress, SocialAccount, Authenticator, ApiToken, RoleGrant):
        assert not model.objects.filter(user=user).exists(), model
    assert not SelfIdentification.objects.filter(person=person).exists()
    assert not SelfIdConsent.objects.filter(person=person, withdrawn_at__isnull=True).exists()
    assert not Consent.objects.filter(membership__person=person, withdrawn_at__isnull=True).exists()
    assert "personal" not in Post.objects.get().body
    assert CircleMember.objects.get().display_name == ""
    assert ErasureRequest.objects.get().reason == ""
    # The old session no longer works, and the password no longer signs in.
    assert client.get(reverse("privacy:overview")).status_code == 302
    assert not Client().login(username="mentor@example.test", password=PASSWORD)
    event = AuditEvent.objects.get(action="erase")
    assert event.actor_id == personas["administrator"].pk and "mentor" not in str(event.detail)


def test_it_is_idempotent_and_never_touches_the_audit_log(personas) -> None:
    person = personas["employee"].person
    services.analytics_consent_set(person=person, given=True, actor=personas["employee"])
    audit_before = list(AuditEvent.objects.values_list("id", "actor_id", "actor_label", "at"))
    assert len(audit_before) == 1
    first = person_erase(person=person, actor=personas["administrator"])
    snapshot = Person.objects.filter(pk=person.pk).values().get()
    again = person_erase(person=person, actor=personas["administrator"])
    assert first.pk == again.pk and ErasureRequest.objects.filter(person=person).count() == 1
    assert Person.objects.filter(pk=person.pk).values().get() == snapshot
    assert AuditEvent.objects.filter(action="erase").count() == 1
    assert set(audit_before) <= set(
        AuditEvent.objects.values_list("id", "actor_id", "actor_label", "at")
    )
    with pytest.raises(Exception, match="already been erased"):
        services.erasure_request_create(person=person, reason="", actor=None)


def test_it_is_all_or_nothing(personas, monkeypatch) -> None:
    person = personas["employee"].person
    ErasureRequest.objects.create(person=person)

    def boom(_person):
        raise RuntimeError("disk full")

    monkeypatch.setattr("belong.privacy.erasure._events", boom)
    with pytest.raises(RuntimeError):
        person_erase(person=person, actor=None)
    person.refresh_from_db()
    assert person.legal_name == "Employee" and person.user.is_active
    assert ErasureRequest.objects.get().status == "pending"


def test_it_refuses_an_administrator_erasing_themself(client_as, personas) -> None:
    admin = personas["administrator"]
    request = ErasureRequest.objects.create(person=admin.person)
    client_as("administrator").post(reverse("privacy:erasure_carry_out", args=[request.pk]))
    request.refresh_from_db()
    assert request.status == "pending"


def _enrich(world) -> list[Person]:
    """Attendance, survey scores, notes and promotions for the people about to be erased."""
    chosen = [world.people[n] for n in (0, 7, 8, 25, 30)]
    start = timezone.now() - dt.timedelta(days=20)
    event = Event.objects.create(group=world.group, title="Panel", kind="panel", starts_at=start,
                                 ends_at=start + dt.timedelta(hours=1), timezone="UTC",
                                 mode="virtual")  # fmt: skip
    for person in world.people[:14]:
        Registration.objects.create(event=event, person=person, status="attended",
                                    checked_in_at=start)  # fmt: skip
    for rel in Relationship.objects.all():
        survey = Survey.objects.create(relationship=rel, kind="checkin", due_on=start.date())
        SurveyResponse.objects.create(survey=survey, program=rel.program, kind="checkin",
                                      respondent=rel.mentee_person, side="mentee", rating=4,
                                      nps=8, comment="private words")  # fmt: skip
        session = Session.objects.create(relationship=rel, starts_at=start, status="held")
        PrivateNote.objects.create(session=session, author=rel.mentee_person, text="mine")
    for person in world.people[5:15]:
        JobEvent.objects.create(person=person, kind="promotion",
                                effective_date=timezone.localdate() - dt.timedelta(days=100),
                                level=person.level)  # fmt: skip
    world.people[30].exit_date = timezone.localdate() - dt.timedelta(days=30)
    world.people[30].save()
    Enrollment.objects.create(program=world.program, person=chosen[3], role="mentee")
    return chosen


def _dashboards(world) -> list[dict]:
    period = default_period()
    scopes = [
        Scope("company"),
        Scope("group", world.group.pk, "Pride"),
        Scope("chapter", world.madrid.pk, "Madrid", world.group.pk),
        Scope("program", world.program.pk, "Company mentoring"),
    ]
    return [build_dashboard(scope, period, Filters()) for scope in scopes]


def test_it_keeps_every_insights_figure_identical(personas, settings) -> None:
    settings.BELONG_PRIVACY_MIN_GROUP = 5  # small world: show as many cells as possible
    world = build_world(personas)
    chosen = _enrich(world)
    before = _dashboards(world)
    assert any(fig["rows"] for d in before for figs in d["pillars"].values() for fig in figs)
    for person in chosen:
        person_erase(person=person, actor=personas["administrator"])
    assert Person.objects.filter(legal_name__startswith="Former colleague").count() == 5
    assert Enrollment.objects.get(person=chosen[3]).status == "withdrawn"
    assert not PrivateNote.objects.filter(author__in=chosen).exists()
    assert not SurveyResponse.objects.filter(respondent__in=chosen).exclude(comment="").exists()
    after = _dashboards(world)
    assert after == before


def test_it_rewrites_the_employee_id_in_logged_webhook_payloads(personas) -> None:
    from belong.webhooks.models import WebhookDelivery, WebhookEndpoint

    person = personas["employee"].person
    endpoint = WebhookEndpoint.objects.create(url="https://hooks.example.test/in", secret="s")
    data = {"group_id": 1, "change": "joined", "employee_id": person.employee_id}
    logged = WebhookDelivery.objects.create(
        endpoint=endpoint, event_type="membership.changed", event_id="evt_1",
        payload={"id": "evt_1", "type": "membership.changed", "data": data},
    )  # fmt: skip
    other = WebhookDelivery.objects.create(
        endpoint=endpoint, event_type="membership.changed", event_id="evt_2",
        payload={"id": "evt_2", "data": {**data, "employee_id": "E999999"}},
    )  # fmt: skip
    person_erase(person=person, actor=None)
    person.refresh_from_db()
    logged.refresh_from_db()
    assert logged.payload["data"]["employee_id"] == person.employee_id
    assert person.employee_id.startswith("erased-")
    other.refresh_from_db()
    assert other.payload["data"]["employee_id"] == "E999999"


def test_it_gives_up_seats_at_events_to_come_and_promotes_the_next_person(personas) -> None:
    from belong.groups.models import Group

    person = personas["employee"].person
    waiting = PersonFactory()
    group = Group.objects.create(name="Pride", slug="pride")
    start = timezone.now() + dt.timedelta(days=7)
    event = Event.objects.create(group=group, title="Picnic", kind="celebration", starts_at=start,
                                 ends_at=start + dt.timedelta(hours=2), timezone="UTC",
                                 mode="in_person", capacity=1)  # fmt: skip
    mine = Registration.objects.create(event=event, person=person, status="going")
    theirs = Registration.objects.create(event=event, person=waiting, status="waitlisted",
                                         waitlist_position=1)  # fmt: skip
    person_erase(person=person, actor=None)
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.status == "cancelled" and not mine.listed
    assert theirs.status == "going"
