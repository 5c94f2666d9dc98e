"""Group memberships (private ones included) with their consent history, leader roles,
badges, volunteering and donations."""

from __future__ import annotations

from typing import Any

from belong.groups.models import (
    Announcement,
    BadgeAdoption,
    Consent,
    Donation,
    LeaderRole,
    Membership,
    VolunteerHours,
)
from belong.people.models import Person
from belong.privacy.export import rows


def sections(person: Person, user: Any) -> dict[str, Any]:
    memberships = rows(
        Membership.objects.filter(person=person).order_by("joined_at", "id"),
        "id",
        "group__name",
        "chapter__name",
        "kind",
        "show_on_roster",
        "roster_consent",
        "show_badges",
        "announcements",
        "joined_at",
        "ended_at",
    )
    consents: dict[int, list[dict[str, Any]]] = {}
    for consent in rows(
        Consent.objects.filter(membership__person=person).order_by("given_at", "id"),
        "membership_id", "purpose", "text_version", "visibility", "given_at", "withdrawn_at",
    ):  # fmt: skip
        consents.setdefault(consent.pop("membership_id"), []).append(consent)
    for membership in memberships:
        membership["consents"] = consents.get(membership["id"], [])
    return {
        "group_memberships": memberships,
        "group_roles": rows(
            LeaderRole.objects.filter(person=person),
            "group__name",
            "chapter__name",
            "title",
            "starts_on",
            "ends_on",
            "ended_at",
        ),
        "badges": rows(
            BadgeAdoption.objects.filter(person=person),
            "campaign__name",
            "campaign__badge_name",
            "shown",
            "adopted_at",
            "withdrawn_at",
        ),
        "volunteering": rows(
            VolunteerHours.objects.filter(person=person).order_by("worked_on", "id"),
            "opportunity__title",
            "opportunity__group__name",
            "hours",
            "worked_on",
            "note",
            "status",
            "decided_at",
        ),
        "announcements_written": rows(
            Announcement.objects.filter(author=person),
            "group__name",
            "chapter__name",
            "subject",
            "body",
            "status",
            "sent_at",
            "created_at",
        ),
        "donations": rows(
            Donation.objects.filter(person=person).order_by("given_on", "id"),
            "drive__title",
            "drive__currency",
            "kind",
            "amount",
            "given_on",
            "recorded_at",
        ),
    }
