"""National coordinators' catalogue versions: draft, revise, approve; then immutable."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ctis.accounts import permissions
from ctis.accounts.guards import requires
from ctis.accounts.models import Country, User
from ctis.accounts.roles import Perm
from ctis.audit.context import Actor
from ctis.screening import actions, queries
from ctis.screening.forms import CatalogueForm
from ctis.screening.models import CatalogueVersion


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _version_for(user: User, public_id: uuid.UUID) -> CatalogueVersion:
    version = queries.catalogues_visible_to(user).filter(public_id=public_id).first()
    if version is None:
        raise Http404
    return version


def _countries(user: User) -> list[Country]:
    codes = permissions.countries_for(user, Perm.MANAGE_CATALOGUE)
    return list(Country.objects.filter(code__in=codes))


@requires(Perm.MANAGE_CATALOGUE)
def catalogue_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    actions.builtin_catalogue()
    in_use = {country.code: actions.catalogue_for(country) for country in _countries(user)}
    return render(
        request,
        "screening/catalogue_list.html",
        {
            "versions": queries.catalogues_visible_to(user).select_related("country"),
            "in_use": in_use,
        },
    )


@requires(Perm.MANAGE_CATALOGUE)
def catalogue_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    countries = _countries(user)
    if not countries:
        raise Http404
    country = countries[0]
    current = actions.catalogue_for(country)
    form = CatalogueForm(request.POST or None, initial={"source": current.source})
    if request.method == "POST" and form.is_valid():
        try:
            draft = actions.draft_catalogue(
                actor=Actor.from_request(request),
                country=country,
                source=form.cleaned_data["source"],
                notes=form.cleaned_data["notes"],
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, _("Draft saved. It is used only once approved."))
            return redirect("screening:catalogue_detail", public_id=draft.public_id)
    return render(
        request,
        "screening/catalogue_form.html",
        {"form": form, "based_on": current, "country": country},
    )


@requires(Perm.MANAGE_CATALOGUE)
def catalogue_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    version = _version_for(_user(request), public_id)
    editable = version.status == CatalogueVersion.Status.DRAFT and version.country is not None
    form = CatalogueForm(
        request.POST or None, initial={"source": version.source, "notes": version.notes}
    )
    if request.method == "POST":
        if not editable:
            return HttpResponse(_("An approved version cannot change."), status=409)
        if form.is_valid():
            try:
                actions.revise_catalogue(
                    actor=Actor.from_request(request),
                    draft=version,
                    source=form.cleaned_data["source"],
                    notes=form.cleaned_data["notes"],
                )
            except ValidationError as error:
                for field, problems in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, problems)
            else:
                messages.success(request, _("Draft saved."))
                return redirect("screening:catalogue_detail", public_id=version.public_id)
    catalogue = version.catalogue
    unverified = [i for i in catalogue.indicators.values() if i.unverified]
    return render(
        request,
        "screening/catalogue_detail.html",
        {
            "version": version,
            "catalogue": catalogue,
            "form": form if editable else None,
            "unverified_count": len(unverified),
            "indicator_count": len(catalogue.indicators),
            "profiles": sorted(catalogue.profiles),
        },
    )


@require_POST
@requires(Perm.MANAGE_CATALOGUE)
def catalogue_approve(request: HttpRequest, public_id: uuid.UUID) -> HttpResponseBase:
    version = _version_for(_user(request), public_id)
    try:
        actions.approve_catalogue(actor=Actor.from_request(request), draft=version)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Approved: new screenings in your country use this version."))
    return redirect("screening:catalogue_detail", public_id=version.public_id)
