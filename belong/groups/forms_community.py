"""Forms for volunteering, drives, partnerships and initiatives."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from belong.groups.choices import Pillar
from belong.groups.forms import DateInput, chapter_field
from belong.groups.models import (
    Donation,
    Group,
    Initiative,
    Partner,
    Referral,
    VolunteerOpportunity,
)


class ScopedForm(forms.Form):
    """A leader's form with a chapter field limited to what they lead (None: the board)."""

    def __init__(self, *args: Any, group: Group, allowed: set[int] | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chapter"] = chapter_field(group, allowed=allowed, required=allowed is not None)
        self.order_fields(["chapter", *[f for f in self.fields if f != "chapter"]])


class OpportunityForm(ScopedForm):
    nonprofit = forms.CharField(label=_("Nonprofit"), max_length=160)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    pillar = forms.ChoiceField(label=_("Pillar"), choices=Pillar.choices, initial=Pillar.ENGAGE)
    starts_on = forms.DateField(label=_("Starts"), widget=DateInput)
    ends_on = forms.DateField(label=_("Ends"), widget=DateInput, required=False)


class HoursForm(forms.Form):
    hours = forms.DecimalField(
        label=_("Hours"), min_value=Decimal("0.25"), max_value=Decimal(24), decimal_places=2
    )
    worked_on = forms.DateField(label=_("Date"), widget=DateInput)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, group: Group, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["opportunity"] = forms.ModelChoiceField(
            label=_("Opportunity"),
            queryset=VolunteerOpportunity.objects.filter(group=group).order_by("-starts_on"),
        )
        self.order_fields(["opportunity", "hours", "worked_on", "note"])


class DriveForm(ScopedForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    nonprofit = forms.CharField(label=_("Nonprofit (optional)"), max_length=160, required=False)
    goal = forms.DecimalField(label=_("Goal"), min_value=Decimal(1), decimal_places=2)
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="USD")
    match_ratio = forms.DecimalField(
        label=_("Company match per unit given"),
        min_value=Decimal(0),
        max_value=Decimal(10),
        decimal_places=2,
        initial=Decimal(0),
    )
    match_cap = forms.DecimalField(
        label=_("Company match cap"), min_value=Decimal(0), decimal_places=2, required=False
    )
    starts_on = forms.DateField(label=_("Starts"), widget=DateInput)
    ends_on = forms.DateField(label=_("Ends"), widget=DateInput, required=False)


class DonationForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("This is a"), choices=Donation.Kind.choices, widget=forms.RadioSelect
    )
    amount = forms.DecimalField(label=_("Amount"), min_value=Decimal("0.01"), decimal_places=2)
    given_on = forms.DateField(label=_("Date"), widget=DateInput, required=False)


class PartnerForm(ScopedForm):
    name = forms.CharField(label=_("Organisation"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Partner.Kind.choices)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    since = forms.DateField(label=_("Partner since"), widget=DateInput, required=False)


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Contact name"), max_length=160)
    role = forms.CharField(label=_("Their role"), max_length=160, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)


class ReferralForm(forms.Form):
    reference = forms.CharField(
        label=_("Candidate or requisition reference"),
        max_length=120,
        required=False,
        help_text=_("A reference from the recruiting system, not the candidate's details."),
    )
    role_title = forms.CharField(label=_("Role"), max_length=160, required=False)
    referred_on = forms.DateField(label=_("Referred on"), widget=DateInput)
    status = forms.ChoiceField(label=_("Status"), choices=Referral.Status.choices)


class InitiativeForm(ScopedForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Initiative.Kind.choices)
    pillar = forms.ChoiceField(label=_("Pillar"), choices=Pillar.choices, initial=Pillar.ADVOCATE)
    status = forms.ChoiceField(label=_("Status"), choices=Initiative.Status.choices)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    started_on = forms.DateField(label=_("Started"), widget=DateInput, required=False)


class InitiativeUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Initiative.Status.choices)
    outcomes = forms.CharField(
        label=_("Outcomes"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    finished_on = forms.DateField(label=_("Finished"), widget=DateInput, required=False)
