"""Staff page for the emergency numbers the portal shows per country."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ctis.accounts import permissions
from ctis.accounts.guards import requires
from ctis.accounts.models import Country, User
from ctis.accounts.roles import Perm
from ctis.audit.context import Actor
from ctis.portal import actions
from ctis.portal.forms import EmergencyNumberForm
from ctis.portal.models import EmergencyNumber


@requires(Perm.MANAGE_PROGRAMME)
def number_list(request: HttpRequest) -> HttpResponse:
    """The numbers of the user's countries, and a form to set or remove one.

    Anti-trafficking hotlines run by a provider are entered in the services directory (type
    "Hotline") and are shown next to these.
    """
    user: User = request.user  # type: ignore[assignment]
    countries = sorted(permissions.countries_for(user, Perm.MANAGE_PROGRAMME))
    form = EmergencyNumberForm(request.POST or None, countries=countries)
    if request.method == "POST" and form.is_valid():
        actor = Actor.from_request(request)
        country = Country.objects.get(code=form.cleaned_data["country"])
        kind, number = form.cleaned_data["kind"], form.cleaned_data["number"].strip()
        if number:
            actions.set_emergency_number(
                actor=actor,
                country=country,
                kind=kind,
                number=number,
                position=EmergencyNumber.Kind.values.index(kind),
            )
            messages.success(request, _("Number saved."))
        else:
            actions.remove_emergency_number(actor=actor, country=country, kind=kind)
            messages.success(request, _("Number removed."))
        return redirect("portal:staff_numbers")
    numbers = EmergencyNumber.objects.filter(country__code__in=countries).select_related("country")
    return render(request, "portal/staff/numbers.html", {"numbers": numbers, "form": form})
