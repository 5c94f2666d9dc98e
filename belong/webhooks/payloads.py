"""What each event tells a receiver, and what it must never tell.

Other apps call these from their services, inside their transaction. The rules:
- ids, counts and times only; never a person's name, email or self-identification;
- a private group's membership is special-category data: its changes send nothing at all
  (not even an anonymous "someone joined", which the timing alone could give away);
- for a public group, the person's employee id goes out only if they chose to appear on the
  roster; whether they joined as a member or an ally is never sent;
- care circles are safe spaces: their publication says how many circles, not how many people.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from belong.webhooks.models import EventType
from belong.webhooks.services import webhook_emit

if TYPE_CHECKING:
    from belong.circles.models import FormationRun
    from belong.events.models import Event
    from belong.groups.models import Membership
    from belong.mentoring.models import MatchRun


def _utc(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def mentoring_published(run: MatchRun, *, relationships: int, unmatched: int) -> int:
    return webhook_emit(
        event_type=EventType.MATCH_PUBLISHED,
        data={
            "kind": "mentoring",
            "program_id": run.program_id,
            "run_id": run.pk,
            "counts": {"relationships": relationships, "unmatched": unmatched},
        },
    )


def circles_published(run: FormationRun, *, circles: int, placed: int, waiting: int) -> int:
    from belong.circles.models import CircleProgram

    def data() -> dict[str, Any]:
        care = run.program.kind == CircleProgram.Kind.CARE
        counts = {"circles": circles}
        if not care:
            counts.update(placed=placed, waiting=waiting)
        return {
            "kind": "care_circles" if care else "circles",
            "program_id": run.program_id,
            "run_id": run.pk,
            "counts": counts,
        }

    return webhook_emit(event_type=EventType.MATCH_PUBLISHED, data=data)


def event_data(event: Event) -> dict[str, Any]:
    return {
        "event_id": event.pk,
        "uid": str(event.uid),
        "title": event.title,
        "group_id": event.group_id,
        "chapter_id": event.chapter_id,
        "starts_at": _utc(event.starts_at),
        "ends_at": _utc(event.ends_at),
        "mode": event.mode,
        "status": event.status,
        # Who can find it in Belong: a listed group's events show in everyone's list.
        "visibility": "listed" if event.group.listed else "unlisted",
    }


def event_changed(event: Event, event_type: str) -> int:
    return webhook_emit(event_type=event_type, data=lambda: event_data(event))


def membership_changed(membership: Membership, *, change: str, on_roster: bool) -> int:
    """`change` is "joined" or "left"; `on_roster` is whether the person had opted into the
    roster (for a leave: before leaving). Private groups emit nothing."""
    group = membership.group
    if group.private:
        return 0
    return webhook_emit(
        event_type=EventType.MEMBERSHIP_CHANGED,
        data=lambda: {
            "group_id": group.pk,
            "chapter_id": membership.chapter_id,
            "change": change,
            "employee_id": membership.person.employee_id if on_roster else None,
        },
    )
