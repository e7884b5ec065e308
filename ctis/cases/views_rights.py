"""Rights of the person, for the data protection officer: find a person (by case code or by
name, POST), export everything held (JSON, PDF for the person) and erase (two steps)."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ctis.accounts.guards import requires
from ctis.accounts.models import User
from ctis.accounts.roles import Perm
from ctis.audit import actions as audit
from ctis.audit.context import Actor
from ctis.cases import queries, rights
from ctis.cases.forms import SearchForm
from ctis.cases.forms_rights import EraseForm
from ctis.cases.models import Case, Erasure


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@requires(Perm.HANDLE_DATA_REQUESTS)
def rights_home(request: HttpRequest) -> HttpResponse:
    """Find the person a request is about. POST: names never reach URLs or logs."""
    user = _user(request)
    results: list[Case] | None = None
    close: set[int] = set()
    form = SearchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        found = queries.find_cases(
            rights.cases_for_requests(user).select_related("person"),
            name=form.cleaned_data["name"],
            code=form.cleaned_data["code"],
        )
        results = [item.case for item in found]
        close = {item.case.pk for item in found if not item.exact}
        audit.record(
            actor=Actor.from_request(request),
            action=audit.Action.SEARCH,
            object_type="person",
            changed_fields=form.filters_used(),
            detail=f"rights;results:{len(results)}",
        )
    recent = Erasure.objects.filter(person__cases__in=rights.cases_for_requests(user)).distinct()[
        :20
    ]
    return render(
        request,
        "cases/rights_home.html",
        {"search_form": form, "results": results, "recent": recent, "close_matches": close},
    )


@require_GET
@requires(Perm.HANDLE_DATA_REQUESTS)
def rights_person(request: HttpRequest, code: str) -> HttpResponse:
    """What is held about the person of a case (counts and codes only) and what can be done."""
    case = rights.get_case_for_request(_user(request), code)
    person = case.person
    cases = list(person.cases.select_related("organisation", "country"))
    return render(
        request,
        "cases/rights_person.html",
        {
            "case": case,
            "person": person,
            "cases": cases,
            "erasure": Erasure.objects.filter(person=person).first(),
            "counts": {
                "decisions": sum(c.decisions.count() for c in cases),
                "consents": sum(c.consents.count() for c in cases),
                "notes": sum(c.notes.count() for c in cases),
                "edits": sum(c.events.count() for c in cases),
            },
        },
    )


@require_GET
@requires(Perm.HANDLE_DATA_REQUESTS)
def rights_export_json(request: HttpRequest, code: str) -> HttpResponse:
    case = rights.get_case_for_request(_user(request), code)
    data = rights.export_data(actor=Actor.from_request(request), case=case)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="{case.person.code}.json"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@requires(Perm.HANDLE_DATA_REQUESTS)
def rights_export_pdf(request: HttpRequest, code: str) -> HttpResponse:
    case = rights.get_case_for_request(_user(request), code)
    pdf = rights.export_pdf(actor=Actor.from_request(request), case=case)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{case.person.code}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@requires(Perm.HANDLE_DATA_REQUESTS)
def rights_erase(request: HttpRequest, code: str) -> HttpResponseBase:
    """Step one (GET): what goes and what stays. Step two (POST): the reason and the case
    code typed again."""
    case = rights.get_case_for_request(_user(request), code)
    if rights.is_erased(case.person):
        messages.info(request, _("This person's data has already been erased."))
        return redirect("cases:rights_person", code=case.code)
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rights.erase(
                actor=Actor.from_request(request),
                case=case,
                reason=form.cleaned_data["reason"],
                confirm=form.cleaned_data["confirm"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for name, errors in error.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                _("The personal data is erased. Only anonymous counts remain."),
            )
            return redirect("cases:rights_person", code=case.code)
    return render(request, "cases/rights_erase.html", {"case": case, "form": form})
