from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from belong.circles.models import CircleEnrollment, CircleProgram

AVAILABILITY = [
    ("mon-am", _("Monday morning")),
    ("tue-am", _("Tuesday morning")),
    ("wed-am", _("Wednesday morning")),
    ("thu-am", _("Thursday morning")),
    ("fri-am", _("Friday morning")),
    ("mon-pm", _("Monday afternoon")),
    ("tue-pm", _("Tuesday afternoon")),
    ("wed-pm", _("Wednesday afternoon")),
    ("thu-pm", _("Thursday afternoon")),
    ("fri-pm", _("Friday afternoon")),
]


class EnrollForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Join as"),
        choices=CircleEnrollment.Role.choices,
        initial=CircleEnrollment.Role.PARTICIPANT,
        widget=forms.RadioSelect,
    )
    themes = forms.CharField(
        label=_("Themes you want to talk about"),
        help_text=_("Separate them with commas, e.g. career growth, leadership principles."),
        required=False,
    )
    availability = forms.MultipleChoiceField(
        label=_("When you can meet"),
        choices=AVAILABILITY,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    conduct = forms.BooleanField(
        label=_("I have read and accept this circle's code of conduct"), required=False
    )

    def __init__(self, *args: Any, program: CircleProgram, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not program.is_care:
            del self.fields["conduct"]

    def clean_themes(self) -> list[str]:
        return [t.strip() for t in self.cleaned_data["themes"].split(",") if t.strip()]


class PostForm(forms.Form):
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 3}))


class FeedbackForm(forms.Form):
    rating = forms.IntegerField(label=_("Rating (1-5)"), min_value=1, max_value=5)
    text = forms.CharField(
        label=_("Comments"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class MessageForm(forms.Form):
    message = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 3}))
    share_identity = forms.BooleanField(
        label=_("The program manager may know it was me and contact me"), required=False
    )


class DisplayNameForm(forms.Form):
    display_name = forms.CharField(
        label=_("Name shown in this circle"), max_length=60, required=False
    )
