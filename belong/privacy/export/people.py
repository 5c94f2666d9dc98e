"""The person record, skills, languages and job history."""

from __future__ import annotations

from typing import Any

from belong.people.models import JobEvent, Person, PersonSkill
from belong.privacy.export import rows


def sections(person: Person, user: Any) -> dict[str, Any]:
    record = rows(
        Person.objects.filter(pk=person.pk),
        "id",
        "employee_id",
        "legal_name",
        "preferred_name",
        "email",
        "title",
        "pronouns",
        "bio",
        "hire_date",
        "exit_date",
        "level__code",
        "job_family__name",
        "org_unit__full_name",
        "site__city",
        "site__country",
        "site__timezone",
        "manager_id",
        "created_at",
        "updated_at",
    )[0]
    record["photo"] = person.photo.name if person.photo else ""
    return {
        "person": record,
        "skills": rows(
            PersonSkill.objects.filter(person=person).order_by("kind", "skill__name"),
            "skill__name",
            "kind",
        ),
        "languages": list(person.languages.order_by("code").values("code", "name")),
        "job_history": rows(
            JobEvent.objects.filter(person=person).order_by("effective_date", "id"),
            "kind",
            "effective_date",
            "level__code",
            "org_unit__full_name",
            "title",
        ),
    }
