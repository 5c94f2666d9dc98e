"""Community work pages: volunteering and drives for everyone; leaders' dashboards for
volunteering approvals, drives, partnerships and initiatives."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from belong.accounts import access as accounts_access
from belong.common.decorators import allowed_if
from belong.groups import access, queries
from belong.groups import services_community as community
from belong.groups.forms_community import (
    ContactForm,
    DonationForm,
    DriveForm,
    HoursForm,
    InitiativeForm,
    InitiativeUpdateForm,
    OpportunityForm,
    PartnerForm,
    ReferralForm,
)
from belong.groups.models import (
    FundraisingDrive,
    Initiative,
    Partner,
    VolunteerHours,
    VolunteerOpportunity,
)
from belong.groups.views_lead import lead_context, lead_scope


def _in_scope(led: set[int] | None) -> Q:
    return Q() if led is None else Q(chapter_id__in=led)


@allowed_if(access.can_browse_groups)
@require_http_methods(["GET", "POST"])
def volunteering(request: HttpRequest, slug: str) -> HttpResponse:
    group = access.get_group_for(request.user, slug)
    person = accounts_access.person_of(request.user)
    form = HoursForm(request.POST or None, group=group)
    if request.method == "POST":
        if person is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                community.hours_log(person=person, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Thank you! A leader will approve your hours."))
                return redirect("groups:volunteering", slug=group.slug)
    mine = (
        VolunteerHours.objects.filter(opportunity__group=group, person=person)
        .select_related("opportunity")
        .order_by("-worked_on")[:50]
        if person
        else []
    )
    context = {
        "group": group,
        "form": form if person else None,
        "opportunities": VolunteerOpportunity.objects.filter(group=group)
        .select_related("nonprofit", "chapter")
        .order_by("-starts_on")[:50],
        "mine": mine,
        "totals": queries.volunteer_totals(group),
    }
    return render(request, "groups/volunteering.html", context)


@allowed_if(access.can_browse_groups)
@require_http_methods(["GET", "POST"])
def drive(request: HttpRequest, slug: str, drive_id: int) -> HttpResponse:
    group = access.get_group_for(request.user, slug)
    progress = queries.drive_progress(FundraisingDrive.objects.filter(group=group, pk=drive_id))
    if not progress:
        raise Http404
    person = accounts_access.person_of(request.user)
    form = DonationForm(request.POST or None)
    if request.method == "POST":
        if person is None:
            raise PermissionDenied
        if form.is_valid():
            community.donation_record(drive=progress[0].drive, person=person, **form.cleaned_data)
            messages.success(request, _("Thank you! Your gift was recorded."))
            return redirect("groups:drive", slug=group.slug, drive_id=drive_id)
    return render(
        request,
        "groups/drive.html",
        {"group": group, "progress": progress[0], "form": form if person else None},
    )


@allowed_if(access.can_browse_groups)
@require_http_methods(["GET", "POST"])
def lead_volunteering(request: HttpRequest, slug: str) -> HttpResponse:
    group, led = lead_scope(request, slug)
    form = OpportunityForm(request.POST or None, group=group, allowed=led)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if not access.can_manage_scope(request.user, group, data["chapter"]):
            raise PermissionDenied
        try:
            data["nonprofit"] = community.nonprofit_get_or_create(name=data["nonprofit"])
            community.opportunity_create(group=group, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The opportunity was added."))
            return redirect("groups:lead_volunteering", slug=group.slug)
    opportunities = VolunteerOpportunity.objects.filter(_in_scope(led), group=group)
    pending = (
        VolunteerHours.objects.filter(
            opportunity__in=opportunities, status=VolunteerHours.Status.PENDING
        )
        .select_related("person", "opportunity")
        .order_by("worked_on")[:100]
    )
    context = lead_context(
        group,
        led,
        form=form,
        pending=list(pending),
        opportunities=list(opportunities.select_related("nonprofit", "chapter")[:100]),
        totals=queries.volunteer_totals(group, led),
    )
    return render(request, "groups/lead/volunteering.html", context)


@allowed_if(access.can_browse_groups)
@require_POST
def lead_hours_decide(request: HttpRequest, slug: str, hours_id: int) -> HttpResponse:
    group, _led = lead_scope(request, slug)
    hours = (
        VolunteerHours.objects.select_related("opportunity__chapter")
        .filter(opportunity__group=group, pk=hours_id)
        .first()
    )
    if hours is None:
        raise Http404
    if not access.can_manage_scope(request.user, group, hours.opportunity.chapter):
        raise PermissionDenied
    community.hours_decide(
        hours=hours,
        approve=request.POST.get("decision") == "approve",
        decided_by=accounts_access.person_of(request.user),
    )
    if request.htmx:
        return HttpResponse(_("Decided."))
    return redirect("groups:lead_volunteering", slug=group.slug)


@allowed_if(access.can_browse_groups)
@require_http_methods(["GET", "POST"])
def lead_drives(request: HttpRequest, slug: str) -> HttpResponse:
    group, led = lead_scope(request, slug)
    form = DriveForm(request.POST or None, group=group, allowed=led)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if not access.can_manage_scope(request.user, group, data["chapter"]):
            raise PermissionDenied
        try:
            name = data.pop("nonprofit")
            nonprofit = community.nonprofit_get_or_create(name=name) if name else None
            community.drive_create(group=group, nonprofit=nonprofit, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The drive was created."))
            return redirect("groups:lead_drives", slug=group.slug)
    drives = queries.drive_progress(FundraisingDrive.objects.filter(_in_scope(led), group=group))
    return render(
        request, "groups/lead/drives.html", lead_context(group, led, form=form, drives=drives)
    )


@allowed_if(access.can_browse_groups)
@require_http_methods(["GET", "POST"])
def lead_partners(request: HttpRequest, slug: str) -> HttpResponse:
    group, led = lead_scope(request, slug)
    partners = Partner.objects.filter(_in_scope(led), group=group)
    which = request.POST.get("form", "partner")
    form = PartnerForm(request.POST if which == "partner" else None, group=group, allowed=led)
    if request.method == "POST":
        if which == "partner":
            if form.is_valid():
                data = form.cleaned_data
                if not access.can_manage_scope(request.user, group, data["chapter"]):
                    raise PermissionDenied
                community.partner_create(group=group, **data)
                messages.success(request, _("The partner was added."))
                return redirect("groups:lead_partners", slug=group.slug)
        else:
            partner = partners.filter(pk=request.POST.get("partner") or 0).first()
            if partner is None:
                raise Http404
            sub = ContactForm(request.POST) if which == "contact" else ReferralForm(request.POST)
            if sub.is_valid():
                if which == "contact":
                    community.partner_contact_add(partner=partner, **sub.cleaned_data)
                else:
                    community.referral_record(partner=partner, **sub.cleaned_data)
                messages.success(request, _("Saved."))
            else:
                messages.error(request, _("Check the form: some fields are missing or wrong."))
            return redirect("groups:lead_partners", slug=group.slug)
    rows = (
        partners.select_related("chapter")
        .prefetch_related("contacts")
        .annotate(
            referral_count=Count("referrals", distinct=True),
            hired=Count("referrals", filter=Q(referrals__status="hired"), distinct=True),
        )
        .order_by("name")
    )
    context = lead_context(
        group,
        led,
        form=form,
        partners=list(rows),
        contact_form=ContactForm(),
        referral_form=ReferralForm(),
    )
    return render(request, "groups/lead/partners.html", context)


@allowed_if(access.can_browse_groups)
@require_http_methods(["GET", "POST"])
def lead_initiatives(request: HttpRequest, slug: str) -> HttpResponse:
    group, led = lead_scope(request, slug)
    initiatives = Initiative.objects.filter(_in_scope(led), group=group)
    form = InitiativeForm(
        request.POST if "initiative" not in request.POST else None, group=group, allowed=led
    )
    if request.method == "POST":
        if "initiative" in request.POST:
            initiative = initiatives.filter(pk=request.POST.get("initiative") or 0).first()
            if initiative is None:
                raise Http404
            update = InitiativeUpdateForm(request.POST)
            if update.is_valid():
                try:
                    community.initiative_update(initiative=initiative, **update.cleaned_data)
                except ValidationError as error:
                    messages.error(request, " ".join(error.messages))
                else:
                    messages.success(request, _("Saved."))
            return redirect("groups:lead_initiatives", slug=group.slug)
        if form.is_valid():
            data = form.cleaned_data
            if not access.can_manage_scope(request.user, group, data["chapter"]):
                raise PermissionDenied
            community.initiative_create(group=group, **data)
            messages.success(request, _("The initiative was added."))
            return redirect("groups:lead_initiatives", slug=group.slug)
    context = lead_context(
        group,
        led,
        form=form,
        initiatives=list(initiatives.select_related("chapter").order_by("-created_at")[:100]),
        update_form=InitiativeUpdateForm(),
    )
    return render(request, "groups/lead/initiatives.html", context)
