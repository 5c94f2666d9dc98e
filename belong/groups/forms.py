"""Forms for joining, one's own membership settings, and the leaders' pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from belong.groups.choices import Pillar, Visibility
from belong.groups.models import Chapter, Group, Membership
from belong.people.models import Person


class DateInput(forms.DateInput):
    input_type = "date"


def chapter_field(
    group: Group, *, allowed: set[int] | None = None, required: bool = False, label: Any = None
) -> forms.ModelChoiceField[Chapter]:
    chapters = Chapter.objects.filter(group=group).order_by("kind", "name")
    if allowed is not None:
        chapters = chapters.filter(pk__in=allowed)
    field: forms.ModelChoiceField[Chapter] = forms.ModelChoiceField(
        queryset=chapters,
        required=required,
        label=label or _("Chapter"),
        empty_label=_("The whole group") if not required else None,
    )
    field.label_from_instance = lambda chapter: chapter.name  # type: ignore[method-assign]
    return field


class JoinForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Join as"),
        choices=Membership.Kind.choices,
        widget=forms.RadioSelect,
        help_text=_("Only you ever see whether you joined as a member or an ally."),
    )
    show_on_roster = forms.BooleanField(label=_("Show me on the group's roster"), required=False)
    show_badges = forms.BooleanField(
        label=_("Let me show this group's badges on my profile"), required=False
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that Belong stores my membership of this group. It can reveal personal "
            "things about me; I can leave at any time, which withdraws this consent."
        ),
        required=True,
    )

    def __init__(self, *args: Any, group: Group, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("kind", Membership.Kind.MEMBER)
        kwargs["initial"].setdefault("show_on_roster", not group.private)
        kwargs["initial"].setdefault("show_badges", not group.private)
        super().__init__(*args, **kwargs)
        self.fields["chapter"] = chapter_field(group)
        self.order_fields(["kind", "chapter", "show_on_roster", "show_badges", "consent"])
        audience = Visibility(group.roster_visibility).label
        self.fields["show_on_roster"].help_text = _("Who sees the roster: %(audience)s.") % {
            "audience": audience
        }


class MembershipForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("I belong as"),
        choices=Membership.Kind.choices,
        widget=forms.RadioSelect,
        help_text=_("Only you ever see this."),
    )
    show_on_roster = forms.BooleanField(label=_("Show me on the group's roster"), required=False)
    show_badges = forms.BooleanField(
        label=_("Show this group's badges on my profile"), required=False
    )
    announcements = forms.BooleanField(
        label=_("Email me the group's announcements"), required=False
    )

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "kind": membership.kind,
                "chapter": membership.chapter_id,
                "show_on_roster": membership.show_on_roster,
                "show_badges": membership.show_badges,
                "announcements": membership.announcements,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["chapter"] = chapter_field(membership.group)
        self.order_fields(["kind", "chapter", "show_on_roster", "show_badges", "announcements"])


class PersonField(forms.CharField):
    """A person by employee id (current employees only)."""

    def clean(self, value: Any) -> Person | None:  # type: ignore[override]
        value = super().clean(value)
        if not value:
            return None
        person = Person.objects.active().filter(employee_id=value.strip()).first()
        if person is None:
            raise forms.ValidationError(_("No current employee has this id."))
        return person


class GroupSettingsForm(forms.Form):
    mission = forms.CharField(label=_("Mission"), widget=forms.Textarea(attrs={"rows": 4}))
    pillars = forms.MultipleChoiceField(
        label=_("Pillars"),
        choices=Pillar.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    listed = forms.BooleanField(label=_("List the group for everyone"), required=False)
    roster_visibility = forms.ChoiceField(
        label=_("Who may see the roster"),
        choices=Visibility.choices,
        help_text=_(
            "Widening this shows no one more widely than they agreed: members are asked to "
            "renew their consent."
        ),
    )
    private = forms.BooleanField(
        label=_("Private group: new members start off the roster and without badges"),
        required=False,
    )
    sponsor = PersonField(label=_("Executive sponsor (employee id)"), required=False)


class LeaderRoleForm(forms.Form):
    person = PersonField(label=_("Employee id"))
    title = forms.CharField(label=_("Title"), max_length=120)
    starts_on = forms.DateField(label=_("Term starts"), widget=DateInput)
    ends_on = forms.DateField(label=_("Term ends"), widget=DateInput, required=False)

    def __init__(self, *args: Any, group: Group, allowed: set[int] | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chapter"] = chapter_field(
            group, allowed=allowed, required=allowed is not None, label=_("Chapter (or board)")
        )


class AnnouncementForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args: Any, group: Group, allowed: set[int] | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chapter"] = chapter_field(
            group, allowed=allowed, required=allowed is not None, label=_("Send to")
        )
        self.order_fields(["chapter", "subject", "body"])


class CampaignForm(forms.Form):
    name = forms.CharField(label=_("Campaign"), max_length=160)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    pillar = forms.ChoiceField(label=_("Pillar"), choices=Pillar.choices, initial=Pillar.ENGAGE)
    badge_name = forms.CharField(label=_("Badge name"), max_length=80)
    badge_image = forms.ImageField(label=_("Badge image"), required=False)
    starts_on = forms.DateField(label=_("Starts"), widget=DateInput)
    ends_on = forms.DateField(label=_("Ends"), widget=DateInput, required=False)
