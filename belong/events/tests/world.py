"""An events world on top of the groups test world: Pride's Madrid chapter hosts a
heritage-month event with 2 seats; a chapter leader, a visible member and a private one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from belong.common.testing import employee_user
from belong.events import services
from belong.events.models import Event, GlobalInitiative
from belong.groups import services as group_services
from belong.groups.tests.world import World, build_world


@dataclass
class EventsWorld:
    groups: World
    initiative: GlobalInitiative
    event: Event
    chapter_leader: Any


def soon(days: int = 7, hour: int = 18) -> dt.datetime:
    day = timezone.now().date() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC)


def make_event(w: World, **overrides: Any) -> Event:
    fields: dict[str, Any] = {
        "group": w.group,
        "chapter": w.madrid,
        "title": "Heritage roundtable",
        "kind": Event.Kind.ROUNDTABLE,
        "starts_at": soon(),
        "ends_at": soon() + dt.timedelta(hours=2),
        "zone": "Europe/Madrid",
        "mode": Event.Mode.IN_PERSON,
        "site": w.madrid.site,
        "capacity": 2,
    }
    fields.update(overrides)
    return services.event_create(**fields)


def build_events_world(personas: dict[str, Any]) -> EventsWorld:
    w = build_world(personas)
    leader = employee_user("chapter-leader")
    group_services.leader_role_assign(
        group=w.group,
        person=leader.person,
        chapter=w.madrid,
        title="Chapter lead",
        starts_on=dt.date(2025, 1, 1),
    )
    today = timezone.localdate()
    initiative = services.initiative_create(
        group=w.group,
        name="Heritage month",
        starts_on=today - dt.timedelta(days=3),
        ends_on=today + dt.timedelta(days=27),
    )
    event = make_event(w, initiative=initiative)
    for user in personas.values():
        if user is not None:
            user.__dict__.pop("_belong_memberships", None)
            user.__dict__.pop("_belong_grants", None)
    return EventsWorld(w, initiative, event, leader)
