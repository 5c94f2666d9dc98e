from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from belong.insights.queries import Filters, Period, countries, level_band_choices, month_end


class DashboardFilterForm(forms.Form):
    """Date range (whole months) and an optional drill-down by level band and country."""

    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    level = forms.ChoiceField(label=_("Level"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [("", _("All levels"))] + [
            (b, b) for b in level_band_choices()
        ]
        self.fields["country"].choices = [("", _("All countries"))] + [(c, c) for c in countries()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            raise forms.ValidationError(_("The start must be before the end."))
        return data

    def period(self) -> Period | None:
        start, end = self.cleaned_data.get("start"), self.cleaned_data.get("end")
        if not start and not end:
            return None
        today = dt.date.today()
        end = end or today
        # Whole months only: day-by-day ranges would let two ranges be subtracted.
        start = (start or end.replace(year=end.year - 3, day=1)).replace(day=1)
        return Period(start, month_end(end))

    def filters(self) -> Filters:
        return Filters(
            level_band=self.cleaned_data.get("level") or "",
            country=self.cleaned_data.get("country") or "",
        )
