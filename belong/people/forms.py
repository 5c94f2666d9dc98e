from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from belong.people.models import Language, Level, OrgUnit, Site, Skill
from belong.people.queries import DirectoryFilters

MAX_UPLOAD_MB = 200


class DirectorySearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name, email or employee id"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    skill = forms.ModelChoiceField(
        label=_("Skill"), queryset=Skill.objects.all(), required=False, empty_label=_("Any skill")
    )
    org = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=OrgUnit.objects.filter(depth__lte=3),
        required=False,
        empty_label=_("Any organisation"),
    )
    site = forms.ModelChoiceField(
        label=_("Site"), queryset=Site.objects.all(), required=False, empty_label=_("Any site")
    )
    language = forms.ModelChoiceField(
        label=_("Language"),
        queryset=Language.objects.all(),
        required=False,
        empty_label=_("Any language"),
    )
    level = forms.ModelChoiceField(
        label=_("Level"), queryset=Level.objects.all(), required=False, empty_label=_("Any level")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A deep unit reached from a profile link is not in the short list, so accept any id.
        org_id = self.data.get("org") if self.is_bound else None
        if org_id and str(org_id).isdigit():
            self.fields["org"].queryset = OrgUnit.objects.filter(
                depth__lte=3
            ) | OrgUnit.objects.filter(pk=int(org_id))

    def filters(self) -> DirectoryFilters:
        if not self.is_valid():
            return DirectoryFilters(q=self.data.get("q", "")[:100])
        data = self.cleaned_data

        def pk(name: str) -> int | None:
            value = data.get(name)
            return value.pk if value is not None else None

        return DirectoryFilters(
            q=data["q"].strip(),
            skill=pk("skill"),
            org=pk("org"),
            site=pk("site"),
            language=pk("language"),
            level=pk("level"),
        )


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("HR export (CSV)"),
        help_text=_("UTF-8 CSV with a header row; see the column format below."),
    )
    full_export = forms.BooleanField(
        label=_("This is a full export: mark people missing from it as exited"), required=False
    )
    skip_bad = forms.BooleanField(
        label=_("Import the good rows even if some rows are bad"), required=False
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError(_("The file must be a .csv file."))
        if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB; use the import_people command for it.")
                % {"mb": MAX_UPLOAD_MB}
            )
        return upload


class ProfileForm(forms.Form):
    pronouns = forms.CharField(label=_("Pronouns"), max_length=40, required=False)
    bio = forms.CharField(
        label=_("About me"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
