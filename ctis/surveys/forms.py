"""The upload form of the import page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ctis.accounts.models import Country, Organisation
from ctis.surveys.importing.tables import SUFFIXES, Format
from ctis.surveys.models import Survey

MAX_UPLOAD_BYTES = 50 * 1024 * 1024

FORMAT_CHOICES = [
    ("", _("Recognise from the file name")),
    (Format.CSV.value, _("CSV (KoboToolbox, ODK Central or canonical)")),
    (Format.XLSX.value, _("XLSX (KoboToolbox, ODK or canonical)")),
    (Format.PARQUET.value, _("Parquet (canonical)")),
    (Format.KOBO_JSON.value, _("KoboToolbox JSON (API v2)")),
    (Format.ODK_JSON.value, _("ODK Central OData JSON")),
]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Survey file"),
        help_text=_(
            "An export from KoboToolbox or ODK Central, or a canonical file: "
            ".csv, .xlsx, .parquet or .json."
        ),
    )
    file_format = forms.ChoiceField(label=_("Format"), choices=FORMAT_CHOICES, required=False)
    dry_run = forms.BooleanField(
        label=_("Dry run: check and count only, write nothing"), required=False
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 50 MB; import it with the command line.")
            )
        suffix = Path(upload.name or "").suffix.lower()
        if suffix not in SUFFIXES:
            raise forms.ValidationError(_("Choose a .csv, .xlsx, .parquet or .json file."))
        return upload


ENV_NAME = RegexValidator(
    r"^[A-Z][A-Z0-9_]{1,99}$",
    _(
        "Write the name of an environment variable (capital letters, digits and _), "
        "not the token itself."
    ),
)


def _formfield(field: models.Field[Any, Any], **kwargs: Any) -> forms.Field | None:
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class ConnectionForm(forms.ModelForm):
    """Where a survey's submissions come from. Secrets stay on the server: the form asks for
    the name of the environment variable that holds each one."""

    class Meta:
        formfield_callback = _formfield
        model = Survey
        fields = [
            "kobo_url",
            "kobo_asset_uid",
            "kobo_token_variable",
            "odk_url",
            "odk_project_id",
            "odk_form_id",
            "odk_username",
            "odk_password_variable",
        ]
        help_texts = {
            "kobo_url": _("For example https://kf.kobotoolbox.org or https://eu.kobotoolbox.org"),
            "kobo_asset_uid": _(
                "In the form's address in KoboToolbox, after /forms/ (for example aBc12DeF3gH)."
            ),
            "kobo_token_variable": _(
                "The operator sets this variable on the ctis server to the KoboToolbox API "
                "token. ctis never stores the token."
            ),
            "odk_password_variable": _(
                "The operator sets this variable on the ctis server to the ODK Central "
                "password. ctis never stores the password."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kobo_token_variable"].validators.append(ENV_NAME)
        self.fields["odk_password_variable"].validators.append(ENV_NAME)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("kobo_url")) != bool(data.get("kobo_asset_uid")):
            self.add_error(
                "kobo_asset_uid" if data.get("kobo_url") else "kobo_url",
                _("Give both the KoboToolbox server and the form, or neither."),
            )
        odk = ("odk_url", "odk_project_id", "odk_form_id", "odk_username")
        given = [name for name in odk if data.get(name) not in (None, "")]
        if given and len(given) < len(odk):
            for name in odk:
                if name not in given:
                    self.add_error(name, _("ODK Central needs the server, project, form and user."))
        return data

    def source(self) -> dict[str, Any]:
        """The server settings only (the fields of :class:`ConnectionForm`)."""
        return {name: self.cleaned_data[name] for name in ConnectionForm.Meta.fields}


class SurveyForm(ConnectionForm):
    """A new survey: who runs it, where, and (optionally) its server."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), to_field_name="public_id"
    )
    country = forms.ModelChoiceField(
        label=_("Country"),
        queryset=Country.objects.none(),
        to_field_name="code",
        required=False,
        empty_label=_("Regional (several countries)"),
    )

    class Meta(ConnectionForm.Meta):
        fields = ["name", "title", "instrument_version", *ConnectionForm.Meta.fields]
        help_texts = {
            **ConnectionForm.Meta.help_texts,
            "name": _("A short unique name: small letters, digits and hyphens (fms-rs-2026)."),
        }

    field_order = ["title", "name", "organisation", "country", "instrument_version"]

    def __init__(self, *args: Any, organisations: Any, countries: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["country"].queryset = countries  # type: ignore[attr-defined]
