"""Every write to self-identification, its consent, and erasure requests (audited).

Audit rows say *that* something changed, never what it changed to.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from belong.audit.models import Action, Category
from belong.audit.services import audit_record
from belong.people.models import Person
from belong.privacy.models import (
    SELF_ID_CONSENT_TEXT_VERSION,
    ErasureRequest,
    SelfIdConsent,
    SelfIdentification,
)
from belong.privacy.questions import clean_answers


def self_identification_save(
    *, person: Person, answers: dict[str, str], actor: Any, request: Any = None
) -> SelfIdentification | None:
    """Store the person's answers; no answers at all removes the record."""
    cleaned = clean_answers(answers)
    if not cleaned:
        self_identification_delete(person=person, actor=actor, request=request)
        return None
    with transaction.atomic():
        record, created = SelfIdentification.objects.select_for_update().get_or_create(
            person=person, defaults={"answers": cleaned}
        )
        if not created:
            record.answers = cleaned
            record.save(update_fields=["answers", "updated_at"])
        audit_record(
            actor=actor,
            category=Category.SELF_ID,
            action=Action.CREATE if created else Action.UPDATE,
            target=person,
            detail={"questions_answered": len(cleaned)},
            request=request,
        )
    return record


def self_identification_delete(*, person: Person, actor: Any, request: Any = None) -> bool:
    """Remove every answer (the analytics consent is withdrawn with them)."""
    with transaction.atomic():
        deleted, _counts = SelfIdentification.objects.filter(person=person).delete()
        withdrawn = _withdraw_consent(person)
        if deleted or withdrawn:
            audit_record(
                actor=actor,
                category=Category.SELF_ID,
                action=Action.DELETE,
                target=person,
                detail={"consent_withdrawn": withdrawn},
                request=request,
            )
    return bool(deleted)


def _withdraw_consent(person: Person) -> bool:
    return bool(
        SelfIdConsent.objects.filter(person=person, withdrawn_at__isnull=True).update(
            withdrawn_at=timezone.now()
        )
    )


def analytics_consent_set(
    *, person: Person, given: bool, actor: Any, request: Any = None
) -> SelfIdConsent | None:
    """Give or withdraw consent to count the answers in impact analytics (refusable)."""
    with transaction.atomic():
        current = (
            SelfIdConsent.objects.select_for_update()
            .filter(person=person, withdrawn_at__isnull=True)
            .first()
        )
        if given and current is None:
            try:
                with transaction.atomic():
                    current = SelfIdConsent.objects.create(
                        person=person, text_version=SELF_ID_CONSENT_TEXT_VERSION
                    )
            except IntegrityError:  # given at the same moment in another tab
                return SelfIdConsent.objects.get(person=person, withdrawn_at__isnull=True)
            action = Action.CREATE
        elif not given and current is not None:
            _withdraw_consent(person)
            current = None
            action = Action.DELETE
        else:
            return current
        audit_record(
            actor=actor,
            category=Category.SELF_ID,
            action=action,
            target=person,
            detail={"analytics_consent": given, "text_version": SELF_ID_CONSENT_TEXT_VERSION},
            request=request,
        )
    return current


def erasure_request_create(
    *, person: Person, reason: str, actor: Any, request: Any = None
) -> ErasureRequest:
    if ErasureRequest.objects.filter(person=person, status=ErasureRequest.Status.DONE).exists():
        raise ValidationError(_("This person has already been erased."))
    try:
        with transaction.atomic():
            erasure = ErasureRequest.objects.create(
                person=person, reason=reason.strip(), requested_by=actor
            )
            audit_record(
                actor=actor,
                category=Category.PERSONAL_DATA,
                action=Action.CREATE,
                target=erasure,
                detail={"request": "erasure", "with_reason": bool(reason.strip())},
                request=request,
            )
    except IntegrityError:
        raise ValidationError(
            _("You have already asked for erasure; it is waiting to be carried out.")
        ) from None
    return erasure


def erasure_request_cancel(
    *, erasure: ErasureRequest, actor: Any, request: Any = None
) -> ErasureRequest:
    with transaction.atomic():
        erasure = ErasureRequest.objects.select_for_update().get(pk=erasure.pk)
        if erasure.status != ErasureRequest.Status.PENDING:
            raise ValidationError(_("Only a request that is still waiting can be cancelled."))
        erasure.status = ErasureRequest.Status.CANCELLED
        erasure.reason = ""
        erasure.save(update_fields=["status", "reason", "updated_at"])
        audit_record(
            actor=actor,
            category=Category.PERSONAL_DATA,
            action=Action.UPDATE,
            target=erasure,
            detail={"request": "erasure", "status": "cancelled"},
            request=request,
        )
    return erasure


def personal_data_export(
    *, person: Person, user: Any, channel: str, request: Any = None
) -> dict[str, Any]:
    """Everything held about `person` as JSON-able data; every download is audited."""
    from belong.privacy import export

    document = export.build(person, user)
    audit_record(
        actor=user,
        category=Category.PERSONAL_DATA,
        action=Action.EXPORT,
        target=person,
        detail={"channel": channel, "sections": len(document) - 3},
        request=request,
    )
    return document
