"""The demo seed's events step: three years of local events under global initiatives."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Q

from belong.events.models import SEATED, Event, GlobalInitiative, Registration

AS_OF = dt.date(2026, 6, 30)


@pytest.fixture
def seeded(db):
    call_command("seed_demo", people=600, seed=7, as_of=AS_OF, stdout=StringIO())


def test_it_seeds_three_years_of_events_with_attendance(seeded):
    first = Event.objects.order_by("starts_at").first()
    assert first is not None and (AS_OF - first.starts_at.date()).days > 365 * 2
    assert Event.objects.filter(initiative__isnull=False).exists()
    attended = Registration.objects.filter(status="attended")
    assert attended.exists()
    assert not attended.filter(event__starts_at__date__gt=AS_OF).exists()
    # Never overbooked: seats taken stay within capacity.
    over = (
        Event.objects.filter(capacity__isnull=False)
        .annotate(n=Count("registrations", filter=Q(registrations__status__in=SEATED)))
        .filter(n__gt=F("capacity"))
    )
    assert not over.exists()


def test_every_group_has_a_current_initiative_with_upcoming_local_events(seeded):
    current = GlobalInitiative.objects.filter(starts_on__lte=AS_OF, ends_on__gte=AS_OF)
    assert current.values("group").distinct().count() == 13
    for initiative in current:
        upcoming = initiative.events.filter(starts_at__date__gte=AS_OF)
        assert upcoming.exists() and upcoming.filter(chapter__site__isnull=False).exists()
