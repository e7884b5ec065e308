"""Forms of the portal: the public find-help filter (GET) and the staff forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ctis.accounts.country_labels import COUNTRY_LABELS
from ctis.directory.models import Service
from ctis.portal.languages import PORTAL_LANGUAGES, direction
from ctis.portal.models import Campaign, EmergencyNumber, OutreachSession, PageTranslation


def _set_choices(form: forms.BaseForm, name: str, choices: list[tuple[str, Any]]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


class FindHelpForm(forms.Form):
    """Country, town, need and language, every one optional; labels in the visitor's language."""

    country = forms.ChoiceField(required=False)
    town = forms.CharField(required=False, max_length=100)
    need = forms.ChoiceField(required=False)
    speaks = forms.ChoiceField(required=False)

    def __init__(
        self, *args: Any, text: dict[str, str], countries: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        any_ = ("", text["any"])
        _set_choices(self, "country", [any_, *countries])
        _set_choices(
            self, "need", [any_, *[(kind, text[f"need_{kind}"]) for kind in Service.Kind.values]]
        )
        _set_choices(self, "speaks", [any_, *PORTAL_LANGUAGES.items()])

    def clean_town(self) -> str:
        return " ".join(self.cleaned_data["town"].split())


class TranslationForm(forms.ModelForm):
    """A page's text in one language; the inputs run in that language's direction."""

    def __init__(self, *args: Any, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.update({"lang": language, "dir": direction(language)})

    class Meta:
        model = PageTranslation
        fields = ["title", "summary", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 18})}
        help_texts = {
            "body": _(
                "Plain text. Leave an empty line between paragraphs; start a line with "
                "'## ' for a heading and '- ' for a list item."
            )
        }


def _campaign_languages(campaign: Campaign) -> list[tuple[str, Any]]:
    return [(code, PORTAL_LANGUAGES[code]) for code in campaign.language_codes]


def _language_choices() -> list[tuple[str, str]]:
    return list(PORTAL_LANGUAGES.items())


class CampaignForm(forms.ModelForm):
    country_codes = forms.MultipleChoiceField(
        label=_("Countries"), widget=forms.CheckboxSelectMultiple, choices=[]
    )
    language_codes = forms.MultipleChoiceField(
        label=_("Languages"), widget=forms.CheckboxSelectMultiple, choices=_language_choices
    )

    class Meta:
        model = Campaign
        fields = ["name", "target_groups", "starts_on", "ends_on"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, countries: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "country_codes", [(c, COUNTRY_LABELS[c]) for c in countries])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The campaign cannot end before it starts."))
        return data


class MaterialForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"))
    language = forms.ChoiceField(label=_("Language"))

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "country", [(c, COUNTRY_LABELS[c]) for c in campaign.country_codes])
        _set_choices(self, "language", _campaign_languages(campaign))


class OutreachSessionForm(forms.ModelForm):
    country_code = forms.ChoiceField(label=_("Country"))

    class Meta:
        model = OutreachSession
        fields = ["held_on", "place", "language", "women", "men", "girls", "boys", "others"]
        widgets = {"held_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "country_code", [(c, COUNTRY_LABELS[c]) for c in campaign.country_codes])
        _set_choices(self, "language", _campaign_languages(campaign))


class EmergencyNumberForm(forms.Form):
    """One number for one country; an empty number removes it from the portal."""

    country = forms.ChoiceField(label=_("Country"))
    kind = forms.ChoiceField(label=_("Kind"), choices=EmergencyNumber.Kind.choices)
    number = forms.RegexField(
        label=_("Number"),
        required=False,
        max_length=40,
        regex=r"^\+?[0-9][0-9 ]{1,38}$",
        error_messages={"invalid": _("Digits and spaces only, with an optional leading +.")},
    )

    def __init__(self, *args: Any, countries: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "country", [(c, COUNTRY_LABELS[c]) for c in countries])
