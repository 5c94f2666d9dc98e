from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from belong.audit.models import Action, Category
from belong.audit.queries import AuditFilters


class AuditFilterForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=[("", _("Any category")), *Category.choices],
    )
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("Any action")), *Action.choices]
    )
    actor = forms.CharField(
        label=_("Actor"),
        required=False,
        max_length=200,
        help_text=_("Part of the username or email address."),
    )
    target_type = forms.CharField(label=_("Target type"), required=False, max_length=100)
    target_id = forms.CharField(label=_("Target id"), required=False, max_length=100)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date must be on or after the start date."))
        return data

    def filters(self) -> AuditFilters:
        """Valid fields apply; an invalid one is left out and shown with its error."""
        if not self.is_bound:
            return AuditFilters()
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return AuditFilters(
            category=data.get("category") or "",
            action=data.get("action") or "",
            actor=(data.get("actor") or "").strip(),
            target_type=(data.get("target_type") or "").strip(),
            target_id=(data.get("target_id") or "").strip(),
            date_from=data.get("date_from"),
            date_to=data.get("date_to") if "date_to" not in self.errors else None,
        )
