"""What the base layout needs on every page: navigation for the user's roles, languages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext_lazy as _

from ctis.accounts.permissions import can
from ctis.accounts.roles import Perm


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    perm: Perm | None  # None: every signed-in user

    @property
    def url(self) -> str:
        return reverse(self.url_name)


# Later areas (screening, cases, surveys…) add their entries here, each behind one permission.
NAVIGATION: list[NavItem] = [
    NavItem(_("Home"), "core:home", None),
    NavItem(_("Cases"), "cases:list", Perm.VIEW_CASES),
    NavItem(_("Referrals"), "referrals:list", Perm.VIEW_CASES),
    NavItem(_("Screenings"), "screening:list", Perm.VIEW_OWN_SCREENINGS),
    NavItem(_("Indicators (flow monitoring)"), "analytics:dashboard", Perm.VIEW_AGGREGATES),
    NavItem(_("Case statistics"), "cases:statistics", Perm.VIEW_AGGREGATES),
    NavItem(_("Referral statistics"), "referrals:statistics", Perm.VIEW_AGGREGATES),
    NavItem(_("Screening statistics"), "screening:statistics", Perm.VIEW_AGGREGATES),
    NavItem(_("Indicator catalogues"), "screening:catalogue_list", Perm.MANAGE_CATALOGUE),
    NavItem(_("Services"), "directory:search", Perm.VIEW_DIRECTORY),
    NavItem(_("Surveys"), "surveys:survey_list", Perm.IMPORT_SURVEYS),
    NavItem(_("Training"), "training:session_list", Perm.MANAGE_PROGRAMME),
    NavItem(_("Coordination"), "coordination:meeting_list", Perm.MANAGE_PROGRAMME),
    NavItem(_("Focal points"), "coordination:focal_point_list", Perm.VIEW_DIRECTORY),
    NavItem(_("Programme report"), "reports:programme", Perm.PROGRAMME_REPORT),
    NavItem(_("Portal pages"), "portal:staff_pages", Perm.MANAGE_PROGRAMME),
    NavItem(_("Campaigns"), "portal:staff_campaigns", Perm.MANAGE_PROGRAMME),
    NavItem(_("Organisations"), "accounts:organisation_list", Perm.MANAGE_ORGANISATIONS),
    NavItem(_("Users"), "accounts:user_list", Perm.MANAGE_USERS),
    NavItem(_("Audit log"), "audit:search", Perm.VIEW_AUDIT),
    NavItem(_("Data requests"), "cases:rights", Perm.HANDLE_DATA_REQUESTS),
    NavItem(_("Break-glass access"), "cases:break_glass_grants", Perm.VIEW_AUDIT),
    NavItem(_("Emergency access to a case"), "cases:break_glass", Perm.BREAK_GLASS),
]


def language_next(request: HttpRequest) -> str:
    """Where the language switcher returns to: this page with its query string (filters kept).

    A page rendered in answer to a POST (search results, a form with errors) cannot be fetched
    again by GET (it would be a 405): return to the page the form was on, from the Referer if
    it is on this site and not this same address (a second search from the results page),
    else home.
    """
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        parts = urlsplit(referer)
        if parts.path.startswith("/") and parts.path != request.path:
            return parts.path + (f"?{parts.query}" if parts.query else "")
    return reverse("core:home")


def shell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    items = []
    if user is not None and user.is_authenticated:
        items = [item for item in NAVIGATION if item.perm is None or can(user, item.perm)]
    return {
        "navigation": items,
        "languages": settings.LANGUAGES,
        "language_code": get_language(),
        "language_next": language_next(request),
        "language_bidi": get_language_bidi(),
        "production": settings.PRODUCTION,
    }
