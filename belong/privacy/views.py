"""Personal-data pages: self-identification, download, erasure (and its admin page)."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from belong.accounts.access import person_of
from belong.audit.models import Action, Category
from belong.audit.services import audit_record
from belong.common.decorators import allowed_if
from belong.people.models import Person
from belong.privacy import access, aggregates, queries, services
from belong.privacy.erasure import person_erase
from belong.privacy.forms import AnalyticsConsentForm, ErasureRequestForm, SelfIdentificationForm
from belong.privacy.models import ErasureRequest
from belong.privacy.questions import questions


def _person(request: HttpRequest) -> Person:
    person = person_of(request.user)
    assert person is not None  # guaranteed by access.can_manage_own_data
    return person


@allowed_if(access.can_manage_own_data)
def overview(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    return render(
        request,
        "privacy/overview.html",
        {
            "has_answers": bool(queries.answers_of(person)),
            "erasure": queries.open_request(person),
            "grace_days": settings.BELONG_ERASURE_GRACE_DAYS,
        },
    )


@allowed_if(access.can_manage_own_data)
@require_http_methods(["GET", "POST"])
def self_identification(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    answers = queries.answers_of(person)
    form = SelfIdentificationForm(request.POST or None, initial=answers)
    if request.method == "POST" and form.is_valid():
        try:
            services.self_identification_save(
                person=person, answers=form.cleaned_data, actor=request.user, request=request
            )
        except ValidationError as error:
            for key, errs in error.message_dict.items():
                form.add_error(key if key in form.fields else None, errs)
        else:
            messages.success(request, _("Your answers are saved. Only you can see them."))
            return redirect("privacy:self_identification")
    consent = queries.active_consent(person)
    return render(
        request,
        "privacy/self_identification.html",
        {
            "form": form,
            "consent_form": AnalyticsConsentForm(initial={"consent": consent is not None}),
            "consent": consent,
            "answered": [
                (q.label, q.label_of(answers[q.key])) for q in questions() if q.key in answers
            ],
        },
    )


@allowed_if(access.can_manage_own_data)
@require_POST
def self_identification_delete(request: HttpRequest) -> HttpResponse:
    services.self_identification_delete(
        person=_person(request), actor=request.user, request=request
    )
    messages.success(request, _("Your answers are deleted."))
    return redirect("privacy:self_identification")


@allowed_if(access.can_manage_own_data)
@require_POST
def analytics_consent(request: HttpRequest) -> HttpResponse:
    form = AnalyticsConsentForm(request.POST)
    form.is_valid()  # a checkbox: always valid; unticked means no
    given = bool(form.cleaned_data.get("consent"))
    services.analytics_consent_set(
        person=_person(request), given=given, actor=request.user, request=request
    )
    messages.success(
        request,
        _("Thank you: your answers count in totals.")
        if given
        else _("Your answers are not used in analytics."),
    )
    return redirect("privacy:self_identification")


@allowed_if(access.can_manage_own_data)
@require_POST
def download(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    document = services.personal_data_export(
        person=person, user=request.user, channel="page", request=request
    )
    response = HttpResponse(
        json.dumps(document, indent=2, ensure_ascii=False), content_type="application/json"
    )
    stamp = timezone.now().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="belong-my-data-{stamp}.json"'
    response["Cache-Control"] = "no-store"
    return response


@allowed_if(access.can_manage_own_data)
@require_http_methods(["GET", "POST"])
def erasure(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    open_request = queries.open_request(person)
    form = ErasureRequestForm(request.POST or None)
    if request.method == "POST" and open_request is None and form.is_valid():
        try:
            services.erasure_request_create(
                person=person,
                reason=form.cleaned_data["reason"],
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your request for erasure is recorded."))
            return redirect("privacy:erasure")
    return render(
        request,
        "privacy/erasure.html",
        {"form": form, "erasure": open_request, "grace_days": settings.BELONG_ERASURE_GRACE_DAYS},
    )


@allowed_if(access.can_manage_own_data)
@require_POST
def erasure_cancel(request: HttpRequest) -> HttpResponse:
    open_request = queries.open_request(_person(request))
    if open_request is not None:
        services.erasure_request_cancel(erasure=open_request, actor=request.user, request=request)
        messages.success(request, _("Your request for erasure is cancelled."))
    return redirect("privacy:erasure")


@allowed_if(access.can_see_self_id_totals)
def self_id_totals(request: HttpRequest) -> HttpResponse:
    totals = aggregates.self_id_totals()
    audit_record(
        actor=request.user,
        category=Category.SELF_ID,
        action=Action.READ,
        target_type="self_id_totals",
        detail={"k": totals.k, "shown": totals.population is not None},
        request=request,
    )
    return render(request, "privacy/self_id_totals.html", {"totals": totals})


@allowed_if(access.can_carry_out_erasure)
def erasure_requests(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "privacy/erasure_requests.html",
        {
            "pending": list(queries.pending_requests()),
            "done": list(queries.recent_erasures()),
            "grace_days": settings.BELONG_ERASURE_GRACE_DAYS,
        },
    )


@allowed_if(access.can_carry_out_erasure)
@require_http_methods(["GET", "POST"])
def erasure_carry_out(request: HttpRequest, pk: int) -> HttpResponse:
    pending = get_object_or_404(
        ErasureRequest.objects.select_related("person"), pk=pk, status=ErasureRequest.Status.PENDING
    )
    if pending.person.user_id == request.user.pk:
        messages.error(request, _("Another administrator must carry out your own request."))
        return redirect("privacy:erasure_requests")
    if request.method == "GET":
        return render(request, "privacy/erasure_carry_out.html", {"erasure": pending})
    done = person_erase(person=pending.person, actor=request.user, erasure=pending, request=request)
    messages.success(request, _("Erased: the person is now %(name)s.") % {"name": done.pseudonym})
    return redirect("privacy:erasure_requests")
