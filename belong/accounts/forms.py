from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from belong.accounts.models import Role, ScopeKind, TokenScope


class RoleGrantForm(forms.Form):
    email = forms.EmailField(label=_("Person's sign-in email"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    scope_kind = forms.ChoiceField(label=_("Scope"), choices=ScopeKind.choices)
    scope_id = forms.IntegerField(
        label=_("Scope id"),
        required=False,
        min_value=1,
        help_text=_("The group, chapter or program id; leave empty for the whole company."),
    )

    def clean_email(self) -> Any:
        email = self.cleaned_data["email"]
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            raise forms.ValidationError(_("No account signs in with this email."))
        self.cleaned_data["user"] = user
        return email


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100, help_text=_("What the token is for."))
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"),
        choices=TokenScope.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[TokenScope.READ],
    )
