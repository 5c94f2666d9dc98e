"""Who may see and change events and registrations. Views, the API and feeds ask here.

Rules, in one place:

- Anyone who may browse groups may browse the events of the groups they may find
  (`groups.access.groups_for`); an event of an unlisted group opens by direct link, as the
  group does. RSVPs need an employee record, as joining does.
- Events are created, changed and cancelled by the leaders of their chapter (or of a
  chapter above it) and by the group's board; group-wide events by the board only.
- Attendee lists go to those hosts only, and carry only people who agreed to be listed
  (`Registration.listed`) and whose membership of the group is not private. Everyone
  else counts only in totals that pass the privacy threshold, and checks in with the code.
- A person always sees their own registration.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from belong.accounts import access as accounts_access
from belong.events.models import Event, GlobalInitiative, Registration
from belong.groups import access as groups_access
from belong.groups.models import Chapter, Group, Membership


def can_browse_events(user: Any) -> bool:
    return groups_access.can_browse_groups(user)


def can_rsvp(user: Any) -> bool:
    return groups_access.can_join(user)


def can_manage_event(user: Any, event: Event) -> bool:
    return groups_access.can_manage_scope(user, event.group, event.chapter)


def can_host_in(user: Any, group: Group, chapter: Chapter | None) -> bool:
    """May create an event for `chapter` of `group` (None: a group-wide event)."""
    return groups_access.can_manage_scope(user, group, chapter)


def can_host_anywhere(user: Any, group: Group) -> bool:
    return groups_access.leads_in_group(user, group)


def hosted_chapter_ids(user: Any, group: Group) -> set[int] | None:
    """Chapters of `group` where `user` may host; None: all of them and group-wide too."""
    return groups_access.led_chapter_ids(user, group)


def can_manage_initiatives(user: Any, group: Group) -> bool:
    return groups_access.can_manage_group(user, group)


def events_for(user: Any) -> QuerySet[Event]:
    """Events of the groups `user` may find (listed, their own, those they lead)."""
    if not can_browse_events(user):
        raise PermissionDenied
    return Event.objects.filter(group__in=groups_access.groups_for(user))


def get_event_for(user: Any, event_id: int, *, write: bool = False) -> Event:
    """An event by id (any group the user may open, as group pages do); `write` asks for a host."""
    if not can_browse_events(user):
        raise PermissionDenied
    event = (
        Event.objects.select_related("group", "chapter", "chapter__site", "site", "initiative")
        .filter(pk=event_id)
        .first()
    )
    if event is None:
        raise Http404
    if event.chapter is not None:
        event.chapter.group = event.group
    if write and not can_manage_event(user, event):
        raise PermissionDenied
    return event


def get_initiative_for(user: Any, initiative_id: int) -> GlobalInitiative:
    if not can_browse_events(user):
        raise PermissionDenied
    initiative = GlobalInitiative.objects.select_related("group").filter(pk=initiative_id).first()
    if initiative is None:
        raise Http404
    return initiative


def registration_of(user: Any, event: Event) -> Registration | None:
    """The viewer's own registration, cancelled ones included."""
    person = accounts_access.person_of(user)
    if person is None:
        return None
    return Registration.objects.filter(event=event, person=person).first()


def invitee(user: Any, event: Event) -> Any:
    """The person an invite may name: the viewer, only while they are registered."""
    mine = registration_of(user, event)
    if mine is None or mine.status == Registration.Status.CANCELLED:
        return None
    return mine.person


def _private_member(group_id: Any) -> Exists:
    return Exists(
        Membership.objects.active().filter(
            group_id=group_id, person_id=OuterRef("person_id"), show_on_roster=False
        )
    )


def listed_registrations(event: Event) -> QuerySet[Registration]:
    """Registrations that may appear on an attendee list: consented, membership not private."""
    return (
        Registration.objects.filter(event=event, listed=True)
        .annotate(hidden_member=_private_member(event.group_id))
        .filter(hidden_member=False)
    )


def attendee_list_for(user: Any, event: Event) -> QuerySet[Registration]:
    """The hosts' list (roster to tick, CSV export). 403 for anyone who does not host it."""
    if not can_manage_event(user, event):
        raise PermissionDenied
    return listed_registrations(event)


def feed_user_for_token(token: str) -> Any:
    """The signed-in user a feed URL stands for, or 404 (a reset token stops working)."""
    from belong.events.models import CalendarToken

    row = CalendarToken.objects.select_related("user").filter(token=token).first()
    if row is None or not row.user.is_active or not can_browse_events(row.user):
        raise Http404
    return row.user
