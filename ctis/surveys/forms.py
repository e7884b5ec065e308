"""The upload form of the import page."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.utils.translation import gettext_lazy as _

from ctis.surveys.importing.tables import SUFFIXES, Format

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
