"""Survey pages: the list, a survey with its import batches, the upload page, a batch's report,
and the instrument's downloads. Thin: fetch through ``queries``, write through ``actions``."""

from __future__ import annotations

import os

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
from ctis.accounts.models import Country, Organisation
from ctis.accounts.roles import Perm
from ctis.audit.context import Actor
from ctis.surveys import actions, queries
from ctis.surveys.forms import ConnectionForm, ImportForm, SurveyForm
from ctis.surveys.importing.remote import RemoteError
from ctis.surveys.instrument import generate
from ctis.surveys.models import ImportBatch, Survey

PROBLEMS_SHOWN = 200  # on a page; every problem stays stored with the batch


@require_GET
@requires(Perm.IMPORT_SURVEYS)
def survey_list(request: HttpRequest) -> HttpResponse:
    surveys = queries.surveys_visible_to(request.user)  # type: ignore[arg-type]
    return render(request, "surveys/survey_list.html", {"surveys": surveys})


def _survey_form(request: HttpRequest) -> SurveyForm:
    countries = permissions.countries_for(request.user, Perm.IMPORT_SURVEYS)
    country_rows = Country.objects.order_by("code")
    organisations = Organisation.objects.filter(is_active=True).select_related("country")
    if countries != permissions.ALL_COUNTRIES:
        country_rows = country_rows.filter(code__in=countries)
        organisations = organisations.filter(country__code__in=countries)
    own = request.user.organisation  # type: ignore[union-attr]
    return SurveyForm(
        request.POST or None,
        organisations=organisations,
        countries=country_rows,
        initial={"organisation": own.public_id if own else None},
    )


@require_http_methods(["GET", "POST"])
@requires(Perm.IMPORT_SURVEYS)
def survey_create(request: HttpRequest) -> HttpResponseBase:
    """A new survey, optionally connected to its KoboToolbox or ODK Central project."""
    form = _survey_form(request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            survey = actions.create_survey(
                actor=Actor.from_request(request),
                name=data["name"],
                title=data["title"],
                organisation=data["organisation"],
                country=data["country"],
                instrument_version=data["instrument_version"],
                **form.source(),
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, _("The survey was created."))
            return redirect("surveys:survey_detail", public_id=survey.public_id)
    return render(request, "surveys/survey_form.html", {"form": form, "survey": None})


@require_http_methods(["GET", "POST"])
@requires(Perm.IMPORT_SURVEYS)
def survey_connection(request: HttpRequest, public_id: str) -> HttpResponseBase:
    """Connect the survey to its KoboToolbox or ODK Central project (or change it)."""
    survey = queries.get_survey_for(request.user, public_id)  # type: ignore[arg-type]
    form = ConnectionForm(request.POST or None, instance=Survey.objects.get(pk=survey.pk))
    if request.method == "POST" and form.is_valid():
        changed = actions.connect_survey(
            actor=Actor.from_request(request), survey=survey, **form.source()
        )
        messages.success(request, _("Saved.") if changed else _("Nothing was changed."))
        return redirect("surveys:survey_detail", public_id=survey.public_id)
    return render(request, "surveys/survey_form.html", {"form": form, "survey": survey})


def _secret_is_set(variable: str) -> bool:
    """Whether the server has the variable (or its ``_FILE``) set; its value is never read
    into the page."""
    return bool(os.environ.get(variable, "").strip() or os.environ.get(f"{variable}_FILE"))


@require_GET
@requires(Perm.IMPORT_SURVEYS)
def survey_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    survey = queries.get_survey_for(request.user, public_id)  # type: ignore[arg-type]
    page = Paginator(queries.batches_of(survey), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "surveys/survey_detail.html",
        {
            "survey": survey,
            "page": page,
            "submissions": survey.submissions.count(),
            "kobo_secret_set": _secret_is_set(survey.kobo_token_variable),
            "odk_secret_set": _secret_is_set(survey.odk_password_variable),
        },
    )


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
