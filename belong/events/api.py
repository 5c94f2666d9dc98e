"""REST endpoints for events: the same `access` rules as the pages.

Attendee lists go to hosts only and carry only people who agreed to be listed and whose
membership is not private; everyone else counts in thresholded totals.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.errors import HttpError

from belong.accounts import access as accounts_access
from belong.accounts.api_auth import require, require_scope
from belong.common.api_fields import ICS_RESPONSE
from belong.events import access, ics, queries, services
from belong.events.api_schemas import (
    NULLABLE_IN_PATCH,
    ChapterReportOut,
    CheckinCodeOut,
    CodeIn,
    EventIn,
    EventOut,
    EventPage,
    EventPatch,
    GlobalInitiativeIn,
    GlobalInitiativeOut,
    InitiativeDetailOut,
    RegistrationOut,
    RosterOut,
    RsvpIn,
    TickIn,
    event_out,
    initiative_out,
    registration_out,
)
from belong.events.models import Event, GlobalInitiative, Registration
from belong.events.services import SpeakerData
from belong.groups import access as groups_access
from belong.groups.models import Chapter, Group
from belong.people.models import Person, Site

router = Router(tags=["events"])


def _fail(error: ValidationError) -> ValidationError:
    """Re-raised as is: the API's handler answers 400 naming each refused field."""
    return error


def _event(
    request: HttpRequest, event_id: int, *, scope: str = "read", write: bool = False
) -> Event:
    require_scope(request, scope)
    require(access.can_browse_events(request.user))
    try:
        return access.get_event_for(request.user, event_id, write=write)
    except Http404:
        raise HttpError(404, "No such event.") from None
    except PermissionDenied:
        raise HttpError(403, "You are not allowed to do this.") from None


def _group(request: HttpRequest, group_id: int, *, scope: str = "read") -> Group:
    require_scope(request, scope)
    require(access.can_browse_events(request.user))
    try:
        return groups_access.get_group_by_id_for(request.user, group_id)
    except Http404:
        raise HttpError(404, "No such group.") from None


def _me(request: HttpRequest) -> Person:
    person = accounts_access.person_of(request.user)
    require(person is not None and access.can_rsvp(request.user))
    assert person is not None
    return person


def _show_link(request: HttpRequest, event: Event, mine: Registration | None) -> bool:
    return (mine is not None and mine.holds_seat) or access.can_manage_event(request.user, event)


@router.get("/events", response=EventPage, summary="Events you may find (upcoming by default)")
def list_events(
    request: HttpRequest,
    group: int | None = None,
    chapter: int | None = None,
    kind: str = "",
    pillar: str = "",
    past: bool = False,
    page: Query[int] = 1,
) -> dict[str, Any]:
    require_scope(request, "read")
    require(access.can_browse_events(request.user))
    f = queries.EventFilters(group=group, chapter=chapter, kind=kind, pillar=pillar, past=past)
    result = queries.event_page(
        queries.filtered(access.events_for(request.user), f), page=min(max(page, 1), 10_000)
    )
    return {
        "page": result["number"],
        "has_next": result["has_next"],
        "results": [event_out(e, show_link=False) for e in result["events"]],
    }


@router.get(
    "/events/initiatives/{initiative_id}",
    response=InitiativeDetailOut,
    summary="A global initiative and the events you may find in it",
)
def get_initiative(request: HttpRequest, initiative_id: int) -> dict[str, Any]:
    require_scope(request, "read")
    try:
        item = access.get_initiative_for(request.user, initiative_id)
    except Http404:
        raise HttpError(404, "No such initiative.") from None
    except PermissionDenied:
        raise HttpError(403, "You are not allowed to do this.") from None
    events = queries.with_seats(
        queries.with_related(access.events_for(request.user).filter(initiative=item))
    ).order_by("starts_at", "id")
    return {
        **initiative_out(item),
        "events": [event_out(e, show_link=False) for e in events[:500]],
    }


@router.get("/events/{event_id}", response=EventOut, summary="An event")
def get_event(request: HttpRequest, event_id: int) -> dict[str, Any]:
    event = _event(request, event_id)
    mine = access.registration_of(request.user, event)
    return event_out(event, show_link=_show_link(request, event, mine))


def _speakers(items: list[Any]) -> list[SpeakerData]:
    return [SpeakerData(s.name, s.title, s.organisation) for s in items]


def _site(site_id: int | None) -> Site | None:
    if site_id is None:
        return None
    site = Site.objects.filter(pk=site_id).first()
    if site is None:
        raise HttpError(400, "No such site.")
    return site


@router.post("/groups/{group_id}/events", response={201: EventOut}, summary="Create an event")
def create_event(request: HttpRequest, group_id: int, data: EventIn) -> Status:
    group = _group(request, group_id, scope="write")
    chapter: Chapter | None = None
    if data.chapter_id is not None:
        chapter = Chapter.objects.filter(group=group, pk=data.chapter_id).first()
        if chapter is None:
            raise HttpError(404, "No such chapter in this group.")
        chapter.group = group
    require(access.can_host_in(request.user, group, chapter))
    initiative = None
    if data.initiative_id is not None:
        initiative = GlobalInitiative.objects.filter(group=group, pk=data.initiative_id).first()
    try:
        event = services.event_create(
            group=group,
            chapter=chapter,
            initiative=initiative,
            title=data.title,
            kind=data.kind,
            pillar=data.pillar,
            description=data.description,
            starts_at=data.starts_at,
            ends_at=data.ends_at,
            zone=data.timezone,
            mode=data.mode,
            site=_site(data.site_id),
            location=data.location,
            link=data.link,
            capacity=data.capacity,
            speakers=_speakers(data.speakers),
            created_by=accounts_access.person_of(request.user),
        )
    except ValueError as error:
        raise HttpError(400, str(error)) from None
    return Status(201, event_out(event, show_link=True))


@router.patch("/events/{event_id}", response=EventOut, summary="Change an event (hosts)")
def update_event(request: HttpRequest, event_id: int, data: EventPatch) -> dict[str, Any]:
    event = _event(request, event_id, scope="write", write=True)
    changes = data.dict(exclude_unset=True)
    blank = sorted(k for k, v in changes.items() if v is None and k not in NULLABLE_IN_PATCH)
    if blank:
        raise ValidationError({k: _("This field cannot be null.") for k in blank})
    speakers = changes.pop("speakers", None)
    if "timezone" in changes:
        changes["zone"] = changes.pop("timezone")
    if "site_id" in changes:
        changes["site"] = _site(changes.pop("site_id"))
    try:
        services.event_update(
            event=event,
            speakers=_speakers(data.speakers or []) if speakers is not None else None,
            **changes,
        )
    except ValueError as error:
        raise HttpError(400, str(error)) from None
    return event_out(event, show_link=True)


@router.post("/events/{event_id}/cancel", response=EventOut, summary="Cancel an event (hosts)")
def cancel_event(request: HttpRequest, event_id: int) -> dict[str, Any]:
    event = _event(request, event_id, scope="write", write=True)
    services.event_cancel(event=event)
    return event_out(event, show_link=True)


@router.get(
    "/events/{event_id}/invite.ics",
    summary="The event's invite (iCalendar)",
    openapi_extra=ICS_RESPONSE,
)
def event_invite(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event(request, event_id)
    method = "CANCEL" if event.is_cancelled else "REQUEST"
    return HttpResponse(
        ics.event_invite(event, access.invitee(request.user, event)),
        content_type=f"text/calendar; method={method}",
    )


# --- your registration ----------------------------------------------------------------------


@router.get("/events/{event_id}/registration", response=RegistrationOut, summary="Your RSVP")
def my_registration(request: HttpRequest, event_id: int) -> dict[str, Any]:
    event = _event(request, event_id)
    _me(request)
    mine = access.registration_of(request.user, event)
    if mine is None:
        raise HttpError(404, "You have not registered.")
    return registration_out(mine)


@router.post("/events/{event_id}/registration", response=RegistrationOut, summary="RSVP")
def rsvp(request: HttpRequest, event_id: int, data: RsvpIn) -> dict[str, Any]:
    event = _event(request, event_id, scope="write")
    person = _me(request)
    try:
        return registration_out(
            services.registration_create(
                event=event,
                person=person,
                listed=(not event.group.private) if data.listed is None else data.listed,
            )
        )
    except ValidationError as error:
        raise _fail(error) from None


@router.delete("/events/{event_id}/registration", response=RegistrationOut, summary="Cancel RSVP")
def cancel_rsvp(request: HttpRequest, event_id: int) -> dict[str, Any]:
    event = _event(request, event_id, scope="write")
    _me(request)
    mine = access.registration_of(request.user, event)
    if mine is None:
        raise HttpError(404, "You have not registered.")
    return registration_out(services.registration_cancel(registration=mine))


@router.post("/events/{event_id}/checkin", response=RegistrationOut, summary="Check in by code")
def checkin(request: HttpRequest, event_id: int, data: CodeIn) -> dict[str, Any]:
    event = _event(request, event_id, scope="write")
    person = _me(request)
    try:
        return registration_out(
            services.checkin_with_code(event=event, person=person, code=data.code)
        )
    except ValidationError as error:
        raise _fail(error) from None


# --- hosts ----------------------------------------------------------------------------------


@router.get(
    "/events/{event_id}/checkin-code",
    response=CheckinCodeOut,
    summary="The code attendees type to check in (hosts)",
)
def checkin_code(request: HttpRequest, event_id: int) -> dict[str, str]:
    event = _event(request, event_id, write=True)
    return {"code": event.checkin_code}


@router.post(
    "/events/{event_id}/checkin-code",
    response=CheckinCodeOut,
    summary="Replace the check-in code, e.g. after it leaked (hosts)",
)
def checkin_code_reset(request: HttpRequest, event_id: int) -> dict[str, str]:
    event = _event(request, event_id, scope="write", write=True)
    return {"code": services.checkin_code_reset(event=event).checkin_code}


@router.get("/events/{event_id}/attendees", response=RosterOut, summary="Attendee list (hosts)")
def attendees(request: HttpRequest, event_id: int) -> dict[str, Any]:
    event = _event(request, event_id, write=True)
    listed = access.attendee_list_for(request.user, event)
    return {
        "attendees": [
            {
                "id": r.pk,
                "employee_id": r.person.employee_id,
                "name": r.person.display_name,
                "status": r.status,
                "checked_in_at": r.checked_in_at,
            }
            for r in queries.roster_rows(listed)
        ],
        "not_listed": queries.unlisted_count(event, listed),
        "report": queries.event_report(event),
    }


@router.post(
    "/events/{event_id}/attendees/{registration_id}/checkin",
    response=RegistrationOut,
    summary="Tick someone on the roster (hosts)",
)
def tick(request: HttpRequest, event_id: int, registration_id: int, data: TickIn) -> Any:
    event = _event(request, event_id, scope="write", write=True)
    row = access.attendee_list_for(request.user, event).filter(pk=registration_id).first()
    if row is None:
        raise HttpError(404, "Nobody listed with this id.")
    try:
        return registration_out(services.checkin_tick(registration=row, attended=data.attended))
    except ValidationError as error:
        raise _fail(error) from None


@router.get(
    "/groups/{group_id}/events/report",
    response=list[ChapterReportOut],
    summary="Attendance per chapter (hosts)",
)
def report(request: HttpRequest, group_id: int) -> list[dict[str, Any]]:
    group = _group(request, group_id)
    require(access.can_host_anywhere(request.user, group))
    return queries.chapter_report(group, access.hosted_chapter_ids(request.user, group))


# --- initiatives ----------------------------------------------------------------------------


@router.get(
    "/groups/{group_id}/global-initiatives",
    response=list[GlobalInitiativeOut],
    summary="Global initiatives",
)
def list_initiatives(request: HttpRequest, group_id: int) -> list[dict[str, Any]]:
    group = _group(request, group_id)
    return [initiative_out(i) for i in GlobalInitiative.objects.filter(group=group)]


@router.post(
    "/groups/{group_id}/global-initiatives",
    response={201: GlobalInitiativeOut},
    summary="Start a global initiative (board)",
)
def create_initiative(request: HttpRequest, group_id: int, data: GlobalInitiativeIn) -> Status:
    group = _group(request, group_id, scope="write")
    require(access.can_manage_initiatives(request.user, group))
    try:
        item = services.initiative_create(group=group, **data.dict())
    except ValueError as error:
        raise HttpError(400, str(error)) from None
    return Status(201, initiative_out(item))
