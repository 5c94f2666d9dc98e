"""Self-identification with its analytics consents, erasure requests, and the audit events
where the person was the actor."""

from __future__ import annotations

from typing import Any

from belong.audit.models import AuditEvent
from belong.insights.models import InsightsQueryLog
from belong.people.models import Person
from belong.privacy.export import rows
from belong.privacy.models import ErasureRequest, SelfIdConsent, SelfIdentification
from belong.privacy.questions import questions


def sections(person: Person, user: Any) -> dict[str, Any]:
    record = SelfIdentification.objects.filter(person=person).first()
    answers = []
    if record is not None:
        for question in questions():
            if question.key in record.answers:
                value = record.answers[question.key]
                answers.append(
                    {
                        "question": question.key,
                        "answer": value,
                        "answer_label": question.label_of(value),
                    }
                )
    return {
        "self_identification": {
            "answers": answers,
            "updated_at": record.updated_at if record else None,
            "analytics_consents": rows(
                SelfIdConsent.objects.filter(person=person),
                "text_version",
                "given_at",
                "withdrawn_at",
            ),
        },
        "erasure_requests": rows(
            ErasureRequest.objects.filter(person=person),
            "status",
            "reason",
            "created_at",
            "carried_out_at",
        ),
        "insights_questions_asked": rows(
            InsightsQueryLog.objects.filter(user_id=getattr(user, "pk", None)),
            "asked_at",
            "channel",
            "scope_kind",
            "scope_id",
            "figure",
            "filters",
            "outcome",
        ),
        "audit_events_as_actor": rows(
            AuditEvent.objects.filter(actor_id=user.pk)
            if user is not None
            else AuditEvent.objects.none(),
            "at",
            "category",
            "action",
            "target_type",
            "target_id",
            "detail",
            "ip",
        ),
    }
