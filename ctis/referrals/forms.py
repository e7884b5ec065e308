"""Forms of the referral pages: they validate input; the actions decide."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ctis.accounts.models import Organisation
from ctis.cases.models import Case
from ctis.directory.models import Service
from ctis.referrals.actions import DEFAULT_DUE_DAYS, MESSAGE_MAX
from ctis.referrals.models import Referral


class ServiceChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} · {obj.provider.name} · {obj.municipality}, {obj.provider.country.code}"

    def grouped(self) -> list[Any]:
        """Services in ctis first, then those outside it, so that the list itself says which
        kind of referral each one makes."""
        on: list[tuple[str, str]] = []
        off: list[tuple[str, str]] = []
        for service in self.queryset:  # type: ignore[union-attr]
            option = (str(service.public_id), self.label_from_instance(service))
            (on if service.provider.ctis_organisation else off).append(option)
        return [
            ("", "---------"),
            (str(ON_SYSTEM_GROUP), on),
            (str(OFF_SYSTEM_GROUP), off),
        ]


ON_SYSTEM_GROUP = _("In ctis: the organisation sees the referral and answers")
OFF_SYSTEM_GROUP = _("Not in ctis: you print a letter and record the answer")


class OrganisationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.country.code if obj.country else '—'})"


class ReferralForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What is this?"),
        choices=Referral.Kind.choices,
        initial=Referral.Kind.REFERRAL,
        widget=forms.RadioSelect,
    )
    service = ServiceChoice(
        label=_("A service in the directory"),
        queryset=Service.objects.none(),
        to_field_name="public_id",
        required=False,
    )
    to_organisation = OrganisationChoice(
        label=_("Or an organisation"),
        queryset=Organisation.objects.none(),
        to_field_name="public_id",
        required=False,
    )
    sharing = forms.ChoiceField(
        label=_("What to share with the receiver"),
        choices=Referral.Sharing.choices,
        initial=Referral.Sharing.MINIMAL,
        widget=forms.RadioSelect,
    )
    needs = forms.MultipleChoiceField(
        label=_("Needs"),
        choices=Service.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    summary = forms.CharField(
        label=_("Summary for the receiver (summary and full levels only)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    message = forms.CharField(
        label=_("A message to the receiver (any level)"),
        help_text=_(
            "One or two lines, such as when to call. Do not write names, places, dates of birth "
            "or anything else that identifies the person."
        ),
        required=False,
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    due_on = forms.DateField(
        label=_("Answer needed by"),
        help_text=_("For a provider outside ctis: the day you follow up if you have no answer."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    override_reason = forms.CharField(
        label=_("If consent is missing: why the referral cannot wait for it"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    eligibility_override = forms.BooleanField(
        label=_("Send it anyway: I have checked with the service that it can help this person"),
        required=False,
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {"due_on": timezone.localdate() + datetime.timedelta(days=DEFAULT_DUE_DAYS)},
        )
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = Service.objects.filter(  # type: ignore[attr-defined]
            is_active=True
        ).select_related("provider", "provider__country", "provider__organisation")
        self.fields["service"].choices = self.fields["service"].grouped()  # type: ignore[attr-defined]
        self.fields["to_organisation"].queryset = (  # type: ignore[attr-defined]
            Organisation.objects.filter(is_active=True, country__isnull=False)
            .exclude(pk=case.organisation_id)
            .select_related("country")
            .order_by("country__code", "name")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        service, organisation = data.get("service"), data.get("to_organisation")
        if (service is None) == (organisation is None):
            raise forms.ValidationError(_("Choose either a service or an organisation."))
        if data.get("kind") == Referral.Kind.TRANSFER and organisation is None:
            self.add_error("to_organisation", _("A case is transferred to an organisation."))
        return data


class StatusForm(forms.Form):
    to = forms.ChoiceField(choices=Referral.Status.choices, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("The period ends before it starts."))
        return data
