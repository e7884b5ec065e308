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


class OrganisationChoiceField(forms.ModelChoiceField):
    """Organisations named with their country, so two of the same name can be told apart."""

    def label_from_instance(self, obj: Any) -> str:
        if obj.country is None:
            return f"{obj.name} ({_('regional level')})"
        return f"{obj.name} ({obj.country})"


class UserCreateForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(
        label=_("Email"),
        help_text=_(
            "An invitation goes here: a link, valid once, to set a password and then "
            "two-factor login."
        ),
    )
    organisation = OrganisationChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        to_field_name="public_id",
        help_text=_("The account works in this organisation's country."),
    )
    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        choices=[(role.value, label) for role, label in ROLE_LABELS.items()],
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations.select_related("country")  # type: ignore[attr-defined]

    def clean_username(self) -> str:
        from ctis.accounts.models import User

        username = self.cleaned_data["username"].strip()
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This username is taken."))
        return username

    def clean_roles(self) -> list[Role]:
        return [Role(value) for value in self.cleaned_data["roles"]]


class UserEditForm(UserCreateForm):
    """The same fields but the username, which never changes (the audit names it)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["username"]
        self.fields["email"].help_text = ""


REGIONAL = "regional"


class OrganisationForm(forms.Form):
    """Type and country start blank: nothing is chosen for the administrator."""

    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Type"), choices=[])
    country = forms.ChoiceField(label=_("Country"), choices=[])

    def __init__(
        self,
        *args: Any,
        countries: Any,
        regional_allowed: bool,
        instance: Organisation | None = None,
        **kwargs: Any,
    ) -> None:
        if instance is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": instance.name,
                    "kind": instance.kind,
                    "country": instance.country.code if instance.country else REGIONAL,
                },
            )
        super().__init__(*args, **kwargs)
        self.instance = instance
        self.countries = {country.code: country for country in countries}
        self.fields["kind"].choices = [  # type: ignore[attr-defined]
            ("", _("Choose a type")),
            *Organisation.Kind.choices,
        ]
        self.fields["country"].choices = [  # type: ignore[attr-defined]
            ("", _("Choose a country")),
            *([(REGIONAL, _("Regional level (no country)"))] if regional_allowed else []),
            *[(code, str(country)) for code, country in self.countries.items()],
        ]

    def clean_country(self) -> Country | None:
        code = self.cleaned_data["country"]
        return None if code == REGIONAL else self.countries[code]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        name = data.get("name")
        if name and "country" in data:
            same = Organisation.objects.filter(name__iexact=name, country=data["country"])
            if self.instance is not None:
                same = same.exclude(pk=self.instance.pk)
            if same.exists():
                self.add_error("name", _("An organisation with this name already exists there."))
        return data
