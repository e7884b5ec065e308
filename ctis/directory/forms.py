from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ctis.accounts.country_labels import COUNTRY_LABELS
from ctis.accounts.models import Organisation
from ctis.directory.languages import SERVICE_LANGUAGES
from ctis.directory.models import Provider, Service
from ctis.directory.queries import ServiceSearch

LANGUAGE_CHOICES = list(SERVICE_LANGUAGES.items())


class SearchForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Help needed"), required=False, choices=[("", _("Any")), *Service.Kind.choices]
    )
    country = forms.ChoiceField(
        label=_("Country"), required=False, choices=[("", _("Any")), *COUNTRY_LABELS.items()]
    )
    municipality = forms.CharField(label=_("Town"), required=False, max_length=100)
    language = forms.ChoiceField(
        label=_("Language spoken"), required=False, choices=[("", _("Any")), *LANGUAGE_CHOICES]
    )
    age = forms.IntegerField(
        label=_("Age of the person"), required=False, min_value=0, max_value=120
    )
    sex = forms.ChoiceField(
        label=_("Sex of the person"),
        required=False,
        choices=[("", _("Any")), ("female", _("Female")), ("male", _("Male"))],
    )
    available_only = forms.BooleanField(label=_("Hide services that are full"), required=False)

    def query(self) -> ServiceSearch:
        data = self.cleaned_data if self.is_valid() else {}
        return ServiceSearch(
            kind=data.get("kind") or "",
            country=data.get("country") or "",
            municipality=data.get("municipality") or "",
            language=data.get("language") or "",
            age=data.get("age"),
            sex=data.get("sex") or "",
            available_only=bool(data.get("available_only")),
        )


class ServiceForm(forms.ModelForm):
    provider = forms.ModelChoiceField(
        label=_("Provider"),
        queryset=Provider.objects.none(),
        to_field_name="public_id",
        required=False,
        help_text=_("Choose the provider, or name a new one below."),
    )
    new_provider = forms.CharField(label=_("New provider"), required=False, max_length=200)
    new_provider_country = forms.ChoiceField(
        label=_("Country of the new provider"), required=False, choices=[]
    )
    organisation = forms.ModelChoiceField(
        label=_("The provider's organisation in ctis"),
        queryset=Organisation.objects.none(),
        to_field_name="public_id",
        required=False,
        help_text=_(
            "If the provider uses ctis, choose its organisation: referrals to this service then "
            "reach it in ctis. Leave empty for a provider outside ctis: referrals to it are "
            "off-system, with a printed letter."
        ),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"),
        choices=LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Service
        fields = [
            "kind",
            "name",
            "description",
            "municipality",
            "address",
            "address_is_public",
            "phone",
            "email",
            "opening_hours",
            "available_24_7",
            "eligible_sex",
            "min_age",
            "max_age",
            "availability",
            "capacity",
            "is_public",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(
        self,
        *args: Any,
        providers: Any,
        countries: list[str],
        organisations: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers  # type: ignore[attr-defined]
        self.fields["organisation"].queryset = (  # type: ignore[attr-defined]
            organisations if organisations is not None else Organisation.objects.none()
        )
        self.fields["new_provider_country"].choices = [  # type: ignore[attr-defined]
            (code, COUNTRY_LABELS[code]) for code in countries
        ]
        if self.instance.pk:
            del (
                self.fields["provider"],
                self.fields["new_provider"],
                self.fields["new_provider_country"],
            )
            self.initial["languages"] = self.instance.language_codes
            linked = self.instance.provider.organisation
            self.initial["organisation"] = linked.public_id if linked else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "provider" in self.fields and not data.get("provider") and not data.get("new_provider"):
            self.add_error("provider", _("Choose a provider or name a new one."))
        self._check_organisation(data)
        min_age, max_age = data.get("min_age"), data.get("max_age")
        if min_age is not None and max_age is not None and min_age > max_age:
            self.add_error("max_age", _("The oldest age is below the youngest."))
        return data

    def _check_organisation(self, data: dict[str, Any]) -> None:
        """The organisation must be in the provider's country and not run another provider."""
        organisation = data.get("organisation")
        if organisation is None:
            return
        if self.instance.pk:
            provider = self.instance.provider
            country = provider.country.code
        else:
            provider = data.get("provider")
            country = provider.country.code if provider else data.get("new_provider_country")
        if organisation.country is None or organisation.country.code != country:
            self.add_error("organisation", _("Choose an organisation in the provider's country."))
            return
        other = Provider.objects.filter(organisation=organisation)
        if provider is not None:
            other = other.exclude(pk=provider.pk)
        if other.exists():
            self.add_error(
                "organisation",
                _("This organisation is already linked to the provider %(name)s.")
                % {"name": other[0].name},
            )

    def service_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class AvailabilityForm(forms.Form):
    availability = forms.ChoiceField(label=_("Availability"), choices=Service.Availability.choices)
