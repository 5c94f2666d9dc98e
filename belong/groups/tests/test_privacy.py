"""A private membership never shows: not on a page, a roster, an export or an email header.
Widening the roster exposes no one without renewed consent. Member-vs-ally stays private."""

from __future__ import annotations

from django.core import mail
from django.urls import reverse

from belong.common.testing import employee_user
from belong.groups import access, services
from belong.groups.models import Consent, Membership, Visibility
from belong.groups.tests.world import build_world

VIEWERS = ["employee", "mentor", "group_leader", "program_manager", "hr_analyst", "administrator"]


def _urls(w):
    g = w.group.slug
    return [
        reverse("groups:list"),
        reverse("groups:group", args=[g]),
        reverse("groups:chapter", args=[g, "madrid"]),
        reverse("groups:roster", args=[g]),
        reverse("groups:chapter_roster", args=[g, "madrid"]),
        reverse("groups:roster_export", args=[g]),
        reverse("groups:chapter_roster_export", args=[g, "madrid"]),
        reverse("groups:lead", args=[g]),
        reverse("groups:lead_announcements", args=[g]),
        reverse("groups:volunteering", args=[g]),
        f"/api/groups/{w.group.pk}/members",
        f"/api/groups/{w.group.pk}",
        f"/api/groups/{w.group.pk}/chapters/{w.madrid.pk}/members",
    ]


def test_a_private_membership_never_appears_to_anyone_else(client_as, personas):
    w = build_world(personas)
    secret = w.hidden.person
    for persona in VIEWERS:
        client = client_as(persona)
        for url in _urls(w):
            body = client.get(url).content.decode()
            assert secret.display_name not in body, (persona, url)
            assert secret.email not in body, (persona, url)
            assert secret.employee_id not in body, (persona, url)


def test_the_visible_member_does_appear_to_leaders_and_members(client_as, personas):
    w = build_world(personas)
    name = w.visible.person.display_name
    url = reverse("groups:roster", args=[w.group.slug])
    assert name in client_as("group_leader").get(url).content.decode()
    assert name in client_as("mentor").get(url).content.decode()
    csv = client_as("group_leader").get(reverse("groups:roster_export", args=[w.group.slug]))
    assert w.visible.person.email in csv.content.decode()


def test_member_or_ally_is_shown_to_no_one_but_the_person(client_as, personas):
    w = build_world(personas)
    for persona in ["group_leader", "administrator"]:
        client = client_as(persona)
        for url in _urls(w):
            body = client.get(url).content.decode().lower()
            assert "group as a" not in body and "group as an" not in body, (persona, url)
            assert ">ally<" not in body and ">member<" not in body, (persona, url)
            assert '"ally"' not in body and '"member"' not in body, (persona, url)
    mine = client_as("mentor").get(reverse("groups:group", args=[w.group.slug]))
    assert "belong to this group as a member" in mine.content.decode()


def test_announcements_go_to_each_member_alone(
    client_as, personas, django_capture_on_commit_callbacks
):
    w = build_world(personas)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as("group_leader").post(
            reverse("groups:lead_announcements", args=[w.group.slug]),
            {"subject": "Picnic", "body": "Come along!"},
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 2  # the visible member and the private ally, separately
    for message in mail.outbox:
        assert len(message.to) == 1 and not message.cc and not message.bcc
        assert "unsubscribe" in message.body
        assert "List-Unsubscribe" in message.extra_headers
    secret = w.hidden.person
    mentor_mail = next(m for m in mail.outbox if m.to == [w.visible.person.email])
    assert secret.email not in mentor_mail.body and secret.display_name not in mentor_mail.body


def test_unsubscribing_stops_announcements(client, personas, django_capture_on_commit_callbacks):
    w = build_world(personas)
    token = services.unsubscribe_token(w.visible)
    assert client.post(reverse("groups:unsubscribe", args=[token])).status_code == 200
    w.visible.refresh_from_db()
    assert not w.visible.announcements
    assert client.post(reverse("groups:unsubscribe", args=["forged"])).status_code == 404


def test_widening_the_roster_needs_renewed_consent(personas):
    w = build_world(personas)
    employee = personas["employee"]
    assert w.visible not in access.roster_for(employee, w.group)
    services.group_update(
        group=w.group,
        mission=w.group.mission,
        pillars=w.group.pillars,
        listed=True,
        roster_visibility=Visibility.EVERYONE,
        private=False,
        sponsor=None,
    )
    assert w.visible not in access.roster_for(employee, w.group)  # consented to members only
    services.membership_update(
        membership=w.visible,
        kind="member",
        chapter=w.madrid,
        show_on_roster=True,
        show_badges=False,
        announcements=True,
    )
    assert w.visible in access.roster_for(employee, w.group)
    roster_consents = w.visible.consents.filter(purpose=Consent.Purpose.ROSTER)
    assert roster_consents.filter(withdrawn_at__isnull=True).get().visibility == "everyone"
    assert roster_consents.filter(withdrawn_at__isnull=False).count() == 1


def test_the_settings_page_asks_for_renewal_after_widening(client_as, personas):
    w = build_world(personas)
    w.group.roster_visibility = Visibility.EVERYONE
    w.group.save()
    page = client_as("mentor").get(reverse("groups:membership", args=[w.group.slug]))
    assert "more widely than you agreed" in page.content.decode()


def test_joining_records_consent_and_leaving_withdraws_it(client_as, personas):
    w = build_world(personas)
    client = client_as("employee")
    refused = client.post(reverse("groups:join", args=[w.group.slug]), {"kind": "ally"})
    assert refused.status_code == 200 and not access.is_member(personas["employee"], w.group)
    client.post(
        reverse("groups:join", args=[w.group.slug]),
        {"kind": "ally", "consent": "on", "show_on_roster": "on"},
    )
    membership = Membership.objects.get(person=personas["employee"].person)
    consent = membership.consents.get(purpose=Consent.Purpose.MEMBERSHIP)
    assert consent.text_version and consent.given_at and consent.withdrawn_at is None
    client.post(reverse("groups:leave", args=[w.group.slug]))
    membership.refresh_from_db()
    assert membership.ended_at is not None
    assert not membership.consents.filter(withdrawn_at__isnull=True).exists()
    assert Consent.objects.filter(membership=membership).count() >= 2  # history kept


def test_private_groups_default_to_off_the_roster(personas):
    w = build_world(personas)
    w.group.private = True
    w.group.save()
    m = services.membership_join(
        group=w.group, person=personas["employee"].person, kind="member", consent=True
    )
    assert not m.show_on_roster and not m.show_badges and m.is_private


def test_member_count_hides_below_the_threshold(client_as, personas, settings):
    settings.BELONG_PRIVACY_MIN_GROUP = 5
    w = build_world(personas)
    page = client_as("employee").get(reverse("groups:group", args=[w.group.slug])).content.decode()
    assert "Fewer than 5" in page
    assert access.member_count(w.group) is None


def test_a_big_groups_count_may_be_a_minute_old_and_a_small_ones_never(personas, monkeypatch):
    w = build_world(personas)
    for k in range(10):  # at the privacy threshold or above, so the count is shown
        newcomer = employee_user(f"newcomer-{k}").person
        services.membership_join(group=w.group, person=newcomer, kind="ally", consent=True)
    before = access.member_count(w.group)
    assert before is not None
    services.membership_join(
        group=w.group, person=personas["hr_analyst"].person, kind="ally", consent=True
    )
    assert access.member_count(w.group) == before + 1  # small: counted each time

    monkeypatch.setattr(access, "BIG_GROUP", 1)  # now every group is "big"
    cached = access.member_count(w.group)
    latecomer = employee_user("latecomer").person
    services.membership_join(group=w.group, person=latecomer, kind="ally", consent=True)
    assert access.member_count(w.group) == cached  # from the cache, up to a minute old
