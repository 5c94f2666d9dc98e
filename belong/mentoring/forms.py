from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from belong.mentoring.models import Enrollment, Goal, Program

SLOTS = [
    # Lazy, so each viewer sees the slot in their own language (a day, then its half).
    (f"{day}-{part}", format_lazy(_("{day} {part_of_day}"), day=day_label, part_of_day=part_label))
    for day, day_label in (
        ("mon", _("Monday")),
        ("tue", _("Tuesday")),
        ("wed", _("Wednesday")),
        ("thu", _("Thursday")),
        ("fri", _("Friday")),
    )
    for part, part_label in (("am", _("morning")), ("pm", _("afternoon")))
]


class EnrollmentForm(forms.Form):
    role = forms.ChoiceField(
        label=_("I want to join as"), choices=Enrollment.Role.choices, widget=forms.RadioSelect
    )
    goals = forms.CharField(
        label=_("Your goals (as a mentee)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What do you want to work on? Your mentor sees this."),
    )
    topics_sought = forms.TypedMultipleChoiceField(
        label=_("Topics you want to learn"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    preferred_traits = forms.CharField(
        label=_("What you look for in a mentor"), required=False, max_length=500
    )
    expertise = forms.CharField(
        label=_("What you can help with (as a mentor)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    topics_offered = forms.TypedMultipleChoiceField(
        label=_("Topics you can mentor on"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    capacity = forms.IntegerField(label=_("Mentees at a time"), required=False, min_value=1)
    availability = forms.MultipleChoiceField(
        label=_("When you are usually free"),
        required=False,
        choices=SLOTS,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.CharField(
        label=_("Languages for mentoring"),
        required=False,
        help_text=_("Language codes separated by commas, e.g. en, es. Empty: your profile's."),
    )

    def __init__(self, *args: Any, program: Program, editing: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        topics = [(t.pk, t.name) for t in program.topics.all()]
        self.fields["topics_sought"].choices = topics  # type: ignore[attr-defined]
        self.fields["topics_offered"].choices = topics  # type: ignore[attr-defined]
        self.fields["capacity"].widget.attrs["max"] = program.mentor_capacity_max
        self.fields["capacity"].help_text = _("Between 1 and %(n)d.") % {
            "n": program.mentor_capacity_max
        }
        if editing:
            del self.fields["role"]

    def clean_languages(self) -> list[str] | None:
        raw = self.cleaned_data.get("languages") or ""
        codes = [c.strip().lower() for c in raw.split(",") if c.strip()]
        return codes or None


class RequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the mentor"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why this mentor, and what you hope to learn."),
    )


class AnswerForm(forms.Form):
    reply = forms.CharField(
        label=_("Reply"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AgreementForm(forms.Form):
    cadence = forms.CharField(label=_("How often you meet"), max_length=120)
    duration_weeks = forms.IntegerField(label=_("For how many weeks"), min_value=4, max_value=24)
    confidentiality = forms.CharField(
        label=_("Confidentiality"), widget=forms.Textarea(attrs={"rows": 2})
    )
    expectations = forms.CharField(
        label=_("Expectations of each other"), widget=forms.Textarea(attrs={"rows": 2})
    )


class GoalForm(forms.Form):
    title = forms.CharField(label=_("Goal"), max_length=200)
    due = forms.DateField(
        label=_("Due"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class GoalStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Goal.Status.choices)


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=200)
    due = forms.DateField(
        label=_("Due"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ScheduleForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Date and time (your time zone)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    minutes = forms.IntegerField(
        label=_("Length (minutes)"), initial=45, min_value=5, max_value=480
    )
    video_link = forms.URLField(label=_("Video link"), required=False, assume_scheme="https")


class LogForm(forms.Form):
    topics = forms.TypedMultipleChoiceField(
        label=_("Topics covered"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    shared_notes = forms.CharField(
        label=_("Shared notes (both of you can read these)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    private_note = forms.CharField(
        label=_("Private note (only you can ever read this)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, program: Program, **kwargs: Any):
        super().__init__(*args, **kwargs)
        choices = [(t.pk, t.name) for t in program.topics.all()]
        self.fields["topics"].choices = choices  # type: ignore[attr-defined]


class SurveyForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How is the mentoring going?"),
        coerce=int,
        choices=[(n, str(n)) for n in range(1, 6)],
        widget=forms.RadioSelect,
    )
    nps = forms.IntegerField(
        label=_("How likely are you to recommend this program to a colleague (0 to 10)?"),
        min_value=0,
        max_value=10,
    )
    comment = forms.CharField(
        label=_("Anything to add? Your partner sees it once you have both answered."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CloseForm(forms.Form):
    reason = forms.CharField(label=_("Why is it closing?"), max_length=300)
