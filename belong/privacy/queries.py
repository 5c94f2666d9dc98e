"""Reads for the personal-data pages."""

from __future__ import annotations

from django.db.models import QuerySet

from belong.people.models import Person
from belong.privacy.models import ErasureRequest, SelfIdConsent, SelfIdentification


def answers_of(person: Person) -> dict[str, str]:
    record = SelfIdentification.objects.filter(person=person).only("answers").first()
    return dict(record.answers) if record else {}


def active_consent(person: Person) -> SelfIdConsent | None:
    return SelfIdConsent.objects.filter(person=person, withdrawn_at__isnull=True).first()


def open_request(person: Person) -> ErasureRequest | None:
    return ErasureRequest.objects.filter(
        person=person, status=ErasureRequest.Status.PENDING
    ).first()


def pending_requests() -> QuerySet[ErasureRequest]:
    return (
        ErasureRequest.objects.filter(status=ErasureRequest.Status.PENDING)
        .select_related("person", "person__org_unit")
        .order_by("created_at", "id")
    )


def recent_erasures(limit: int = 50) -> QuerySet[ErasureRequest]:
    return (
        ErasureRequest.objects.filter(status=ErasureRequest.Status.DONE)
        .select_related("carried_out_by")
        .order_by("-carried_out_at", "-id")[:limit]
    )
