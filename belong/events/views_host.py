"""Hosts' pages: create, edit and cancel events, the roster to tick, the CSV export,
attendance reports and global initiatives. Chapter leaders host for their chapters (and
those below), the board anywhere in the group; `access` decides which."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from belong.accounts import access as accounts_access
from belong.audit.services import export_record
from belong.common.decorators import allowed_if
from belong.common.privacy import min_group_size
from belong.events import access, queries, services
from belong.events.forms import EventForm, InitiativeForm
from belong.events.models import Registration
from belong.groups import access as groups_access
from belong.groups.models import Chapter


@allowed_if(access.can_browse_events)
@require_http_methods(["GET", "POST"])
def event_create(request: HttpRequest, slug: str) -> HttpResponse:
    group = groups_access.get_group_for(request.user, slug)
    if not access.can_host_anywhere(request.user, group):
        raise PermissionDenied
    hosted = access.hosted_chapter_ids(request.user, group)
    initial: dict[str, object] = {"zone": "UTC", "mode": "in_person"}
    wanted = Chapter.objects.filter(group=group, slug=request.GET.get("chapter", "")).first()
    wanted = wanted or Chapter.objects.filter(group=group, pk__in=hosted or []).first()
    if wanted is not None:
        initial["chapter"] = wanted.pk
        if wanted.site is not None:
            initial["site"] = wanted.site_id
            initial["zone"] = wanted.site.timezone
    initiative = request.GET.get("initiative")
    if initiative and initiative.isdigit():
        initial["initiative"] = int(initiative)
    form = EventForm(request.POST or None, group=group, chapters=hosted, initial=initial)
    if request.method == "POST" and form.is_valid():
        chapter = form.cleaned_data["chapter"]
        if not access.can_host_in(request.user, group, chapter):
            raise PermissionDenied
        try:
            event = services.event_create(
                group=group,
                chapter=chapter,
                speakers=form.speaker_data(),
                created_by=accounts_access.person_of(request.user),
                **form.service_fields(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The event is published."))
            return redirect("events:event", event_id=event.pk)
    return render(request, "events/host/form.html", {"group": group, "form": form, "event": None})


@allowed_if(access.can_browse_events)
@require_http_methods(["GET", "POST"])
def event_edit(request: HttpRequest, event_id: int) -> HttpResponse:
    event = access.get_event_for(request.user, event_id, write=True)
    hosted = access.hosted_chapter_ids(request.user, event.group)
    form = EventForm(
        request.POST or None,
        group=event.group,
        chapters=hosted,
        initial=EventForm.initial_for(event),
    )
    form.fields["chapter"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(
                event=event, speakers=form.speaker_data(), **form.service_fields()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The event was updated; registrants get the new invite."))
            return redirect("events:event", event_id=event.pk)
    return render(
        request, "events/host/form.html", {"group": event.group, "form": form, "event": event}
    )


@allowed_if(access.can_browse_events)
@require_http_methods(["GET", "POST"])
def event_cancel(request: HttpRequest, event_id: int) -> HttpResponse:
    event = access.get_event_for(request.user, event_id, write=True)
    if request.method == "POST":
        services.event_cancel(event=event)
        messages.success(request, _("The event is cancelled; registrants were told."))
        return redirect("events:event", event_id=event.pk)
    return render(request, "events/host/cancel.html", {"event": event, "group": event.group})


@allowed_if(access.can_browse_events)
def roster(request: HttpRequest, event_id: int) -> HttpResponse:
    event = access.get_event_for(request.user, event_id, write=True)
    listed = access.attendee_list_for(request.user, event)
    return render(
        request,
        "events/host/roster.html",
        {
            "event": event,
            "group": event.group,
            "rows": list(queries.roster_rows(listed)),
            "unlisted": queries.unlisted_count(event, listed),
            "report": queries.event_report(event),
            "seats_left": queries.seats_left(event),
            "k": min_group_size(),
        },
    )


@allowed_if(access.can_browse_events)
@require_POST
def roster_tick(request: HttpRequest, event_id: int, registration_id: int) -> HttpResponse:
    event = access.get_event_for(request.user, event_id, write=True)
    # Only someone on the hosts' list can be ticked: hidden people check in with the code.
    row = access.attendee_list_for(request.user, event).filter(pk=registration_id).first()
    if row is None:
        raise Http404
    try:
        services.checkin_tick(registration=row, attended=request.POST.get("attended") == "1")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    if request.htmx:
        row = queries.roster_rows(Registration.objects.filter(pk=row.pk)).get()
        return render(request, "events/host/roster.html#row", {"event": event, "r": row})
    return redirect("events:roster", event_id=event.pk)


@allowed_if(access.can_browse_events)
def roster_export(request: HttpRequest, event_id: int) -> HttpResponse:
    event = access.get_event_for(request.user, event_id, write=True)
    body = queries.roster_csv(access.attendee_list_for(request.user, event))
    export_record(
        request=request, export="event_attendees", target=event, rows=body.count("\r\n") - 1
    )
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}-attendees.csv"'
    return response


@allowed_if(access.can_browse_events)
@require_POST
def checkin_code_reset(request: HttpRequest, event_id: int) -> HttpResponse:
    event = access.get_event_for(request.user, event_id, write=True)
    services.checkin_code_reset(event=event)
    return redirect("events:roster", event_id=event.pk)


@allowed_if(access.can_browse_events)
def report(request: HttpRequest, slug: str) -> HttpResponse:
    """Attendance per chapter the viewer hosts for (the board: every chapter)."""
    group = groups_access.get_group_for(request.user, slug)
    if not access.can_host_anywhere(request.user, group):
        raise PermissionDenied
    hosted = access.hosted_chapter_ids(request.user, group)
    return render(
        request,
        "events/host/report.html",
        {"group": group, "rows": queries.chapter_report(group, hosted), "k": min_group_size()},
    )


@allowed_if(access.can_browse_events)
@require_http_methods(["GET", "POST"])
def initiative_create(request: HttpRequest, slug: str) -> HttpResponse:
    group = groups_access.get_group_for(request.user, slug)
    if not access.can_manage_initiatives(request.user, group):
        raise PermissionDenied
    form = InitiativeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.initiative_create(group=group, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The initiative is published; chapters can add events."))
            return redirect("events:initiative", initiative_id=item.pk)
    return render(request, "events/host/initiative_form.html", {"group": group, "form": form})
