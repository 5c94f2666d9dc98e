"""Carrying out an erasure: the person is anonymised, the figures about groups stay the same.

What goes: names, email, employee id, profile text and photo, skills and languages, the
sign-in (deactivated, unusable password, email addresses, social accounts, MFA, API tokens,
calendar feed, role grants), self-identification, private notes, the text of posts,
feedback, requests and survey comments, roster and badge visibility; consents are ended.

What stays, pointing at the anonymised person: membership history, relationships and
sessions, event registrations and check-ins, survey scores, volunteering hours, donations,
job history (levels and dates), hire and exit dates, org unit, site and level — the rows
that insights count, so every figure computed before and after is identical.

Audit rows are never touched. Running it twice changes nothing the second time.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from belong.audit.models import Action, Category
from belong.audit.services import audit_record
from belong.people.models import Person, PersonSkill, build_search_text
from belong.privacy.models import ErasureRequest, SelfIdConsent, SelfIdentification


def short_hash(person_id: int) -> str:
    """Stable per person, not reversible without the secret key: the same on every run."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"person:{person_id}".encode(), hashlib.sha256)
    return digest.hexdigest()[:8]


def pseudonym(person_id: int) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _("Former colleague #%(hash)s") % {"hash": short_hash(person_id)}


def removed_text() -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _("[removed at the author's request]")


def is_erased(person: Person) -> bool:
    return ErasureRequest.objects.filter(person=person, status=ErasureRequest.Status.DONE).exists()


def person_erase(
    *,
    person: Person,
    actor: Any,
    erasure: ErasureRequest | None = None,
    origin: str = ErasureRequest.Origin.PERSON,
    request: Any = None,
) -> ErasureRequest:
    """Anonymise `person` in one transaction and record it; a no-op if already done."""
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        done = ErasureRequest.objects.filter(person=person, status=ErasureRequest.Status.DONE)
        if done.exists():
            return done.get()
        if erasure is None:
            erasure = (
                ErasureRequest.objects.select_for_update()
                .filter(person=person, status=ErasureRequest.Status.PENDING)
                .first()
            ) or ErasureRequest(person=person, origin=origin)
        counts = _anonymise(person)
        erasure.status = ErasureRequest.Status.DONE
        erasure.reason = ""  # the person's own words go too
        erasure.carried_out_at = timezone.now()
        erasure.carried_out_by = actor if getattr(actor, "is_authenticated", False) else None
        erasure.pseudonym = person.legal_name
        erasure.save()
        audit_record(
            actor=actor,
            category=Category.PERSONAL_DATA,
            action=Action.ERASE,
            target=person,
            detail={"origin": erasure.origin, "request": erasure.pk, "rows": counts},
            request=request,
        )
    return erasure


def _anonymise(person: Person) -> dict[str, int]:
    counts: dict[str, int] = {}
    tag = short_hash(person.pk)
    user_id = person.user_id
    old_employee_id = person.employee_id
    name = pseudonym(person.pk)
    if person.photo:
        person.photo.delete(save=False)
    person.legal_name = person.preferred_name = name
    person.email = f"erased-{tag}@erased.invalid"
    person.employee_id = f"erased-{tag}"
    person.title = person.pronouns = person.bio = ""
    person.search_text = build_search_text(name, name, person.email, person.employee_id)
    person.save()
    person.languages.clear()
    counts["skills"] = PersonSkill.objects.filter(person=person).delete()[0]
    counts["self_identification"] = SelfIdentification.objects.filter(person=person).delete()[0]
    now = timezone.now()
    counts["consents_ended"] = SelfIdConsent.objects.filter(
        person=person, withdrawn_at__isnull=True
    ).update(withdrawn_at=now)
    if user_id is not None:
        counts.update(_close_sign_in(user_id, tag))
    counts.update(_groups(person, now))
    counts.update(_mentoring(person))
    counts.update(_circles(person))
    counts.update(_events(person))
    counts["webhook_payloads"] = _webhook_log(old_employee_id, person.employee_id)
    return {key: value for key, value in counts.items() if value}


def _close_sign_in(user_id: int, tag: str) -> dict[str, int]:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.socialaccount.models import SocialAccount

    from belong.accounts.models import ApiToken, RoleGrant
    from belong.events.models import CalendarToken

    user = get_user_model().objects.get(pk=user_id)
    user.username = user.email = f"erased-{tag}@erased.invalid"
    user.first_name = user.last_name = ""
    user.is_active = user.is_staff = user.is_superuser = False
    user.set_unusable_password()
    user.save()
    return {
        "email_addresses": EmailAddress.objects.filter(user_id=user_id).delete()[0],
        "social_accounts": SocialAccount.objects.filter(user_id=user_id).delete()[0],
        "mfa_authenticators": Authenticator.objects.filter(user_id=user_id).delete()[0],
        "api_tokens": ApiToken.objects.filter(user_id=user_id).delete()[0],
        "role_grants": RoleGrant.objects.filter(user_id=user_id).delete()[0],
        "calendar_tokens": CalendarToken.objects.filter(user_id=user_id).delete()[0],
    }


def _groups(person: Person, now: Any) -> dict[str, int]:
    from belong.groups.choices import Visibility
    from belong.groups.models import BadgeAdoption, Consent, LeaderRole, Membership, VolunteerHours

    memberships = Membership.objects.filter(person=person)
    return {
        # History stays (insights count it); nobody sees the person on a roster or badge.
        "memberships_hidden": memberships.update(
            show_on_roster=False,
            roster_consent=Visibility.NOBODY,
            show_badges=False,
            announcements=False,
        ),
        "membership_consents_ended": Consent.objects.filter(
            membership__person=person, withdrawn_at__isnull=True
        ).update(withdrawn_at=now),
        "badges_withdrawn": BadgeAdoption.objects.filter(person=person, shown=True).update(
            shown=False, withdrawn_at=now
        ),
        "leader_roles_ended": LeaderRole.objects.filter(
            person=person, ended_at__isnull=True
        ).update(ended_at=now),
        "volunteer_notes": VolunteerHours.objects.filter(person=person)
        .exclude(note="")
        .update(note=""),
    }


def _mentoring(person: Person) -> dict[str, int]:
    from belong.mentoring.models import Enrollment, MentorRequest, PrivateNote, SurveyResponse

    enrollments = Enrollment.objects.filter(person=person)
    waiting = [Enrollment.Status.ACTIVE, Enrollment.Status.WAITLISTED]
    return {
        # Still waiting for a match: withdrawn, so no matching run pairs someone erased.
        # Participation figures count enrollments whatever their status, so they stay.
        "enrollments_withdrawn": enrollments.filter(status__in=waiting).update(
            status=Enrollment.Status.WITHDRAWN, rematch_priority=False
        ),
        "enrollment_texts": enrollments.update(
            goals="", expertise="", preferred_traits="", waitlist_reason=""
        ),
        "requests_cancelled": MentorRequest.objects.filter(
            status__in=MentorRequest.OPEN, mentee__person=person
        ).update(status=MentorRequest.Status.CANCELLED, responded_at=timezone.now())
        + MentorRequest.objects.filter(status__in=MentorRequest.OPEN, mentor__person=person).update(
            status=MentorRequest.Status.DECLINED, responded_at=timezone.now()
        ),
        "request_messages": MentorRequest.objects.filter(mentee__person=person).update(
            message=removed_text()
        )
        + MentorRequest.objects.filter(mentor__person=person)
        .exclude(reply="")
        .update(reply=removed_text()),
        "private_notes": PrivateNote.objects.filter(author=person).delete()[0],
        "survey_comments": SurveyResponse.objects.filter(respondent=person)
        .exclude(comment="")
        .update(comment=""),
    }


def _circles(person: Person) -> dict[str, int]:
    from belong.circles.models import (
        CircleEnrollment,
        CircleMember,
        ConcernReport,
        HelpRequest,
        Post,
        SeriesFeedback,
        SessionFeedback,
    )

    members = CircleMember.objects.filter(person=person)
    waiting = [CircleEnrollment.Status.ACTIVE, CircleEnrollment.Status.WAITING]
    return {
        "circle_enrollments_withdrawn": CircleEnrollment.objects.filter(
            person=person, status__in=waiting
        ).update(status=CircleEnrollment.Status.WITHDRAWN, waiting_reason=""),
        "circle_display_names": members.exclude(display_name="").update(display_name=""),
        "posts": Post.objects.filter(author__in=members).update(body=removed_text()),
        "session_feedback_texts": SessionFeedback.objects.filter(member__in=members)
        .exclude(text="")
        .update(text=""),
        "series_feedback_texts": SeriesFeedback.objects.filter(member__in=members)
        .exclude(text="")
        .update(text=""),
        "help_requests": HelpRequest.objects.filter(asked_by__in=members).update(
            message=removed_text()
        ),
        "concerns": ConcernReport.objects.filter(reporter=person).update(
            message=removed_text(), share_identity=False
        ),
    }


def _events(person: Person) -> dict[str, int]:
    from belong.events.models import Registration
    from belong.events.services import registration_cancel

    # Seats at events still to come are given up (the next person waiting is promoted).
    upcoming = Registration.objects.filter(
        person=person,
        status__in=[Registration.Status.GOING, Registration.Status.WAITLISTED],
        event__starts_at__gt=timezone.now(),
    )
    cancelled = 0
    for registration in upcoming:
        registration_cancel(registration=registration)
        cancelled += 1
    # Past attendance stays for the figures; the person leaves every host's attendee list.
    return {
        "registrations_cancelled": cancelled,
        "registrations_unlisted": Registration.objects.filter(person=person, listed=True).update(
            listed=False
        ),
    }


def _webhook_log(old_employee_id: str, new_employee_id: str) -> int:
    """Membership webhooks name roster-visible members by employee id; the delivery log keeps
    the payloads, so they are rewritten to the erased id (what was sent cannot be recalled)."""
    from django.apps import apps

    try:
        delivery = apps.get_model("webhooks", "WebhookDelivery")
    except LookupError:  # no delivery log in this installation
        return 0
    changed = 0
    for pk, payload in delivery.objects.filter(
        payload__data__employee_id=old_employee_id
    ).values_list("pk", "payload"):
        payload["data"]["employee_id"] = new_employee_id
        changed += delivery.objects.filter(pk=pk).update(payload=payload)
    return changed
