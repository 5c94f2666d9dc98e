from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from belong.webhooks.models import SUBSCRIBABLE
from belong.webhooks.urlguard import check_url


class EndpointForm(forms.Form):
    """The URL is checked here too, so every field's problem shows at once; the service
    checks again whatever calls it."""

    url = forms.CharField(
        label=_("Payload URL"),
        max_length=500,
        help_text=_("Where Belong sends a POST for each event. Use https."),
        widget=forms.URLInput(attrs={"placeholder": "https://hooks.example.com/belong"}),
    )
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    event_types = forms.MultipleChoiceField(
        label=_("Events"),
        choices=SUBSCRIBABLE,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one event to send.")},
    )
    active = forms.BooleanField(
        label=_("Active"),
        required=False,
        initial=True,
        help_text=_("Switched-off endpoints receive nothing, not even retries."),
    )

    def clean_url(self) -> str:
        url: str = self.cleaned_data["url"].strip()
        check_url(url)
        return url
