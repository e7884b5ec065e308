"""The offline page: download the form for KoboCollect / ODK Collect, upload an export."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from ctis.accounts.guards import requires
from ctis.accounts.roles import Perm
from ctis.audit.context import Actor
from ctis.core.uploads import upload_limit
from ctis.screening.offline import actions, xlsform
from ctis.screening.views import RESULT_LABELS
from ctis.surveys.importing.tables import SUFFIXES

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
PROBLEMS_SHOWN = 200  # on the page; the command line prints them all


class OfflineImportForm(forms.Form):
    file = forms.FileField(
        label=_("Export of the screening form"),
        help_text=_(
            "From KoboToolbox or ODK Central, as it comes: .csv, .xlsx or .json, with XML names "
            "or labels as headers."
        ),
    )
    dry_run = forms.BooleanField(
        label=_("Dry run: check and count only, write nothing"), required=False
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 20 MB; import it with the command line.")
            )
        if Path(upload.name or "").suffix.lower() not in SUFFIXES:
            raise forms.ValidationError(_("Choose a .csv, .xlsx or .json file."))
        return upload


@upload_limit(MAX_UPLOAD_BYTES)
@require_http_methods(["GET", "POST"])
@requires(Perm.SCREEN)
def offline(request: HttpRequest) -> HttpResponse:
    form = OfflineImportForm(request.POST or None, request.FILES or None)
    outcome: actions.OfflineImport | None = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        outcome = actions.import_offline(
            actor=Actor.from_request(request),
            data=upload.read(),
            file_name=upload.name or "upload",
            dry_run=form.cleaned_data["dry_run"],
        )
        if outcome.accepted:
            form = OfflineImportForm(initial={"dry_run": False})
    problems = outcome.problem_list if outcome is not None else []
    rejected = outcome is not None and not outcome.accepted
    return render(
        request,
        "screening/offline.html",
        {
            "form": form,
            "outcome": outcome,
            "problems": problems[:PROBLEMS_SHOWN],
            "problems_total": len(problems),
            "results": [
                (RESULT_LABELS[r], outcome.results[r])
                for r in RESULT_LABELS
                if outcome is not None and outcome.results.get(r)
            ],
            "form_version": xlsform.builtin().ref,
            "form_id": xlsform.FORM_ID,
        },
        status=422 if rejected else 200,
    )


@require_GET
@requires(Perm.SCREEN)
def form_xlsx(request: HttpRequest) -> HttpResponseBase:
    return FileResponse(
        xlsform.XLSX_PATH.open("rb"),
        as_attachment=True,
        filename=xlsform.XLSX_PATH.name,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@require_GET
@requires(Perm.SCREEN)
def form_xml(request: HttpRequest) -> HttpResponseBase:
    return FileResponse(
        xlsform.XML_PATH.open("rb"),
        as_attachment=True,
        filename=xlsform.XML_PATH.name,
        content_type="application/xml",
    )
