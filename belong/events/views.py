"""Pages attendees use: the event list, an initiative, an event (RSVP, waitlist, check-in),
invites and calendar feeds. Hosts' pages are in `views_host.py`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from belong.accounts import access as accounts_access
from belong.common.decorators import allowed_if
from belong.events import access, ics, queries, services
from belong.events.forms import CheckInForm
from belong.events.models import Event, Registration
from belong.groups import access as groups_access
from belong.groups.choices import Pillar
from belong.groups.models import Chapter


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _page_number(request: HttpRequest) -> int:
    return max(1, _int(request.GET.get("page")) or 1)


def filters_from(request: HttpRequest) -> queries.EventFilters:
    kind = request.GET.get("kind", "")
    pillar = request.GET.get("pillar", "")
    return queries.EventFilters(
        group=_int(request.GET.get("group")),
        chapter=_int(request.GET.get("chapter")),
        kind=kind if kind in Event.Kind.values else "",
        pillar=pillar if pillar in Pillar.values else "",
        past=request.GET.get("when") == "past",
    )


@allowed_if(access.can_browse_events)
def event_list(request: HttpRequest) -> HttpResponse:
    f = filters_from(request)
    groups = list(groups_access.groups_for(request.user).order_by("name"))
    chapters = (
        list(Chapter.objects.filter(group_id=f.group).order_by("kind", "name")) if f.group else []
    )
    events = queries.filtered(access.events_for(request.user), f)
    person = accounts_access.person_of(request.user)
    context: dict[str, Any] = {
        "f": f,
        "groups": groups,
        "chapters": chapters,
        "kinds": Event.Kind.choices,
        "pillars": Pillar.choices,
        "mine": queries.my_registrations(person.pk) if person else {},
        "initiatives": queries.current_initiatives(groups_access.groups_for(request.user)),
        **queries.event_page(events, page=_page_number(request)),
    }
    template = "events/list.html#results" if request.htmx else "events/list.html"
    return render(request, template, context)


@allowed_if(access.can_browse_events)
def initiative(request: HttpRequest, initiative_id: int) -> HttpResponse:
    item = access.get_initiative_for(request.user, initiative_id)
    events = queries.with_seats(
        queries.with_related(access.events_for(request.user).filter(initiative=item))
    ).order_by("starts_at", "id")
    return render(
        request,
        "events/initiative.html",
        {
            "initiative": item,
            "group": item.group,
            "events": list(events[:500]),
            "can_host": access.can_host_anywhere(request.user, item.group),
        },
    )


def _event_context(request: HttpRequest, event: Event) -> dict[str, Any]:
    mine = access.registration_of(request.user, event)
    return {
        "event": event,
        "group": event.group,
        "registration": mine,
        "position": queries.waitlist_position(mine) if mine else None,
        "seats_left": queries.seats_left(event),
        "can_rsvp": access.can_rsvp(request.user),
        "can_manage": access.can_manage_event(request.user, event),
        "checkin_form": CheckInForm(),
    }


@allowed_if(access.can_browse_events)
def event_page(request: HttpRequest, event_id: int) -> HttpResponse:
    event = access.get_event_for(request.user, event_id)
    return render(request, "events/event.html", _event_context(request, event))


def _rsvp_response(request: HttpRequest, event: Event) -> HttpResponse:
    if request.htmx:
        return render(request, "events/event.html#rsvp", _event_context(request, event))
    return redirect("events:event", event_id=event.pk)


@allowed_if(access.can_rsvp)
@require_POST
def rsvp(request: HttpRequest, event_id: int) -> HttpResponse:
    event = access.get_event_for(request.user, event_id)
    person = accounts_access.person_of(request.user)
    assert person is not None
    try:
        registration = services.registration_create(
            event=event, person=person, listed=request.POST.get("listed") == "1"
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if registration.status == Registration.Status.WAITLISTED:
            messages.warning(
                request,
                _(
                    "The event is full, so you are on the waitlist. If a seat comes free it "
                    "is yours, and we will email you."
                ),
            )
        else:
            messages.success(request, _("You are going. Add it to your calendar below."))
    return _rsvp_response(request, event)


@allowed_if(access.can_rsvp)
@require_POST
def rsvp_cancel(request: HttpRequest, event_id: int) -> HttpResponse:
    event = access.get_event_for(request.user, event_id)
    mine = access.registration_of(request.user, event)
    if mine is not None:
        services.registration_cancel(registration=mine)
        messages.success(request, _("You are no longer registered."))
    return _rsvp_response(request, event)


@allowed_if(access.can_rsvp)
@require_POST
def checkin(request: HttpRequest, event_id: int) -> HttpResponse:
    event = access.get_event_for(request.user, event_id)
    person = accounts_access.person_of(request.user)
    assert person is not None
    form = CheckInForm(request.POST)
    if form.is_valid():
        try:
            services.checkin_with_code(event=event, person=person, code=form.cleaned_data["code"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("You are checked in. Enjoy the event!"))
    return _rsvp_response(request, event)


def _ics(body: bytes, name: str, *, method: str | None = None) -> HttpResponse:
    content_type = "text/calendar; charset=utf-8"
    if method:
        content_type += f"; method={method}"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@allowed_if(access.can_browse_events)
def invite(request: HttpRequest, event_id: int) -> HttpResponse:
    event = access.get_event_for(request.user, event_id)
    method = "CANCEL" if event.is_cancelled else "REQUEST"
    body = ics.event_invite(event, access.invitee(request.user, event))
    return _ics(body, f"event-{event.pk}.ics", method=method)


@allowed_if(access.can_browse_events)
@require_http_methods(["GET", "POST"])
def calendar(request: HttpRequest) -> HttpResponse:
    """Where someone finds their feed URLs, and resets the secret in them."""
    if request.method == "POST":
        services.calendar_token_reset(user=request.user)
        messages.success(request, _("Your feed addresses changed; the old ones stop working."))
        return redirect("events:calendar")
    token = services.calendar_token_get(user=request.user).token
    base = request.build_absolute_uri("/").rstrip("/")
    groups = [
        (g, base + reverse("events:feed_group", args=[token, g.slug]))
        for g in groups_access.groups_for(request.user).filter(
            id__in=groups_access.my_group_ids(request.user)
        )
    ]
    return render(
        request,
        "events/calendar.html",
        {
            "mine": base + reverse("events:feed_mine", args=[token])
            if accounts_access.person_of(request.user)
            else None,
            "groups": groups,
        },
    )


# --- feeds: no session, the secret token stands for the person ------------------------------


def feed_mine(request: HttpRequest, token: str) -> HttpResponse:
    user = access.feed_user_for_token(token)
    person = accounts_access.person_of(user)
    events = queries.person_feed_events(person.pk) if person else []
    return _ics(ics.feed(events, _("My events")), "my-events.ics")


def feed_group(
    request: HttpRequest, token: str, slug: str, chapter: str | None = None
) -> HttpResponse:
    user = access.feed_user_for_token(token)
    group = groups_access.get_group_for(user, slug)
    ch = groups_access.get_chapter_for(user, group, chapter) if chapter else None
    events = access.events_for(user).filter(queries.scope_filter(group, ch))
    name = f"{group.name} · {ch.name}" if ch else group.name
    return _ics(ics.feed(queries.feed_events(events), name), f"{slug}.ics")
