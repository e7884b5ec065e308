"""The public portal: no login, no script, no cookie but an explicitly chosen language.

Every page is rendered without the staff context processors (they would read the session),
compressed with gzip, and counted anonymously (``actions.count``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from csp.decorators import csp_replace
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.cache import cache_control
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET

from ctis.accounts.countries import REGION
from ctis.accounts.country_labels import country_label
from ctis.core import throttles
from ctis.core.redirects import safe_redirect_target
from ctis.directory.models import Service
from ctis.portal import actions, queries
from ctis.portal.forms import FindHelpForm
from ctis.portal.interface import fill, text_for
from ctis.portal.languages import PORTAL_LANGUAGES, direction
from ctis.portal.models import DailyCount
from ctis.portal.rendering import render_body

PublicView = Callable[..., HttpResponse]
# Portal pages never run script nor fetch anything: say so to the browser too.
NO_SCRIPT = csp_replace({"script-src": ["'none'"], "connect-src": ["'none'"]})
_SAFE_PATH = re.compile(r"^[a-z0-9/_-]{0,80}$")


def _country_or_404(code: str) -> str:
    if code.upper() not in REGION:
        raise Http404
    return code.upper()


def _count(request: HttpRequest, language: str, page: str) -> None:
    """One anonymous page read, and a QR scan if the request carries a known campaign code."""
    today = timezone.localdate()
    code = request.GET.get("c", "")[:16]
    if code and queries.campaign_code_exists(code):
        actions.count(
            kind=DailyCount.Kind.SCAN, language=language, page=page, campaign_code=code, day=today
        )
    else:
        code = ""
    actions.count(
        kind=DailyCount.Kind.VIEW, language=language, page=page, campaign_code=code, day=today
    )


def public(view: PublicView) -> PublicView:
    """Check the language in the URL, render in it, compress, and allow caching for a while."""

    @wraps(view)
    def wrapper(request: HttpRequest, lang: str, *args: Any, **kwargs: Any) -> HttpResponse:
        if lang not in PORTAL_LANGUAGES:
            raise Http404
        with translation.override(lang):
            response = view(request, lang, *args, **kwargs)
        response["Content-Language"] = lang
        return response

    cached = cache_control(public=True, max_age=300)(wrapper)
    decorated = require_GET(gzip_page(NO_SCRIPT(cached)))  # type: ignore[arg-type]
    return cast(PublicView, decorated)


def _render(
    request: HttpRequest, lang: str, template: str, here: str, context: dict[str, Any]
) -> HttpResponse:
    t = text_for(lang)
    switch = [
        (
            code,
            name,
            reverse("portal:remember_language", args=[code]) + f"?to={here}",
        )
        for code, name in PORTAL_LANGUAGES.items()
    ]
    base = {
        "request": request,
        "lang": lang,
        "dir": direction(lang),
        "t": t,
        "languages": switch,
        "language_name": PORTAL_LANGUAGES[lang],
        "demo": not settings.PRODUCTION,
    }
    return HttpResponse(render_to_string(template, {**base, **context}))


def _countries(request: HttpRequest) -> list[tuple[str, str]]:
    """The region's countries, named in the active language.

    Kosovo* is among them, so the page carries the UNSCR 1244 footnote.
    """
    request.ctis_kosovo_footnote = True  # type: ignore[attr-defined]
    return [(code.lower(), str(country_label(code))) for code in REGION]


@require_GET
@gzip_page
@NO_SCRIPT
def choose_language(request: HttpRequest) -> HttpResponse:
    """The start: every language named in itself; a remembered choice goes straight on."""
    remembered = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if remembered in PORTAL_LANGUAGES:
        return HttpResponseRedirect(reverse("portal:home", args=[remembered]))
    choices = [
        (code, name, direction(code), text_for(code)["choose_language"])
        for code, name in PORTAL_LANGUAGES.items()
    ]
    return HttpResponse(
        render_to_string(
            "portal/choose_language.html",
            {"request": request, "choices": choices, "t": text_for("en")},
        )
    )


@require_GET
def remember_language(request: HttpRequest, lang: str) -> HttpResponse:
    """The visitor chose a language: remember it in the language cookie, the only one set."""
    if lang not in PORTAL_LANGUAGES:
        raise Http404
    home = reverse("portal:home", args=[lang])
    to = request.GET.get("to", "")
    if not _SAFE_PATH.match(to) or ".." in to:
        to = ""
    response = HttpResponseRedirect(safe_redirect_target(request, home + to, home))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        lang,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,  # type: ignore[arg-type]
    )
    return response


@public
def home(request: HttpRequest, lang: str) -> HttpResponse:
    _count(request, lang, "home")
    return _render(
        request,
        lang,
        "portal/home.html",
        "",
        {"pages": queries.page_list(lang), "countries": _countries(request)},
    )


@public
def country_home(request: HttpRequest, lang: str, country: str) -> HttpResponse:
    """Where a leaflet's QR code leads: the country's numbers first, then everything else."""
    code = _country_or_404(country)
    _count(request, lang, f"country:{code}")
    t = text_for(lang)
    name = str(country_label(code))
    return _render(
        request,
        lang,
        "portal/country.html",
        f"{code.lower()}/",
        {
            "country": code,
            "country_name": name,
            "heading": fill(t["help_in"], country=name),
            "numbers": queries.numbers(lang, code),
            "pages": queries.page_list(lang, code),
        },
    )


@public
def page(request: HttpRequest, lang: str, slug: str) -> HttpResponse:
    shown = queries.public_page(slug, lang)
    if shown is None:
        raise Http404
    _count(request, lang, f"page:{slug}")
    t = text_for(lang)
    return _render(
        request,
        lang,
        "portal/page.html",
        f"page/{slug}/",
        {
            "page": shown,
            "body": render_body(shown.body),
            "notice": fill(t["not_translated"], language=PORTAL_LANGUAGES[lang])
            if shown.fallback
            else "",
        },
    )


@public
def numbers(request: HttpRequest, lang: str) -> HttpResponse:
    _count(request, lang, "numbers")
    return _render(
        request, lang, "portal/numbers.html", "numbers/", {"numbers": queries.numbers(lang)}
    )


def _too_many_searches(request: HttpRequest, wait: int, lang: str) -> HttpResponse:
    """The portal's own 429 page, in the visitor's language, never cached."""
    if lang not in PORTAL_LANGUAGES:
        raise Http404
    with translation.override(lang):
        response = _render(request, lang, "portal/too_many.html", "find/", {})
    response.status_code = 429
    response["Retry-After"] = str(wait)
    response["Cache-Control"] = "no-store"
    response["Content-Language"] = lang
    return response


# Outside ``public``, so a refusal is never marked cacheable.
@throttles.throttle(
    *throttles.PORTAL_SEARCH, methods=("GET",), fail_open=True, respond=_too_many_searches
)
@public
def find_help(request: HttpRequest, lang: str) -> HttpResponse:
    """Find help: a GET form, so it works without script and sets no cookie."""
    _count(request, lang, "find")
    t = text_for(lang)
    form = FindHelpForm(
        request.GET or None,
        text=t,
        countries=_countries(request),
        initial={"speaks": "" if lang == "en" else lang},
    )
    results = None
    wider = ""
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        results = queries.find_help(
            language=lang,
            country=data["country"],
            town=data["town"],
            need=data["need"],
            speaks=data["speaks"],
        )
        if not results and data["speaks"]:
            query = request.GET.copy()
            query.pop("speaks", None)
            wider = f"?{query.urlencode()}&speaks="
    return _render(
        request,
        lang,
        "portal/find.html",
        "find/",
        {
            "form": form,
            "results": results,
            "wider": wider,
            "results_heading": fill(t["results"], count=len(results or [])),
            "needs": [(kind, t[f"need_{kind}"]) for kind in Service.Kind.values],
        },
    )
