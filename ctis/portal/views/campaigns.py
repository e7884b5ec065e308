"""Staff pages for awareness campaigns: materials with QR codes, outreach, reach."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ctis.accounts import permissions
from ctis.accounts.countries import REGION
from ctis.accounts.guards import deny, requires
from ctis.accounts.models import Country, User
from ctis.accounts.roles import Perm
from ctis.audit.context import Actor
from ctis.portal import actions, queries
from ctis.portal.forms import CampaignForm, MaterialForm, OutreachSessionForm
from ctis.portal.languages import PORTAL_LANGUAGES
from ctis.portal.leaflets import LeafletUnavailable, render_leaflet
from ctis.portal.models import Campaign, Material


def _campaign_for(user: User, public_id: uuid.UUID) -> Campaign:
    campaign = queries.campaigns_visible_to(user).filter(public_id=public_id).first()
    if campaign is None:
        raise Http404
    return campaign


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def target_url(request: HttpRequest, country: str, language: str, code: str = "") -> str:
    """Where a leaflet's QR code leads: the country's page in the leaflet's language."""
    path = reverse("portal:country", args=[language, country.lower()])
    return request.build_absolute_uri(path + (f"?c={code}" if code else ""))


@requires(Perm.MANAGE_PROGRAMME)
def campaign_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "portal/staff/campaign_list.html",
        {
            "campaigns": queries.campaigns_visible_to(user),
            "countries": sorted(permissions.countries_for(user, Perm.MANAGE_PROGRAMME)),
            "languages": list(PORTAL_LANGUAGES.items()),
        },
    )


@requires(Perm.MANAGE_PROGRAMME)
def campaign_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    countries = sorted(permissions.countries_for(user, Perm.MANAGE_PROGRAMME))
    form = CampaignForm(request.POST or None, countries=countries)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        campaign = actions.create_campaign(
            actor=Actor.from_request(request),
            name=data["name"],
            countries=Country.objects.filter(code__in=data["country_codes"]),
            languages=data["language_codes"],
            target_groups=data["target_groups"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
        )
        messages.success(request, _("Campaign created."))
        return redirect("portal:staff_campaign", public_id=campaign.public_id)
    return render(request, "portal/staff/campaign_form.html", {"form": form})


@requires(Perm.MANAGE_PROGRAMME)
def campaign_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = _user(request)
    campaign = _campaign_for(user, public_id)
    materials = list(campaign.materials.select_related("country"))
    counts = queries.counts_for_codes([m.code for m in materials])
    return render(
        request,
        "portal/staff/campaign_detail.html",
        {
            "campaign": campaign,
            "can_manage": queries.can_manage_campaign(user, campaign),
            "my_countries": permissions.countries_for(user, Perm.MANAGE_PROGRAMME),
            "materials": [
                (m, target_url(request, m.country.code, m.language, m.code), counts[m.code])
                for m in materials
            ],
            "sessions": campaign.sessions.select_related("country"),
            "material_form": MaterialForm(campaign=campaign),
        },
    )


@require_POST
@requires(Perm.MANAGE_PROGRAMME)
def material_add(request: HttpRequest, public_id: uuid.UUID) -> HttpResponseBase:
    user = _user(request)
    campaign = _campaign_for(user, public_id)
    if not queries.can_manage_campaign(user, campaign):
        raise deny(request, Perm.MANAGE_PROGRAMME)
    form = MaterialForm(request.POST, campaign=campaign)
    if form.is_valid():
        actions.add_material(
            actor=Actor.from_request(request),
            campaign=campaign,
            country=Country.objects.get(code=form.cleaned_data["country"]),
            language=form.cleaned_data["language"],
        )
        messages.success(request, _("Leaflet added."))
    return redirect("portal:staff_campaign", public_id=campaign.public_id)


@requires(Perm.MANAGE_PROGRAMME)
def session_create(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = _user(request)
    campaign = _campaign_for(user, public_id)
    form = OutreachSessionForm(request.POST or None, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["country_code"]
        if not permissions.can_in_country(user, Perm.MANAGE_PROGRAMME, code):
            raise deny(request, Perm.MANAGE_PROGRAMME)
        actions.record_outreach_session(
            actor=Actor.from_request(request),
            campaign=campaign,
            country=Country.objects.get(code=code),
            data={name: form.cleaned_data[name] for name in actions.SESSION_FIELDS},
        )
        messages.success(request, _("Outreach session recorded."))
        return redirect("portal:staff_campaign", public_id=campaign.public_id)
    return render(request, "portal/staff/session_form.html", {"form": form, "campaign": campaign})


def _pdf(country: str, language: str, url: str, filename: str) -> HttpResponse:
    try:
        pdf = render_leaflet(country=country, language=language, target_url=url)
    except LeafletUnavailable:
        return HttpResponse(
            _(
                "Leaflets cannot be made on this server: the PDF engine (WeasyPrint and the "
                "pango libraries) is not installed. See docs/portal.md."
            ),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@requires(Perm.MANAGE_PROGRAMME)
def material_leaflet(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = _user(request)
    countries = permissions.countries_for(user, Perm.MANAGE_PROGRAMME)
    material = (
        Material.objects.filter(public_id=public_id, country__code__in=countries)
        .select_related("country")
        .first()
    )
    if material is None:
        raise Http404
    code = material.country.code
    return _pdf(
        code,
        material.language,
        target_url(request, code, material.language, material.code),
        f"leaflet-{code.lower()}-{material.language}-{material.code}.pdf",
    )


@requires(Perm.MANAGE_PROGRAMME)
def leaflet(request: HttpRequest, country: str, lang: str) -> HttpResponse:
    """A leaflet without a campaign code, for any country and language."""
    code = country.upper()
    if code not in REGION or lang not in PORTAL_LANGUAGES:
        raise Http404
    return _pdf(code, lang, target_url(request, code, lang), f"leaflet-{country}-{lang}.pdf")


@requires(Perm.MANAGE_PROGRAMME)
def reach(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "portal/staff/reach.html",
        {
            "rows": queries.reach_by_country_and_month(user),
            "views": queries.views_by_language(),
            "language_names": PORTAL_LANGUAGES,
        },
    )
