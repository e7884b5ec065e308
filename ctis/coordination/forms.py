from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ctis.accounts.models import Country, Organisation
from ctis.coordination import rules
from ctis.coordination.languages import CONTACT_LANGUAGES
from ctis.coordination.models import ActionItem, FocalPoint, Meeting


class DateInput(forms.DateInput):
    input_type = "date"


def _countries(codes: Iterable[str]) -> Any:
    return Country.objects.filter(code__in=list(codes)).order_by("name")


class MeetingForm(forms.ModelForm):
    host_country = forms.ModelChoiceField(
        label=_("Host country"), queryset=Country.objects.none(), to_field_name="code"
    )
    organisations = forms.ModelMultipleChoiceField(
        label=_("Participating organisations"),
        queryset=Organisation.objects.none(),
        to_field_name="public_id",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Meeting
        fields = [
            "title",
            "level",
            "date",
            "host_country",
            "place",
            "organisations",
            "other_participants",
            "agenda",
            "minutes",
            "decisions",
        ]
        widgets = {
            "date": DateInput(),
            "agenda": forms.Textarea(attrs={"rows": 4}),
            "minutes": forms.Textarea(attrs={"rows": 6}),
            "decisions": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(
        self, *args: Any, countries: Iterable[str], organisations: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.countries = frozenset(countries)
        # Regional meetings may be hosted anywhere; national ones only in the user's countries.
        self.fields["host_country"].queryset = Country.objects.order_by("name")  # type: ignore[attr-defined]
        self.fields["host_country"].help_text = _(
            "A national meeting can be logged only for a country you manage the programme in."
        )
        self.fields["organisations"].queryset = organisations  # type: ignore[attr-defined]
        if self.instance.pk:
            self.initial["host_country"] = self.instance.host_country.code
            self.initial["organisations"] = [o.public_id for o in self.instance.organisations.all()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        host = data.get("host_country")
        if (
            data.get("level") == Meeting.Level.NATIONAL
            and host is not None
            and host.code not in self.countries
        ):
            self.add_error(
                "host_country",
                _("You can log national meetings only in the countries you work in."),
            )
        return data

    def meeting_data(self) -> dict[str, Any]:
        return {k: self.cleaned_data[k] for k in self.Meta.fields if k != "organisations"}


class ActionItemForm(forms.ModelForm):
    owner = forms.ModelChoiceField(
        label=_("Owner organisation"),
        queryset=Organisation.objects.none(),
        to_field_name="public_id",
        required=False,
        help_text=_("An organisation that uses ctis, or type the name of another body below."),
    )

    class Meta:
        model = ActionItem
        fields = ["description", "owner", "owner_name", "due_date"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2}), "due_date": DateInput()}

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = organisations  # type: ignore[attr-defined]
        if self.instance.pk and self.instance.owner is not None:
            self.initial["owner"] = self.instance.owner.public_id

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        owner, name = data.get("owner"), (data.get("owner_name") or "").strip()
        if owner is None and not name:
            self.add_error(
                "owner", _("Choose the owner organisation or type the name of the outside body.")
            )
        elif owner is not None and name:
            self.add_error("owner_name", _("Choose an organisation or type a name, not both."))
        data["owner_name"] = name
        return data


class FollowUpForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    note = forms.CharField(label=_("Follow-up note"), widget=forms.Textarea(attrs={"rows": 3}))
    status = forms.ChoiceField(label=_("Status"), choices=ActionItem.Status.choices)

    def __init__(self, *args: Any, item: ActionItem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.item = item
        allowed = {item.status, *rules.ALLOWED_TRANSITIONS[rules.Status(item.status)]}
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            (value, label) for value, label in ActionItem.Status.choices if value in allowed
        ]
        self.initial.setdefault("status", item.status)
        self.initial.setdefault("date", timezone.localdate())

    def clean_date(self) -> Any:
        value = self.cleaned_data["date"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("A follow-up cannot be dated in the future."))
        return value


class ActionItemFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any")), *ActionItem.Status.choices]
    )
    overdue = forms.BooleanField(label=_("Only overdue"), required=False)


LANGUAGE_CHOICES = list(CONTACT_LANGUAGES.items())


class FocalPointForm(forms.ModelForm):
    country = forms.ModelChoiceField(
        label=_("Country"), queryset=Country.objects.none(), to_field_name="code"
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), to_field_name="public_id"
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=LANGUAGE_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    handles = forms.MultipleChoiceField(
        label=_("Handles"), choices=FocalPoint.Topic.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = FocalPoint
        fields = [
            "country",
            "name",
            "organisation",
            "role",
            "phone",
            "email",
            "notes",
        ]

    field_order = [
        "country",
        "name",
        "organisation",
        "role",
        "phone",
        "email",
        "languages",
        "handles",
        "notes",
    ]

    def __init__(
        self, *args: Any, countries: Iterable[str], organisations: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = _countries(countries)  # type: ignore[attr-defined]
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        if self.instance.pk:
            self.initial["country"] = self.instance.country.code
            self.initial["organisation"] = self.instance.organisation.public_id
            self.initial["languages"] = self.instance.language_codes
            self.initial["handles"] = self.instance.topic_codes

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("phone") and not data.get("email"):
            self.add_error("phone", _("Give a phone number or an email address."))
        return data

    def focal_point_data(self) -> dict[str, Any]:
        data = {k: self.cleaned_data[k] for k in self.Meta.fields}
        data["languages"] = " ".join(self.cleaned_data["languages"])
        data["handles"] = " ".join(self.cleaned_data["handles"])
        return data


class FocalPointFilterForm(forms.Form):
    country = forms.ModelChoiceField(
        label=_("Country"),
        queryset=Country.objects.order_by("name"),
        to_field_name="code",
        required=False,
        empty_label=_("All countries"),
    )
    handles = forms.ChoiceField(
        label=_("Handles"), required=False, choices=[("", _("Anything")), *FocalPoint.Topic.choices]
    )
