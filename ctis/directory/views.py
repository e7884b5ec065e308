"""Staff pages of the services directory."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseBase,
)
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ctis.accounts import permissions
from ctis.accounts.guards import deny, requires
from ctis.accounts.models import Country, Organisation, User
from ctis.accounts.roles import Perm
from ctis.audit.context import Actor
from ctis.directory import actions, queries
from ctis.directory.forms import AvailabilityForm, SearchForm, ServiceForm
from ctis.directory.models import Provider, Service


def _service_for(user: User, public_id: uuid.UUID) -> Service:
    service = queries.services_visible_to(user).filter(public_id=public_id).first()
    if service is None:
        raise Http404
    return service


@requires(Perm.VIEW_DIRECTORY)
def service_search(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = SearchForm(request.GET or None)
    services = queries.search(queries.services_visible_to(user), form.query())
    return render(
        request,
        "directory/search.html",
        {
            "form": form,
            "services": services[:200],
            "count": services.count(),
            "can_add": permissions.can(user, Perm.MANAGE_DIRECTORY),
        },
    )


@requires(Perm.VIEW_DIRECTORY)
def service_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    service = _service_for(user, public_id)
    return render(
        request,
        "directory/detail.html",
        {
            "service": service,
            "can_manage": queries.can_manage(user, service),
            "availability_form": AvailabilityForm(initial={"availability": service.availability}),
        },
    )


def _countries(user: User) -> list[str]:
    return sorted(permissions.countries_for(user, Perm.MANAGE_DIRECTORY))


def _organisations(countries: list[str]) -> Any:
    return (
        Organisation.objects.filter(is_active=True, country__code__in=countries)
        .select_related("country")
        .order_by("name")
    )


@requires(Perm.MANAGE_DIRECTORY)
def service_create(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    countries = _countries(user)
    form = ServiceForm(
        request.POST or None,
        providers=Provider.objects.filter(country__code__in=countries),
        countries=countries,
        organisations=_organisations(countries),
    )
    if request.method == "POST" and form.is_valid():
        actor = Actor.from_request(request)
        organisation = form.cleaned_data["organisation"]
        provider = form.cleaned_data["provider"]
        if provider is None:
            provider = actions.create_provider(
                actor=actor,
                name=form.cleaned_data["new_provider"],
                country=Country.objects.get(code=form.cleaned_data["new_provider_country"]),
                organisation=organisation,
            )
        elif organisation is not None:
            actions.link_organisation(actor=actor, provider=provider, organisation=organisation)
        service = actions.create_service(
            actor=actor,
            provider=provider,
            data=form.service_data(),
            languages=form.cleaned_data["languages"],
        )
        messages.success(request, _("The service is in the directory."))
        return redirect("directory:detail", public_id=service.public_id)
    return render(request, "directory/form.html", {"form": form, "creating": True})


@requires(Perm.MANAGE_DIRECTORY)
def service_edit(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    service = _service_for(user, public_id)
    if not queries.can_manage(user, service):
        raise deny(request, Perm.MANAGE_DIRECTORY)
    form = ServiceForm(
        request.POST or None,
        instance=service,
        providers=Provider.objects.none(),
        countries=[],
        organisations=_organisations([service.provider.country.code]),
    )
    if request.method == "POST" and form.is_valid():
        actions.link_organisation(
            actor=Actor.from_request(request),
            provider=Provider.objects.get(pk=service.provider_id),
            organisation=form.cleaned_data["organisation"],
        )
        # The form has already applied its values to the instance; the action compares with
        # a fresh copy so that it records exactly what changed.
        fresh = Service.objects.get(pk=service.pk)
        actions.update_service(
            actor=Actor.from_request(request),
            service=fresh,
            data=form.service_data(),
            languages=form.cleaned_data["languages"],
        )
        messages.success(request, _("Saved."))
        return redirect("directory:detail", public_id=service.public_id)
    return render(request, "directory/form.html", {"form": form, "service": service})


@require_POST
@requires(Perm.MANAGE_DIRECTORY)
def service_availability(request: HttpRequest, public_id: uuid.UUID) -> HttpResponseBase:
    user: User = request.user  # type: ignore[assignment]
    service = _service_for(user, public_id)
    if not queries.can_manage(user, service):
        raise deny(request, Perm.MANAGE_DIRECTORY)
    form = AvailabilityForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Choose one of the availability options."))
    actions.set_availability(
        actor=Actor.from_request(request),
        service=service,
        availability=form.cleaned_data["availability"],
    )
    messages.success(request, _("Availability updated."))
    return redirect("directory:detail", public_id=service.public_id)
