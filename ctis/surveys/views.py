"""Survey pages: the list, a survey with its import batches, the upload page, a batch's report,
and the instrument's downloads. Thin: fetch through ``queries``, write through ``actions``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ctis.accounts import permissions
from ctis.accounts.guards import deny, requires
from ctis.accounts.roles import Perm
from ctis.audit.context import Actor
from ctis.core.uploads import upload_limit
from ctis.surveys import actions, queries
from ctis.surveys.forms import MAX_UPLOAD_BYTES, ImportForm
from ctis.surveys.importing.remote import RemoteError
from ctis.surveys.instrument import generate
from ctis.surveys.models import ImportBatch

PROBLEMS_SHOWN = 200  # on a page; every problem stays stored with the batch


@require_GET
@requires(Perm.IMPORT_SURVEYS)
def survey_list(request: HttpRequest) -> HttpResponse:
    surveys = queries.surveys_visible_to(request.user)  # type: ignore[arg-type]
    return render(request, "surveys/survey_list.html", {"surveys": surveys})


@require_GET
@requires(Perm.IMPORT_SURVEYS)
def survey_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    survey = queries.get_survey_for(request.user, public_id)  # type: ignore[arg-type]
    page = Paginator(queries.batches_of(survey), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "surveys/survey_detail.html",
        {"survey": survey, "page": page, "submissions": survey.submissions.count()},
    )


@upload_limit(MAX_UPLOAD_BYTES)
@require_http_methods(["GET", "POST"])
@requires(Perm.IMPORT_SURVEYS)
def survey_import(request: HttpRequest, public_id: str) -> HttpResponseBase:
    survey = queries.get_survey_for(request.user, public_id)  # type: ignore[arg-type]
    batch: ImportBatch | None = None
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        batch = actions.import_file(
            actor=Actor.from_request(request),
            survey=survey,
            data=upload.read(),
            file_name=upload.name or "upload",
            file_format=form.cleaned_data["file_format"] or None,
            dry_run=form.cleaned_data["dry_run"],
        )
        if batch.status in (ImportBatch.Status.IMPORTED, ImportBatch.Status.CHECKED):
            return redirect("surveys:batch_detail", public_id=batch.public_id)
    problems = batch.problem_list if batch is not None else []
    return render(
        request,
        "surveys/survey_import.html",
        {
            "survey": survey,
            "form": form,
            "batch": batch,
            "problems": problems[:PROBLEMS_SHOWN],
            "problems_total": len(problems),
        },
        status=422 if batch is not None else 200,
    )


@require_POST
@requires(Perm.IMPORT_SURVEYS)
def survey_pull(request: HttpRequest, public_id: str, server: str) -> HttpResponseBase:
    """Pull every submission from the survey's KoboToolbox or ODK Central server now."""
    survey = queries.get_survey_for(request.user, public_id)  # type: ignore[arg-type]
    pull = {"kobo": actions.pull_kobo, "odk": actions.pull_odk}.get(server)
    if pull is None:
        raise Http404
    try:
        batch = pull(actor=Actor.from_request(request), survey=survey)
    except (RemoteError, ValidationError) as exc:
        text = exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
        messages.error(request, _("Nothing was imported: %(reason)s") % {"reason": text})
        return redirect("surveys:survey_detail", public_id=survey.public_id)
    return redirect("surveys:batch_detail", public_id=batch.public_id)


@require_GET
@requires(Perm.IMPORT_SURVEYS)
def batch_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    batch = queries.get_batch_for(request.user, public_id)  # type: ignore[arg-type]
    problems = batch.problem_list
    return render(
        request,
        "surveys/batch_detail.html",
        {
            "batch": batch,
            "survey": batch.survey,
            "problems": problems[:PROBLEMS_SHOWN],
            "problems_total": len(problems),
        },
    )


def _may_download(request: HttpRequest) -> HttpResponseBase | None:
    """The instrument is for analysts and coordinators (IMPORT_SURVEYS or VIEW_AGGREGATES)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not (
        permissions.can(request.user, Perm.IMPORT_SURVEYS)
        or permissions.can(request.user, Perm.VIEW_AGGREGATES)
    ):
        raise deny(request, Perm.VIEW_AGGREGATES)
    return None


@require_GET
def instrument_xlsx(request: HttpRequest) -> HttpResponseBase:
    refused = _may_download(request)
    if refused is not None:
        return refused
    return FileResponse(
        generate.XLSX_PATH.open("rb"),
        as_attachment=True,
        filename=generate.XLSX_PATH.name,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@require_GET
def instrument_xml(request: HttpRequest) -> HttpResponseBase:
    refused = _may_download(request)
    if refused is not None:
        return refused
    return FileResponse(
        generate.XML_PATH.open("rb"),
        as_attachment=True,
        filename=generate.XML_PATH.name,
        content_type="application/xml",
    )
