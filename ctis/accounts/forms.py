from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ctis.accounts.models import ROLE_LABELS, Country, Organisation
from ctis.accounts.roles import Role


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("6-digit code from your authenticator app"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}
        ),
    )

    def clean_token(self) -> str:
        token = "".join(self.cleaned_data["token"].split())
        if not token.isdigit():
            raise forms.ValidationError(_("Enter the digits shown in your authenticator app."))
        return token


class UserCreateForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(
        label=_("Email"),
        help_text=_("A password-reset link goes here; the user sets their own password."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), to_field_name="public_id"
    )
    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        choices=[(role.value, label) for role, label in ROLE_LABELS.items()],
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]

    def clean_username(self) -> str:
        from ctis.accounts.models import User

        username = self.cleaned_data["username"].strip()
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This username is taken."))
        return username

    def clean_roles(self) -> list[Role]:
        return [Role(value) for value in self.cleaned_data["roles"]]


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Type"), choices=Organisation.Kind.choices)
    country = forms.ModelChoiceField(
        label=_("Country"),
        queryset=Country.objects.none(),
        to_field_name="code",
        required=False,
        empty_label=_("Regional level"),
    )

    def __init__(self, *args: Any, countries: Any, regional_allowed: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["country"]
        field.queryset = countries  # type: ignore[attr-defined]
        field.required = not regional_allowed

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        name, country = data.get("name"), data.get("country")
        if name and Organisation.objects.filter(name__iexact=name, country=country).exists():
            self.add_error("name", _("An organisation with this name already exists there."))
        return data
