"""Pages of assessments, needs, the plan, assistance and documents: thin views in the style of
``ctis.cases.views``. Each POST fetches the case through ``queries`` (outsiders 404), calls one
action and redirects to the case page; on an error the case page is shown again with the
bound form, keeping what was typed."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from ctis.accounts.guards import requires
from ctis.accounts.roles import Perm
from ctis.audit.context import Actor
from ctis.cases import assistance_actions as actions
from ctis.cases import assistance_queries, documents, queries
from ctis.cases.assistance_forms import (
    AssessmentForm,
    AssistanceForm,
    DocumentForm,
    NeedForm,
    PlanItemForm,
    PlanStatusForm,
    page_context,
)
from ctis.cases.models import Case
from ctis.cases.views import _apply_errors, _audit_view, _detail_context, _user
from ctis.core.uploads import upload_limit


def _again(request: HttpRequest, case: Case, name: str, form: forms.Form) -> HttpResponse:
    """The case page again, with ``form`` bound (status 400: nothing was saved)."""
    _audit_view(request, case)
    context = _detail_context(request, case)
    context.update(page_context(case, **{name: form}))
    context["break_glass"] = None
    context["open_section"] = name
    messages.error(request, _("Not saved: look at the form below."))
    return render(request, "cases/detail.html", context, status=400)


def _saved(request: HttpRequest, case: Case, text: str, anchor: str) -> HttpResponseBase:
    messages.success(request, text)
    response = redirect("cases:detail", code=case.code)
    response["Location"] += f"#{anchor}"
    return response


@require_POST
@requires(Perm.MANAGE_CASES)
def assessment_add(request: HttpRequest, code: str) -> HttpResponseBase:
    case = queries.get_case_for(_user(request), code)
    form = AssessmentForm(request.POST)
    if form.is_valid():
        try:
            actions.add_assessment(
                actor=Actor.from_request(request),
                case=case,
                assessed_on=form.cleaned_data["assessed_on"],
                factors=form.answers(),
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            return _saved(request, case, _("Assessment recorded."), "assessments-heading")
    return _again(request, case, "assessment_form", form)


@require_POST
@requires(Perm.MANAGE_CASES)
def need_add(request: HttpRequest, code: str) -> HttpResponseBase:
    case = queries.get_case_for(_user(request), code)
    form = NeedForm(request.POST)
    if form.is_valid():
        try:
            actions.add_need(actor=Actor.from_request(request), case=case, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            return _saved(request, case, _("Need recorded."), "plan-heading")
    return _again(request, case, "need_form", form)


@require_POST
@requires(Perm.MANAGE_CASES)
def plan_add(request: HttpRequest, code: str) -> HttpResponseBase:
    case = queries.get_case_for(_user(request), code)
    form = PlanItemForm(request.POST)
    if form.is_valid():
        try:
            actions.add_plan_item(actor=Actor.from_request(request), case=case, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            return _saved(request, case, _("Plan item added."), "plan-heading")
    return _again(request, case, "plan_form", form)


@require_POST
@requires(Perm.MANAGE_CASES)
def plan_status(request: HttpRequest, code: str, pk: int) -> HttpResponseBase:
    item = assistance_queries.get_plan_item_for(_user(request), code, pk)
    form = PlanStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status."))
    else:
        try:
            actions.set_plan_item_status(
                actor=Actor.from_request(request),
                item=item,
                revision=form.cleaned_data["revision"],
                status=form.cleaned_data["status"],
            )
        except actions.StalePlanItem as error:
            messages.error(
                request,
                _("Not saved: someone changed this plan item meanwhile; it is now “%(status)s”.")
                % {"status": error.item.get_status_display()},
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Plan item updated."))
    return redirect("cases:detail", code=item.case.code)


@require_POST
@requires(Perm.MANAGE_CASES)
def assistance_add(request: HttpRequest, code: str) -> HttpResponseBase:
    case = queries.get_case_for(_user(request), code)
    form = AssistanceForm(request.POST, case=case)
    if form.is_valid():
        try:
            actions.log_assistance(
                actor=Actor.from_request(request), case=case, **form.cleaned_data
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            return _saved(request, case, _("Assistance recorded."), "assistance-heading")
    return _again(request, case, "assistance_form", form)


@upload_limit(documents.MAX_BYTES)
@csrf_exempt  # checked below, after the upload handlers are set (Django's documented pattern)
@require_POST
def document_upload(request: HttpRequest, code: str) -> HttpResponseBase:
    handler = documents.LimitedMemoryUploadHandler(request)
    request.upload_handlers = [handler]
    return _document_upload(request, code, handler)


@csrf_protect
@requires(Perm.MANAGE_CASES)
def _document_upload(
    request: HttpRequest, code: str, handler: documents.LimitedMemoryUploadHandler
) -> HttpResponseBase:
    case = queries.get_case_for(_user(request), code)
    form = DocumentForm(request.POST, request.FILES)
    if handler.too_large:
        form.is_valid()
        form.errors.pop("file", None)
        form.add_error("file", _("The file is larger than 10 MB."))
    elif form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            actions.upload_document(
                actor=Actor.from_request(request),
                case=case,
                name=str(upload.name or ""),
                content=upload.read(),
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            return _saved(request, case, _("Document added."), "documents-heading")
    return _again(request, case, "document_form", form)


@require_GET
@requires(Perm.VIEW_CASES)
def document_download(request: HttpRequest, code: str, pk: int) -> HttpResponseBase:
    document = assistance_queries.get_document_for(_user(request), code, pk)
    try:
        content = actions.read_document(actor=Actor.from_request(request), document=document)
    except (ValidationError, FileNotFoundError):
        messages.error(request, _("This document is no longer available."))
        return redirect("cases:detail", code=document.case.code)
    response = HttpResponse(content, content_type=documents.CONTENT_TYPES[document.kind])
    response["Content-Disposition"] = _attachment(document.original_name, document.kind)
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _attachment(name: str, kind: str) -> str:
    from urllib.parse import quote

    ascii_name = "".join(
        c if c.isascii() and c.isprintable() and c not in '"\\;' else "_" for c in name
    )
    fallback = ascii_name or f"document.{kind}"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"


@require_POST
@requires(Perm.SUPERVISE_CASES)
def document_delete(request: HttpRequest, code: str, pk: int) -> HttpResponseBase:
    document = assistance_queries.get_document_for(_user(request), code, pk)
    try:
        actions.delete_document(actor=Actor.from_request(request), document=document)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Document deleted."))
    return redirect("cases:detail", code=document.case.code)
