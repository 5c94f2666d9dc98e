from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from belong.common.privacy import min_group_size
from belong.privacy.questions import questions


class SelfIdentificationForm(forms.Form):
    """One optional choice per question; leaving it blank means no answer."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in questions():
            self.fields[question.key] = forms.ChoiceField(
                label=str(question.label),  # built per request, in its language
                choices=[("", _("No answer")), *list(question.all_choices)],
                required=False,
            )


class AnalyticsConsentForm(forms.Form):
    consent = forms.BooleanField(label=_("Count my answers in impact analytics"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consent"].help_text = _(
            "Only in totals of at least %(k)s people, never on their own. Saying no changes "
            "nothing else, and you can withdraw at any time."
        ) % {"k": min_group_size()}


class ErasureRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Why (optional)"), required=False, max_length=2000, widget=forms.Textarea
    )
    confirm = forms.BooleanField(
        label=_("I understand this cannot be undone once carried out."),
        error_messages={"required": _("Tick the box to confirm you want to be erased.")},
    )
