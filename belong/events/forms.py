"""Forms for hosts (events, initiatives) and attendees (check-in code)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from belong.events.models import Event
from belong.events.services import SpeakerData
from belong.groups.choices import Pillar
from belong.groups.forms import DateInput
from belong.groups.models import Chapter, Group
from belong.people.models import Site


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def format_value(self, value: Any) -> Any:
        if isinstance(value, dt.datetime):
            return value.strftime("%Y-%m-%dT%H:%M")
        return value


def zone_choices() -> list[tuple[str, str]]:
    """The zones of the company's sites first, then UTC."""
    zones = sorted(set(Site.objects.values_list("timezone", flat=True)) | {"UTC"})
    return [(z, z) for z in zones]


class EventForm(forms.Form):
    """Times are entered as wall-clock times in the event's own zone."""

    title = forms.CharField(label=_("Title"), max_length=200)
    chapter = forms.ModelChoiceField(queryset=Chapter.objects.none(), label=_("Chapter"))
    initiative = forms.ModelChoiceField(
        queryset=Chapter.objects.none(), label=_("Part of a global initiative"), required=False
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Event.Kind.choices)
    pillar = forms.ChoiceField(label=_("Pillar"), choices=Pillar.choices, initial=Pillar.ENGAGE)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    starts_at = forms.DateTimeField(label=_("Starts (local time)"), widget=DateTimeInput)
    ends_at = forms.DateTimeField(label=_("Ends (local time)"), widget=DateTimeInput)
    zone = forms.ChoiceField(label=_("Time zone of the event"))
    mode = forms.ChoiceField(label=_("Where"), choices=Event.Mode.choices, widget=forms.RadioSelect)
    site = forms.ModelChoiceField(
        queryset=Site.objects.order_by("country", "city"), label=_("Site"), required=False
    )
    location = forms.CharField(label=_("Room or address"), max_length=200, required=False)
    link = forms.URLField(label=_("Video link"), required=False, assume_scheme="https")
    capacity = forms.IntegerField(
        label=_("Capacity"), min_value=1, required=False, help_text=_("Leave empty for no limit.")
    )
    speakers = forms.CharField(
        label=_("External speakers"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One per line: name; title; organisation."),
    )

    def __init__(self, *args: Any, group: Group, chapters: set[int] | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from belong.events.models import GlobalInitiative

        allowed = Chapter.objects.filter(group=group).order_by("kind", "name")
        if chapters is not None:
            allowed = allowed.filter(pk__in=chapters)
        chapter_field = self.fields["chapter"]
        assert isinstance(chapter_field, forms.ModelChoiceField)
        chapter_field.queryset = allowed
        chapter_field.label_from_instance = lambda c: c.name  # type: ignore[method-assign]
        initiative_field = self.fields["initiative"]
        assert isinstance(initiative_field, forms.ModelChoiceField)
        initiative_field.queryset = GlobalInitiative.objects.filter(group=group)
        zone_field = self.fields["zone"]
        assert isinstance(zone_field, forms.ChoiceField)
        zone_field.choices = zone_choices()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        zone = data.get("zone")
        for name in ("starts_at", "ends_at"):
            value = data.get(name)
            if zone and isinstance(value, dt.datetime):
                # The browser sends wall-clock time; read it in the event's zone.
                naive = value.replace(tzinfo=None) if value.tzinfo else value
                data[name] = naive.replace(tzinfo=zoneinfo.ZoneInfo(zone))
        return data

    def speaker_data(self) -> list[SpeakerData]:
        found = []
        for line in (self.cleaned_data.get("speakers") or "").splitlines():
            parts = [p.strip() for p in line.split(";")] + ["", ""]
            if parts[0]:
                found.append(SpeakerData(parts[0], parts[1], parts[2]))
        return found

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("speakers", None)
        data.pop("chapter", None)
        return data

    @staticmethod
    def initial_for(event: Event) -> dict[str, Any]:
        zone = event.zone
        return {
            "title": event.title,
            "chapter": event.chapter_id,
            "initiative": event.initiative_id,
            "kind": event.kind,
            "pillar": event.pillar,
            "description": event.description,
            "starts_at": event.starts_at.astimezone(zone).replace(tzinfo=None),
            "ends_at": event.ends_at.astimezone(zone).replace(tzinfo=None),
            "zone": event.timezone,
            "mode": event.mode,
            "site": event.site_id,
            "location": event.location,
            "link": event.link,
            "capacity": event.capacity,
            "speakers": "\n".join(
                "; ".join(x for x in (s.name, s.title, s.organisation) if x)
                for s in event.speakers.all()
            ),
        }


class InitiativeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=160)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    pillar = forms.ChoiceField(label=_("Pillar"), choices=Pillar.choices, initial=Pillar.ENGAGE)
    starts_on = forms.DateField(label=_("Starts"), widget=DateInput)
    ends_on = forms.DateField(label=_("Ends"), widget=DateInput)


class CheckInForm(forms.Form):
    code = forms.CharField(label=_("Check-in code"), max_length=8)
