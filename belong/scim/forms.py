from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from belong.accounts.models import Role, ScopeKind


class ScimTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("Which identity provider uses it, e.g. “Okta production”."),
    )


class GroupMappingForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Role its members receive"),
        choices=[("", _("No role (record members only)")), *Role.choices],
        required=False,
    )
    scope_kind = forms.ChoiceField(label=_("Scope"), choices=ScopeKind.choices)
    scope_id = forms.IntegerField(
        label=_("Scope id"),
        required=False,
        min_value=1,
        help_text=_("The group, chapter or program id; leave empty for the whole company."),
    )
